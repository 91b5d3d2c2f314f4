/**
 * Everything the report shows about one model on one split: headline metrics with bootstrap 95%
 * intervals that resample the split's independent units (recordings with their duplicates, or
 * installation groups), the confusion matrix, one-vs-rest ROC and precision–recall curves and
 * reliability bins.
 */
import {CLASSES} from "../corpus/labels.ts";
import {bootstrapCIs, INTERVAL_LEVEL} from "../eval/bootstrap.ts";
import {accuracy, calibration, classificationReport, confusionMatrix, precisionRecall, rocAuc, rocAucOfResamples, rocCurve} from "../eval/metrics.ts";
import {argmax} from "../models/estimator.ts";

export const BOOTSTRAP = {B: 1000, seed: 42, level: INTERVAL_LEVEL};

export interface EvalKey {
  protocol: string;
  model: string;
  split: string;
}
/** One number with its interval; `n` samples, `units` independent units, `unit` says what was resampled. */
export type MetricRow = EvalKey & {metric: string; value: number; lo: number; hi: number; unit: string; n: number; units: number};

/** Each sample's independent unit, and what the unit is (for the charts' captions). */
export interface Units {
  ids: ArrayLike<string>;
  name: string;
}
export type ConfusionRow = EvalKey & {actual: string; predicted: string; count: number};
export type CurveRow = EvalKey & {curve: "ROC" | "PR"; cls: string; x: number; y: number; threshold: number; auc: number};
export type CalibrationRow = EvalKey & {lo: number; hi: number; count: number; confidence: number; accuracy: number};

export interface Evaluation {
  metrics: MetricRow[];
  confusion: ConfusionRow[];
  curves: CurveRow[];
  calibration: CalibrationRow[];
  /** Metrics that could not be computed on a split, with the reason. */
  skipped: string[];
}

/** Probabilities over the classes a model was fitted on (`present`, CLASSES indices) → one column per CLASSES entry. */
export function toClassColumns(p: ArrayLike<number>[], present: number[]): Float64Array[] {
  return p.map((row) => {
    const out = new Float64Array(CLASSES.length);
    present.forEach((c, t) => (out[c] = row[t]));
    return out;
  });
}

/** Keeps at most `max` points of a curve, always the ends (the pages draw, they do not integrate). */
function thin<T>(pts: T[], max = 120): T[] {
  if (pts.length <= max) return pts;
  const step = (pts.length - 1) / (max - 1);
  return Array.from({length: max}, (_, i) => pts[Math.round(i * step)]);
}

/**
 * `truth` are CLASSES indices; `proba` has one column per CLASSES entry (absent classes at 0).
 * A metric that is undefined on the split (a class with no member) is left out, never NaN.
 */
/**
 * A resample's classification report, computed once per resample: bootstrapCIs hands every
 * metric the same index array, so the metrics of one resample share it.
 */
export function reportPerResample(truth: number[], pred: ArrayLike<number>, k: number): (sel: number[]) => ReturnType<typeof classificationReport> {
  let lastSel: number[] | null = null,
    lastReport: ReturnType<typeof classificationReport> | null = null;
  return (sel) =>
    sel === lastSel
      ? lastReport!
      : ((lastSel = sel),
        (lastReport = classificationReport(
          sel.map((j) => truth[j]),
          sel.map((j) => pred[j]),
          k
        )));
}

/** Accuracy of always answering the resample's most frequent class (`truth` as indices below k). */
export const majorityShare =
  (truth: number[], k: number) =>
  (sel: number[]): number => {
    const counts = new Array(k).fill(0);
    for (const j of sel) counts[truth[j]]++;
    return Math.max(...counts) / sel.length;
  };

