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
import {InputError, MAX_SECONDS, toMono16k} from "../../loaders/live/audio-input.ts";
import {classifySamples, cryEvidence, CRY_RULE, type RunModel} from "../../loaders/live/classify.ts";
import {exportGraph} from "../../loaders/models/mlp/graphs.ts";

test("input: channels averaged, any rate resampled to 16 kHz, long input cut with a warning, bad input refused", () => {
  const left = Float32Array.from({length: 44100}, (_, i) => Math.sin(i / 10)), right = new Float32Array(44100);
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

test("cry evidence: a cry class in the top five or above the score floor", () => {
  const names = Array.from({length: 521}, (_, i) => `c${i}`);
  const s = new Float32Array(521);
  s[0] = 0.9;
  assert.equal(cryEvidence(s, names).isCry, false);
  s[20] = 0.05; // below the floor, but second highest
  assert.equal(cryEvidence(s, names).isCry, true);
  for (let i = 21; i < 30; i++) s[i] = 0.5;
  assert.equal(cryEvidence(s, names).isCry, false);
  s[19] = CRY_RULE.minScore;
  assert.equal(cryEvidence(s, names).isCry, true);
  assert.equal(cryEvidence(s, names).top[0].name, "c0");
});

const skip = !existsSync(join(yamnetDir(), "yamnet.tflite")) && "no YAMNet TFLite";
test("classification end to end: clips, silent clips dropped, per-clip and pooled probabilities; silence refused", {skip}, async () => {
  const enc = await loadEncoder("yamnet");
  const random = rng(4);
  const W = Float32Array.from({length: 1024 * 2}, () => (random() - 0.5) * 0.1);
  const head = exportGraph([{W, b: new Float32Array(2), rows: 1024, cols: 2}], {});
  const session = async (bytes: Uint8Array, input: string): Promise<RunModel> => {
    const s = await ort.InferenceSession.create(bytes);
    return async (data, dims) => s.run({[input]: new ort.Tensor("float32", data, dims)});
  };
  const models = {encoder: await session(enc.onnx, "audio"), head: await session(head, "embedding")};
  // 5 s of tone, 3 s of digital silence, 1 s of tone: the middle clip is dropped.
  const x = new Float32Array(9 * 16000);
  for (let i = 0; i < x.length; i++) if (i < 5 * 16000 || i >= 8 * 16000) x[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16000);
  const r = await classifySamples(x, models, readYamnetClassNames(), ["Pain", "Hunger"]);
  assert.equal(r.clips.length, 5);
  assert.ok(r.clips.some((c) => c.silent));
  assert.ok(r.clips.filter((c) => !c.silent).every((c) => c.probabilities && Math.abs(c.probabilities[0] + c.probabilities[1] - 1) < 1e-5));
  assert.equal(r.isCry, false, "a sine is not a cry");
  assert.match(r.clips[0].top.map((t) => t.name).join(","), /Sine wave|Beep|Tuning fork|Sound effect/);
  assert.ok(["Pain", "Hunger"].includes(r.predicted));
  const short = await classifySamples(x.slice(0, 16000), models, readYamnetClassNames(), ["Pain", "Hunger"]);
  assert.equal(short.clips.length, 1, "a 1 s recording is one zero-padded clip");
  await assert.rejects(classifySamples(new Float32Array(32000), models, readYamnetClassNames(), ["Pain", "Hunger"]), (e: unknown) => e instanceof PreprocessError && /silent/.test((e as Error).message));
});
