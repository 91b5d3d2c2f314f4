/**
 * Band-limited resampling by an arbitrary ratio (Smith's windowed-sinc interpolation, Kaiser
 * window, the design resampy's "kaiser_best" uses: 64 zero crossings, β 14.77, roll-off 0.9475).
 * The paper's pitch shift resamples by 2^(±n/12), which no small rational factor expresses; the
 * decoder's ffmpeg/soxr path works on files, this one on the in-memory signal.
 */
const ZEROS = 64;
const BETA = 14.769656459379492;
const ROLLOFF = 0.9475937167399596;
const PRECISION = 512; // table points per zero crossing

function besselI0(x: number): number {
  let sum = 1,
    term = 1;
  for (let k = 1; k < 200; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/**
 * The filter's table h (values at PRECISION points per zero crossing) and its differences
 * dh[k] = h[k + 1] − h[k], so that the interpolation h[k] + f · dh[k] reads two tables at one
 * index: the same values as h[k] + f · (h[k + 1] − h[k]), bit for bit, with one load fewer per tap.
 */
let tables: {h: Float64Array; dh: Float64Array} | null = null;
export function filterTables(): {h: Float64Array; dh: Float64Array} {
  if (tables) return tables;
  const n = ZEROS * PRECISION + 2;
  const h = new Float64Array(n);
  const i0b = besselI0(BETA);
  for (let j = 0; j < n; j++) {
    const u = j / PRECISION;
    const sinc = u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    const r = u / ZEROS;
    h[j] = r >= 1 ? 0 : (sinc * besselI0(BETA * Math.sqrt(1 - r * r))) / i0b;
  }
  const dh = new Float64Array(n);
  for (let j = 0; j + 1 < n; j++) dh[j] = h[j + 1] - h[j];
  tables = {h, dh};
  return tables;
}

/**
 * Taps `from`…`to` of one output sample at input time t, added to `acc` in ascending order: those
 * left of t (i ≤ mid) by t − i, those right of it by i − t, with no branch per tap; u < 2¹⁵, so
 * u | 0 is its floor.
 */
function addTaps(
  x: ArrayLike<number>,
  h: Float64Array,
  dh: Float64Array,
  t: number,
  scale: number,
  from: number,
  to: number,
  mid: number,
  acc: number
): number {
  const m = Math.min(mid, to);
  for (let i = from; i <= m; i++) {
    const u = (t - i) * scale;
    const k = u | 0;
    acc += x[i] * (h[k] + (u - k) * dh[k]);
  }
  for (let i = Math.max(from, mid + 1); i <= to; i++) {
    const u = (i - t) * scale;
    const k = u | 0;
    acc += x[i] * (h[k] + (u - k) * dh[k]);
  }
  return acc;
}

/** Resample `x` by `ratio` = target rate / source rate; output length ceil(n · ratio). */
export function resample(x: ArrayLike<number>, ratio: number): Float64Array {
  if (!(ratio > 0) || !Number.isFinite(ratio)) throw new RangeError(`resampling ratio must be a positive number, got ${ratio}`);
  const {h, dh} = filterTables();
  const cutoff = ROLLOFF * Math.min(1, ratio);
  const reach = ZEROS / cutoff; // half-width of the filter in input samples
  const scale = cutoff * PRECISION;
  const n = x.length;
  const out = new Float64Array(Math.ceil(n * ratio));
  // Output samples in pairs (a, b = a + 1): each sums its own taps in ascending order, exactly as one
  // at a time, but the taps the two share run in one loop with two accumulators, so the additions of
  // one do not wait on the other's (a chain of dependent additions bounded the single loop).
  const span = (j: number) => {
    const t = j / ratio;
    const hi = Math.min(n - 1, Math.floor(t + reach));
    return {t, lo: Math.max(0, Math.ceil(t - reach)), hi, mid: Math.min(hi, Math.floor(t))};
  };
  let j = 0;
  for (; j + 1 < out.length; j += 2) {
    const a = span(j),
      b = span(j + 1);
    // a alone before b's first tap; both on [lo_b, hi_a]; b alone after a's last.
    let accA = addTaps(x, h, dh, a.t, scale, a.lo, Math.min(b.lo - 1, a.hi), a.mid, 0),
      accB = 0;
    const c0 = b.lo,
      c1 = a.hi;
    // On the shared taps: both left of their t (i ≤ mid_a ≤ mid_b), then a right and b left, then both right.
    const e1 = Math.min(a.mid, c1);
    for (let i = c0; i <= e1; i++) {
      const xi = x[i];
      const ua = (a.t - i) * scale,
        ub = (b.t - i) * scale;
      const ka = ua | 0,
        kb = ub | 0;
      accA += xi * (h[ka] + (ua - ka) * dh[ka]);
      accB += xi * (h[kb] + (ub - kb) * dh[kb]);
    }
    const e2 = Math.min(b.mid, c1);
    for (let i = Math.max(c0, a.mid + 1); i <= e2; i++) {
      const xi = x[i];
      const ua = (i - a.t) * scale,
        ub = (b.t - i) * scale;
      const ka = ua | 0,
        kb = ub | 0;
      accA += xi * (h[ka] + (ua - ka) * dh[ka]);
      accB += xi * (h[kb] + (ub - kb) * dh[kb]);
    }
    for (let i = Math.max(c0, b.mid + 1); i <= c1; i++) {
      const xi = x[i];
      const ua = (i - a.t) * scale,
        ub = (i - b.t) * scale;
      const ka = ua | 0,
        kb = ub | 0;
      accA += xi * (h[ka] + (ua - ka) * dh[ka]);
      accB += xi * (h[kb] + (ub - kb) * dh[kb]);
    }
    accB = addTaps(x, h, dh, b.t, scale, Math.max(a.hi + 1, b.lo), b.hi, b.mid, accB);
    out[j] = accA * cutoff;
    out[j + 1] = accB * cutoff;
  }
  if (j < out.length) {
    const a = span(j);
    out[j] = addTaps(x, h, dh, a.t, scale, a.lo, a.hi, a.mid, 0) * cutoff;
  }
  return out;
}
