// The `acoustic` encoder on signals whose descriptors are known in closed form, and every shipped
// encoder giving the same embedding in onnxruntime-node (the build) and onnxruntime-web (the page).
import assert from "node:assert/strict";
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import * as ortNode from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import {decodeFile} from "../../loaders/audio/decode.ts";
import {preprocess} from "../../loaders/audio/preprocess.ts";
import {ACOUSTIC_DIM, DESCRIPTORS} from "../../loaders/encoders/acoustic/graph.ts";
import {loadEncoder} from "../../loaders/encoders/registry.ts";
import {yamnetDir} from "../../loaders/encoders/yamnet/source.ts";
import {resolveDataDir} from "../../data/corpus.ts";
import {rng} from "../../loaders/lib/random.ts";
import {ENCODER_SESSION_OPTIONS} from "../../loaders/onnx/session-options.ts";

const CLIP = 32000;
const clip = (f: (i: number) => number) => Float32Array.from({length: CLIP}, (_, i) => f(i));
const tone = (hz: number) => clip((i) => Math.sin((2 * Math.PI * hz * i) / 16000));

async function embed(ort: typeof ortNode | typeof ortWeb, onnx: Uint8Array, clips: Float32Array[]) {
  const s = await (ort as typeof ortNode).InferenceSession.create(onnx, ENCODER_SESSION_OPTIONS);
  const batch = new Float32Array(clips.length * CLIP);
  clips.forEach((c, i) => batch.set(c, i * CLIP));
  const out = await s.run({audio: new (ort as typeof ortNode).Tensor("float32", batch, [clips.length, CLIP])});
  await s.release();
  return out;
}

const descriptor = (e: Float32Array, name: string, row = 0) => e[row * ACOUSTIC_DIM + 3 * 64 + DESCRIPTORS.indexOf(name)];

test("acoustic: F0 of tones and a harmonic complex in semitones re 27.5 Hz; vibrato gives F0 variability", async () => {
  const enc = await loadEncoder("acoustic");
  const random = rng(3);
  const vibrato = clip((i) => Math.sin(2 * Math.PI * ((500 * i) / 16000 + (20 * Math.sin((2 * Math.PI * 5 * i) / 16000)) / (2 * Math.PI * 5))));
  const harmonics = clip((i) => [1, 2, 3, 4].reduce((a, k) => a + Math.sin((2 * Math.PI * 300 * k * i) / 16000) / k, 0));
  const noise = clip(() => random() * 2 - 1);
  const out = await embed(ortNode, enc.onnx, [tone(440), harmonics, vibrato, noise, new Float32Array(CLIP)]);
  assert.deepEqual(out.embedding.dims, [5, ACOUSTIC_DIM]);
  const e = out.embedding.data as Float32Array;
  const st = (hz: number) => 12 * Math.log2(hz / 27.5);
  assert.ok(Math.abs(descriptor(e, "f0_mean_semitones", 0) - st(440)) < 0.1);
  assert.ok(Math.abs(descriptor(e, "f0_mean_semitones", 1) - st(300)) < 0.1, "missing-fundamental-free harmonic complex: F0 is the fundamental");
  assert.ok(Math.abs(descriptor(e, "f0_mean_semitones", 2) - st(500)) < 0.2);
  // ±20 Hz sinusoidal vibrato around 500 Hz: SD ≈ 12·log2(520/500)/√2 ≈ 0.48 st, range ≈ 1.36 st.
  assert.ok(Math.abs(descriptor(e, "f0_sd_semitones", 2) - 0.48) < 0.06);
  assert.ok(Math.abs(descriptor(e, "f0_range_semitones", 2) - 1.36) < 0.15);
  assert.ok(descriptor(e, "f0_sd_semitones", 0) < 1e-4);
  for (const row of [0, 1, 2]) assert.equal(descriptor(e, "voiced_fraction", row), 1);
  assert.ok(descriptor(e, "voiced_fraction", 3) < 0.05, "white noise is unvoiced");
  assert.ok(descriptor(e, "spectral_flatness_mean", 3) > 0.5 && descriptor(e, "spectral_flatness_mean", 0) < 0.01);
  assert.ok(Math.abs(descriptor(e, "spectral_centroid_mean_khz", 0) - 0.44) < 0.01);
  assert.ok(Math.abs(descriptor(e, "spectral_centroid_mean_khz", 3) - 4) < 0.2, "white noise centroid at half Nyquist");
  assert.ok(descriptor(e, "hnr_mean_db", 0) > 20);
  assert.ok(e.every(Number.isFinite), "silence and noise give finite descriptors");
  assert.equal(descriptor(e, "voiced_fraction", 4), 0);
});

test("acoustic: a batch gives each clip's single embedding; the card names every dimension", async () => {
  const enc = await loadEncoder("acoustic");
  assert.equal(enc.card.dim, ACOUSTIC_DIM);
  assert.match(enc.card.dimensions, /f0_mean_semitones.*spectral_flux_mean/);
  const clips = [tone(300), tone(900)];
  const both = (await embed(ortNode, enc.onnx, clips)).embedding.data as Float32Array;
  const one = (await embed(ortNode, enc.onnx, [clips[1]])).embedding.data as Float32Array;
  assert.ok(one.every((v, i) => Math.abs(v - both[ACOUSTIC_DIM + i]) < 1e-5));
});

/** Clips the parity test runs: a real corpus recording where available, tones, noise, silence. */
async function parityClips(): Promise<Float32Array[]> {
  const random = rng(11);
  const clips = [tone(440), clip(() => (random() - 0.5) * 0.5), new Float32Array(CLIP)];
  const dataDir = resolveDataDir();
  const manifest = JSON.parse(readFileSync(new URL("../../data/manifest.json", import.meta.url), "utf8"));
  const wav = manifest.files.find((f: {path: string}) => f.path.endsWith(".wav"));
  if (wav && existsSync(join(dataDir, wav.path))) {
    const d = await decodeFile(join(dataDir, wav.path));
    clips.push(
      ...preprocess(d.samples)
        .clips.slice(0, 2)
        .map((c) => Float32Array.from(c))
    );
  }
  return clips;
}

for (const name of ["acoustic", "yamnet"]) {
  const skip = name === "yamnet" && !existsSync(join(yamnetDir(), "yamnet.tflite")) && "no YAMNet TFLite";
  // The contract is on the embedding (and YAMNet's AudioSet scores): ≤ 1e-4. YAMNet's auxiliary
  // log-mel output is float32 logs of small magnitudes and agrees to 1e-3.
  test(`${name}: onnxruntime-node and onnxruntime-web (wasm) agree to 1e-4 on the embedding and scores`, {skip}, async () => {
    ortWeb.env.wasm.numThreads = 1;
    const enc = await loadEncoder(name);
    const clips = await parityClips();
    const a = await embed(ortNode, enc.onnx, clips);
    const b = await embed(ortWeb, enc.onnx, clips);
    for (const key of Object.keys(a)) {
      const x = a[key].data as Float32Array,
        y = b[key].data as Float32Array;
      assert.deepEqual(b[key].dims, a[key].dims);
      let worst = 0;
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
      assert.ok(worst <= (key === "log_mel" ? 1e-3 : 1e-4), `${key}: max |node − web| = ${worst}`);
    }
  });
}
