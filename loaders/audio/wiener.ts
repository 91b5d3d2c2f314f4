/**
 * `scipy.signal.wiener(x)` with its defaults (window 3, noise = mean of the local variance), in
 * float64 like scipy (its `correlate` with a float64 window promotes a float32 input). Edges use
 * zero padding, as `correlate(..., "same")` does. Where the local variance is below the noise the
 * output is the local mean. A constant signal gives NaN, exactly as scipy does (0 · (1 − 0/0));
 * callers reject silent recordings before filtering.
 */
/** Local mean and variance of the window at i (zero padding), summed from 0 in window order. */
function windowStats(x: ArrayLike<number>, i: number, size: number, mean: Float64Array, variance: Float64Array): void {
  const n = x.length,
    half = Math.floor(size / 2);
  let s = 0,
    s2 = 0;
  for (let k = -half; k < size - half; k++) {
    const j = i + k;
    if (j >= 0 && j < n) {
      s += x[j];
      s2 += x[j] * x[j];
    }
  }
  mean[i] = s / size;
  variance[i] = s2 / size - mean[i] * mean[i];
}

export function wiener(x: ArrayLike<number>, size = 3): Float64Array {
  const n = x.length;
  const half = Math.floor(size / 2);
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  // The window of 3 away from the ends is unrolled: the same sums in the same order (from 0, so that
  // −0 samples sum as the general loop sums them). The noise is the variances' sum in index order.
  const head = Math.min(half, n),
    fast = size === 3 ? Math.max(head, n - half) : head;
  let noise = 0;
  for (let i = 0; i < head; i++) {
    windowStats(x, i, size, mean, variance);
    noise += variance[i];
  }
  for (let i = head; i < fast; i++) {
    const a = x[i - 1],
      b = x[i],
      c = x[i + 1];
    const m = (0 + a + b + c) / 3;
    const v = (0 + a * a + b * b + c * c) / 3 - m * m;
    mean[i] = m;
    variance[i] = v;
    noise += v;
  }
  for (let i = fast; i < n; i++) {
    windowStats(x, i, size, mean, variance);
    noise += variance[i];
  }
  noise /= n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = variance[i] < noise ? mean[i] : (x[i] - mean[i]) * (1 - noise / variance[i]) + mean[i];
  }
  return out;
}
