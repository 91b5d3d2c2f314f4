/**
 * `scipy.ndimage.gaussian_filter1d(x, sigma, truncate=4.0, mode="reflect")`: a normalised Gaussian
 * kernel of radius `int(truncate·sigma + 0.5)`, with half-sample symmetric reflection at the edges
 * (d c b a | a b c d | d c b a), which also covers signals shorter than the kernel.
 */
export function gaussianKernel(sigma: number, truncate = 4.0): Float64Array {
  const radius = Math.trunc(truncate * sigma + 0.5);
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += w[k + radius] = Math.exp((-0.5 / (sigma * sigma)) * k * k);
  for (let k = 0; k < w.length; k++) w[k] /= sum;
  return w;
}

/** Index into [0, n) under scipy's "reflect" boundary. */
export function reflectIndex(j: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  const m = ((j % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

export function gaussianFilter1d(x: ArrayLike<number>, sigma: number, truncate = 4.0): Float64Array {
  const w = gaussianKernel(sigma, truncate);
  const r = (w.length - 1) / 2;
  const n = x.length;
  const out = new Float64Array(n);
  // Away from the ends no index reflects: those samples skip reflectIndex (two integer divisions a
  // tap), summing the same products in the same order.
  for (let i = 0; i < n; i++) {
    let acc = 0;
    if (i >= r && i + r < n) for (let k = -r; k <= r; k++) acc += w[k + r] * x[i + k];
    else for (let k = -r; k <= r; k++) acc += w[k + r] * x[reflectIndex(i + k, n)];
    out[i] = acc;
  }
  return out;
}
