/**
 * Percentile bootstrap 95% interval of a metric. Resamples units — recordings, or groups (an app
 * installation with all its recordings) when `groups` is given — with replacement, `B` times, seeded.
 */
import {indexBy} from "./index-by.ts";
import {rng} from "./random.ts";

export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
  B: number;
  unit: "recording" | "group";
}

export function bootstrapCI(
  n: number,
  metric: (indices: number[]) => number,
  {B = 1000, seed = 42, groups, level = 0.95}: {B?: number; seed?: number; groups?: ArrayLike<string | number>; level?: number} = {}
): Interval {
  if (n === 0) throw new Error("bootstrap: no samples");
  const all = Array.from({length: n}, (_, i) => i);
  let units: number[][] = all.map((i) => [i]);
  if (groups) units = [...indexBy(all, (i) => groups[i]).values()];
  const random = rng(seed);
  const stats: number[] = [];
  for (let b = 0; b < B; b++) {
    const idx: number[] = [];
    for (let u = 0; u < units.length; u++) idx.push(...units[Math.floor(random() * units.length)]);
    const s = metric(idx);
    if (Number.isFinite(s)) stats.push(s);
  }
  if (stats.length < B / 2) throw new Error(`bootstrap: metric undefined in ${B - stats.length} of ${B} resamples`);
  stats.sort((a, b) => a - b);
  const q = (p: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.round(p * (stats.length - 1))))];
  return {estimate: metric(all), lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2), B, unit: groups ? "group" : "recording"};
}
