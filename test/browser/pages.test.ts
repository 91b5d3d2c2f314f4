// What each report page shows, computed from the build, and how it reacts to the reader (in
// Debian's Chromium). Each test's page is first checked to have loaded cleanly (page-checks.ts);
// the multiverse, the query page and the listening buttons are explore.test.ts.
import assert from "node:assert/strict";
import {readdirSync, readFileSync} from "node:fs";
import {BUILD_TIMINGS} from "../../tools/build-timings.ts";
import {after, before, test} from "node:test";
import {openChecked, termLinks} from "./page-checks.ts";
import {startSession, textWhen, type Session} from "./harness.ts";
import config from "../../observablehq.config.ts";

let s: Session;
before(async () => (s = await startSession()));
after(async () => s?.close());
/** The ids of /study's glossary entries (read by its test, used by the last one). */
const glossaryIds = new Set<string>();

test("the abstract opens the site: verdict counts, the three findings and the figure, each computed", async () => {
  const log = await openChecked(s, "/");
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

test("how the study works (loads cleanly): one recording through every step, each sentence computed from the build, and its glossary", async () => {
  const {studyWalkthrough} = await import("../../loaders/pipeline/study-walkthrough.ts");
  const w = await studyWalkthrough();
  const log = await openChecked(s, "/study");
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
  // The glossary's entries, for the last test: every page's term links point at one of them.
  for (const id of await log.page.locator(".glossary dt").evaluateAll((els) => els.map((e) => e.id))) glossaryIds.add(id);
  assert.ok(glossaryIds.size >= 20, `${glossaryIds.size} glossary entries`);
  await log.page.close();
});

test("corpus page shows the real counts and its filters change the charts", async () => {
  const log = await openChecked(s, "/corpus");
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
  const log = await openChecked(s, "/data");
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
  const log = await openChecked(s, "/embeddings");
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
  const log = await openChecked(s, "/models");
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
  const log = await openChecked(s, "/head");
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
  const log = await openChecked(s, "/cv");
  assert.match(await textWhen(log.page, "#cv-caption", /±/), /the paper's\): 0\.\d{3} ± 0\.\d{3}; 5-fold grouped/);
  const n = Number(/= (\d+) runs/.exec(await textWhen(log.page, "#seed-caption", /= \d+ runs/))?.[1]);
  assert.ok(n >= 5 * 2, `${n} seed runs (seeds × protocols)`);
  await log.page.close();
});

test("claims audit: every claim with a replication verdict, the rule's numbers, and a computed summary", async () => {
  const log = await openChecked(s, "/claims");
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
  const log = await openChecked(s, "/provenance");
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
  // Each step that ran in a process of its own beside others is said, with what it overlapped.
  for (const t of timings.stages.filter((t: {overlaps?: string; stage: string}) => t.overlaps && !t.overlaps.startsWith("the paper's pipeline")))
    assert.ok(summary.includes(`${t.stage} ran in its own process beside ${t.overlaps}.`), `${t.stage} beside ${t.overlaps}`);
  // The CPU the build's processes used, as the pipeline measured it (its cost on shared cores).
  assert.match(summary, new RegExp(`The pipeline's processes used ${Math.round(timings.totalCpuSeconds)} CPU seconds over all cores`));
  await log.page.close();
});

test("audio page: choosing another recording changes the player and the charts", async () => {
  const log = await openChecked(s, "/audio");
  await log.page.waitForFunction(() => /^blob:/.test(document.querySelector("#player")?.getAttribute("src") ?? ""));
  const src = await log.page.getAttribute("#player", "src");
  const options = await log.page.locator("select option").count();
  assert.ok(options >= 3, `${options} example recordings`);
  await log.page.locator("select").first().selectOption({index: 1});
  await log.page.waitForFunction((before) => document.querySelector("#player")?.getAttribute("src") !== before, src);
  await log.page.close();
});

test("every glossary link on the pages checked here lands on a definition of /study's glossary", () => {
  assert.ok(glossaryIds.size >= 20, "the /study test has read the glossary");
  for (const path of ["/", "/study", "/claims", "/data"]) assert.ok((termLinks.get(path) ?? []).length > 0, `${path} links its terms`);
  for (const [path, hrefs] of termLinks)
    for (const h of hrefs) assert.ok(glossaryIds.has(h.split("#term-")[1] ? `term-${h.split("#term-")[1]}` : ""), `${path}: ${h} has no glossary entry`);
});

test("every page of the site is opened by some browser test through the load checks (page-checks.ts)", () => {
  const dir = new URL(".", import.meta.url);
  const checked = new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith(".test.ts"))
      .flatMap((f) => [...readFileSync(new URL(f, dir), "utf8").matchAll(/openChecked\(s, "([^"]+)"\)/g)].map((m) => m[1]))
  );
  assert.deepEqual(
    config.pages.map((p) => p.path).filter((p) => !checked.has(p)),
    [],
    "pages no test checks"
  );
});
