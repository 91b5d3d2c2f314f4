import assert from "node:assert/strict";
import {join} from "node:path";
import {test} from "node:test";
import {decodeFile, DecodeError} from "../../loaders/audio/decode.ts";
import {SAMPLE_RATE} from "../../loaders/audio/rate.ts";
import {parseWav, WavError} from "../../loaders/audio/wav.ts";
import {sine, tempDir, wavBytes, writeFixture} from "../helpers/signals.ts";

/** SNR in dB of `x` against the ideal sine, away from the edges where any resampler rings. */
function snrAgainstSine(x: Float32Array, freq: number, amp: number, rate: number): number {
  let sig = 0,
    err = 0;
  for (let i = 800; i < x.length - 800; i++) {
    const ref = amp * Math.sin((2 * Math.PI * freq * i) / rate);
    sig += ref * ref;
    err += (x[i] - ref) ** 2;
  }
  return 10 * Math.log10(sig / err);
}

test("8 kHz → 16 kHz: the soxr resampler reproduces a 1 kHz sine (SNR > 60 dB, exact length)", async () => {
  const dir = await tempDir();
  await writeFixture(dir, "a.wav", wavBytes(sine(1000, 8000, 2), 8000));
  const d = await decodeFile(join(dir, "a.wav"));
  assert.equal(d.samples.length, 2 * SAMPLE_RATE);
  assert.deepEqual(d.source, {container: "wav", codec: "pcm_s16le", sampleRate: 8000, channels: 1});
  // 16-bit quantization alone bounds the SNR near 90 dB; resampling must not cost more than 30 dB.
  assert.ok(snrAgainstSine(d.samples, 1000, 0.5, SAMPLE_RATE) > 60);
});

test("44.1 kHz stereo → 16 kHz mono is the channel mean (as librosa's to_mono)", async () => {
  const dir = await tempDir();
  // Channel 0 at amplitude 0.5, channel 1 at 0.25: the mean is a 0.375 sine.
  await writeFixture(dir, "s.wav", wavBytes(sine(440, 44100, 1), 44100, 2));
  const d = await decodeFile(join(dir, "s.wav"));
  assert.equal(d.source.channels, 2);
  assert.equal(d.samples.length, SAMPLE_RATE);
  assert.ok(snrAgainstSine(d.samples, 440, 0.375, SAMPLE_RATE) > 50);
});

test("bad files give a per-file reason", async () => {
  const dir = await tempDir();
  await writeFixture(dir, "empty.wav", "");
  await writeFixture(dir, "text.wav", "this is not audio at all, just a few words of text");
  const cases: [string, RegExp][] = [
    ["empty.wav", /empty file/],
    ["text.wav", /not a readable audio file/],
    ["missing.wav", /file not found/]
  ];
  for (const [name, reason] of cases) {
    await assert.rejects(decodeFile(join(dir, name)), (e: unknown) => e instanceof DecodeError && e.file.endsWith(name) && reason.test(e.reason));
  }
});

test("a truncated file fails with a reason instead of producing nothing silently", async () => {
  const dir = await tempDir();
  const full = wavBytes(sine(440, 8000, 1), 8000);
  await writeFixture(dir, "cut.wav", full.subarray(0, 30)); // header cut before the data chunk
  await assert.rejects(decodeFile(join(dir, "cut.wav")), DecodeError);
});

test("WAV parser: 16-bit stereo, float, and garbage", () => {
  const pcm = parseWav(wavBytes([0.5, -0.5], 8000, 2));
  assert.equal(pcm.channels, 2);
  assert.ok(Math.abs(pcm.samples[0] - 0.375) < 1e-4);
  assert.throws(() => parseWav(new TextEncoder().encode("RIFX....")), WavError);
  // Cut inside the header or before the data chunk: a reason, never a RangeError.
  const whole = wavBytes([0.1, 0.2, 0.3], 8000);
  for (const n of [20, 30, 40])
    assert.throws(
      () => parseWav(whole.slice(0, n)),
      (e: unknown) => e instanceof WavError && /truncated/.test((e as Error).message),
      `cut at ${n}`
    );
});

