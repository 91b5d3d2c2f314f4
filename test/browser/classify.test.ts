// The live classifier in Chromium: a real corpus recording uploaded to the page gives the CLI's
// probabilities (same ONNX files, onnxruntime-web vs -node); a sine is flagged as not a cry; bad
// inputs get messages; after the models load no request leaves the page. The inputs that need a page
// of their own (phone formats, a long recording, the microphone) are classify-own-pages.test.ts.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {classifyFiles} from "../../tools/cli.ts";
import {FFMPEG} from "../../loaders/audio/decode.ts";
import {liveBundle} from "../../loaders/pipeline/live-bundle.ts";
import {cryCheck} from "../../loaders/pipeline/cry-check.ts";
import {sine, tempDir, wavBytes} from "../helpers/signals.ts";
import {corpusWavs, pageProbabilities, runAndWait, upload, writeIn} from "./classify-helpers.ts";
import {openChecked} from "./page-checks.ts";
import {openPage, screenshot, startSession, textWhen, type PageLog, type Session} from "./harness.ts";

let s: Session;
let dir: string;

before(async () => {
  s = await startSession();
  dir = await tempDir();
});
after(async () => s?.close());

const write = (name: string, bytes: Uint8Array | string) => writeIn(dir, name, bytes);

/**
 * One /classify page for the tests that only upload files to it, so its models load once instead of
 * once per test (each load compiles onnxruntime-web in three threads and costs seconds of CPU that
 * CI's two cores share with the other test files). Each run is still told apart by its number.
 */
let sharedPage: PageLog | undefined;
async function classifyPage(): Promise<PageLog> {
  if (!sharedPage) {
    // The first open checks that the page loaded cleanly (page-checks.ts), before any model loads.
    sharedPage = await openChecked(s, "/classify");
    await sharedPage.page.waitForSelector("#run-state", {state: "attached"});
  }
  return sharedPage;
}

test("a corpus recording gives the command line's probabilities (within 1e-3), and nothing leaves the page", async () => {
  const cli = await classifyFiles(corpusWavs, await liveBundle(), {anyway: true});
  const log = await classifyPage();
  for (const [i, file] of corpusWavs.entries()) {
    const before = log.requests.length;
    await upload(log, file);
    assert.equal(await log.page.locator("#error").count(), 0, `page error on ${file}`);
    const p = await pageProbabilities(log.page);
    assert.ok(cli[i].ok, cli[i].error);
    for (const [cls, v] of Object.entries(cli[i].probabilities)) assert.ok(Math.abs(p[cls] - v) <= 1e-3, `${file} ${cls}: page ${p[cls]} vs CLI ${v}`);
    const run = await log.page.getAttribute("#run-state", "data-run");
    assert.equal((await textWhen(log.page, `#cry-check[data-run="${run}"]`)).startsWith("This sounds like a cry"), cli[i].isCry);
    // The cry check too: same verdict, same AudioSet cry score (and P(cry) when the rule is the head's).
    const cry = JSON.parse((await log.page.textContent(`#cry-json[data-run="${await log.page.getAttribute("#run-state", "data-run")}"]`)) ?? "{}");
    assert.equal(cry.isCry, cli[i].isCry);
    assert.ok(Math.abs(cry.cryScore - cli[i].cryScore) <= 1e-3, `${file} cry score: page ${cry.cryScore} vs CLI ${cli[i].cryScore}`);
    if (cli[i].cryProbability !== null) assert.ok(Math.abs(cry.cryProbability - cli[i].cryProbability!) <= 1e-3, `${file} P(cry)`);
    // The first upload loads the models (same origin); every later one makes no request at all.
    if (i > 0) assert.deepEqual(log.requests.slice(before), [], "requests after the models were loaded");
  }
  assert.deepEqual(log.foreignRequests, []);
  assert.deepEqual(log.consoleErrors, []);
  await screenshot(log.page, "classify-result");
});

test("the encoder runs on Web Workers, one per core (two at most); with the worker script blocked it runs on the page's thread and gives the same probabilities", async () => {
  const blocked = await openPage(s, "/classify");
  await blocked.page.route(/encoder-worker\.[0-9a-f]+\.js$/, (r) => r.abort());
  const warnings: string[] = [];
  blocked.page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  await blocked.page.waitForSelector("#run-state", {state: "attached"});
  await upload(blocked, corpusWavs[0]);
  if (await blocked.page.locator("#error").count()) assert.fail(`the page does not classify without its workers: ${await blocked.page.textContent("#error")}`);
  const onPage = await pageProbabilities(blocked.page);
  assert.ok(
    warnings.some((w) => w.startsWith("the encoder runs on the page's thread")),
    `the fallback is said in the console: ${warnings.join(" | ")}`
  );
  assert.equal(blocked.page.workers().length, 0, "no encoder worker on the blocked page");
  await blocked.page.close();
  const log = await classifyPage();
  await upload(log, corpusWavs[0]);
  const onWorkers = await pageProbabilities(log.page);
  const expected = Math.max(1, Math.min(2, await log.page.evaluate(() => navigator.hardwareConcurrency || 1)));
  assert.equal(log.page.workers().length, expected, "one encoder worker per core, two at most");
  for (const [cls, v] of Object.entries(onWorkers)) assert.ok(Math.abs(onPage[cls] - v) <= 1e-6, `${cls}: page thread ${onPage[cls]} vs workers ${v}`);
});

