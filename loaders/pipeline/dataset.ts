/**
 * The labelled recordings the models see: file-name-code labels (the paper's code table), the
 * paper split and the grouped split, and each recording's clean embedding. Augmented training
 * copies are embedded on demand for the rows a protocol trains on.
 */
import {resolveDataDir} from "../../data/corpus.ts";
import {CLASSES} from "../corpus/labels.ts";
import type {SplitName} from "../eval/split.ts";
import {loadEncoder, type Encoder} from "../encoders/registry.ts";
import {fromRows, type Matrix} from "../models/matrix.ts";
import {analyseCorpus, type SplitRow} from "./corpus-analysis.ts";
import {embedAll} from "./embed.ts";
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
  const embs = await embedAll(enc, dataDir, rows);
  const byPath = new Map(rows.map((r, i) => [r.path, {row: r, emb: embs[i]}]));
  const labelled = splits.filter((s) => s.labelling === "file-name codes" && byPath.get(s.path)?.emb.ok);
  const y = labelled.map((s) => CLASSES.indexOf(s.label as (typeof CLASSES)[number]));
  return {
    enc, dataDir, labelled, inventory: rows,
    rowOf: labelled.map((s) => byPath.get(s.path)!.row),
    X: fromRows(labelled.map((s) => byPath.get(s.path)!.emb.embedding)),
    y, groups: labelled.map((s) => s.group),
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
      if (e.embedding.some((v, j) => v !== d.X.data[train[t] * d.X.cols + j])) augmented++;
    })
  );
  return {X: fromRows(vectors), source, copy, augmented};
}