export function evaluate(key: EvalKey, truth: number[], proba: ArrayLike<number>[], units: Units, pred = proba.map(argmax)): Evaluation {
  const k = CLASSES.length;
  const present = [...new Set(truth)].sort((a, b) => a - b);
  const out: Evaluation = {metrics: [], confusion: [], curves: [], calibration: [], skipped: []};
  const nUnits = new Set(Array.from(units.ids)).size;
  // Every metric's interval comes from one set of resamples (the same as one bootstrap each).
  const wanted: [string, (sel: number[]) => number][] = [];
  const push = (metric: string, f: (sel: number[]) => number) => wanted.push([metric, f]);
  const sub = (sel: number[]) => [sel.map((j) => truth[j]), sel.map((j) => pred[j])] as const;
  const report = reportPerResample(truth, pred, k);
  push("accuracy", (sel) => accuracy(...sub(sel)));
  push("balanced accuracy", (sel) => report(sel).balancedAccuracy);
  push("weighted precision", (sel) => report(sel).weighted.precision);
  push("weighted recall", (sel) => report(sel).weighted.recall);
  push("weighted F1", (sel) => report(sel).weighted.f1);
  push("macro precision", (sel) => report(sel).macro.precision);
  push("macro recall", (sel) => report(sel).macro.recall);
  push("macro F1", (sel) => report(sel).macro.f1);
  push("majority-class accuracy", majorityShare(truth, k));
  push(
    "expected calibration error",
    (sel) =>
      calibration(
        sel.map((j) => truth[j]),
        sel.map((j) => proba[j])
      ).ece
  );
  for (const c of present) {
    push(`recall ${CLASSES[c]}`, (sel) => {
      const mine = sel.filter((j) => truth[j] === c);
      return mine.length ? mine.filter((j) => pred[j] === c).length / mine.length : NaN;
    });
    push(`precision ${CLASSES[c]}`, (sel) => report(sel).precision[c]);
    push(`F1 ${CLASSES[c]}`, (sel) => report(sel).f1[c]);
  }
  // With two classes one AUC says it all (the other is its mirror); with more, one per class.
  for (const c of present.length === 2 ? [present[0]] : present) {
    const auc = rocAucOfResamples(
      truth.map((v) => (v === c ? 1 : 0)),
      proba.map((p) => p[c])
    );
    if (Number.isNaN(auc(truth.map((_, j) => j)))) continue;
    push(`ROC AUC ${CLASSES[c]} vs rest`, auc);
    const t = truth.map((v) => (v === c ? 1 : 0)),
      s = proba.map((p) => p[c]);
    const roc = rocCurve(t, s),
      pr = precisionRecall(t, s);
    const aucAll = rocAuc(t, s);
    thin(roc.x.map((x, i) => ({x, y: roc.y[i], threshold: roc.thresholds[i]}))).forEach((p) =>
      out.curves.push({...key, curve: "ROC", cls: CLASSES[c], ...p, threshold: Number.isFinite(p.threshold) ? p.threshold : 1, auc: aucAll})
    );
    thin(pr.x.map((x, i) => ({x, y: pr.y[i], threshold: pr.thresholds[i]}))).forEach((p) =>
      out.curves.push({...key, curve: "PR", cls: CLASSES[c], ...p, threshold: Number.isFinite(p.threshold) ? p.threshold : 1, auc: pr.averagePrecision})
    );
  }
  for (const [metric, ci] of bootstrapCIs(truth.length, wanted, {...BOOTSTRAP, units: units.ids, unitName: units.name})) {
    // Too few units for the metric to exist in most resamples (e.g. a class with one recording):
    // the row is left out and the audit says so, rather than an interval made of NaN.
    if (ci instanceof Error) out.skipped.push(`${metric}: ${ci.message}`);
    else out.metrics.push({...key, metric, value: ci.estimate, lo: ci.lo, hi: ci.hi, unit: ci.unit, n: truth.length, units: nUnits});
  }
  confusionMatrix(truth, pred, k).forEach((row, a) =>
    row.forEach((count, p) => {
      if (present.includes(a) || count > 0) out.confusion.push({...key, actual: CLASSES[a], predicted: CLASSES[p], count});
    })
  );
  for (const b of calibration(truth, proba).bins) out.calibration.push({...key, ...b});
  return out;
}

export function mergeEvaluations(all: Evaluation[]): Evaluation {
  return {
    metrics: all.flatMap((e) => e.metrics),
    confusion: all.flatMap((e) => e.confusion),
    curves: all.flatMap((e) => e.curves),
    calibration: all.flatMap((e) => e.calibration),
    skipped: all.flatMap((e) => e.skipped)
  };
}
