/**
 * The live classifier, independent of the runtime: 16 kHz mono samples → the paper's preprocessing
 * (the build's own modules) → 2 s clips → the encoder ONNX (embedding per clip) → the trained head
 * ONNX on the mean-pooled embedding, and per clip for the timeline. "Is this a cry?" listens to the
 * decoded recording instead (loaders/cry/rule.ts): the same encoder call also embeds its clips,
 * and the rule the build chose (AudioSet scores, or the cry head on their mean embedding) decides.
 * The page passes onnxruntime-web sessions, the command line onnxruntime-node ones.
 */
import {CLIP_SAMPLES, dropSilentClips, meanPool, segmentClips, stack} from "../audio/clips.ts";
import {filterSignal, PREPROCESS_PARAMS, PreprocessError} from "../audio/preprocess.ts";
import {SAMPLE_RATE} from "../audio/rate.ts";
import {clipEvidence, cryClips, needsHead, passes, type CryRule} from "../cry/rule.ts";

export interface TensorLike {
  data: unknown;
  dims: readonly number[];
}
/** Runs one model: float32 input name → (data, dims); returns its outputs. */
export type RunModel = (input: Float32Array, dims: number[]) => Promise<Record<string, TensorLike>>;

export interface ClipResult {
  index: number;
  startSeconds: number;
  levelDb: number;
  silent: boolean;
  /** The decoded clip's AudioSet cry score (max of the two cry classes) and their best rank. */
  cryScore: number;
  cryRank: number;
  /** Whether this clip alone passes the rule (for the cry head: its P(cry) on this clip's embedding). */
  isCry: boolean;
  /** YAMNet's five best AudioSet classes for the decoded clip. */
  top: {name: string; score: number}[];
  /** Head probabilities of this clip alone (kept clips only). */
  probabilities: number[] | null;
}

export interface LiveResult {
  seconds: number;
  clips: ClipResult[];
  isCry: boolean;
  /** The cry head's P(cry) on the recording (null when the rule uses AudioSet scores only). */
  cryProbability: number | null;
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

function top5(scores: Float32Array, names: string[]): {name: string; score: number}[] {
  return Array.from(scores.keys())
    .sort((a, b) => scores[b] - scores[a])
    .slice(0, 5)
    .map((c) => ({name: names[c], score: scores[c]}));
}

export interface LiveModels {
  encoder: RunModel;
  head: RunModel;
  /** The cry/non-cry head; needed only when the rule is the head's. */
  cryHead?: RunModel;
}

export async function classifySamples(
  samples: Float32Array,
  models: LiveModels,
  audioSetNames: string[],
  headClasses: string[],
  cryRule: CryRule
): Promise<LiveResult> {
  // filterSignal throws PreprocessError with a reason for empty, silent or non-finite input.
  const signal = filterSignal(samples);
  const all = segmentClips(signal, PREPROCESS_PARAMS.clip, PREPROCESS_PARAMS.hop);
  const sel = dropSilentClips(all, PREPROCESS_PARAMS.silenceDb);
  const heard = cryClips(samples);
  const n = all.length;
  // One encoder call: the classifier's clips, then the decoded recording's (same positions).
  const enc = await models.encoder(stack([...all, ...heard.all]), [2 * n, CLIP_SAMPLES]);
  if (!enc.embedding || !enc.scores) throw new Error("the encoder must return `embedding` and AudioSet `scores` for the cry check");
  const emb = rows(enc.embedding),
    scores = rows(enc.scores);
  const keptEmb = sel.kept.map((i) => emb[i]);
  const pooled = meanPool(keptEmb);
  const probs = rows((await models.head(stack([pooled, ...keptEmb]), [keptEmb.length + 1, pooled.length])).probabilities).map((p) => Array.from(p));
  const evidence = scores.slice(n).map(clipEvidence);
  // The cry head, when the rule is its: the recording's mean embedding first, then each kept clip.
  let pCry: number[] | null = null;
  if (needsHead(cryRule)) {
    if (!models.cryHead) throw new Error("the cry rule needs the cry head model");
    const heardEmb = heard.kept.map((i) => emb[n + i]);
    const out = await models.cryHead(stack([meanPool(heardEmb), ...heardEmb]), [heardEmb.length + 1, pooled.length]);
    pCry = rows(out.probabilities).map((p) => p[1]);
  }
  const clips: ClipResult[] = all.map((_, i) => {
    const k = sel.kept.indexOf(i),
      h = heard.kept.indexOf(i);
    const isCry = pCry ? h >= 0 && passes(cryRule, [evidence[i]], pCry[h + 1]) : passes(cryRule, [evidence[i]]);
    return {
      index: i,
      startSeconds: (i * PREPROCESS_PARAMS.hop) / SAMPLE_RATE,
      levelDb: sel.levels[i],
      silent: k < 0,
      ...evidence[i],
      isCry,
      top: top5(scores[n + i], audioSetNames),
      probabilities: k >= 0 ? probs[k + 1] : null
    };
  });
  const recording = probs[0];
  return {
    seconds: samples.length / SAMPLE_RATE,
    clips,
    isCry: passes(
      cryRule,
      heard.kept.map((i) => evidence[i]),
      pCry?.[0]
    ),
    cryProbability: pCry?.[0] ?? null,
    classes: headClasses,
    probabilities: recording,
    predicted: headClasses[recording.indexOf(Math.max(...recording))],
    embedding: pooled
  };
}

export {PreprocessError};
