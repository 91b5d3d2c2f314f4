// Every page of the built site in Debian's Chromium: no console error, no failed request, nothing
// fetched from outside the site's own origin; the corpus page shows the real counts and reacts.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {after, before, test} from "node:test";
import {BUILD_TIMINGS} from "../../tools/build-timings.ts";
import {openPage, screenshot, startSession, textWhen, type Session} from "./harness.ts";
import config from "../../observablehq.config.ts";

let s: Session;
before(async () => (s = await startSession()));
after(async () => s?.close());

const paths = config.pages.map((p) => p.path);

/**
 * Bytes a page may download on first load (every request until the network is idle), in MB. The
 * classifier's models load on first use, not here; the features export is a link, not a fetch.
 */
export const PAGE_BUDGET_MB: Record<string, number> = {};
const DEFAULT_BUDGET_MB = 8;
const weights: Record<string, number> = {};
after(async () => {
  const {mkdir, writeFile} = await import("node:fs/promises");
  const {join} = await import("node:path");
  const {SCREENSHOTS} = await import("./harness.ts");
  const dir = join(SCREENSHOTS, "..");
  await mkdir(dir, {recursive: true});
  await writeFile(
    join(dir, "page-weight.json"),
    JSON.stringify({budgetMB: {...Object.fromEntries(paths.map((p) => [p, PAGE_BUDGET_MB[p] ?? DEFAULT_BUDGET_MB]))}, bytes: weights}, null, 2)
  );
});

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

for (const path of paths) {
  test(`page ${path} loads cleanly and self-contained`, async () => {
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
    assert.deepEqual(log.consoleErrors, []);
    assert.deepEqual(log.failedRequests, []);
    assert.deepEqual(log.foreignRequests, []);
    assert.equal(await log.page.locator(".observablehq--error").count(), 0, "a cell raised an error");
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
    weights[path] = log.bytes();
    const budget = PAGE_BUDGET_MB[path] ?? DEFAULT_BUDGET_MB;
    assert.ok(weights[path] <= budget * 1e6, `${path} downloads ${(weights[path] / 1e6).toFixed(1)} MB on first load; its budget is ${budget} MB`);
    await log.page.close();
  });
}

