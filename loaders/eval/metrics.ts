/**
 * Classification metrics with scikit-learn's definitions. Labels are integer class ids 0..k-1.
 * Where sklearn would divide by zero (a class never predicted or absent), the value is 0 as with
 * `zero_division=0`, and `undefinedClasses` says which classes that affected, so no metric is a
 * silent NaN.
 */

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
  if (yTrue.length !== yPred.length) throw new Error(`confusionMatrix: ${yTrue.length} labels vs ${yPred.length} predictions`);
  const m = Array.from({length: k}, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i],
      p = yPred[i];
    if (!(t >= 0 && t < k && p >= 0 && p < k)) throw new Error(`confusionMatrix: label out of range at ${i} (${t}, ${p})`);
    m[t][p]++;
  }
  return m;
}

/**
 * The share of rows predicted right: over every row, or over `rows` (indices into both arrays,
 * repeats counted — a bootstrap resample) — the count of right ones over the number of rows.
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, rows?: ArrayLike<number>): number {
  const n = rows ? rows.length : yTrue.length;
  if (n === 0) throw new Error("accuracy: no samples");
  let c = 0;
  if (rows) for (let t = 0; t < n; t++) c += yTrue[rows[t]] === yPred[rows[t]] ? 1 : 0;
  else for (let i = 0; i < n; i++) c += yTrue[i] === yPred[i] ? 1 : 0;
  return c / n;
}

export interface ClassReport {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  macro: {precision: number; recall: number; f1: number};
  weighted: {precision: number; recall: number; f1: number};
  balancedAccuracy: number;
  /** Classes whose precision or recall had a zero denominator (reported as 0). */
  undefinedClasses: number[];
}

export function classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): ClassReport {
  const cm = confusionMatrix(yTrue, yPred, k);
  const support = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = cm[0].map((_, j) => cm.reduce((s, row) => s + row[j], 0));
  const undefinedClasses: number[] = [];
  // A class absent from both truth and prediction is not "undefined": it simply is not scored.
  const absent = (c: number) => !support[c] && !predicted[c];
  const precision = cm.map((row, c) => (predicted[c] ? row[c] / predicted[c] : (absent(c) || undefinedClasses.push(c), 0)));
  const recall = cm.map((row, c) => (support[c] ? row[c] / support[c] : (absent(c) || undefinedClasses.includes(c) || undefinedClasses.push(c), 0)));
  const f1 = precision.map((p, c) => (p + recall[c] > 0 ? (2 * p * recall[c]) / (p + recall[c]) : 0));
  const n = support.reduce((a, b) => a + b, 0);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const wmean = (v: number[]) => v.reduce((s, x, c) => s + x * support[c], 0) / n;
  // sklearn's macro averages run over the labels in y_true ∪ y_pred: a class that neither occurs nor
  // is predicted does not count as a zero.
  const seen = (v: number[]) => v.filter((_, c) => support[c] > 0 || predicted[c] > 0);
  // sklearn's balanced accuracy averages recall over the classes present in y_true.
  const present = recall.filter((_, c) => support[c] > 0);
  return {
    precision,
    recall,
    f1,
    support,
    macro: {precision: mean(seen(precision)), recall: mean(seen(recall)), f1: mean(seen(f1))},
    weighted: {precision: wmean(precision), recall: wmean(recall), f1: wmean(f1)},
    balancedAccuracy: mean(present),
    undefinedClasses: undefinedClasses.sort()
  };
}

export interface Curve {
  x: number[];
  y: number[];
  thresholds: number[];
}

/** ROC curve of a binary problem (positive = 1) at every distinct score, from (0,0) to (1,1). */
export function rocCurve(yBinary: ArrayLike<number>, scores: ArrayLike<number>): Curve {
  const order = Array.from({length: scores.length}, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const P = Array.from(yBinary).filter((y) => y === 1).length;
  const N = yBinary.length - P;
  if (P === 0 || N === 0) throw new Error(`ROC undefined: ${P} positive and ${N} negative samples`);
  const x = [0],
    y = [0],
    thresholds = [Infinity];
  let tp = 0,
    fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (yBinary[order[i]] === 1) tp++;
    else fp++;
    if (i === order.length - 1 || scores[order[i + 1]] !== scores[order[i]]) {
      x.push(fp / N);
      y.push(tp / P);
      thresholds.push(scores[order[i]]);
    }
  }
  return {x, y, thresholds};
}

