// The real, pinned donate-a-cry corpus (CRY_DATA_DIR or the sibling mirror): the counts the
// corpus README documents must come out of our manifest, parser and decoder.
import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {test} from "node:test";
import {resolveDataDir} from "../../data/corpus.ts";
import {buildInventory} from "../../loaders/corpus/inventory.ts";

const dir = resolveDataDir([]);

test("real corpus: every file verifies, parses and decodes; counts match the corpus README", {skip: !existsSync(dir) && `no corpus at ${dir}`}, async () => {
  const rows = await buildInventory(dir);
  const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;
  assert.equal(rows.length, 1585);
  assert.equal(
    count((r) => r.status === "ok"),
    1585
  );
  assert.equal(
    count((r) => r.source === "android-upload" && r.codec === "amr_nb" && r.sampleRate === 8000),
    712
  );
  assert.equal(
    count((r) => r.source === "ios-upload" && r.codec === "adpcm_ima_qt" && r.sampleRate === 16000),
    416
  );
  assert.equal(
    count((r) => r.source === "cleaned" && r.codec === "pcm_s16le"),
    457
  );
  const raw = rows.filter((r) => r.source !== "cleaned");
  // The shared README counts ti 58: it leaves out the two `.caf.caf` uploads, both tagged ti.
  const byReason = Object.fromEntries(["hu", "dk", "ti", "dc", "bp", "lo", "bu", "sc", "ch"].map((c) => [c, raw.filter((r) => r.reason === c).length]));
  assert.deepEqual(byReason, {hu: 742, dk: 194, ti: 60, dc: 38, bp: 27, lo: 23, bu: 17, sc: 15, ch: 12});
  const folders = Object.fromEntries(["hungry", "discomfort", "tired", "belly_pain", "burping"].map((f) => [f, count((r) => r.cleanedFolder === f)]));
  assert.deepEqual(folders, {hungry: 382, discomfort: 27, tired: 24, belly_pain: 16, burping: 8});
  assert.equal(
    count((r) => r.nameAnomaly !== ""),
    2
  );
  assert.ok(rows.filter((r) => r.source === "android-upload").every((r) => r.timeUnit === "ms"));
  assert.ok(rows.filter((r) => r.source === "ios-upload").every((r) => r.timeUnit === "s"));
  // The paper's keyword labeller cannot read the reason code inside a raw upload's file name.
  assert.equal(
    count((r) => r.source !== "cleaned" && r.paperLabel === "unlabelled"),
    1128
  );
  assert.ok(rows.every((r) => r.duration > 0));
  // As re-packaged: hu + hungry → Hunger; bp, bu, ti + belly_pain, burping, tired → Pain;
  // dc, lo, sc, ch + discomfort → Neurological (rule 1 fires first); dk has no folder.
  const repackaged = Object.fromEntries(["Pain", "Hunger", "Neurological", "unlabelled"].map((c) => [c, count((r) => r.repackagedLabel === c)]));
  assert.deepEqual(repackaged, {Pain: 27 + 17 + 60 + 16 + 8 + 24, Hunger: 742 + 382, Neurological: 38 + 23 + 15 + 12 + 27, unlabelled: 194});
});
