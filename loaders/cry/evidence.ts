/**
 * The cry check's evidence as its rule choice reads it: one row per corpus recording and per item
 * of the non-cry set, with what YAMNet heard in its kept clips. loaders/pipeline/cry-evidence.ts
 * computes it.
 */
import type {NonCrySet} from "./non-cry-set.ts";
import type {ClipEvidence} from "./rule.ts";

export interface EvidenceRow {
  id: string;
  /** true for corpus recordings (donated as cries), false for the non-cry set. */
  cry: boolean;
  /** "cleaned WAVs" / "raw uploads" for the corpus; the family for the non-cry set. */
  source: string;
  /** Independent unit: an installation with its duplicates (corpus), a source file (non-cry). */
  group: string;
  seconds: number;
  clips: ClipEvidence[];
  /** YAMNet's most frequent top class over the kept clips. */
  heard: string;
}

export interface Evidence {
  rows: EvidenceRow[];
  /** Mean embedding of each row's kept clips, row-major. */
  embeddings: Float32Array;
  dim: number;
  nonCry: Pick<NonCrySet, "missing" | "packages" | "skipped">;
  /** Corpus files that could not be decoded, and why (left out). */
  skipped: {id: string; reason: string}[];
}

/** The most frequent string (ties: the first in alphabetical order). */
export function mostCommon(values: string[]): string {
  const count = new Map<string, number>();
  for (const v of values) count.set(v, (count.get(v) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}
