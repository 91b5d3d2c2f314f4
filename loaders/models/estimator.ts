/**
 * The one API every classifier here follows (scikit-learn's, in spirit): params as a plain
 * object, fit on a row-major matrix and integer labels 0…K−1, probabilities per class, and a JSON
 * state that round-trips. K is max(y)+1 unless `nClasses` says more (a class absent from a fold
 * then gets probability 0 rather than shifting the columns).
 */
import type {Matrix} from "./matrix.ts";

export interface Classifier {
  readonly params: object;
  fit(X: Matrix, y: ArrayLike<number>): this;
  predictProba(X: Matrix): Float64Array[];
  predict(X: Matrix): number[];
  toJSON(): {name: string};
  /**
   * An ensemble grown one estimator after another, each independent of how many follow (a seeded
   * forest, gradient boosting): the fitted model cut to its first `n` estimators, which is the
   * model fitted with nEstimators = n, prediction for prediction.
   */
  firstEstimators?(n: number): Classifier;
}

export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

/** Checks shared by every fit: matching lengths, integer labels, finite features, two classes. */
export function checkFitInput(name: string, X: Matrix, y: ArrayLike<number>, nClasses?: number): number {
  if (X.rows !== y.length) throw new Error(`${name}: ${X.rows} rows but ${y.length} labels`);
  if (X.rows === 0) throw new Error(`${name}: no training samples`);
  for (let i = 0; i < X.data.length; i++)
    if (!Number.isFinite(X.data[i])) throw new Error(`${name}: non-finite feature at row ${Math.floor(i / X.cols)}, column ${i % X.cols}`);
  let k = 0;
  const present = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i]) || y[i] < 0) throw new Error(`${name}: label ${y[i]} at row ${i} is not a class index`);
    k = Math.max(k, y[i] + 1);
    present.add(y[i]);
  }
  if (present.size < 2) throw new Error(`${name}: the training labels hold a single class (${[...present]}); a classifier needs two`);
  return Math.max(k, nClasses ?? 0);
}