test("compressed uploads (FLAC, MP3, OGG/Opus, WebM/Opus) give the command line's probabilities and cry score within 1e-2", async () => {
  const formats: [string, string[]][] = [
    ["flac", []],
    ["mp3", ["-c:a", "libmp3lame", "-b:a", "64k"]],
    ["ogg", ["-c:a", "libopus", "-b:a", "48k"]],
    ["webm", ["-c:a", "libopus", "-b:a", "48k"]]
  ];
  const files = formats.map(([ext, args]) => {
    const out = join(dir, `corpus-cry.${ext}`);
    const r = spawnSync(FFMPEG, ["-hide_banner", "-loglevel", "error", "-y", "-i", corpusWavs[1], ...args, out]);
    assert.equal(r.status, 0, String(r.stderr));
    return out;
  });
  const cli = await classifyFiles(files, await liveBundle(), {anyway: true});
  const log = await classifyPage();
  for (const [i, file] of files.entries()) {
    await upload(log, file);
    assert.equal(await log.page.locator("#error").count(), 0, `page error on ${file}`);
    assert.doesNotMatch((await log.page.textContent("#status")) ?? "", /could not be read from the header/, file);
    const p = await pageProbabilities(log.page);
    assert.ok(cli[i].ok, cli[i].error);
    for (const [cls, v] of Object.entries(cli[i].probabilities)) assert.ok(Math.abs(p[cls] - v) <= 1e-2, `${file} ${cls}: page ${p[cls]} vs CLI ${v}`);
    const cry = JSON.parse((await log.page.textContent(`#cry-json[data-run="${await log.page.getAttribute("#run-state", "data-run")}"]`)) ?? "{}");
    assert.equal(cry.isCry, cli[i].isCry, file);
    assert.ok(Math.abs(cry.cryScore - cli[i].cryScore) <= 1e-2, `${file} cry score: page ${cry.cryScore} vs CLI ${cli[i].cryScore}`);
  }
  assert.deepEqual(log.consoleErrors, []);
});

test("every output belongs to its run: a cry, then a non-cry (no class shown, the cry's result gone), then a cry again", async () => {
  const cli = await classifyFiles(corpusWavs, await liveBundle());
  const cry = corpusWavs[cli.findIndex((r) => r.isCry)];
  assert.ok(cry, "one of the corpus WAVs passes the cry check");
  const log = await classifyPage();
  const probabilitiesOf = async () => {
    const run = await log.page.getAttribute("#run-state", "data-run");
    await log.page.waitForSelector(`#result-json[data-run="${run}"]`, {state: "attached"});
    return run;
  };
  await upload(log, cry);
  const first = await probabilitiesOf();
  await upload(log, await write("not-a-cry.wav", wavBytes(sine(440, 16000, 4), 16000)));
  const run = await log.page.getAttribute("#run-state", "data-run");
  await textWhen(log.page, `#cry-check[data-run="${run}"]`, /does not sound like a cry/);
  // Every marker of the result cells has moved to this run, and nothing of the first run is left.
  await log.page.waitForFunction((r) => Array.from(document.querySelectorAll(".run-marker")).every((m) => m.getAttribute("data-run") === r), run);
  assert.equal(await log.page.locator("#predicted").count(), 0, "the previous recording's class is not shown under a non-cry");
  assert.equal(await log.page.locator(`[data-run="${first}"]`).count(), 0, "no element of the previous run remains");
  await upload(log, cry);
  const third = await probabilitiesOf();
  assert.notEqual(third, first);
  assert.equal(await log.page.locator("#predicted").count(), 1);
});

test("example recordings run with one click: a corpus cry gives a class, the non-cry example gets the cry check's verdict", async () => {
  const log = await classifyPage();
  await log.page.waitForSelector("#examples button.example");
  assert.equal(await log.page.locator("#examples button.example").count(), 5);
  for (const file of ["example-hunger.wav", "example-not-a-cry.wav"]) {
    await runAndWait(log, () => log.page.click(`#examples button[data-file="${file}"]`));
    if (await log.page.locator("#error").count()) assert.fail(`${file}: ${await log.page.textContent("#error")}`);
    const run = await log.page.getAttribute("#run-state", "data-run");
    const verdict = await textWhen(log.page, `#cry-check[data-run="${run}"]`, /(sounds|does not sound) like a cry/);
    if (file === "example-hunger.wav" && verdict.startsWith("This sounds like a cry"))
      await log.page.waitForSelector(`#result-json[data-run="${run}"]`, {state: "attached"});
  }
  assert.deepEqual(log.consoleErrors, []);
});

