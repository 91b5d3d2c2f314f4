/**
 * What opening one multiverse cell shows (/multiverse, "Open a cell"): its holdout answers file by
 * file, each class's recall with its interval, and its one-vs-rest ROC curves — tables keyed by the
 * cell's index in the multiverse (the `cell` column of cells.arrow).
 */
import {CLASSES} from "../corpus/labels.ts";
import {rocCurve} from "../eval/metrics.ts";
import type {CellRow} from "./multiverse.ts";

/**
 * A ROC curve without the points that lie on a straight line between their neighbours (as
 * scikit-learn's drop_intermediate): the same polyline, so the same area, in far fewer points.
 */
export function thinCurve(x: number[], y: number[]): {x: number[]; y: number[]} {
  const keep = x.map((_, i) => i === 0 || i === x.length - 1 || (x[i] - x[i - 1]) * (y[i + 1] - y[i]) !== (y[i] - y[i - 1]) * (x[i + 1] - x[i]));
  return {x: x.filter((_, i) => keep[i]), y: y.filter((_, i) => keep[i])};
}

export function cellDetails(cells: CellRow[]) {
  const predictions: Record<string, string | number | boolean>[] = [];
  const recall: {cell: number; class: string; value: number | null; lo: number | null; hi: number | null}[] = [];
  const roc: {cell: number; class: string; fpr: number; tpr: number}[] = [];
  cells.forEach((c, cell) => {
    for (const [cls, e] of Object.entries(c.recall ?? {})) recall.push({cell, class: cls, ...e});
    const h = c.holdout;
    if (!h) return;
    h.paths.forEach((path, j) =>
      predictions.push({
        cell,
        path,
        actual: CLASSES[h.truth[j]],
        predicted: CLASSES[h.pred[j]],
        correct: h.truth[j] === h.pred[j],
        ...Object.fromEntries(CLASSES.map((cls, k) => [`p${cls}`, h.proba[j][k]]))
      })
    );
    for (const k of [...new Set(h.truth)].sort((a, b) => a - b)) {
      const t = h.truth.map((v) => (v === k ? 1 : 0));
      if (t.every((v) => v === 1)) continue;
      const r = rocCurve(
        t,
        h.proba.map((p) => p[k])
      );
      const thin = thinCurve(r.x, r.y);
      thin.x.forEach((fpr, i) => roc.push({cell, class: CLASSES[k], fpr, tpr: thin.y[i]}));
    }
  });
  return {predictions, recall, roc};
}
