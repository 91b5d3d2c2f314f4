/**
 * The labelled recordings the models see: file-name-code labels (the paper's code table), the
 * paper split and the grouped split, and each recording's clean embedding. Augmented training
 * copies are embedded on demand for the rows a protocol trains on.
 */
import {resolveDataDir} from "../../data/corpus.ts";
import {CLASSES} from "../corpus/labels.ts";
import type {SplitName} from "../eval/split.ts";
import {loadEncoder, type Encoder} from "../encoders/registry.ts";
import {fromRows, matrix, type Matrix} from "../models/matrix.ts";
import {PREPROCESS_PARAMS} from "../audio/preprocess.ts";
import {cacheKey, readCached, writeCached} from "./cache.ts";
import {analyseCorpus, type SplitRow} from "./corpus-analysis.ts";
import {copyIsAugmented, embedAll} from "./embed.ts";
import type {InventoryRow} from "../corpus/inventory.ts";

export const PROTOCOLS = {"paper split (by recording)": "paperSplit", "grouped split": "groupedSplit"} as const;
export type Protocol = keyof typeof PROTOCOLS;

export interface Dataset {
  enc: Encoder;
  dataDir: string;
  labelled: SplitRow[];
  inventory: InventoryRow[];
  /** Inventory row of each labelled recording. */
  rowOf: InventoryRow[];
  X: Matrix;
  /** Class index into CLASSES. */
  y: number[];
  groups: string[];
  /** Classes that occur, in CLASSES order; models are fitted on their positions. */
  present: number[];
}

export async function loadDataset(encoderName = "yamnet", dataDir = resolveDataDir()): Promise<Dataset> {
  const {rows, splits} = await analyseCorpus(dataDir);
  const enc = await loadEncoder(encoderName);
  const byPath = new Map(rows.map((r) => [r.path, r]));
  const candidates = splits.filter((s) => s.labelling === "file-name codes");
  // One blob per (encoder, recordings): the build's loaders each need the matrix, and reading it
  // back from 1,500 per-file cache entries in every loader process cost seconds each.
  const key = cacheKey("dataset-v1", enc.card.sha256, PREPROCESS_PARAMS, candidates.map((s) => s.path + byPath.get(s.path)!.sha256));
  const meta = await readCached("datasets", key, ".json");
  const blob = meta && (await readCached("datasets", key, ".f32"));
  let labelled: SplitRow[], X: Matrix;
  if (meta && blob) {
    const keep = new Set<string>(JSON.parse(meta.toString()).paths);
    labelled = candidates.filter((s) => keep.has(s.path));
    const f = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
    X = matrix(labelled.length, enc.card.dim, Float64Array.from(f));
  } else {
    const embs = await embedAll(enc, dataDir, rows);
    const embOf = new Map(rows.map((r, i) => [r.path, embs[i]]));
    labelled = candidates.filter((s) => embOf.get(s.path)?.ok);
    X = fromRows(labelled.map((s) => embOf.get(s.path)!.embedding));
    await writeCached("datasets", key, ".f32", new Uint8Array(Float32Array.from(X.data).buffer));
    await writeCached("datasets", key, ".json", JSON.stringify({paths: labelled.map((s) => s.path)}));
  }
  const y = labelled.map((s) => CLASSES.indexOf(s.label as (typeof CLASSES)[number]));
  return {
    enc, dataDir, labelled, inventory: rows,
    rowOf: labelled.map((s) => byPath.get(s.path)!),
    X, y, groups: labelled.map((s) => s.group),
    present: [...new Set(y)].sort((a, b) => a - b)
  };
}

export function splitIndices(d: Dataset, protocol: Protocol, split: SplitName): number[] {
  const field = PROTOCOLS[protocol];
  return d.labelled.flatMap((s, i) => (s[field] === split ? [i] : []));
}

/**
 * The paper's augmented training set: for each training recording, copy 0 (clean) and copies 1–2
 * (augmented with probability 0.5 each). Returns the rows' embeddings and which recording each
 * copy came from, so folds can keep a recording's copies together.
 */
export async function augmentedTrainingSet(d: Dataset, train: number[]): Promise<{X: Matrix; source: number[]; copy: number[]; augmented: number}> {
  const rows = train.map((i) => d.rowOf[i]);
  const copies = [await embedAll(d.enc, d.dataDir, rows, 1), await embedAll(d.enc, d.dataDir, rows, 2)];
  const vectors: ArrayLike<number>[] = [], source: number[] = [], copy: number[] = [];
  let augmented = 0;
  train.forEach((i) => {
    vectors.push(d.X.data.subarray(i * d.X.cols, (i + 1) * d.X.cols));
    source.push(i);
    copy.push(0);
  });
  copies.forEach((embs, c) =>
    embs.forEach((e, t) => {
      // A copy that failed (e.g. silent after augmentation) is reported by count, not used.
      if (!e.ok) return;
      vectors.push(e.embedding);
      source.push(train[t]);
      copy.push(c + 1);
      if (copyIsAugmented(rows[t].sha256, c + 1)) augmented++;
    })
  );
  return {X: fromRows(vectors), source, copy, augmented};
}
