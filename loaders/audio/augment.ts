/**
 * The paper's training-time augmentation (docs/method.md §2), applied to the unit-RMS signal before it
 * is cut into clips. Copy 0 is always clean; copies 1 and 2 are augmented with probability 0.5,
 * and an augmented copy passes through each step with that step's own probability. Seeded per
 * (recording, copy) so every copy is reproducible on its own and cacheable.
 */
import {rng} from "../lib/random.ts";
import {resample} from "./resample.ts";
import {timeStretch} from "./time-stretch.ts";

export const AUGMENT_PARAMS = {
  copies: 3,
  pAugment: 0.5,
  noise: {p: 0.5, min: 0.001, max: 0.015},
  stretch: {p: 0.5, min: 0.8, max: 1.25},
  pitch: {p: 0.5, min: -4, max: 4},
  shift: {p: 0.3, min: -0.5, max: 0.5}
};

export interface AugmentPlan {
  augmented: boolean;
  noise: number | null;
  stretch: number | null;
  semitones: number | null;
  shift: number | null;
}

/** A stable 32-bit seed from a recording's sha256, the copy index and the run's seed. */
export function copySeed(sha256: string, copy: number, seed: number): number {
  let h = (seed ^ Math.imul(copy + 1, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < sha256.length; i++) h = Math.imul(h ^ sha256.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Draws what happens to one copy. Copy 0 is never augmented. */
export function planAugmentation(random: () => number, copy: number): AugmentPlan {
  const P = AUGMENT_PARAMS;
  const none: AugmentPlan = {augmented: false, noise: null, stretch: null, semitones: null, shift: null};
  if (copy === 0 || random() >= P.pAugment) return none;
  const u = (lo: number, hi: number) => lo + (hi - lo) * random();
  const maybe = (p: number, lo: number, hi: number) => (random() < p ? u(lo, hi) : null);
  return {
    augmented: true,
    noise: maybe(P.noise.p, P.noise.min, P.noise.max),
    stretch: maybe(P.stretch.p, P.stretch.min, P.stretch.max),
    semitones: maybe(P.pitch.p, P.pitch.min, P.pitch.max),
    shift: maybe(P.shift.p, P.shift.min, P.shift.max)
  };
}

function gaussian(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - random(),
      v = random(); // u in (0, 1]: log(u) finite
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export function addNoise(y: ArrayLike<number>, amplitude: number, random: () => number): Float64Array {
  const g = gaussian(random);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] + amplitude * g();
  return out;
}

/** librosa.effects.pitch_shift: stretch by 2^(-n/12), resample back to the original rate, fix length. */
export function pitchShift(y: ArrayLike<number>, semitones: number): Float64Array {
  const rate = 2 ** (-semitones / 12);
  const shifted = resample(timeStretch(y, rate), rate);
  const out = new Float64Array(y.length);
  out.set(shifted.subarray(0, y.length));
  return out;
}

/** np.roll(y, int(fraction · n)). */
export function circularShift(y: ArrayLike<number>, fraction: number): Float64Array {
  const n = y.length;
  const k = Math.trunc(fraction * n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[(((i + k) % n) + n) % n] = y[i];
  return out;
}

export function applyAugmentation(y: ArrayLike<number>, plan: AugmentPlan, random: () => number): Float64Array {
  let x: Float64Array = Float64Array.from(y);
  if (!plan.augmented) return x;
  if (plan.noise !== null) x = addNoise(x, plan.noise, random);
  if (plan.stretch !== null) x = timeStretch(x, plan.stretch);
  if (plan.semitones !== null) x = pitchShift(x, plan.semitones);
  if (plan.shift !== null) x = circularShift(x, plan.shift);
  return x;
}

/** One copy of a recording: its plan and signal, reproducible from (sha256, copy, seed). */
export function augmentCopy(y: ArrayLike<number>, sha256: string, copy: number, seed: number): {plan: AugmentPlan; signal: Float64Array} {
  const random = rng(copySeed(sha256, copy, seed));
  const plan = planAugmentation(random, copy);
  return {plan, signal: applyAugmentation(y, plan, random)};
}
