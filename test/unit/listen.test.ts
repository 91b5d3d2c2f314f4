import assert from "node:assert/strict";
import {join} from "node:path";
import {test} from "node:test";
import {spawnSync} from "node:child_process";
import {decodeFile} from "../../loaders/audio/decode.ts";
import {sine, tempDir, wavBytes, writeFixture} from "../helpers/signals.ts";

test("listening copies: one ffmpeg batch makes an MP3 of each file from its decoded samples; a corrupt file is named (with why it cannot be decoded) and the rest kept; the tar Framework reads holds them at the indexed offsets (read back by GNU tar)", async () => {
  const dir = await tempDir();
  process.env.CRY_CACHE_DIR = join(dir, "cache");
  const {listenableCopies, packCopies} = await import("../../loaders/audio/listen.ts");
  const {tarStored} = await import("../../loaders/lib/tar.ts");
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
  // The archive as the loader writes it, read back member by member by GNU tar.
  await writeFixture(
    dir,
    "listen.tar",
    tarStored([...packed.shards.map((data, k) => ({name: `shard-${k}.bin`, data})), {name: "index.json", data: Buffer.from("{}")}])
  );
  const member = (name: string) => {
    const r = spawnSync("tar", ["-xOf", join(dir, "listen.tar"), name]);
    assert.equal(r.status, 0, r.stderr.toString());
    return r.stdout;
  };
  for (const f of packed.files) {
    const shard = member(`shard-${f.shard}.bin`);
    assert.deepEqual(Buffer.from(shard.subarray(f.offset, f.offset + f.length)), copies.find((c) => c.path === f.path)!.mp3);
  }
  assert.equal(member("index.json").toString(), "{}");
});

test("tar archives: GNU tar lists and extracts every member (empty, exactly one block, unicode name); the same members give the same bytes; a name over 100 bytes is refused", async () => {
  const dir = await tempDir();
  const {tarFiles} = await import("../../loaders/lib/tar.ts");
  const files = {"empty.json": "", "block.bin": new Uint8Array(512).fill(7), "é-名.txt": "unicode", "odd.bin": new Uint8Array(1000).map((_, i) => i % 251)};
  const tar = tarFiles(files);
  assert.equal(tar.length % 512, 0);
  assert.deepEqual(tarFiles(files), tar);
  await writeFixture(dir, "a.tar", tar);
  const list = spawnSync("tar", ["-tvf", join(dir, "a.tar")], {encoding: "utf8"});
  assert.equal(list.status, 0, list.stderr);
  assert.equal(list.stdout.trim().split("\n").length, 4);
  assert.match(list.stdout, /^-rw-r--r-- .* 1000 .*odd\.bin$/m);
  for (const [name, data] of Object.entries(files)) {
    const r = spawnSync("tar", ["-xOf", join(dir, "a.tar"), name]);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual(r.stdout, Buffer.from(data));
  }
  assert.throws(() => tarFiles({["x".repeat(101)]: "long"}), /longer than 100 bytes/);
});
