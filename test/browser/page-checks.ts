/**
 * What every page of the built site must be on its first load, checked by the test that first opens
 * it (so no page is loaded twice for it: a load costs Chromium 3–5 s of CPU): no console error, no
 * failed request, nothing fetched from outside the site's own origin, no cell error, nothing
 * printed broken or wider than its column, no DuckDB outside /query, and its first-load bytes
 * within budget (each page's record in test-output/page-weight/, which `npm run bench pages` reads).
 */
import assert from "node:assert/strict";
import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {openPage, screenshot, SCREENSHOTS, type PageLog, type Session} from "./harness.ts";

/**
 * Bytes a page may download on first load (every request until the network is idle), in MB. The
 * classifier's models load on first use, not here; the features export is a link, not a fetch.
 */
export const PAGE_BUDGET_MB: Record<string, number> = {};
export const DEFAULT_BUDGET_MB = 8;
export const WEIGHTS_DIR = join(SCREENSHOTS, "..", "page-weight");

/** The glossary links (a.term hrefs) of each page checked in this process, for the glossary test. */
export const termLinks = new Map<string, string[]>();

async function recordWeight(path: string, bytes: number, budgetMB: number): Promise<void> {
  await mkdir(WEIGHTS_DIR, {recursive: true});
  const name = path === "/" ? "index" : path.replace(/\W+/g, "-").replace(/^-/, "");
  await writeFile(join(WEIGHTS_DIR, `${name}.json`), JSON.stringify({path, bytes, budgetMB}));
}

/**
 * What a reader would see as broken: visible text with "undefined", "NaN", "[object", a "<this …>"
 * placeholder or an integer printed with decimals ("6639.000"); and any table, chart or block that
 * runs past the right edge of the page's column — unless it sits in a box that scrolls sideways
 * (a wide table may scroll inside its own cell).
 */
async function pageLegibility(page: import("playwright-core").Page): Promise<{brokenText: string[]; tooWide: string[]}> {
  // A script string, not a function: the test runner's TypeScript transform would wrap named
  // functions in a helper that does not exist in the page.
  return page.evaluate(`(() => {
    const main = document.querySelector("#observablehq-main");
    const text = main.innerText;
    const brokenText = [];
    const patterns = [[/\\bundefined\\b/g, "undefined"], [/\\bNaN\\b/g, "NaN"], [/\\[object /g, "[object"], [/<this\\b/g, "<this"], [/(?<![\\d.])\\d{2,}\\.0{3}\\b/g, "an integer with decimals"]];
    for (const [re, what] of patterns)
      for (const m of text.matchAll(re)) brokenText.push(what + ": …" + text.slice(Math.max(0, m.index - 50), m.index + 30).replace(/\\s+/g, " ") + "…");
    const right = main.getBoundingClientRect().right + 2;
    const scrolls = (el) => {
      for (let a = el.parentElement; a && a !== main; a = a.parentElement) if (/(auto|scroll|hidden)/.test(getComputedStyle(a).overflowX)) return true;
      return false;
    };
    const tooWide = Array.from(main.querySelectorAll("table, svg, figure, pre, .card, img"))
      // An element that scrolls its own content (Framework's code blocks bleed a little into the margin by design) is fine.
      .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > right && !scrolls(el) && !el.parentElement.closest("svg")
        && !/(auto|scroll)/.test(getComputedStyle(el).overflowX))
      .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " ends at " + Math.round(el.getBoundingClientRect().right) + " px (column ends at " + Math.round(right) + "): " + (el.textContent || "").slice(0, 60).replace(/\\s+/g, " "));
    if (document.documentElement.scrollWidth > window.innerWidth + 2) tooWide.push("the page scrolls sideways (" + document.documentElement.scrollWidth + " px wide)");
    return {brokenText, tooWide};
  })()`);
}

/**
 * Opens `path`, waits until every cell has settled, takes the page's screenshot and asserts that it
 * loaded cleanly (above); returns the open page for the test's own checks.
 */
export async function openChecked(s: Session, path: string): Promise<PageLog> {
  const log = await openPage(s, path);
  await log.page.waitForSelector("#observablehq-main h1");
  // Let every cell settle (DuckDB starts a worker and loads its wasm). Framework 1.13 marks a cell
  // that has not displayed yet with an <observablehq-loading> element (the older class names are
  // kept for other versions): without it this wait passed at once and the checks below raced.
  await log.page.waitForFunction(() => !document.querySelector("observablehq-loading, .observablehq--loading, .observablehq--running"), null, {
    timeout: 60000
  });
  await log.page.waitForLoadState("networkidle");
  await screenshot(log.page, path === "/" ? "index" : path.replace(/\W+/g, "-").replace(/^-/, ""));
  assert.deepEqual(log.consoleErrors, [], `${path} logs errors`);
  assert.deepEqual(log.failedRequests, [], `${path} has failed requests`);
  assert.deepEqual(log.foreignRequests, [], `${path} fetches from outside the site`);
  assert.equal(await log.page.locator(".observablehq--error").count(), 0, `a cell of ${path} raised an error`);
  const legibility = await pageLegibility(log.page);
  assert.deepEqual(legibility.brokenText, [], `${path} prints a broken value`);
  assert.deepEqual(legibility.tooWide, [], `${path} has a table or chart wider than its column`);
  // DuckDB-wasm (an engine of about 34 MB) belongs to /query alone, and even there loads only when a query runs.
  if (path === "/query")
    assert.deepEqual(
      log.requests.filter((u) => /duckdb.*\.wasm/.test(u)),
      [],
      "/query loads DuckDB's engine before a query runs"
    );
  else
    assert.deepEqual(
      log.requests.filter((u) => /duckdb/i.test(u)),
      [],
      `${path} loads DuckDB`
    );
  const bytes = log.bytes(),
    budget = PAGE_BUDGET_MB[path] ?? DEFAULT_BUDGET_MB;
  await recordWeight(path, bytes, budget);
  assert.ok(bytes <= budget * 1e6, `${path} downloads ${(bytes / 1e6).toFixed(1)} MB on first load; its budget is ${budget} MB`);
  termLinks.set(path, await log.page.locator("a.term").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? "")));
  return log;
}
