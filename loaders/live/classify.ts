/**
 * The live classifier, independent of the runtime: 16 kHz mono samples → the paper's preprocessing
 * (the build's own modules) → 2 s clips → the encoder ONNX (embedding + AudioSet scores per clip) →
 * "is this a cry?" → the trained head ONNX on the mean-pooled embedding, and per clip for the
 * timeline. The page passes onnxruntime-web sessions, the command line onnxruntime-node ones.
 */
import {CLIP_SAMPLES, dropSilentClips, meanPool, segmentClips} from "../audio/clips.ts";
import {filterSignal, PREPROCESS_PARAMS, PreprocessError} from "../audio/preprocess.ts";

export interface TensorLike {
  data: unknown;
  dims: readonly number[];
}
/** Runs one model: float32 input name → (data, dims); returns its outputs. */
export type RunModel = (input: Float32Array, dims: number[]) => Promise<Record<string, TensorLike>>;

/**
 * A clip counts as crying when AudioSet's "Crying, sobbing" or "Baby cry, infant cry" scores at
 * least `minScore`, or is among the clip's `topK` classes; a recording is a cry when at least one
 * kept clip is. The rule and its pass rate on the corpus are on the classifier page.
 */
export const CRY_RULE = {classes: [19, 20], minScore: 0.1, topK: 5};

export interface ClipResult {
  index: number;
  startSeconds: number;
  levelDb: number;
  silent: boolean;
  cryScore: number;
  isCry: boolean;
  top: {name: string; score: number}[];
  /** Head probabilities of this clip alone (kept clips only). */
  probabilities: number[] | null;
}

export interface LiveResult {
  seconds: number;
  clips: ClipResult[];
  isCry: boolean;
  classes: string[];
  probabilities: number[];
  predicted: string;
  embedding: Float32Array;
}

function rows(t: TensorLike): Float32Array[] {
  const [n, d] = t.dims;
  const data = t.data as Float32Array;
  return Array.from({length: n}, (_, i) => data.slice(i * d, (i + 1) * d));
}

/** Per-clip cry evidence from AudioSet scores. */
export function cryEvidence(scores: Float32Array, names: string[]): {cryScore: number; isCry: boolean; top: {name: string; score: number}[]} {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  const cryScore = Math.max(...CRY_RULE.classes.map((c) => scores[c]));
  const isCry = cryScore >= CRY_RULE.minScore || order.slice(0, CRY_RULE.topK).some((c) => CRY_RULE.classes.includes(c));
  return {cryScore, isCry, top: order.slice(0, 5).map((c) => ({name: names[c], score: scores[c]}))};
}

export async function classifySamples(samples: Float32Array, models: {encoder: RunModel; head: RunModel}, audioSetNames: string[], headClasses: string[]): Promise<LiveResult> {
  // filterSignal throws PreprocessError with a reason for empty, silent or non-finite input.
  const signal = filterSignal(samples);
  const all = segmentClips(signal, PREPROCESS_PARAMS.clip, PREPROCESS_PARAMS.hop);
  const sel = dropSilentClips(all, PREPROCESS_PARAMS.silenceDb);
  const batch = new Float32Array(all.length * CLIP_SAMPLES);
  all.forEach((c, i) => batch.set(c, i * CLIP_SAMPLES));
  const enc = await models.encoder(batch, [all.length, CLIP_SAMPLES]);
  if (!enc.embedding || !enc.scores) throw new Error("the encoder must return `embedding` and AudioSet `scores` for the cry check");
  const emb = rows(enc.embedding), scores = rows(enc.scores);
  const keptEmb = sel.kept.map((i) => emb[i]);
  const pooled = meanPool(keptEmb);
  const d = pooled.length;
  // One head call: the recording's pooled embedding first, then each kept clip.
  const headIn = new Float32Array((keptEmb.length + 1) * d);
  headIn.set(pooled);
  keptEmb.forEach((e, i) => headIn.set(e, (i + 1) * d));
  const head = await models.head(headIn, [keptEmb.length + 1, d]);
  const probs = rows(head.probabilities).map((p) => Array.from(p));
  const clips: ClipResult[] = all.map((_, i) => {
    const k = sel.kept.indexOf(i);
    return {index: i, startSeconds: (i * PREPROCESS_PARAMS.hop) / 16000, levelDb: sel.levels[i], silent: k < 0, ...cryEvidence(scores[i], audioSetNames),
      probabilities: k >= 0 ? probs[k + 1] : null};
  });
  const recording = probs[0];
  return {seconds: samples.length / 16000, clips, isCry: clips.some((c) => !c.silent && c.isCry), classes: headClasses, probabilities: recording,
    predicted: headClasses[recording.indexOf(Math.max(...recording))], embedding: pooled};
}

export {PreprocessError};