test("the abstract opens the site: verdict counts, the three findings and the figure, each computed", async () => {
  const log = await openPage(s, "/");
  const n = Number(await textWhen(log.page, "#n-judged", /^\d+$/));
  assert.ok(n >= 20, `${n} judged claims`);
  assert.match(
    await textWhen(log.page, "#answer", /Holm/),
    /(Every judged claim holds|None of the paper's judged claims is shown to hold|\d+ of \d+ judged claims are shown to hold) on this corpus: \d+ read “/
  );
  assert.match(
    await textWhen(log.page, "#finding-skill", /balanced accuracy/),
    /is 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] — (above chance|below chance|not distinguishable from chance)/
  );
  assert.match(
    await textWhen(log.page, "#finding-grouped", /paired resample/),
    /— (the paper's split flatters the model|the grouped split scores higher|no difference between the splits is shown)/
  );
  assert.match(
    await textWhen(log.page, "#finding-leak", /protocol/),
    /— (with grouping no gap is left|grouping removes part of the gap|grouping widens the gap|no difference between the protocols is shown)/
  );
  await textWhen(log.page, "#abstract-figure-caption", /chance for \d classes/);
  assert.match(
    await textWhen(log.page, "#finding-null", /grouped split/),
    /The leak, measured directly: on labels permuted among recordings, which carry no information, the SVM \(RBF\) \(on yamnet embeddings without augmented copies\) still scores -?0\.\d{3} \(middle \d+% of \d+ permutations: -?0\.\d{3} to -?0\.\d{3}\) of balanced accuracy above chance under the split by file \(the median over its cells\), and -?0\.\d{3} \(middle .*\) under the grouped split — (the split by file rewards recognising a recording, the grouped split does not|both splits reward something other than the labels|neither split is shown to reward recognising a recording)\. The neural head's -?0\.\d{3} above chance under the split by file (is within|exceeds|is below) that band/
  );
  assert.match((await log.page.textContent("body")) ?? "", /Neonatal Cry Classification with Google HeAR/);
  await log.page.close();
});

test("how the study works: one recording through every step, each sentence computed from the build, and every glossary link lands on a definition", async () => {
  const {studyWalkthrough} = await import("../../loaders/pipeline/study-walkthrough.ts");
  const w = await studyWalkthrough();
  const log = await openPage(s, "/study");
  assert.match(await textWhen(log.page, "#study-choice", /SHA-256/), /smallest SHA-256/);
  const right = w.models.filter((m) => m.correct).length;
  const answers = await textWhen(log.page, "#study-answers", /for it\./);
  assert.ok(
    answers.includes(right === w.models.length ? "Every model answers" : right === 0 ? "No model answers" : `${right} of the ${w.models.length} models answer`),
    answers
  );
  assert.ok(answers.includes(w.recording.label));
  assert.match(
    await textWhen(log.page, "#study-verdicts", /judged claims/),
    /^of \d+ judged claims, \d+ consistent, \d+ lower here, \d+ higher here, \d+ inconclusive$/
  );
  assert.match((await log.page.textContent("body")) ?? "", /Neonatal Cry Classification with Google HeAR/);
  // Every term link on this page and on the abstract points at an entry that exists.
  const ids = new Set(await log.page.locator(".glossary dt").evaluateAll((els) => els.map((e) => e.id)));
  assert.ok(ids.size >= 20, `${ids.size} glossary entries`);
  for (const path of ["/study", "/", "/claims", "/data"]) {
    const p = path === "/study" ? log : await openPage(s, path);
    await p.page.waitForFunction("document.querySelectorAll('observablehq-loading').length === 0", undefined, {timeout: 60000});
    const hrefs = await p.page.locator("a.term").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
    assert.ok(hrefs.length > 0, `${path} links its terms`);
    for (const h of hrefs) assert.ok(ids.has(h.split("#term-")[1] ? `term-${h.split("#term-")[1]}` : ""), `${path}: ${h} has no glossary entry`);
    if (p !== log) await p.page.close();
  }
  await log.page.close();
});

test("corpus page shows the real counts and its filters change the charts", async () => {
  const log = await openPage(s, "/corpus");
  assert.equal(await textWhen(log.page, "#n-raw"), "1,128");
  assert.equal(await textWhen(log.page, "#n-cleaned"), "457");
  assert.equal(await textWhen(log.page, "#n-excluded"), "0");
  const caption = log.page.locator("p.caption", {hasText: "files match the filters"});
  assert.match((await caption.textContent()) ?? "", /1,585 files match/);
  // Untick the WAV format: the cleaned re-encodings (457) leave the chart.
  await log.page.locator("label", {hasText: /^wav$/}).click();
  await log.page.waitForFunction(() => /1,128 files match/.test(document.body.textContent ?? ""));
  assert.match((await caption.textContent()) ?? "", /1,128 files match/);
  await log.page.close();
});

test("duplicates page: pairs found by content, leakage under the paper's split, none under the grouped split", async () => {
  const log = await openPage(s, "/data");
  assert.ok(Number(await textWhen(log.page, "#n-dup", /^\d+$/)) >= 400, "raw ↔ cleaned duplicates found");
  const byCodes = Number(await textWhen(log.page, "#n-cross", /^\d+$/));
  assert.ok(byCodes > 0, "the split by file separates copies of one recording");
  assert.equal(await textWhen(log.page, "#n-cross-grouped", /^\d+$/), "0");
  await textWhen(log.page, "#labelling-caption", /as re-packaged: 3 classes/);
  // Switch to the paper's keyword labels: raw uploads drop out, and with them the raw ↔ cleaned pairs.
  await log.page.locator("label", {hasText: "keywords, cleaned files only"}).click();
  await log.page.waitForFunction((before) => Number(document.querySelector("#n-cross")?.textContent) !== before, byCodes);
  assert.ok(Number(await log.page.textContent("#n-cross")) < byCodes);
  await log.page.close();
});

test("embeddings page: every embedded recording on the map, recolouring changes the legend", async () => {
  const log = await openPage(s, "/embeddings");
  await textWhen(log.page, "#map-caption", /PCA map of 1,5\d\d recordings/);
  const legend = () => log.page.locator("figure").first().textContent();
  const before = await legend();
  await log.page.locator("select").first().selectOption({label: "source folder"});
  await log.page.waitForFunction(() => /by source folder/.test(document.querySelector("#map-caption")?.textContent ?? ""));
  assert.notEqual(await legend(), before);
  assert.match((await legend()) ?? "", /android-upload/);
  // With and without the encoder's input conditioning, computed by the build; the source filter redraws it.
  const cond = () => log.page.textContent("#conditioning-caption");
  const all = await textWhen(log.page, "#conditioning-caption", /^\d/);
  assert.match(all, /^1,?5\d\d recordings \(all recordings\)\. The top class is a cry class for [\d.]+% of them without conditioning and [\d.]+% with it/);
  await log.page.locator("label", {hasText: "cleaned WAV"}).click();
  await log.page.waitForFunction((before) => document.querySelector("#conditioning-caption")?.textContent !== before, all);
  assert.match((await cond()) ?? "", /^457 recordings \(cleaned WAV\)/);
  await log.page.close();
});

test("classical models page: every model with intervals; the metric picker and the search picker redraw", async () => {
  const log = await openPage(s, "/models");
  await textWhen(log.page, "#ens-acc", /^0\.\d{3}$/);
  await textWhen(log.page, "#metric-caption", /^balanced accuracy per model and split/);
  await log.page.locator("select").nth(1).selectOption("weighted F1");
  await log.page.waitForFunction(() => /^weighted F1 per model and split/.test(document.querySelector("#metric-caption")?.textContent ?? ""));
  await log.page.locator("select").first().selectOption("Random forest");
  await log.page.waitForFunction(() => /^Random forest: \d+ configurations/.test(document.querySelector("#search-caption")?.textContent ?? ""));
  const curve = await textWhen(log.page, "#curve-caption", /curves/);
  await log.page.getByLabel("PR", {exact: true}).check();
  await log.page.waitForFunction((c) => document.querySelector("#curve-caption")?.textContent !== c, curve);
  assert.match((await log.page.textContent("#curve-caption")) ?? "", /^Precision–recall curves/);
  await log.page.close();
});

test("neural head page: trials, history of the chosen run, and the map recolours", async () => {
  const log = await openPage(s, "/head");
  await textWhen(log.page, "#pca-caption", /coloured by/);
  await textWhen(log.page, "#head-acc", /^0\.\d{3}$/);
  assert.match(
    await textWhen(log.page, "#history-caption", /epochs/),
    /^final under the split by file \(the paper's\): \d+ epochs; the red line marks the kept checkpoint/
  );
  await log.page.getByLabel("actual class").check();
  await log.page.waitForFunction(() => /coloured by actual class/.test(document.querySelector("#pca-caption")?.textContent ?? ""));
  await log.page.close();
});

test("cross-validation page: the paper's leaky CV beside the grouped one, and the seed variance", async () => {
  const log = await openPage(s, "/cv");
  assert.match(await textWhen(log.page, "#cv-caption", /±/), /the paper's\): 0\.\d{3} ± 0\.\d{3}; 5-fold grouped/);
  const n = Number(/= (\d+) runs/.exec(await textWhen(log.page, "#seed-caption", /= \d+ runs/))?.[1]);
  assert.ok(n >= 5 * 2, `${n} seed runs (seeds × protocols)`);
  await log.page.close();
});

test("claims audit: every claim with a replication verdict, the rule's numbers, and a computed summary", async () => {
  const log = await openPage(s, "/claims");
  await log.page.waitForSelector("span.verdict");
  const n = Number(await textWhen(log.page, "#n-claims", /^\d+$/));
  const verdicts = await log.page.locator("span.verdict").allTextContents();
  assert.equal(verdicts.length, n);
  for (const v of verdicts) assert.match(v, /^(consistent|lower here|higher here|inconclusive|not testable here)$/);
  assert.ok(verdicts.filter((v) => v !== "not testable here").length >= 20, "the claims are judged");
  assert.match(await textWhen(log.page, "#claims-summary", /judge/), /^Of the \d+ claims this build can judge against the same quantity, \d+ read “/);
  // Each judged row shows the paper's SE and how it was derived, and the difference interval.
  assert.match((await log.page.locator("table.claims").textContent()) ?? "", /± 0\.\d{3}.*(binomial|Hanley–McNeil)/s);
  await log.page.close();
});

test("provenance page names the pinned data commit and the build's packages", async () => {
  const {COMMIT} = await import("../../data/source.ts");
  const log = await openPage(s, "/provenance");
  assert.equal(await textWhen(log.page, "#data-commit"), COMMIT);
  await log.page.waitForFunction(() => /@observablehq\/framework\s*1\.13\.4/.test(document.body.textContent ?? ""));
  // The build's stage timings, from the pipeline that ran before this build.
  const timings = JSON.parse(readFileSync(BUILD_TIMINGS, "utf8"));
  const summary = (await textWhen(log.page, "#timings-summary", /MP3 listening copies/)).replace(/\s+/g, " ");
  const steps = timings.stages.filter((t: {parent: string}) => !t.parent).length;
  assert.match(
    summary,
    new RegExp(
      `^The study's pipeline took ${Math.round(timings.totalSeconds)} s in this build on \\d+ cores: (every one of its ${steps} steps computed|\\d+ of ${steps} steps computed something|all ${steps} steps only read)`
    )
  );
  const overlapping = timings.stages.filter((t: {overlaps?: string; stage: string}) => t.overlaps?.startsWith("the paper's pipeline")).length;
  assert.match(
    summary,
    new RegExp(`The paper's pipeline \\(two processes\\) took \\d+ s; the ${overlapping} steps listed after it up to .+ ran in the meantime`)
  );
  assert.match(summary, /MP3 listening copies ran in its own process beside the steps from the start/);
  // The CPU the build's processes used, as the pipeline measured it (its cost on shared cores).
  assert.match(summary, new RegExp(`The pipeline's processes used ${Math.round(timings.totalCpuSeconds)} CPU seconds over all cores`));
  await log.page.close();
});

test("audio page: choosing another recording changes the player and the charts", async () => {
  const log = await openPage(s, "/audio");
  await log.page.waitForFunction(() => /^blob:/.test(document.querySelector("#player")?.getAttribute("src") ?? ""));
  const src = await log.page.getAttribute("#player", "src");
  const options = await log.page.locator("select option").count();
  assert.ok(options >= 3, `${options} example recordings`);
  await log.page.locator("select").first().selectOption({index: 1});
  await log.page.waitForFunction((before) => document.querySelector("#player")?.getAttribute("src") !== before, src);
  await log.page.close();
});

test("multiverse page: every cell is in the grid, and its filters change the specification curve", async () => {
  const log = await openPage(s, "/multiverse");
  const caption = log.page.locator("#mv-caption");
  await caption.waitFor();
  await log.page.waitForFunction(() => /\d+ cells shown/.test(document.querySelector("#mv-caption")?.textContent ?? ""), null, {timeout: 60000});
  const count = async () => Number(/(\d+) cells shown/.exec((await caption.textContent()) ?? "")![1]);
  const all = await count();
  assert.ok(all > 50, `${all} cells on the curve`);
  // 3 labellings × 2 splits × 2 copies × 2 augmentations × 3 encoders × 6 models, computed or not.
  await textWhen(log.page, "#observablehq-main", /That is\s+432 cells/);
  // The effects are a separate query that settles after the curve: wait for their own caption.
  await textWhen(log.page, "#effects-caption", /matched pairs/, 60000);
  // Which choice matters (balanced accuracy, every computed cell): the caption's shares and flips are the build's.
  const {choiceRows, sameHoldoutFitAs} = await import("../../loaders/pipeline/multiverse-choices.ts");
  const {multiverse, paperRunsByProtocol: runsOf} = await import("../../loaders/pipeline/multiverse.ts");
  const {nullCells: nullsOf, nullDataCells: dataCellsOf} = await import("../../loaders/pipeline/null-curve.ts");
  const runs = await runsOf();
  const built = await multiverse(runs);
  const rows = choiceRows(built, await nullsOf(dataCellsOf(), runs)).filter((r) => r.metric === "balanced accuracy");
  const top = [...rows].sort((a, b) => b.unique - a.unique)[0];
  // One dot per holdout fit: a cell that differs from another in copies alone repeats its fit (the
  // same holdout answers) and is left off the curve, which then counts what the decomposition counts.
  const twins = sameHoldoutFitAs(built);
  const repeats = twins.flatMap((t, i) => (t === null ? [] : [[i, t] as const]));
  assert.ok(repeats.length > 0);
  for (const [i, t] of repeats) assert.deepEqual(built[i].holdout?.pred, built[t].holdout?.pred, `cell ${i} repeats cell ${t}'s holdout answers`);
  assert.equal(all, top.cells, "the curve draws each computed holdout fit once");
  assert.match((await caption.textContent()) ?? "", new RegExp(`the ${repeats.length} cells under these filters that repeat another cell's holdout fit`));
  const pct1 = (x: number) => `${(100 * x).toFixed(1)}%`;
  const choices = (await textWhen(log.page, "#choices-caption", /computed cells/)).replace(/\s+/g, " ");
  assert.ok(
    choices.startsWith(
      `Over the ${top.cells} computed cells with a balanced accuracy, the choices' main effects explain ${pct1(top.explained)} of its variance; interactions between choices leave ${pct1(top.interactions)}.`
    ),
    choices
  );
  assert.ok(choices.includes(`matters most: ${pct1(top.unique)} that no other choice explains (${pct1(top.eta2)} alone)`), choices);
  assert.match(choices, /Changing the \w+ alone changes the conclusion against chance \(1 \/ classes\) in \d+ of \d+ pairs/);
  assert.equal(await log.page.locator("#choices-table tbody tr").count(), rows.length);
  // Untick one encoder: its cells leave the curve.
  await log.page.locator("form label", {hasText: /^acoustic$/}).click();
  await log.page.waitForFunction((before) => Number(/(\d+) cells shown/.exec(document.querySelector("#mv-caption")?.textContent ?? "")?.[1]) !== before, all);
  const fewer = await count();
  assert.ok(fewer > 0 && fewer < all, `${fewer} of ${all} cells after unticking acoustic`);
  // Balanced accuracy is the default; another metric redraws the curve with the paper's value of that metric.
  assert.match((await caption.textContent()) ?? "", /balanced accuracy from/);
  await log.page.locator("select").first().selectOption("macro F1");
  await log.page.waitForFunction(() => /macro F1 from/.test(document.querySelector("#mv-caption")?.textContent ?? ""));
  // The null: the leakage number per split and the joint tests, from the build's permutations.
  const {jointTest, nullCells, nullDataCells, NULL_CURVE} = await import("../../loaders/pipeline/null-curve.ts");
  const {paperRunsByProtocol} = await import("../../loaders/pipeline/multiverse.ts");
  const nulls = await nullCells(nullDataCells(), await paperRunsByProtocol());
  const nul = {settings: NULL_CURVE, joint: [...new Set(nulls.map((c) => c.split))].flatMap((p) => NULL_CURVE.models.map((m) => jointTest(nulls, p, m)))};
  const leak = (await textWhen(log.page, "#null-leak", /under the grouped split/)).replace(/\s+/g, " ");
  const f3 = (x: number) => x.toFixed(3);
  for (const j of nul.joint.filter((j) => j.model === NULL_CURVE.models[1]))
    assert.ok(leak.includes(`${f3(j.nullMedian)} [${f3(j.nullLo)}, ${f3(j.nullHi)}]`), `${j.model}, ${j.protocol}: ${leak}`);
  const joint = await textWhen(log.page, "#null-joint", /p /);
  assert.equal((joint.match(/median across its \d+ cells/g) ?? []).length, nul.joint.length);
  assert.ok(nul.settings.permutations >= 200, `${nul.settings.permutations} permutations`);
  assert.deepEqual(log.foreignRequests, []);
  await screenshot(log.page, "multiverse-filtered");
  await log.page.close();
});

test("multiverse page: clicking a dot opens its cell (confusion, recall, ROC, null) and plays a recording it got wrong", async () => {
  const {multiverse, paperRunsByProtocol} = await import("../../loaders/pipeline/multiverse.ts");
  const cells = await multiverse(await paperRunsByProtocol());
  const log = await openPage(s, "/multiverse");
  await log.page.waitForFunction(() => /\d+ cells shown/.test(document.querySelector("#mv-caption")?.textContent ?? ""), null, {timeout: 60000});
  assert.equal(await textWhen(log.page, "#cell-details", /No cell opened/), "No cell opened yet.");
  const curve = log.page.locator("xpath=//p[@id='mv-caption']/preceding::figure[1]");
  const dot = curve.locator("circle").nth(5);
  await dot.scrollIntoViewIfNeeded();
  const box = (await dot.boundingBox())!;
  await log.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await log.page.waitForFunction((el) => /model/.test(el?.textContent ?? ""), await curve.locator('[aria-label="tip"]').elementHandle());
  await log.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await log.page.waitForSelector("#cell-details[data-cell]:not([data-cell=''])", {timeout: 60000});
  const cell = Number(await log.page.locator("#cell-details").getAttribute("data-cell"));
  const caption = await textWhen(log.page, "#cell-caption", /holdout recordings/);
  assert.match(caption, new RegExp(`^${cells[cell].holdoutRecordings} holdout recordings, \\d+ answered wrongly`), caption);
  assert.ok(cells[cell].holdout, `cell ${cell} has its holdout answers`);
  const wrong = cells[cell].holdout!.truth.filter((t, j) => t !== cells[cell].holdout!.pred[j]).length;
  assert.ok(caption.includes(`, ${wrong} answered wrongly`), `${caption} (the build: ${wrong} wrong)`);
  await log.page.locator("button.play").first().click();
  await log.page.waitForFunction(() => /^(playing|ready)/.test((document.querySelector(".player") as HTMLElement | null)?.dataset.state ?? ""));
  assert.match((await log.page.locator(".player").first().textContent()) ?? "", /actual \w+; this cell's .+ says \w+/);
  assert.deepEqual(log.consoleErrors, []);
  assert.deepEqual(log.foreignRequests, []);
  await screenshot(log.page, "multiverse-cell-open");
  await log.page.close();
});

test("query page: a worked example and a typed query run in the browser, and each result downloads as CSV", async () => {
  const {multiverse, MULTIVERSE_METRICS, paperRunsByProtocol} = await import("../../loaders/pipeline/multiverse.ts");
  const runs = await paperRunsByProtocol();
  const expected = Object.values(runs).flatMap((r) => r.evaluation.metrics.filter((m) => m.split === "holdout" && m.metric === "balanced accuracy")).length;
  const log = await openPage(s, "/query");
  await textWhen(log.page, "#sql-result", /Press Run/);
  // The first worked example: every model's holdout balanced accuracy under both splits.
  await log.page.locator("#sql-run button").click();
  const first = await textWhen(log.page, "#sql-result[data-state=done]", /rows\./, 120000);
  assert.match(first, new RegExp(`^${expected} rows\\.`), first);
  assert.match(first, /Neural head/);
  assert.ok(
    log.requests.some((u) => /duckdb.*\.wasm/.test(u)),
    "the engine loads when the query runs"
  );
  // A typed query: one row per multiverse cell and metric.
  await log.page.locator("#sql-editor textarea").fill("SELECT count(*) AS n FROM cells");
  await log.page.locator("#sql-run button").click();
  const cells = (await multiverse(runs)).length * MULTIVERSE_METRICS.length;
  await textWhen(log.page, "#sql-result[data-state=done]", new RegExp(`^1 row\\..*\\b${cells.toLocaleString("en-US")}\\b`, "s"), 60000);
  assert.match((await log.page.locator("#sql-result a.download").first().getAttribute("download")) ?? "", /^query\.csv$/);
  assert.deepEqual(log.consoleErrors, []);
  // A bad query says what is wrong instead of failing silently.
  await log.page.locator("#sql-editor textarea").fill("SELECT nothing FROM nowhere");
  await log.page.locator("#sql-run button").click();
  assert.match(await textWhen(log.page, "#sql-result[data-state=error]", /failed/), /The query failed\..*nowhere/s);
  assert.deepEqual(log.foreignRequests, []);
  await screenshot(log.page, "query-run");
  await log.page.close();
});

test("hear the data: clicking a dot on the embedding map plays that recording from the site's own MP3 copies; a duplicate pair's button plays its file", async () => {
  const log = await openPage(s, "/embeddings");
  await log.page.waitForSelector("#map-caption");
  const map = log.page.locator("xpath=//p[@id='map-caption']/preceding::figure[1]");
  const dot = map.locator("circle").nth(25);
  await dot.scrollIntoViewIfNeeded();
  const box = (await dot.boundingBox())!;
  await log.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Plot's tip names the file under the pointer; the click must play that one.
  const mapTip = map.locator('[aria-label="tip"]');
  await log.page.waitForFunction((el) => /file/.test(el?.textContent ?? ""), await mapTip.elementHandle());
  const tip = (await mapTip.textContent()) ?? "";
  await log.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const player = log.page.locator(".player").first();
  await log.page.waitForFunction(() => /^(playing|ready)/.test((document.querySelector(".player") as HTMLElement | null)?.dataset.state ?? ""));
  const path = (await player.getAttribute("data-path"))!;
  assert.ok(tip.includes(path.split("/").pop()!), `the tip (${tip}) names the played file ${path}`);
  // The copy decodes: the browser knows its length, and it lasts about as long as the recording.
  await log.page.waitForFunction(() => ((document.querySelector(".player audio") as HTMLAudioElement | null)?.duration ?? 0) > 0.5);
  assert.match((await player.textContent()) ?? "", /label as re-packaged: \w+/);
  assert.match((await player.textContent()) ?? "", /ODbL/);
  assert.deepEqual(log.foreignRequests, []);
  await screenshot(log.page, "embeddings-playing");
  await log.page.close();

  const data = await openPage(s, "/data");
  await data.page.locator("button.play").first().click();
  await data.page.waitForFunction(() => /^(playing|ready)/.test((document.querySelector(".player") as HTMLElement | null)?.dataset.state ?? ""));
  assert.match((await data.page.locator(".player").first().textContent()) ?? "", /A of a confirmed pair/);
  assert.deepEqual(data.consoleErrors, []);
  await data.page.close();
});
