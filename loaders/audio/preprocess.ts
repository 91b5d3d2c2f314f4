/**
 * The paper's per-file audio pipeline after decoding (docs/method.md §2): Wiener filter → Gaussian
 * smoothing (σ 0.5) → unit RMS → 2 s clips → drop silent clips. Pure: samples in, clips out.
 */
import {CLIP_HOP, CLIP_SAMPLES, dropSilentClips, normalizeRms, segmentClips, SILENCE_DB, type ClipSelection} from "./clips.ts";
import {gaussianFilter1d} from "./gaussian.ts";
import {wiener} from "./wiener.ts";
import {augmentCopy, type AugmentPlan} from "./augment.ts";

export const PREPROCESS_PARAMS = {wienerSize: 3, gaussianSigma: 0.5, gaussianTruncate: 4, clip: CLIP_SAMPLES, hop: CLIP_HOP, silenceDb: SILENCE_DB};

export class PreprocessError extends Error {}

/** The two filters, before the unit-RMS step: Wiener, then Gaussian smoothing (what /audio and /study measure the filters by). */
export function smoothSignal(x: ArrayLike<number>): Float64Array {
  if (x.length === 0) throw new PreprocessError("no samples (shorter than one sample at 16 kHz)");
  // One pass for both checks, with comparisons (Math.min / Math.max over the samples cost more than
  // the Wiener filter); ±0 compare equal either way, which is all the silence test asks.
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) throw new PreprocessError(`non-finite sample at index ${i}`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // scipy's Wiener filter turns a constant signal into NaN; the paper would have embedded NaNs.
  if (hi === lo) throw new PreprocessError("silent recording (every sample is the same value)");
  const w = wiener(x, PREPROCESS_PARAMS.wienerSize);
  return gaussianFilter1d(w, PREPROCESS_PARAMS.gaussianSigma, PREPROCESS_PARAMS.gaussianTruncate);
}

/** The paper's filtering: both filters, then unit RMS. */
export function filterSignal(x: ArrayLike<number>): Float64Array {
  return normalizeRms(smoothSignal(x));
}

function clipsOf(signal: ArrayLike<number>): ClipSelection {
  return dropSilentClips(segmentClips(signal, PREPROCESS_PARAMS.clip, PREPROCESS_PARAMS.hop), PREPROCESS_PARAMS.silenceDb);
}

export function preprocess(x: ArrayLike<number>): ClipSelection {
  return clipsOf(filterSignal(x));
}

/** A training copy (docs/method.md §2): filter, unit RMS, then the copy's augmentation, then clips. */
export function preprocessCopy(x: ArrayLike<number>, sha256: string, copy: number, seed: number): ClipSelection & {plan: AugmentPlan} {
  const {plan, signal} = augmentCopy(filterSignal(x), sha256, copy, seed);
  return {...clipsOf(signal), plan};
}
