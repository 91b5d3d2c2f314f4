/**
 * The one softmax of the models (logistic regression, its loss, gradient boosting, the neural
 * head's TypeScript forward pass). The study's numbers must not move by a bit when a model switches
 * to it, so the floating-point operations and their order are fixed here: the largest value is
 * subtracted first (exp never overflows), the exponentials are summed left to right from 0, and
 * each is divided by that sum.
 */

/**
 * Softmax of `z[start, end)` in place; returns the log of the normaliser, max + log Σ exp(z − max),
 * so −log softmax(z)[c] = returned − z[c] (the multinomial loss).
 */
export function softmaxInPlace(z: Float64Array, start = 0, end = z.length): number {
  let max = -Infinity;
  for (let c = start; c < end; c++) if (z[c] > max) max = z[c];
  let sum = 0;
  for (let c = start; c < end; c++) sum += z[c] = Math.exp(z[c] - max);
  for (let c = start; c < end; c++) z[c] /= sum;
  return max + Math.log(sum);
}

/** Softmax of `values` into a new array. */
export function softmax(values: ArrayLike<number>): Float64Array {
  const z = Float64Array.from(values);
  softmaxInPlace(z);
  return z;
}

/** The two-class case as the logistic function, 1 / (1 + e^−x) (gradient boosting's binary probability). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
