/**
 * One recording followed through the whole study, with the values the build computed for it: the
 * file and its labels, the decoded and filtered waveforms, its clips and their levels, what YAMNet
 * hears and where the recording sits on the embedding map, the feature step, every model's answer
 * on it, and the holdout it is one file of. `/study` draws it.
 *
 * The recording is chosen by rule, not by hand: among the holdout files of the paper's split that
 * are cleaned WAVs and have a duplicate (their raw upload) in the training split — the case that
 * explains the study's main finding — the one whose path has the smallest SHA-256; when there is
 * none, the holdout cleaned WAV with the smallest.
 */
import {createHash} from "node:crypto";
import {join} from "node:path";
import {resolveDataDir} from "../../data/corpus.ts";
import {decodeCached} from "../audio/decode-cached.ts";
import {dropSilentClips, meanPool, normalizeRms, segmentClips} from "../audio/clips.ts";
import {minMaxEnvelope} from "../audio/envelope.ts";
import {PREPROCESS_PARAMS, smoothSignal} from "../audio/preprocess.ts";
import {SAMPLE_RATE} from "../audio/rate.ts";
import {CLASSES} from "../corpus/labels.ts";
import {loadEncoder} from "../encoders/registry.ts";
import {readYamnetClassNames} from "../encoders/yamnet/source.ts";
import {analyseEmbeddings} from "./embedding-analysis.ts";
import {loadDataset, PAPER_PROTOCOL} from "./dataset.ts";
import {embedClips, openEncoder} from "./embed.ts";
import {paperRuns} from "./paper-run.ts";
import {waveformChange} from "./audio-examples.ts";

/** Min/max envelope frame (samples at 16 kHz) and the longest stretch drawn. */
export const WALKTHROUGH = {envelopeFrame: 320, maxSeconds: 12, topClasses: 3};

