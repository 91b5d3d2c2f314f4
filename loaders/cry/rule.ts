/**
 * "Is this a cry?" — the rules the build chooses among, and how one is applied to a recording. The
 * evidence comes from YAMNet on the decoded recording (16 kHz, conditioned to [-1, 1] inside the
 * encoder graph) — not on the paper's filtered, unit-RMS signal that the classifier head sees —
 * in 2 s clips, with clips 50 dB below the recording's RMS left out. Shared verbatim by the build,
 * the command line and the page (no Node imports).
 */
import {CLIP_HOP, CLIP_SAMPLES, dropSilentClips, normalizeRms, segmentClips, SILENCE_DB, type ClipSelection} from "../audio/clips.ts";

/** AudioSet "Crying, sobbing" and "Baby cry, infant cry". */
export const CRY_CLASSES = [19, 20];

export type CryRule =
  /** Some kept clip gives a cry class at least `threshold`. */
  | {kind: "audioset-score"; threshold: number}
  /** Some kept clip has a cry class among its `k` best AudioSet classes. */
  | {kind: "audioset-top-k"; k: number}
  /** The cry/non-cry head on the mean embedding of the kept clips gives P(cry) ≥ threshold. */
  | {kind: "head"; threshold: number}
  /** Both: some kept clip scores at least `threshold` for a cry class, and the head gives P(cry) ≥ `headThreshold`. */
  | {kind: "audioset-and-head"; threshold: number; headThreshold: number};

/** Whether the rule needs the cry head's probability (and so its model). */
export const needsHead = (rule: CryRule): boolean => rule.kind === "head" || rule.kind === "audioset-and-head";

export interface ClipEvidence {
  /** max over CRY_CLASSES of the clip's AudioSet score. */
  cryScore: number;
  /** 1-based rank of the best cry class among the clip's 521 scores. */
  cryRank: number;
}

export function clipEvidence(scores: ArrayLike<number>): ClipEvidence {
  const cryScore = Math.max(...CRY_CLASSES.map((c) => scores[c]));
  let above = 0;
  for (let c = 0; c < scores.length; c++) if (scores[c] > cryScore) above++;
  return {cryScore, cryRank: above + 1};
}

/** Whether a recording passes: `clips` are its kept clips; `probability` the head's P(cry), when the rule needs it. */
export function passes(rule: CryRule, clips: ClipEvidence[], probability?: number): boolean {
  switch (rule.kind) {
    case "audioset-score":
      return clips.some((c) => c.cryScore >= rule.threshold);
    case "audioset-top-k":
      return clips.some((c) => c.cryRank <= rule.k);
    case "head":
    case "audioset-and-head": {
      if (probability === undefined || !Number.isFinite(probability)) throw new Error("the cry rule needs the cry head's probability");
      if (rule.kind === "head") return probability >= rule.threshold;
      return probability >= rule.headThreshold && clips.some((c) => c.cryScore >= rule.threshold);
    }
  }
}

/** The rule in a few symbols, for tables: "score ≥ 0.001 and P(cry) ≥ 0.9". */
export function ruleLabel(rule: CryRule): string {
  switch (rule.kind) {
    case "audioset-score":
      return `score ≥ ${rule.threshold}`;
    case "audioset-top-k":
      return `cry class in top ${rule.k}`;
    case "head":
      return `P(cry) ≥ ${rule.threshold}`;
    case "audioset-and-head":
      return `score ≥ ${rule.threshold} and P(cry) ≥ ${rule.headThreshold}`;
  }
}

export function describeRule(rule: CryRule): string {
  switch (rule.kind) {
    case "audioset-score":
      return `a kept clip scores at least ${rule.threshold} for an AudioSet cry class`;
    case "audioset-top-k":
      return `a kept clip has an AudioSet cry class among its ${rule.k} best classes`;
    case "head":
      return `the cry/non-cry head gives P(cry) ≥ ${rule.threshold} on the mean embedding of the kept clips`;
    case "audioset-and-head":
      return `a kept clip scores at least ${rule.threshold} for an AudioSet cry class and the cry/non-cry head gives P(cry) ≥ ${rule.headThreshold} on the mean embedding of the kept clips`;
  }
}

/**
 * The clips the cry check listens to: the decoded recording in the classifier's 2 s clips (same
 * positions), RMS-normalised so that "silent" means 50 dB below the recording's own level. Scale is
 * irrelevant to the encoder (its graph peak-normalises each clip), so this is the decoded signal.
 */
export function cryClips(samples: ArrayLike<number>): ClipSelection & {all: Float32Array[]} {
  const all = segmentClips(normalizeRms(samples), CLIP_SAMPLES, CLIP_HOP);
  return {...dropSilentClips(all, SILENCE_DB), all};
}
