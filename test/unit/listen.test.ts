import assert from "node:assert/strict";
import {join} from "node:path";
import {test} from "node:test";
import JSZip from "jszip";
import {decodeFile} from "../../loaders/audio/decode.ts";
import {sine, tempDir, wavBytes, writeFixture} from "../helpers/signals.ts";

test("listening copies: one ffmpeg batch makes an MP3 of each file from its decoded samples; a corrupt file is named (with why it cannot be decoded) and the rest kept; the zip Framework reads holds them at the indexed offsets", async () => {
  const dir = await tempDir();
  process.env.CRY_CACHE_DIR = join(dir, "cache");
  const {listenableCopies, packCopies} = await import("../../loaders/audio/listen.ts");
  const {zipStored} = await import("../../loaders/lib/zip.ts");
  await writeFixture(dir, "a.wav", wavBytes(sine(440, 8000, 1), 8000));
  await writeFixture(dir, "b.wav", wavBytes(sine(880, 44100, 2), 44100));
  await writeFixture(dir, "bad.3gp", new TextEncoder().encode("not audio at all"));
  const files = [
    {path: "a.wav", sha256: "a"},
    {path: "bad.3gp", sha256: "bad"},
    {path: "b.wav", sha256: "b"}
  ];
  const copies = await listenableCopies(dir, files);
  assert.deepEqual(
    copies.map((c) => Boolean(c.mp3)),
    [true, false, true]
  );
  assert.match(copies[1].error, /bad\.3gp/);
  // Each copy is a real MP3 of the file's length, at 16 kHz.
  for (const [k, seconds] of [
    [0, 1],
    [2, 2]
  ] as const) {
    await writeFixture(dir, `copy${k}.mp3`, copies[k].mp3!);
    const d = await decodeFile(join(dir, `copy${k}.mp3`), 60, {native: true});
    assert.equal(d.source.codec, "mp3");
    assert.equal(d.sampleRate, 16000);
    assert.ok(Math.abs(d.samples.length / 16000 - seconds) < 0.1, `${d.samples.length / 16000} s for ${seconds} s`);
  }
  // Cached by content: a second call encodes nothing and gives the same bytes.
  const again = await listenableCopies(
    dir,
    files.filter((f) => f.path !== "bad.3gp")
  );
  assert.deepEqual(
    again.map((c) => c.mp3),
    [copies[0].mp3, copies[2].mp3]
  );
  const packed = packCopies(copies, 2);
  assert.deepEqual(
    packed.missing.map((m) => m.path),
    ["bad.3gp"]
  );
  const zip = await JSZip.loadAsync(
    zipStored([...packed.shards.map((data, k) => ({name: `shard-${k}.bin`, data})), {name: "index.json", data: Buffer.from("{}")}])
  );
  for (const f of packed.files) {
    const shard = await zip.file(`shard-${f.shard}.bin`)!.async("uint8array");
    assert.deepEqual(Buffer.from(shard.subarray(f.offset, f.offset + f.length)), copies.find((c) => c.path === f.path)!.mp3);
  }
  assert.equal(await zip.file("index.json")!.async("string"), "{}");
});
