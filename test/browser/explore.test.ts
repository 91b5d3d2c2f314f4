// The pages a reader explores (in Debian's Chromium): the multiverse's curve, its filters and a
// cell opened by a click; the query page's SQL; the recordings played from the site's MP3 copies.
// /multiverse and /query are first checked to have loaded cleanly (page-checks.ts).
import assert from "node:assert/strict";
import {after, before, test} from "node:test";
import {openChecked} from "./page-checks.ts";
import {openPage, screenshot, startSession, textWhen, type Session} from "./harness.ts";

let s: Session;
before(async () => (s = await startSession()));
after(async () => s?.close());

/**
 * The build's multiverse cells, paper runs and null cells, read from the cache once for this file's
 * tests (assembling them costs seconds of CPU that the pages being tested share).
 */
let built:
  | Promise<{
      runs: Awaited<ReturnType<typeof import("../../loaders/pipeline/multiverse.ts").paperRunsByProtocol>>;
      cells: import("../../loaders/pipeline/multiverse.ts").CellRow[];
    }>
  | undefined;
const build = () =>
  (built ??= (async () => {
    const {multiverse, paperRunsByProtocol} = await import("../../loaders/pipeline/multiverse.ts");
    const runs = await paperRunsByProtocol();
    return {runs, cells: await multiverse(runs)};
  })());
let nullsBuilt: Promise<import("../../loaders/pipeline/null-curve.ts").NullCell[]> | undefined;
const nulls = () =>
  (nullsBuilt ??= (async () => {
    const {nullCells, nullDataCells} = await import("../../loaders/pipeline/null-curve.ts");
    return nullCells(nullDataCells(), (await build()).runs);
  })());

test("multiverse page: every cell is in the grid, and its filters change the specification curve", async () => {
  const log = await openChecked(s, "/multiverse");
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
  const {cells: built} = await build();
  const rows = choiceRows(built, await nulls()).filter((r) => r.metric === "balanced accuracy");
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
  const {jointTest, NULL_CURVE} = await import("../../loaders/pipeline/null-curve.ts");
  const nullRows = await nulls();
  const nul = {settings: NULL_CURVE, joint: [...new Set(nullRows.map((c) => c.split))].flatMap((p) => NULL_CURVE.models.map((m) => jointTest(nullRows, p, m)))};
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
  const {cells} = await build();
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
  const {MULTIVERSE_METRICS} = await import("../../loaders/pipeline/multiverse.ts");
  const {runs, cells: allCells} = await build();
  const expected = Object.values(runs).flatMap((r) => r.evaluation.metrics.filter((m) => m.split === "holdout" && m.metric === "balanced accuracy")).length;
  const log = await openChecked(s, "/query");
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
  const cells = allCells.length * MULTIVERSE_METRICS.length;
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
