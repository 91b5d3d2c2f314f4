// The live classifier on inputs that need a /classify page (or a browser) of their own: the corpus's
// phone formats through the site's ffmpeg, a recording longer than ten minutes, the fake microphone.
// The tests that only upload to one shared page are classify.test.ts; the two files run side by side.
import assert from "node:assert/strict";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {resolveDataDir} from "../../data/corpus.ts";
import {classifyFiles} from "../../tools/cli.ts";
import {liveBundle} from "../../loaders/pipeline/live-bundle.ts";
import {sine, tempDir, wavBytes} from "../helpers/signals.ts";
import {corpusWavs, manifest, pageProbabilities, upload, writeIn} from "./classify-helpers.ts";
import {openPage, startSession, textWhen, type Session} from "./harness.ts";

let s: Session;
let dir: string;
before(async () => {
  s = await startSession();
  dir = await tempDir();
});
after(async () => s?.close());

const write = (name: string, bytes: Uint8Array | string) => writeIn(dir, name, bytes);

test("the corpus's own phone formats (3GP/AMR-NB, CAF/IMA4) classify in the page through the site's ffmpeg, within 1e-2 of the command line", async () => {
  const pick = (ext: string) => join(resolveDataDir(), manifest.files.find((f: {path: string}) => f.path.endsWith(ext)).path);
  const files = [pick(".3gp"), pick(".caf")];
  const cli = await classifyFiles(files, await liveBundle(), {anyway: true});
  const log = await openPage(s, "/classify");
  await log.page.waitForSelector("#run-state", {state: "attached"});
  for (const [i, file] of files.entries()) {
    await upload(log, file);
    if (await log.page.locator("#error").count()) assert.fail(`page error on ${file}: ${await log.page.textContent("#error")}`);
    assert.match((await log.page.textContent("#status")) ?? "", /decoded by the site's ffmpeg/, file);
    const p = await pageProbabilities(log.page);
    assert.ok(cli[i].ok, cli[i].error);
    for (const [cls, v] of Object.entries(cli[i].probabilities)) assert.ok(Math.abs(p[cls] - v) <= 1e-2, `${file} ${cls}: page ${p[cls]} vs CLI ${v}`);
    const cry = JSON.parse((await log.page.textContent(`#cry-json[data-run="${await log.page.getAttribute("#run-state", "data-run")}"]`)) ?? "{}");
    assert.ok(Math.abs(cry.cryScore - cli[i].cryScore) <= 1e-2, `${file} cry score: page ${cry.cryScore} vs CLI ${cli[i].cryScore}`);
  }
  // The decoder is fetched once, from the site itself, and only because such a file was chosen.
  assert.equal(log.requests.filter((u) => /ffmpeg-core\.[0-9a-f]+\.wasm$/.test(u)).length, 1);
  assert.deepEqual(log.foreignRequests, []);
  assert.deepEqual(log.consoleErrors, []);
  await log.page.close();
});

test("a recording longer than 10 minutes: the page says, while it works, that only the first 10 minutes are classified", async () => {
  // Its own page, closed once the note shows: classifying the 10 minutes would cost about 20 s of CPU
  // that checks nothing more than a short recording does (the cut itself is unit-tested).
  const log = await openPage(s, "/classify");
  await log.page.waitForSelector("#run-state", {state: "attached"});
  // At 16 kHz, so that no resampling (seconds for ten minutes) delays the note.
  await log.page.setInputFiles("#file-input", await write("long.wav", wavBytes(sine(450, 16000, 10.5 * 60, 0.2), 16000)));
  await textWhen(log.page, "#status", /Classifying 600\.0 s of audio \(the recording is 10\.5 minutes long; only the first 10 minutes are classified\)…/);
  assert.deepEqual(log.consoleErrors, []);
  await log.page.close();
});

test("the fake microphone, fed a corpus recording, is recorded and classified", async () => {
  const mic = await startSession([
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-audio-capture=${corpusWavs[0]}`
  ]);
  try {
    const ctx = await mic.browser.newContext({permissions: ["microphone"]});
    const page = await ctx.newPage();
    await page.goto(`${mic.site.url}/classify`, {waitUntil: "networkidle"});
    await page.click("#record");
    await page.waitForTimeout(3000);
    await page.click("#record");
    await page.waitForFunction(
      () => /^Classified “microphone recording”/.test(document.querySelector("#status")?.textContent ?? "") || document.querySelector("#error"),
      null,
      {timeout: 120000}
    );
    if (await page.locator("#error").count()) assert.fail(`page error: ${await page.textContent("#error")}`);
    const p = await pageProbabilities(page);
    assert.ok(Math.abs(Object.values<number>(p).reduce((a, b) => a + b, 0) - 1) < 1e-4);
  } finally {
    await mic.close();
  }
});
