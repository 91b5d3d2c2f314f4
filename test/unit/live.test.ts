// The live classifier's shared modules: input handling (channels, rates, length, corrupt samples),
// and classification end to end with the real YAMNet encoder and a small generated head.
import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import * as ort from "onnxruntime-node";
import {PreprocessError} from "../../loaders/audio/preprocess.ts";
import {loadEncoder} from "../../loaders/encoders/registry.ts";
import {readYamnetClassNames, yamnetDir} from "../../loaders/encoders/yamnet/source.ts";
import {rng} from "../../loaders/lib/random.ts";
import {InputError, MAX_SECONDS, nativeSampleRate, toMono16k} from "../../loaders/audio/live-input.ts";
import {spawnSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {FFMPEG} from "../../loaders/audio/decode.ts";
import {sine, tempDir, wavBytes} from "../helpers/signals.ts";
import {writeFile} from "node:fs/promises";
import {classifySamples, type RunModel} from "../../loaders/live/classify.ts";
import {clipEvidence, needsHead, passes, ruleLabel, type CryRule} from "../../loaders/cry/rule.ts";
import {exportGraph} from "../../loaders/models/mlp/graphs.ts";
import {ENCODER_SESSION_OPTIONS} from "../../loaders/onnx/session-options.ts";

test("input: channels averaged, any rate resampled to 16 kHz, long input cut with a warning, bad input refused", () => {
  const left = Float32Array.from({length: 44100}, (_, i) => Math.sin(i / 10)),
    right = new Float32Array(44100);
  const a = toMono16k([left, right], 44100);
  assert.equal(a.samples.length, 16000);
  assert.match(a.warnings.join(";"), /2 channels were averaged/);
  assert.match(a.warnings.join(";"), /resampled from 44100 Hz/);
  const six = Array.from({length: 6}, () => new Float32Array(9600).fill(0.1));
  assert.equal(toMono16k(six, 96000).samples.length, 1600);
  const long = toMono16k([new Float32Array((MAX_SECONDS + 5) * 16000)], 16000);
  assert.equal(long.samples.length, MAX_SECONDS * 16000);
  assert.match(long.warnings[0], /only the first 10 minutes/);
  assert.throws(() => toMono16k([new Float32Array(0)], 16000), InputError);
  assert.throws(() => toMono16k([Float32Array.of(0, NaN)], 16000), /not a finite number/);
  assert.throws(() => toMono16k([new Float32Array(10)], 0), /unusable sample rate/);
});

test("native sample rate from the header: FLAC, MP3 (with an ID3 tag), Ogg Vorbis and Opus, WebM, M4A; unknown bytes give null", async () => {
  const dir = await tempDir();
  const wav = join(dir, "in.wav");
  await writeFile(wav, wavBytes(sine(440, 48000, 1), 48000));
  const cases: [string, string[], number][] = [
    ["a.flac", ["-ar", "8000"], 8000],
    ["b.flac", ["-ar", "96000"], 96000],
    ["c.mp3", ["-ar", "22050", "-metadata", "title=cry"], 22050],
    ["d.mp3", ["-ar", "44100", "-id3v2_version", "3", "-metadata", "artist=x"], 44100],
    ["e.mp3", ["-ar", "8000"], 8000],
    ["f.ogg", ["-c:a", "libvorbis", "-ar", "32000"], 32000],
    ["g.ogg", ["-c:a", "libopus", "-ar", "16000"], 48000],
    ["h.webm", ["-c:a", "libopus"], 48000],
    ["i.m4a", ["-c:a", "aac", "-ar", "22050"], 22050]
  ];
  for (const [name, args, rate] of cases) {
    const out = join(dir, name);
    const r = spawnSync(FFMPEG, ["-hide_banner", "-loglevel", "error", "-y", "-i", wav, ...args, out]);
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    assert.equal(nativeSampleRate(new Uint8Array(readFileSync(out))), rate, name);
  }
  assert.equal(nativeSampleRate(new TextEncoder().encode("this is not audio at all")), null);
  assert.equal(nativeSampleRate(new Uint8Array(0)), null);
});

test("cry rule: clip evidence (score, rank) and the four rule kinds", () => {
  const s = new Float32Array(521);
  s[0] = 0.9;
  s[20] = 0.05;
  assert.deepEqual(clipEvidence(s), {cryScore: s[20], cryRank: 2});
  for (let i = 21; i < 30; i++) s[i] = 0.5;
  const e = clipEvidence(s);
  assert.equal(e.cryRank, 11);
  assert.equal(passes({kind: "audioset-top-k", k: 10}, [e]), false);
  assert.equal(passes({kind: "audioset-top-k", k: 11}, [e]), true);
  assert.equal(passes({kind: "audioset-score", threshold: 0.05}, [e]), true);
  assert.equal(passes({kind: "audioset-score", threshold: 0.06}, [e]), false);
  assert.equal(passes({kind: "audioset-score", threshold: 0.06}, []), false, "no kept clip, no cry");
  assert.equal(passes({kind: "head", threshold: 0.7}, [], 0.7), true);
  assert.equal(passes({kind: "head", threshold: 0.7}, [], 0.69), false);
  assert.throws(() => passes({kind: "head", threshold: 0.7}, [e]), /needs the cry head/);
  assert.throws(() => passes({kind: "head", threshold: 0.7}, [e], NaN), /needs the cry head/);
  // Both together: the score and the head must each pass.
  const both = (threshold: number, headThreshold: number) => ({kind: "audioset-and-head" as const, threshold, headThreshold});
  assert.equal(passes(both(0.05, 0.7), [e], 0.7), true);
  assert.equal(passes(both(0.06, 0.7), [e], 0.99), false, "the score fails");
  assert.equal(passes(both(0.05, 0.7), [e], 0.69), false, "the head fails");
  assert.equal(passes(both(0.05, 0.7), [], 0.99), false, "no kept clip, no cry");
  assert.throws(() => passes(both(0.05, 0.7), [e]), /needs the cry head/);
  assert.deepEqual(
    [needsHead(both(0.05, 0.7)), needsHead({kind: "head", threshold: 0.5}), needsHead({kind: "audioset-score", threshold: 0.1})],
    [true, true, false]
  );
  assert.equal(ruleLabel(both(0.001, 0.9)), "score ≥ 0.001 and P(cry) ≥ 0.9");
});

const skip = !existsSync(join(yamnetDir(), "yamnet.tflite")) && "no YAMNet TFLite";
test("classification end to end: clips, silent clips dropped, per-clip and pooled probabilities; silence refused", {skip}, async () => {
  const enc = await loadEncoder("yamnet");
  const random = rng(4);
  const W = Float32Array.from({length: 1024 * 2}, () => (random() - 0.5) * 0.1);
  const head = exportGraph([{W, b: new Float32Array(2), rows: 1024, cols: 2}], {});
  const session = async (bytes: Uint8Array, input: string): Promise<RunModel> => {
    const s = await ort.InferenceSession.create(bytes, ENCODER_SESSION_OPTIONS);
    return async (data, dims) => s.run({[input]: new ort.Tensor("float32", data, dims)});
  };
  const models = {encoder: await session(enc.onnx, "audio"), head: await session(head, "embedding"), cryHead: await session(head, "embedding")};
  const rule: CryRule = {kind: "audioset-top-k", k: 5};
  // 5 s of tone, 3 s of digital silence, 1 s of tone: the middle clip is dropped.
  const x = new Float32Array(9 * 16000);
  for (let i = 0; i < x.length; i++) if (i < 5 * 16000 || i >= 8 * 16000) x[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16000);
  const r = await classifySamples(x, models, readYamnetClassNames(), ["Pain", "Hunger"], rule);
  assert.equal(r.clips.length, 5);
  assert.ok(r.clips.some((c) => c.silent));
  assert.ok(r.clips.filter((c) => !c.silent).every((c) => c.probabilities && Math.abs(c.probabilities[0] + c.probabilities[1] - 1) < 1e-5));
  assert.equal(r.isCry, false, "a sine is not a cry");
  assert.equal(r.cryProbability, null, "an AudioSet rule runs no cry head");
  // The head rule: P(cry) of the recording decides, and each kept clip gets its own.
  const byHead = await classifySamples(x, models, readYamnetClassNames(), ["Pain", "Hunger"], {kind: "head", threshold: 0.5});
  assert.ok(byHead.cryProbability !== null && byHead.cryProbability > 0 && byHead.cryProbability < 1);
  assert.equal(byHead.isCry, byHead.cryProbability >= 0.5);
  assert.deepEqual(byHead.probabilities, r.probabilities, "the class head does not depend on the cry rule");
  const lenient = await classifySamples(x, models, readYamnetClassNames(), ["Pain", "Hunger"], {kind: "head", threshold: 0});
  assert.ok(lenient.isCry && lenient.clips.filter((c) => !c.silent).every((c) => c.isCry));
  await assert.rejects(
    classifySamples(x, {encoder: models.encoder, head: models.head}, readYamnetClassNames(), ["Pain", "Hunger"], {kind: "head", threshold: 0.5}),
    /needs the cry head model/
  );
  assert.match(r.clips[0].top.map((t) => t.name).join(","), /Sine wave|Beep|Tuning fork|Sound effect/);
  assert.ok(["Pain", "Hunger"].includes(r.predicted));
  const short = await classifySamples(x.slice(0, 16000), models, readYamnetClassNames(), ["Pain", "Hunger"], rule);
  assert.equal(short.clips.length, 1, "a 1 s recording is one zero-padded clip");
  // 50 ms, and 8 channels at 96 kHz: a stated result, no NaN anywhere (the cry check's clips are
  // RMS-normalised and zero-padded; the encoder's peak conditioning has a floor).
  for (const input of [
    x.slice(0, 800),
    toMono16k(
      Array.from({length: 8}, (_, c) => Float32Array.from(sine(300 + 50 * c, 96000, 1))),
      96000
    ).samples
  ]) {
    const r = await classifySamples(input, models, readYamnetClassNames(), ["Pain", "Hunger"], {kind: "head", threshold: 0.5});
    assert.ok(r.probabilities.every(Number.isFinite) && Number.isFinite(r.cryProbability!) && r.clips.every((c) => Number.isFinite(c.cryScore)));
  }
  await assert.rejects(
    classifySamples(new Float32Array(32000), models, readYamnetClassNames(), ["Pain", "Hunger"], rule),
    (e: unknown) => e instanceof PreprocessError && /silent/.test((e as Error).message)
  );
});
