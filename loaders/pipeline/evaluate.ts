/**
 * Everything the report shows about one model on one split: headline metrics with bootstrap 95%
 * intervals (recordings, or groups under the grouped protocol), the confusion matrix, one-vs-rest
 * ROC and precision–recall curves and reliability bins.
 */
import {CLASSES} from "../corpus/labels.ts";
import {bootstrapCI} from "../eval/bootstrap.ts";
import {accuracy, calibration, classificationReport, confusionMatrix, precisionRecall, rocAuc, rocCurve} from "../eval/metrics.ts";
import {argmax} from "../models/estimator.ts";

export const BOOTSTRAP = {B: 1000, seed: 42};

export interface EvalKey {
  protocol: string;
  model: string;
  split: string;
}
export type MetricRow = EvalKey & {metric: string; value: number; lo: number; hi: number; unit: string; n: number};
export type ConfusionRow = EvalKey & {actual: string; predicted: string; count: number};
export type CurveRow = EvalKey & {curve: "ROC" | "PR"; cls: string; x: number; y: number; threshold: number; auc: number};
export type CalibrationRow = EvalKey & {lo: number; hi: number; count: number; confidence: number; accuracy: number};

export interface Evaluation {
  metrics: MetricRow[];
  confusion: ConfusionRow[];
  curves: CurveRow[];
  calibration: CalibrationRow[];
}

/** Keeps at most `max` points of a curve, always the ends (the pages draw, they do not integrate). */
function thin<T>(pts: T[], max = 120): T[] {
  if (pts.length <= max) return pts;
  const step = (pts.length - 1) / (max - 1);
  return Array.from({length: max}, (_, i) => pts[Math.round(i * step)]);
}

/**
 * `truth` are CLASSES indices; `proba` has one column per CLASSES entry (absent classes at 0).
 */
export function evaluate(key: EvalKey, truth: number[], proba: ArrayLike<number>[], groups?: string[], pred = proba.map(argmax)): Evaluation {
  const k = CLASSES.length;
  const present = [...new Set(truth)].sort((a, b) => a - b);
  const out: Evaluation = {metrics: [], confusion: [], curves: [], calibration: []};
  const push = (metric: string, f: (sel: number[]) => number) => {
    const ci = bootstrapCI(truth.length, f, {...BOOTSTRAP, groups});
    out.metrics.push({...key, metric, value: ci.estimate, lo: ci.lo, hi: ci.hi, unit: ci.unit, n: truth.length});
  };
  const sub = (sel: number[]) => [sel.map((j) => truth[j]), sel.map((j) => pred[j])] as const;
  const report = (sel: number[]) => classificationReport(...sub(sel), k);
  push("accuracy", (sel) => accuracy(...sub(sel)));
  push("balanced accuracy", (sel) => report(sel).balancedAccuracy);
  push("weighted precision", (sel) => report(sel).weighted.precision);
  push("weighted recall", (sel) => report(sel).weighted.recall);
  push("weighted F1", (sel) => report(sel).weighted.f1);
  push("macro F1", (sel) => report(sel).macro.f1);
  push("majority-class accuracy", (sel) => {
    const counts = new Array(k).fill(0);
    for (const j of sel) counts[truth[j]]++;
    return Math.max(...counts) / sel.length;
  });
  push("expected calibration error", (sel) => calibration(sel.map((j) => truth[j]), sel.map((j) => proba[j])).ece);
  for (const c of present) {
    push(`recall ${CLASSES[c]}`, (sel) => {
      const mine = sel.filter((j) => truth[j] === c);
      return mine.length ? mine.filter((j) => pred[j] === c).length / mine.length : NaN;
    });
    push(`F1 ${CLASSES[c]}`, (sel) => report(sel).f1[c]);
  }
  // With two classes one AUC says it all (the other is its mirror); with more, one per class.
  for (const c of present.length === 2 ? [present[0]] : present) {
    const auc = (sel: number[]) => {
      const t = sel.map((j) => (truth[j] === c ? 1 : 0));
      return t.includes(0) && t.includes(1) ? rocAuc(t, sel.map((j) => proba[j][c])) : NaN;
    };
    if (Number.isNaN(auc(truth.map((_, j) => j)))) continue;
    push(`ROC AUC ${CLASSES[c]} vs rest`, auc);
    const t = truth.map((v) => (v === c ? 1 : 0)), s = proba.map((p) => p[c]);
    const roc = rocCurve(t, s), pr = precisionRecall(t, s);
    const aucAll = rocAuc(t, s);
    thin(roc.x.map((x, i) => ({x, y: roc.y[i], threshold: roc.thresholds[i]}))).forEach((p) =>
      out.curves.push({...key, curve: "ROC", cls: CLASSES[c], ...p, threshold: Number.isFinite(p.threshold) ? p.threshold : 1, auc: aucAll}));
    thin(pr.x.map((x, i) => ({x, y: pr.y[i], threshold: pr.thresholds[i]}))).forEach((p) =>
      out.curves.push({...key, curve: "PR", cls: CLASSES[c], ...p, threshold: Number.isFinite(p.threshold) ? p.threshold : 1, auc: pr.averagePrecision}));
  }
  confusionMatrix(truth, pred, k).forEach((row, a) =>
    row.forEach((count, p) => {
      if (present.includes(a) || count > 0) out.confusion.push({...key, actual: CLASSES[a], predicted: CLASSES[p], count});
    }));
  for (const b of calibration(truth, proba).bins) out.calibration.push({...key, ...b});
  return out;
}

export function mergeEvaluations(all: Evaluation[]): Evaluation {
  return {
    metrics: all.flatMap((e) => e.metrics),
    confusion: all.flatMap((e) => e.confusion),
    curves: all.flatMap((e) => e.curves),
    calibration: all.flatMap((e) => e.calibration)
  };
}
