/**
 * `scipy.signal.wiener(x)` with its defaults (window 3, noise = mean of the local variance), in
 * float64 like scipy (its `correlate` with a float64 window promotes a float32 input). Edges use
 * zero padding, as `correlate(..., "same")` does. Where the local variance is below the noise the
 * output is the local mean. A constant signal gives NaN, exactly as scipy does (0 · (1 − 0/0));
 * callers reject silent recordings before filtering.
 */
export function wiener(x: ArrayLike<number>, size = 3): Float64Array {
  const n = x.length;
  const half = Math.floor(size / 2);
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
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
  let noise = 0;
  for (let i = 0; i < n; i++) noise += variance[i];
  noise /= n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = variance[i] < noise ? mean[i] : (x[i] - mean[i]) * (1 - noise / variance[i]) + mean[i];
  }
  return out;
}
