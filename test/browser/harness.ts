/** Shared browser-test harness: Debian's Chromium via playwright-core, recording every request. */
import {mkdir} from "node:fs/promises";
import {join} from "node:path";
import {chromium, type Browser, type Page} from "playwright-core";
import {serveDir, type Served} from "../../tools/serve.ts";

export const ROOT = new URL("../..", import.meta.url).pathname;
export const SCREENSHOTS = join(ROOT, "test-output", "screenshots");

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
];

export interface Session {
  browser: Browser;
  site: Served;
  close(): Promise<void>;
}

export async function startSession(extraArgs: string[] = []): Promise<Session> {
  const site = await serveDir(join(ROOT, "dist"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...FLAGS, ...extraArgs]
  });
  return {browser, site, close: async () => (await browser.close(), await site.close())};
}

export interface PageLog {
  page: Page;
  consoleErrors: string[];
  failedRequests: string[];
  foreignRequests: string[];
  requests: string[];
  /** Response body bytes of every finished request (so far). */
  bytes: () => number;
}

/** Open a page and record console errors, failed requests and any request leaving the site's origin. */
export async function openPage(s: Session, path: string): Promise<PageLog> {
  const page = await s.browser.newPage({viewport: {width: 1280, height: 900}});
  let bytes = 0;
  const log: PageLog = {page, consoleErrors: [], failedRequests: [], foreignRequests: [], requests: [], bytes: () => bytes};
  page.on("requestfinished", async (r) => {
    bytes += (await r.sizes().catch(() => ({responseBodySize: 0}))).responseBodySize;
  });
  const origin = new URL(s.site.url).origin;
  page.on("console", (m) => m.type() === "error" && log.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => log.consoleErrors.push(String(e)));
  page.on("request", (r) => {
    log.requests.push(r.url());
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) log.foreignRequests.push(u);
  });
  page.on("requestfailed", (r) => log.failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => r.status() >= 400 && log.failedRequests.push(`${r.url()} ${r.status()}`));
  await page.goto(s.site.url + path, {waitUntil: "networkidle"});
  return log;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, {recursive: true});
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({path: file, fullPage: true});
  return file;
}

/**
 * The text of `selector` once the element exists and its text matches `pattern`. Framework renders
 * cells asynchronously (a DuckDB query, a data file, an inline expression each settle on their own),
 * so a test reads a value only from the element that carries it, after waiting for that element —
 * never because another cell has appeared. On time-out the error shows what the element held.
 */
export async function textWhen(page: Page, selector: string, pattern: RegExp = /\S/, timeout = 60000): Promise<string> {
  try {
    await page.waitForFunction(
      ([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ""),
      [selector, pattern.source, pattern.flags] as const,
      {timeout}
    );
  } catch (e) {
    const now = await page
      .locator(selector)
      .first()
      .textContent({timeout: 1000})
      .catch(() => null);
    throw new Error(
      `${selector} never matched ${pattern} within ${timeout / 1000} s; it holds ${now === null ? "nothing (no such element)" : JSON.stringify(now)}`,
      {cause: e}
    );
  }
  return (await page.textContent(selector)) ?? "";
}
