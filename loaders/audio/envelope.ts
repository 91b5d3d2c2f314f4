/**
 * Waveform envelopes for drawing: a recording of tens of thousands of samples drawn as a few hundred
 * blocks. Pure functions over sample arrays.
 */

export interface MinMaxBlock {
  /** Start of the block, in seconds. */
  t: number;
  min: number;
  max: number;
}

/** Smallest and largest sample per block of `frame` samples, over the first `maxSamples` samples. */
export function minMaxEnvelope(x: ArrayLike<number>, rate: number, frame: number, maxSamples = Infinity): MinMaxBlock[] {
  if (!(frame >= 1) || !(rate > 0)) throw new Error(`minMaxEnvelope: frame ${frame} and rate ${rate} must be positive`);
  const out: MinMaxBlock[] = [];
  for (let start = 0; start < Math.min(x.length, maxSamples); start += frame) {
    let min = Infinity,
      max = -Infinity;
    for (let i = start; i < Math.min(start + frame, x.length); i++) (min = Math.min(min, x[i])), (max = Math.max(max, x[i]));
    out.push({t: start / rate, min, max});
  }
  return out;
}

export interface PeakBlock {
  /** Start of the block, in seconds. */
  t: number;
  /** Largest |sample| in the block. */
  m: number;
}

/** Peak |amplitude| per block, about `points` blocks: enough to draw, small enough to plot. */
export function peakEnvelope(samples: ArrayLike<number>, rate: number, points = 1200): PeakBlock[] {
  if (!(rate > 0)) throw new Error(`peakEnvelope: sample rate ${rate} is not positive`);
  const step = Math.max(1, Math.floor(samples.length / points));
  const out: PeakBlock[] = [];
  for (let i = 0; i < samples.length; i += step) {
    let m = 0;
    for (let j = i; j < Math.min(i + step, samples.length); j++) m = Math.max(m, Math.abs(samples[j]));
    out.push({t: i / rate, m});
  }
  return out;
}
