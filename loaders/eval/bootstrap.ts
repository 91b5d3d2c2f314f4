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

const all = (n: number) => Array.from({length: n}, (_, i) => i);

/** The metric on `B` seeded resamples of whole units (NaN where it is undefined). */
function resample(n: number, metric: (indices: number[]) => number, B: number, seed: number, units?: ArrayLike<string | number>): number[] {
  return resampleAll(n, [metric], B, seed, units)[0];
}

/** Several metrics on the same `B` seeded resamples (each resample drawn once, handed to every metric). */
function resampleAll(n: number, metrics: ((indices: number[]) => number)[], B: number, seed: number, units?: ArrayLike<string | number>): number[][] {
  if (n === 0) throw new Error("bootstrap: no samples");
  if (units && units.length !== n) throw new Error(`bootstrap: ${units.length} unit ids for ${n} samples`);
  const members: number[][] = units ? [...indexBy(all(n), (i) => units[i]).values()] : all(n).map((i) => [i]);
  const random = rng(seed);
  const values: number[][] = metrics.map(() => []);
  for (let b = 0; b < B; b++) {
    const idx: number[] = [];
    for (let u = 0; u < members.length; u++) idx.push(...members[Math.floor(random() * members.length)]);
    metrics.forEach((m, k) => values[k].push(m(idx)));
  }
  return values;
}

/** The coverage of every interval in the report (pages print it from here, never typed). */
export const INTERVAL_LEVEL = 0.95;

/** Percentile interval of the finite values; refuses when most resamples had no value. */
function percentiles(values: number[], B: number, level: number, what: string): {lo: number; hi: number} {
  const stats = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (stats.length < B / 2) throw new Error(`bootstrap: ${what} undefined in ${B - stats.length} of ${B} resamples`);
  const q = (p: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.round(p * (stats.length - 1))))];
  return {lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2)};
}

export function bootstrapCI(
  n: number,
  metric: (indices: number[]) => number,
  {B = 1000, seed = 42, units, unitName = units ? "unit" : "sample", level = INTERVAL_LEVEL}:
    {B?: number; seed?: number; units?: ArrayLike<string | number>; unitName?: string; level?: number} = {}
): Interval {
  const {lo, hi} = percentiles(resample(n, metric, B, seed, units), B, level, "metric");
  return {estimate: metric(all(n)), lo, hi, B, unit: unitName};
}

/**
 * bootstrapCI of several metrics at once, on the same resamples — the same intervals as one call
 * each with these options, for one resampling, and metrics that share work (a classification
 * report) can reuse it within a resample: every metric is handed the same index array. A metric
 * whose interval cannot be had comes back as the Error bootstrapCI would have thrown.
 */
export function bootstrapCIs(
  n: number,
  metrics: [string, (indices: number[]) => number][],
  {B = 1000, seed = 42, units, unitName = units ? "unit" : "sample", level = INTERVAL_LEVEL}:
    {B?: number; seed?: number; units?: ArrayLike<string | number>; unitName?: string; level?: number} = {}
): Map<string, Interval | Error> {
  const values = resampleAll(n, metrics.map(([, m]) => m), B, seed, units), everything = all(n);
  return new Map(metrics.map(([name, m], k): [string, Interval | Error] => {
    try {
      const {lo, hi} = percentiles(values[k], B, level, "metric");
      return [name, {estimate: m(everything), lo, hi, B, unit: unitName}];
    } catch (e) {
      return [name, e as Error];
    }
  }));
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
export function bootstrapDifference(a: Sample, b: Sample, {B = 1000, seed = 42, unitName = "unit", level = INTERVAL_LEVEL} = {}): Interval {
  const da = resample(a.n, a.metric, B, seed, a.units), db = resample(b.n, b.metric, B, seed + 1, b.units);
  const {lo, hi} = percentiles(da.map((v, i) => v - db[i]), B, level, "difference");
  return {estimate: a.metric(all(a.n)) - b.metric(all(b.n)), lo, hi, B, unit: unitName};
}
