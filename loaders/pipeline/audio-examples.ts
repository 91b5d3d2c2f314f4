/**
 * A few recordings per cleaned category, seen through each preprocessing step: min/max waveform
 * envelopes after decoding, Wiener filter, Gaussian smoothing and unit RMS; the log-mel spectrogram
 * YAMNet computes from the final signal; and the decoded audio as WAV for playback in the page.
 */
import {join} from "node:path";
import * as ort from "onnxruntime-node";
import {resolveDataDir} from "../../data/corpus.ts";
import {decodeCached} from "../audio/decode-cached.ts";
import {CLIP_SAMPLES, normalizeRms} from "../audio/clips.ts";
import {minMaxEnvelope} from "../audio/envelope.ts";
import {gaussianFilter1d} from "../audio/gaussian.ts";
import {PREPROCESS_PARAMS} from "../audio/preprocess.ts";
import {SAMPLE_RATE} from "../audio/rate.ts";
import {wiener} from "../audio/wiener.ts";
import {encodeWav16} from "../audio/wav.ts";
import {WINDOW, WINDOW_OFFSETS} from "../encoders/yamnet/convert.ts";
import {loadEncoder} from "../encoders/registry.ts";
import {cachedInventory} from "./inventory-cached.ts";
import {ENCODER_SESSION_OPTIONS} from "../onnx/session-options.ts";

export const EXAMPLE_FOLDERS = ["hungry", "belly_pain", "burping", "tired", "discomfort"];
/** What the audio page draws: recordings at least `minSeconds` long, min/max envelopes per
 * `envelopeFrame` samples, and YAMNet's log-mel patch (`frames` × `bands`, one frame per
 * `frameSeconds`) keeping every `melStride`-th frame. */
export const AUDIO_EXAMPLES = {minSeconds: 5, envelopeFrame: 320, mel: {frames: 96, bands: 64, frameSeconds: 0.01, stride: 2}};
const ENVELOPE_FRAME = AUDIO_EXAMPLES.envelopeFrame,
  MEL = AUDIO_EXAMPLES.mel;

export interface WaveRow {
  path: string;
  step: string;
  t: number;
  min: number;
  max: number;
}
export interface MelRow {
  path: string;
  t: number;
  band: number;
  value: number;
}
export interface ExampleRow {
  path: string;
  folder: string;
  reason: string;
  paperLabel: string;
  documentedLabel: string;
  duration: number;
  wavBase64: string;
  /** How much the two filters change the waveform: Pearson correlation of decoded and filtered samples, and the removed part's level relative to the decoded signal (dB). */
  filterCorrelation: number;
  filterChangeDb: number;
}

/** Where the pages say the filters "barely change" a recording: a correlation of at least this between decoded and filtered samples. */
export const FILTER_SMALL_CORRELATION = 0.95;

/** Pearson correlation of two equally long signals, and the energy of their difference relative to the first (dB). */
export function waveformChange(x: ArrayLike<number>, y: ArrayLike<number>): {correlation: number; changeDb: number} {
  const n = x.length;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) (mx += x[i]), (my += y[i]);
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0,
    e = 0,
    d = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - mx,
      b = y[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
    e += x[i] * x[i];
    d += (x[i] - y[i]) ** 2;
  }
  return {correlation: sxy / Math.sqrt(sxx * syy), changeDb: 10 * Math.log10(d / e)};
}

function envelope(path: string, step: string, x: ArrayLike<number>): WaveRow[] {
  return minMaxEnvelope(x, SAMPLE_RATE, ENVELOPE_FRAME).map(({t, min, max}) => ({path, step, t, min, max}));
}

export async function audioExamples(dataDir = resolveDataDir()) {
  const rows = await cachedInventory(dataDir);
  const session = await ort.InferenceSession.create((await loadEncoder("yamnet")).onnx, ENCODER_SESSION_OPTIONS);
  const examples: ExampleRow[] = [],
    waves: WaveRow[] = [],
    mels: MelRow[] = [];
  for (const folder of EXAMPLE_FOLDERS) {
    const r = rows.find((r) => r.cleanedFolder === folder && r.status === "ok" && r.duration >= AUDIO_EXAMPLES.minSeconds);
    if (!r) continue;
    const d = await decodeCached(join(dataDir, r.path), r.sha256);
    if (!d.ok) continue;
    const w = wiener(d.samples, PREPROCESS_PARAMS.wienerSize);
    const g = gaussianFilter1d(w, PREPROCESS_PARAMS.gaussianSigma, PREPROCESS_PARAMS.gaussianTruncate);
    const n = normalizeRms(g);
    for (const [step, x] of [
      ["1 decoded", d.samples],
      ["2 Wiener filter", w],
      [`3 Gaussian σ ${PREPROCESS_PARAMS.gaussianSigma}`, g],
      ["4 unit RMS", n]
    ] as const)
      waves.push(...envelope(r.path, step, x));
    // YAMNet's log-mel of consecutive 0.975 s chunks (window 0 of each clip), every other frame.
    const chunks = Math.floor(n.length / WINDOW);
    const batch = new Float32Array(chunks * CLIP_SAMPLES);
    for (let c = 0; c < chunks; c++) batch.set(Float32Array.from(n.subarray(c * WINDOW, (c + 1) * WINDOW)), c * CLIP_SAMPLES);
    const lm = (await session.run({audio: new ort.Tensor("float32", batch, [chunks, CLIP_SAMPLES])})).log_mel.data as Float32Array;
    for (let c = 0; c < chunks; c++)
      for (let f = 0; f < MEL.frames; f += MEL.stride)
        for (let b = 0; b < MEL.bands; b++)
          mels.push({
            path: r.path,
            t: c * (WINDOW / SAMPLE_RATE) + f * MEL.frameSeconds,
            band: b,
            value: lm[(c * WINDOW_OFFSETS.length * MEL.frames + f) * MEL.bands + b]
          });
    const change = waveformChange(d.samples, g);
    examples.push({
      path: r.path,
      folder,
      reason: r.reason,
      paperLabel: r.paperLabel,
      documentedLabel: r.documentedLabel,
      duration: r.duration,
      wavBase64: Buffer.from(encodeWav16(d.samples, SAMPLE_RATE)).toString("base64"),
      filterCorrelation: change.correlation,
      filterChangeDb: change.changeDb
    });
  }
  await session.release();
  return {examples, waves, mels};
}
