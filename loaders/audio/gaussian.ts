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
  // tap), summing the same products in the same order. The paper's kernel (σ 0.5: five taps) is
  // unrolled there, from 0 as the loop sums.
  const edge = (i: number) => {
    let acc = 0;
    for (let k = -r; k <= r; k++) acc += w[k + r] * x[reflectIndex(i + k, n)];
    out[i] = acc;
  };
  const end = Math.max(r, n - r);
  for (let i = 0; i < Math.min(r, n); i++) edge(i);
  if (r === 2) {
    const [w0, w1, w2, w3, w4] = w;
    for (let i = 2; i < end; i++) out[i] = 0 + w0 * x[i - 2] + w1 * x[i - 1] + w2 * x[i] + w3 * x[i + 1] + w4 * x[i + 2];
  } else
    for (let i = r; i < end; i++) {
      let acc = 0;
      for (let k = -r; k <= r; k++) acc += w[k + r] * x[i + k];
      out[i] = acc;
    }
  for (let i = Math.max(end, Math.min(r, n)); i < n; i++) edge(i);
  return out;
}
