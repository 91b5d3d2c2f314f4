import assert from "node:assert/strict";
import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {test} from "node:test";
import {resolveDataDir, verifyCorpus, type Manifest} from "../../data/corpus.ts";
import {buildInventory} from "../../loaders/corpus/inventory.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
import {sine, tempDir, wavBytes, writeFixture} from "../helpers/signals.ts";

const CLEAN = "donateacry_corpus_cleaned_and_updated_data/hungry";
const ID = "0c8f14a9-6999-485b-97a2-913c1cbf099c";
const name = (t: number, reason: string, ext = "wav") => `${CLEAN}/${ID}-${t}-1.7-m-26-${reason}.${ext}`;

async function miniCorpus() {
  const dir = await tempDir();
  await mkdir(join(dir, CLEAN), {recursive: true});
  const files = [
    await writeFixture(dir, name(1431028888001, "hu"), wavBytes(sine(440, 8000, 1.5), 8000)),
    await writeFixture(dir, name(1431028888002, "ti"), "plain text, not audio"),
    await writeFixture(dir, name(1431028888003, "hu"), ""),
    await writeFixture(dir, name(1431028888004, "hu", "txt"), "notes"),
    await writeFixture(dir, name(1431028888005, "hu"), wavBytes(sine(440, 8000, 1), 8000)),
    {path: name(1431028888006, "hu"), size: 10, sha256: "0".repeat(64)}
  ];
  // Corrupt one file after its checksum was recorded, add one the manifest does not know.
  await writeFile(join(dir, files[4].path), wavBytes(sine(660, 8000, 1), 8000));
  await writeFixture(dir, `${CLEAN}/stray.wav`, wavBytes(sine(440, 8000, 0.5), 8000));
  const manifest: Manifest = {name: "mini", repository: "test/mini", commit: "0".repeat(40), archive: "", licence: "", attribution: "", files};
  return {dir, manifest, files};
}

test("verification names every missing, changed and unlisted file", async () => {
  const {dir, manifest, files} = await miniCorpus();
  const v = await verifyCorpus(dir, manifest);
  assert.equal(v.ok.length, 4);
  assert.deepEqual(
    v.problems.map((p) => [p.path, p.problem]),
    [
      [files[4].path, "checksum differs"],
      [files[5].path, "missing"]
    ]
  );
  assert.deepEqual(v.extra, [`${CLEAN}/stray.wav`]);
});

test("inventory keeps every file and says why each excluded one is out", async () => {
  const {dir, manifest} = await miniCorpus();
  const rows = await buildInventory(dir, manifest);
  assert.deepEqual(
    rows.map((r) => r.status),
    [
      "ok",
      "excluded: not a readable audio file (ffmpeg: invalid data)",
      "excluded: empty file (0 bytes)",
      "excluded: not an audio extension",
      "excluded: checksum differs",
      "excluded: missing"
    ]
  );
  assert.equal(rows[0].duration, 1.5);
  assert.equal(rows[0].paperLabel, "Hunger");
  assert.equal(rows[1].documentedLabel, "Pain");
  assert.ok(Number.isNaN(rows[1].duration));
});

test("same inputs give byte-identical Arrow", async () => {
  const {dir, manifest} = await miniCorpus();
  const a = rowsToArrow(await buildInventory(dir, manifest));
  const b = rowsToArrow(await buildInventory(dir, manifest));
  assert.deepEqual(Buffer.from(a), Buffer.from(b));
});

test("data folder: --data-dir beats CRY_DATA_DIR", () => {
  assert.equal(resolveDataDir(["node", "x", "--data-dir", "/tmp/a"], {CRY_DATA_DIR: "/tmp/b"}), "/tmp/a");
  assert.equal(resolveDataDir(["node", "x"], {CRY_DATA_DIR: "/tmp/b"}), "/tmp/b");
});

test("a missing data folder stops the build with a message naming it", async () => {
  const {spawnSync} = await import("node:child_process");
  const r = spawnSync(process.execPath, ["--import", "tsx", "data/fetch.ts", "--check"], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: {...process.env, CRY_DATA_DIR: "/nonexistent/cry-corpus"},
    encoding: "utf8"
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /corpus folder not found: \/nonexistent\/cry-corpus/);
});