export function trapezoid(x: number[], y: number[]): number {
  let a = 0;
  for (let i = 1; i < x.length; i++) a += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return a;
}

export function rocAuc(yBinary: ArrayLike<number>, scores: ArrayLike<number>): number {
  const c = rocCurve(yBinary, scores);
  return trapezoid(c.x, c.y);
}

/**
 * rocAuc for many resamples of the same samples (a bootstrap): the scores are sorted once, and a
 * resample — indices, repeats allowed — is scored in one pass over that order with each index
 * weighted by how often it was drawn (Mann–Whitney with ties counted one half, which is the
 * trapezoid area rocAuc integrates). NaN when a resample lacks a class.
 */
export function rocAucOfResamples(yBinary: ArrayLike<number>, scores: ArrayLike<number>): (sel: number[]) => number {
  const n = scores.length;
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const tieEnds = order.map((o, i) => i === n - 1 || scores[order[i + 1]] !== scores[o]);
  const counts = new Int32Array(n);
  return (sel) => {
    counts.fill(0);
    for (const j of sel) counts[j]++;
    let P = 0,
      N = 0,
      num = 0,
      pg = 0,
      ng = 0;
    for (let i = 0; i < n; i++) {
      const o = order[i],
        w = counts[o];
      if (w) {
        if (yBinary[o] === 1) pg += w;
        else ng += w;
      }
      if (tieEnds[i]) {
        num += ng * (P + pg / 2);
        P += pg;
        N += ng;
        pg = ng = 0;
      }
    }
    return P > 0 && N > 0 ? num / (P * N) : NaN;
  };
}

/** One-vs-rest AUC of each class from an n×k probability matrix (rows of class probabilities). */
export function ovrAuc(yTrue: ArrayLike<number>, proba: ArrayLike<number>[], k: number): number[] {
  return Array.from({length: k}, (_, c) =>
    rocAuc(
      Array.from(yTrue, (t) => (t === c ? 1 : 0)),
      proba.map((p) => p[c])
    )
  );
}

/** Precision–recall curve (recall ascending) and sklearn's average precision (step sum, no interpolation). */
export function precisionRecall(yBinary: ArrayLike<number>, scores: ArrayLike<number>): Curve & {averagePrecision: number} {
  const roc = rocCurve(yBinary, scores);
  const P = Array.from(yBinary).filter((y) => y === 1).length;
  const N = yBinary.length - P;
  const x: number[] = [],
    y: number[] = [],
    thresholds: number[] = [];
  let ap = 0,
    prevRecall = 0;
  for (let i = 1; i < roc.x.length; i++) {
    const tp = roc.y[i] * P,
      fp = roc.x[i] * N;
    const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
    const recall = roc.y[i];
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
    x.push(recall);
    y.push(precision);
    thresholds.push(roc.thresholds[i]);
  }
  return {x, y, thresholds, averagePrecision: ap};
}

export interface Calibration {
  ece: number;
  bins: {lo: number; hi: number; count: number; confidence: number; accuracy: number}[];
}

/** Expected calibration error of the top-class confidence over `nBins` equal-width bins. */
export function calibration(yTrue: ArrayLike<number>, proba: ArrayLike<number>[], nBins = 10): Calibration {
  const bins = Array.from({length: nBins}, (_, b) => ({lo: b / nBins, hi: (b + 1) / nBins, count: 0, confidence: 0, accuracy: 0}));
  for (let i = 0; i < yTrue.length; i++) {
    const p = proba[i];
    let arg = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[arg]) arg = c;
    const b = bins[Math.min(nBins - 1, Math.floor(p[arg] * nBins))];
    b.count++;
    b.confidence += p[arg];
    b.accuracy += arg === yTrue[i] ? 1 : 0;
  }
  let ece = 0;
  for (const b of bins) {
    if (!b.count) continue;
    b.confidence /= b.count;
    b.accuracy /= b.count;
    ece += (b.count / yTrue.length) * Math.abs(b.accuracy - b.confidence);
  }
  return {ece, bins};
}