test("a sine is flagged as not a cry; bad inputs get clear messages; odd formats still classify", async () => {
  const log = await classifyPage();
  await upload(log, await write("tone.wav", wavBytes(sine(440, 16000, 4), 16000)));
  await textWhen(log.page, `#cry-check[data-run="${await log.page.getAttribute("#run-state", "data-run")}"]`, /does not sound like a cry/);
  assert.equal(await log.page.locator("#predicted").count(), 0, "no confident answer for a non-cry");
  await screenshot(log.page, "classify-not-a-cry");
  const cases: [string, Uint8Array | string, RegExp][] = [
    ["notes.txt", "this is not audio", /neither this browser nor ffmpeg could decode/],
    ["empty.wav", new Uint8Array(0), /empty/],
    ["silence.wav", wavBytes(new Float64Array(32000), 16000), /silent recording/],
    ["broken.wav", wavBytes(sine(440, 16000, 1), 16000).slice(0, 30), /not a RIFF|truncated|no data|cannot/i]
  ];
  for (const [name, bytes, message] of cases) {
    await upload(log, await write(name, bytes));
    assert.match((await log.page.textContent("#error")) ?? "", message, name);
  }
  await screenshot(log.page, "classify-error");
  // 1 s, and 96 kHz with six channels: classified, with the conversion said.
  await upload(log, await write("short.wav", wavBytes(sine(500, 16000, 1), 16000)));
  assert.match((await log.page.textContent("#status")) ?? "", /Classified “short\.wav” \(1\.000 s\)/);
  await upload(log, await write("six.wav", wavBytes(sine(600, 96000, 2), 96000, 6)));
  assert.match((await log.page.textContent("#status")) ?? "", /6 channels were averaged to mono; resampled from 96000 Hz/);
  assert.deepEqual(log.consoleErrors, []);
});

test("command line: a sine gets no class unless --anyway, with the reason; the page's cry verdict is the command line's", async () => {
  const file = await write("cli-tone.wav", wavBytes(sine(440, 16000, 3), 16000));
  const bundle = await liveBundle();
  const [strict] = await classifyFiles([file], bundle);
  assert.equal(strict.ok, true);
  assert.equal(strict.isCry, false);
  assert.equal(strict.predicted, "");
  assert.deepEqual(strict.probabilities, {});
  assert.match(strict.note, /does not sound like a cry \(YAMNet hears .+\); no class given — add --anyway/);
  const [anyway] = await classifyFiles([file], bundle, {anyway: true});
  assert.ok(bundle.manifest.head.classes.includes(anyway.predicted));
  assert.equal(Object.keys(anyway.probabilities).length, 3, "Pain, Hunger and Neurological");
});

test("classifier page: the shipped cry rule, its recall on the evaluation half, and each non-cry family's false acceptance when left out are stated from the build", async () => {
  const log = await classifyPage();
  const {check} = await cryCheck();
  // The card and the table fill in once the manifest has loaded: wait for the elements that carry them.
  const rates = (await textWhen(log.page, "#cry-rates", /source files/)).replace(/\s+/g, " ");
  assert.match((await textWhen(log.page, "#cry-rule", /^a recording passes when\s+\S/)) ?? "", /^a recording passes when\s+\S/);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const held = check.heldOut.pooled;
  assert.ok(rates.includes(`accepts ${held.x} of ${held.n} source files of the family left out, ${pct(held.value)} [${pct(held.lo)}, ${pct(held.hi)}]`), rates);
  assert.ok(rates.includes(`of the evaluation half's ${check.evaluation.recallCleaned.n} cleaned WAVs (target ≥ 95.0%)`), rates);
  const holding = check.checks.filter((c) => c.holds).length;
  assert.match(
    rates,
    holding === check.checks.length
      ? /^Every target holds\./
      : holding === 0
        ? /^No target holds\./
        : new RegExp(`^${holding} of ${check.checks.length} targets hold.`)
  );
  for (const c of check.checks.filter((c) => !c.holds))
    assert.ok(
      rates.includes(`${c.what} ${pct(c.value)} against ${c.direction} ${pct(c.target)}, by ${(100 * c.by).toFixed(1)} points`),
      `the missed target ${c.what} is named with its shortfall`
    );
  const table = await textWhen(log.page, "#cry-families", new RegExp(check.heldOut.families.at(-1)!.family.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  for (const f of check.heldOut.families) assert.ok(table.includes(f.family), `${f.family} has a row`);
  assert.equal(await log.page.locator("#cry-families tbody tr").count(), check.heldOut.families.length);
  await screenshot(log.page, "classify-cry-check");
});
