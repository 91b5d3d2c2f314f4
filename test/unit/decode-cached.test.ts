import assert from "node:assert/strict";
import {readFile, rm} from "node:fs/promises";
import {join} from "node:path";
import {test} from "node:test";
import {sine, tempDir, wavBytes, writeFixture} from "../helpers/signals.ts";

test("decode cache without the samples: decodedInfo and decodedSamplesFile give decodeCached's source and length, decode again when the samples file is gone, and a corrupt file's reason", async () => {
  const dir = await tempDir();
  // The cache's folder is read when cache.ts loads, so it is set before the first import.
  process.env.CRY_CACHE_DIR = join(dir, "cache");
  const {decodeCached, decodedInfo, decodedSamplesFile} = await import("../../loaders/audio/decode-cached.ts");
  const wav = join(dir, "a.wav"),
    bad = join(dir, "bad.3gp");
  await writeFixture(dir, "a.wav", wavBytes(sine(440, 8000, 1.5), 8000));
  await writeFixture(dir, "bad.3gp", new TextEncoder().encode("not audio at all"));

  // Not cached yet: each entry point decodes the file itself.
  const info = await decodedInfo(wav, "a");
  const full = await decodeCached(wav, "a");
  assert.ok(info.ok && full.ok);
  assert.equal(info.length, full.samples.length);
  assert.equal(info.length, 24000); // 1.5 s at 16 kHz
  assert.deepEqual(info.source, full.source);

  const file = await decodedSamplesFile(wav, "a");
  assert.ok(file.ok);
  const bytes = await readFile(file.path);
  assert.deepEqual(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), full.samples);

  // The samples file removed behind the metadata's back: both decode again and find it.
  await rm(file.path);
  const again = await decodedSamplesFile(wav, "a");
  assert.ok(again.ok);
  assert.deepEqual(await readFile(again.path), bytes);
  await rm(again.path);
  const info2 = await decodedInfo(wav, "a");
  assert.ok(info2.ok);
  assert.equal(info2.length, 24000);

  // A file that cannot be decoded: the same reason from all three, the second time from the cache.
  const reasons = [await decodeCached(bad, "bad"), await decodedInfo(bad, "bad"), await decodedSamplesFile(bad, "bad")].map((r) => {
    assert.equal(r.ok, false);
    return (r as {error: string}).error;
  });
  assert.ok(reasons[0].length > 0);
  assert.deepEqual(reasons, [reasons[0], reasons[0], reasons[0]]);
});