test("many files in one ffmpeg process decode bit for bit as one at a time; a batch with an unreadable file gives null (decoded alone, it names its fault)", async () => {
  const {decodeFiles} = await import("../../loaders/audio/decode.ts");
  const dir = await tempDir();
  await writeFixture(dir, "a.wav", wavBytes(sine(1000, 8000, 1.5), 8000));
  await writeFixture(dir, "b.wav", wavBytes(sine(440, 44100, 0.7), 44100, 2));
  await writeFixture(dir, "c.wav", wavBytes(sine(300, 22050, 2.2, 0.1), 22050, 6));
  const files = ["a.wav", "b.wav", "c.wav"].map((f) => join(dir, f));
  const together = await decodeFiles(files, 1);
  assert.ok(together, "the batch decodes");
  for (const [k, f] of files.entries()) {
    const alone = await decodeFile(f, 1);
    assert.deepEqual(together[k].source, alone.source, f);
    assert.deepEqual(Buffer.from(together[k].samples.buffer), Buffer.from(alone.samples.buffer), `${f}: the same samples`);
  }
  assert.equal(together[2].samples.length, SAMPLE_RATE, "the cut at maxSeconds applies to each file");
  await writeFixture(dir, "bad.wav", "not audio at all");
  const bad = join(dir, "bad.wav");
  assert.equal(await decodeFiles([files[0], bad]), null);
  await assert.rejects(decodeFile(bad), DecodeError);
  // decodeEach falls back file by file: the good file decodes as alone, the bad one gets its reason.
  const {decodeEach} = await import("../../loaders/audio/decode.ts");
  const each = await decodeEach([files[0], bad, files[1]], 1, 2);
  assert.ok(!(each[0] instanceof Error) && !(each[2] instanceof Error));
  assert.deepEqual(Buffer.from((each[2] as {samples: Float32Array}).samples.buffer), Buffer.from(together[1].samples.buffer));
  assert.ok(each[1] instanceof DecodeError && each[1].file === bad && /not a readable audio file/.test(each[1].reason), String(each[1]));
});

test("a batch reads the phones' codecs (CAF/IMA4, 3GP/AMR-NB) and names the filter graph would misread, bit for bit as one at a time", async () => {
  const {decodeFiles, FFMPEG} = await import("../../loaders/audio/decode.ts");
  const {execFileSync} = await import("node:child_process");
  const dir = await tempDir();
  const src = join(dir, "src.wav");
  await writeFixture(dir, "src.wav", wavBytes(sine(500, 16000, 1.3, 0.3), 16000));
  // The corpus's phone formats, made by the same ffmpeg; then names with the filter graph's special
  // characters (quote, colon, comma, brackets, semicolon, backslash) and a name without extension.
  const make = (name: string, codec: string[]) => execFileSync(FFMPEG, ["-hide_banner", "-loglevel", "error", "-y", "-i", src, ...codec, join(dir, name)]);
  make("ios.caf", ["-c:a", "adpcm_ima_qt"]);
  make("android.3gp", ["-ar", "8000", "-c:a", "libopencore_amrnb", "-b:a", "12.2k"]);
  const odd = ["it's [a], b; c:d\\e.wav", "no-extension"];
  for (const name of odd) await writeFixture(dir, name, wavBytes(sine(700, 11025, 0.9), 11025, 2));
  const files = ["ios.caf", "android.3gp", ...odd].map((f) => join(dir, f));
  const together = await decodeFiles(files);
  assert.ok(together, "the batch decodes");
  assert.deepEqual(
    together.map((d) => d.source.codec),
    ["adpcm_ima_qt", "amr_nb", "pcm_s16le", "pcm_s16le"]
  );
  for (const [k, f] of files.entries()) {
    const alone = await decodeFile(f);
    assert.deepEqual(together[k].source, alone.source, f);
    assert.deepEqual(Buffer.from(together[k].samples.buffer), Buffer.from(alone.samples.buffer), `${f}: the same samples`);
  }
});

test("a mono float32 WAV (the decoder's output) is read by copying its bytes: the samples of the sample-by-sample reader, −0 read as +0", () => {
  const values = Float32Array.of(0.25, -0, 0, -1, 1e-40, 3.4e38, -0.123456789, 0.5);
  const data = Buffer.from(values.buffer);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(3, 20); // IEEE float
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(64000, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(32, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  // Odd offset inside a larger buffer: the copy must not need alignment.
  const padded = Buffer.concat([Buffer.from([9]), header, data]);
  const pcm = parseWav(padded.subarray(1));
  assert.equal(pcm.samples.length, values.length);
  // The general reader computes (0 + x) / 1 in float64 and stores float32: x, except −0 → +0.
  for (let i = 0; i < values.length; i++) assert.ok(Object.is(pcm.samples[i], Math.fround((0 + values[i]) / 1)), `sample ${i}`);
});
