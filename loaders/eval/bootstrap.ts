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
  opts: {B?: number; seed?: number; units?: ArrayLike<string | number>; unitName?: string; level?: number} = {}
): Interval {
  // One metric of bootstrapCIs: the same resamples and percentiles; an interval it cannot have is thrown.
  const r = bootstrapCIs(n, [["metric", metric]], opts).get("metric") as Interval | Error;
  if (r instanceof Error) throw r;
  return r;
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
  {
    B = 1000,
    seed = 42,
    units,
    unitName = units ? "unit" : "sample",
    level = INTERVAL_LEVEL
  }: {B?: number; seed?: number; units?: ArrayLike<string | number>; unitName?: string; level?: number} = {}
): Map<string, Interval | Error> {
  const values = resampleAll(
      n,
      metrics.map(([, m]) => m),
      B,
      seed,
      units
    ),
    everything = all(n);
  return new Map(
    metrics.map(([name, m], k): [string, Interval | Error] => {
      try {
        const {lo, hi} = percentiles(values[k], B, level, "metric");
        return [name, {estimate: m(everything), lo, hi, B, unit: unitName}];
      } catch (e) {
        return [name, e as Error];
      }
    })
  );
}

export interface Sample {
  n: number;
  metric: (indices: number[]) => number;
  units?: ArrayLike<string | number>;
}

/**
 * Replicates of statistics over several samples that share units, resampled together (paired): a
 * replicate draws units with replacement from the union of every side's units, and each side keeps
 * its own samples of the drawn units, as many times as the unit was drawn. A statistic sees every
 * side's index array and a uniform draw `u` of the replicate's own (to pick, say, one of several
 * refits per replicate, so the refits' spread enters the distribution). Two numbers measured on the
 * same installations move together, so a difference resampled this way is not as wide as two
 * independent resamples make it.
 */
export function clusteredReplicates(
  sides: ArrayLike<string | number>[],
  stats: ((sel: number[][], u: number) => number)[],
  {B = 1000, seed = 42}: {B?: number; seed?: number} = {}
): number[][] {
  if (!sides.length || sides.every((s) => s.length === 0)) throw new Error("bootstrap: no samples");
  const byUnit = new Map<string | number, number[][]>();
  sides.forEach((units, k) => {
    for (let i = 0; i < units.length; i++) {
      let m = byUnit.get(units[i]);
      if (!m) byUnit.set(units[i], (m = sides.map(() => [])));
      m[k].push(i);
    }
  });
  const members = [...byUnit.values()];
  const random = rng(seed);
  const values: number[][] = stats.map(() => []);
  for (let b = 0; b < B; b++) {
    const sel: number[][] = sides.map(() => []);
    for (let u = 0; u < members.length; u++) {
      const m = members[Math.floor(random() * members.length)];
      for (let k = 0; k < sides.length; k++) for (const i of m[k]) sel[k].push(i);
    }
    const u = random();
    stats.forEach((f, k) => values[k].push(sel.some((x) => x.length === 0) ? NaN : f(sel, u)));
  }
  return values;
}

/**
 * Percentile bootstrap interval of metric(a) − metric(b) where the two sides share units (the
 * training and the holdout split of one installation, a CV score and a holdout score): one
 * resample of the union of units drives both sides (clusteredReplicates).
 */
export function bootstrapDifference(a: Sample, b: Sample, {B = 1000, seed = 42, unitName = "unit", level = INTERVAL_LEVEL} = {}): Interval {
  if (!a.units || !b.units) throw new Error("bootstrapDifference: both sides need their units (the pairing is by unit)");
  const [d] = clusteredReplicates([a.units, b.units], [([sa, sb]) => a.metric(sa) - b.metric(sb)], {B, seed});
  const {lo, hi} = percentiles(d, B, level, "difference");
  return {estimate: a.metric(all(a.n)) - b.metric(all(b.n)), lo, hi, B, unit: unitName};
}
