/**
 * Percentile bootstrap 95% interval of a metric. Resamples independent units with replacement, `B`
 * times, seeded: each sample alone, or — when `units` gives each sample's unit id — whole units
 * (a recording with all its copies, an installation with all its recordings), because samples that
 * share a unit are not independent and resampling them one by one makes the interval too narrow.
 */
import {indexBy} from "../lib/index-by.ts";
import {rng} from "../lib/random.ts";

export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
  B: number;
  /** What was resampled, in words. */
  unit: string;
}

export function bootstrapCI(
  n: number,
  metric: (indices: number[]) => number,
  {B = 1000, seed = 42, units, unitName = units ? "unit" : "sample", level = 0.95}:
    {B?: number; seed?: number; units?: ArrayLike<string | number>; unitName?: string; level?: number} = {}
): Interval {
  if (n === 0) throw new Error("bootstrap: no samples");
  const all = Array.from({length: n}, (_, i) => i);
  if (units && units.length !== n) throw new Error(`bootstrap: ${units.length} unit ids for ${n} samples`);
  const members: number[][] = units ? [...indexBy(all, (i) => units[i]).values()] : all.map((i) => [i]);
  const random = rng(seed);
  const stats: number[] = [];
  for (let b = 0; b < B; b++) {
    const idx: number[] = [];
    for (let u = 0; u < members.length; u++) idx.push(...members[Math.floor(random() * members.length)]);
    const s = metric(idx);
    if (Number.isFinite(s)) stats.push(s);
  }
  if (stats.length < B / 2) throw new Error(`bootstrap: metric undefined in ${B - stats.length} of ${B} resamples`);
  stats.sort((a, b) => a - b);
  const q = (p: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.round(p * (stats.length - 1))))];
  return {estimate: metric(all), lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2), B, unit: unitName};
}

export interface Sample {
  n: number;
  metric: (indices: number[]) => number;
  units?: ArrayLike<string | number>;
}

/**
 * Percentile bootstrap interval of metric(a) − metric(b) for two independent samples (e.g. the
 * training and the holdout split): each side resampled by its own units, with its own stream.
 */
export function bootstrapDifference(a: Sample, b: Sample, {B = 1000, seed = 42, unitName = "unit", level = 0.95} = {}): Interval {
  const draws = (s: Sample, k: number) => {
    const values: number[] = [];
    bootstrapCI(s.n, (idx) => {
      const v = s.metric(idx);
      values.push(v);
      return v;
    }, {B, seed: seed + k, units: s.units, level});
    return values.slice(0, B);
  };
  const da = draws(a, 0), db = draws(b, 1);
  const stats = da.map((v, i) => v - db[i]).filter(Number.isFinite).sort((x, y) => x - y);
  if (stats.length < B / 2) throw new Error(`bootstrap: difference undefined in ${B - stats.length} of ${B} resamples`);
  const q = (p: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.round(p * (stats.length - 1))))];
  const all = (n: number) => Array.from({length: n}, (_, i) => i);
  return {estimate: a.metric(all(a.n)) - b.metric(all(b.n)), lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2), B, unit: unitName};
}