export interface Walkthrough {
  protocol: string;
  recording: {
    path: string;
    source: string;
    reason: string;
    reasonName: string;
    paperLabel: string;
    repackagedLabel: string;
    label: string;
    appInstance: string;
    container: string;
    codec: string;
    sampleRate: number;
    seconds: number;
  };
  /** Why this recording: its duplicate in training, and how many holdout files are in the same case. */
  choice: {rule: string; twin: string | null; twinSplit: string | null; holdoutWithTwinInTraining: number; holdoutFiles: number};
  envelope: {step: string; t: number; min: number; max: number}[];
  filter: {correlation: number; changeDb: number};
  clips: {index: number; start: number; levelDb: number; kept: boolean}[];
  yamnet: {dim: number; top: {name: string; score: number}[]; pc1: number; pc2: number};
  map: {pc1: number; pc2: number; label: string}[];
  features: {components: number; trainingRows: number};
  models: {model: string; probabilities: Record<string, number>; predicted: string; correct: boolean}[];
  holdout: {model: string; accuracy: number; balancedAccuracy: number; lo: number; hi: number}[];
  majority: number;
  holdoutFiles: number;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function envelope(x: ArrayLike<number>, step: string, frame: number, maxSamples: number): Walkthrough["envelope"] {
  return minMaxEnvelope(x, SAMPLE_RATE, frame, maxSamples).map(({t, min, max}) => ({step, t, min, max}));
}

export async function studyWalkthrough(dataDir = resolveDataDir()): Promise<Walkthrough> {
  const [{runs}, d, emb] = await Promise.all([paperRuns("yamnet"), loadDataset("yamnet"), analyseEmbeddings("yamnet")]);
  const run = runs.find((r) => r.protocol === PAPER_PROTOCOL)!;
  const holdout = run.samples.find((s) => s.split === "holdout")!;
  const splitOf = new Map(d.labelled.map((s) => [s.path, s.paperSplit]));
  // A holdout file "has a twin in training" when another labelled file of its recording (a confirmed duplicate) is in train.
  const byRecording = new Map<string, string[]>();
  d.labelled.forEach((s) => byRecording.set(s.recording, [...(byRecording.get(s.recording) ?? []), s.path]));
  const twinOf = (k: number) => byRecording.get(d.labelled[k].recording)!.find((p) => p !== d.labelled[k].path && splitOf.get(p) === "train") ?? null;
  const withTwin = holdout.files.filter((k) => twinOf(k) !== null);
  const cleaned = (k: number) => d.rowOf[k].source === "cleaned";
  const bySha = (a: number, b: number) => sha(d.labelled[a].path).localeCompare(sha(d.labelled[b].path));
  const pool = withTwin.filter(cleaned).sort(bySha);
  const chosen = pool[0] ?? holdout.files.filter(cleaned).sort(bySha)[0];
  if (chosen === undefined) throw new Error("study walkthrough: the paper split's holdout holds no cleaned WAV");
  const s = d.labelled[chosen],
    row = d.rowOf[chosen];
  const twin = twinOf(chosen);

  const decoded = await decodeCached(join(dataDir, row.path), row.sha256);
  if (!decoded.ok) throw new Error(`study walkthrough: ${row.path} does not decode (${decoded.error})`);
  // The two filters once: their output is measured against the decoded signal, and its unit-RMS copy is clipped.
  const smoothed = smoothSignal(decoded.samples);
  const filtered = normalizeRms(smoothed);
  const clipsAll = segmentClips(filtered, PREPROCESS_PARAMS.clip, PREPROCESS_PARAMS.hop);
  const sel = dropSilentClips(clipsAll, PREPROCESS_PARAMS.silenceDb);
  const maxSamples = WALKTHROUGH.maxSeconds * SAMPLE_RATE;
  const peak = (x: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
    return m || 1;
  };
  // Each waveform drawn on its own scale (the filtered one has unit RMS): scaled to a peak of 1.
  const scaled = (x: ArrayLike<number>) => {
    const p = peak(x);
    return Float64Array.from({length: x.length}, (_, i) => x[i] / p);
  };

  const enc = await loadEncoder("yamnet");
  const session = await openEncoder(enc);
  const {embedding, scores} = await embedClips(session, sel.clips);
  await session.release();
  const names = readYamnetClassNames();
  const meanScores = meanPool(scores);
  const top = Array.from(meanScores.keys())
    .sort((a, b) => meanScores[b] - meanScores[a])
    .slice(0, WALKTHROUGH.topClasses)
    .map((c) => ({name: names[c], score: meanScores[c]}));
  const mapRow = emb.map.find((m) => m.path === s.path);

  const pos = holdout.files.indexOf(chosen);
  const models = [...new Set(run.predictions.map((p) => p.model))].map((model) => {
    const p = run.predictions.find((x) => x.model === model && x.split === "holdout" && x.seed === run.refitSeeds[0])!;
    const proba = p.proba.slice(pos * CLASSES.length, (pos + 1) * CLASSES.length);
    return {
      model,
      probabilities: Object.fromEntries(CLASSES.map((c, k) => [c, proba[k]])),
      predicted: CLASSES[p.pred[pos]],
      correct: p.pred[pos] === holdout.truth[pos]
    };
  });
  const metric = (model: string, name: string) => run.evaluation.metrics.find((m) => m.model === model && m.split === "holdout" && m.metric === name);
  return {
    protocol: run.protocol,
    recording: {
      path: s.path,
      source: row.source,
      reason: row.reason,
      reasonName: row.reasonName,
      paperLabel: row.paperLabel,
      repackagedLabel: row.repackagedLabel,
      label: CLASSES[holdout.truth[pos]],
      appInstance: row.appInstance,
      container: row.container,
      codec: row.codec,
      sampleRate: row.sampleRate,
      seconds: decoded.samples.length / SAMPLE_RATE
    },
    choice: {
      rule: pool.length
        ? "the holdout cleaned WAV with a duplicate in training whose path has the smallest SHA-256"
        : "the holdout cleaned WAV whose path has the smallest SHA-256 (no holdout file has a duplicate in training)",
      twin,
      twinSplit: twin ? "train" : null,
      holdoutWithTwinInTraining: withTwin.length,
      holdoutFiles: holdout.files.length
    },
    envelope: [
      ...envelope(scaled(decoded.samples), "decoded", WALKTHROUGH.envelopeFrame, maxSamples),
      ...envelope(scaled(filtered), "filtered, unit RMS", WALKTHROUGH.envelopeFrame, maxSamples)
    ],
    // As /audio measures it: the decoded signal against the two filters' output before the unit-RMS scaling (a scale is not a change).
    filter: (({correlation, changeDb}) => ({correlation, changeDb}))(waveformChange(decoded.samples, smoothed)),
    clips: clipsAll.map((_, i) => ({index: i, start: (i * PREPROCESS_PARAMS.hop) / SAMPLE_RATE, levelDb: sel.levels[i], kept: sel.kept.includes(i)})),
    yamnet: {dim: embedding[0].length, top, pc1: mapRow?.pc1 ?? NaN, pc2: mapRow?.pc2 ?? NaN},
    map: emb.map.filter((m) => m.status === "ok").map((m) => ({pc1: m.pc1, pc2: m.pc2, label: m.repackagedLabel})),
    features: {components: run.components, trainingRows: run.sizes.find((z) => z.split === "train")?.rows ?? NaN},
    models,
    holdout: models.map(({model}) => ({
      model,
      accuracy: metric(model, "accuracy")?.value ?? NaN,
      balancedAccuracy: metric(model, "balanced accuracy")?.value ?? NaN,
      lo: metric(model, "balanced accuracy")?.lo ?? NaN,
      hi: metric(model, "balanced accuracy")?.hi ?? NaN
    })),
    majority: run.evaluation.metrics.find((m) => m.split === "holdout" && m.metric === "majority-class accuracy")?.value ?? NaN,
    holdoutFiles: holdout.files.length
  };
}
