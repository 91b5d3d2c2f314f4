/**
 * The labelled recordings the models see — under one labelling (by default the primary one, the
 * paper's keyword labeller on the re-packaged layout) — their two splits, the recording and group
 * each file belongs to, and each file's clean embedding. Augmented training copies are embedded
 * on demand for the rows a protocol trains on.
 */
import {resolveDataDir} from "../../data/corpus.ts";
import {CLASSES} from "../corpus/labels.ts";
import type {SplitName} from "../eval/split.ts";
import {loadEncoder, type Encoder} from "../encoders/registry.ts";
import {fromRows, matrix, type Matrix} from "../models/matrix.ts";
import {PREPROCESS_PARAMS} from "../audio/preprocess.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {analyseCorpus, PRIMARY_LABELLING, type Labelling, type SplitRow} from "./corpus-analysis.ts";
import {copyIsAugmented, embedAll} from "./embed.ts";
import type {InventoryRow} from "../corpus/inventory.ts";
import {codeHash} from "../lib/code-hash.ts";
import {NAMES, PROTOCOL_ID} from "../lib/names.ts";

export const PAPER_PROTOCOL = NAMES.protocol.paperSplit;
export const GROUPED_PROTOCOL = NAMES.protocol.groupedSplit;
/** Each protocol's display name → its id, which is also the splits table's column. */
export const PROTOCOLS = PROTOCOL_ID;
export type Protocol = keyof typeof PROTOCOLS;

/**
 * The unit every interval resamples, under both protocols: an installation group — one app
 * installation's uploads with their cleaned copies and duplicates. Under the split by file the
 * files of one installation are spread over the splits, but they still are not independent (one
 * baby, one phone, one room), so resampling recordings would make the intervals too narrow.
 */
export const UNIT = "installation group (with its duplicates)";
export const RESAMPLED_UNIT: Record<Protocol, string> = {[PAPER_PROTOCOL]: UNIT, [GROUPED_PROTOCOL]: UNIT};

export interface Dataset {
  enc: Encoder;
  dataDir: string;
  labelling: Labelling;
  labelled: SplitRow[];
  inventory: InventoryRow[];
  /** Inventory row of each labelled recording. */
  rowOf: InventoryRow[];
  X: Matrix;
  /** Class index into CLASSES. */
  y: number[];
  /** Recording id of each file (duplicates share one). */
  recordings: string[];
  /** Installation group of each file (with its duplicates). */
  groups: string[];
  /** Classes that occur, in CLASSES order; models are fitted on their positions. */
  present: number[];
}

/** Clean embeddings of every decodable corpus file, one blob per encoder. */
export async function cleanEmbeddings(enc: Encoder, dataDir: string, rows: InventoryRow[]): Promise<Map<string, Float64Array>> {
  // One blob per encoder: the build's loaders each need the matrix, and reading it back from
  // 1,500 per-file cache entries in every loader process cost seconds each.
  const ok = rows.filter((r) => r.status === "ok");
  const key = cacheKey(
    codeHash(import.meta.url),
    enc.card.sha256,
    PREPROCESS_PARAMS,
    ok.map((r) => r.path + r.sha256)
  );
  const meta = await readCached("datasets", key, ".json");
  const blob = meta && (await readCached("datasets", key, ".f32"));
  let paths: string[], X: Matrix;
  if (meta && blob) {
    paths = JSON.parse(meta.toString()).paths;
    const f = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
    X = matrix(paths.length, enc.card.dim, Float64Array.from(f));
  } else {
    const embs = await embedAll(enc, dataDir, ok);
    const keep = ok.flatMap((_r, i) => (embs[i].ok ? [i] : []));
    paths = keep.map((i) => ok[i].path);
    X = fromRows(keep.map((i) => embs[i].embedding));
    await writeCached("datasets", key, ".f32", new Uint8Array(Float32Array.from(X.data).buffer));
    await writeCached("datasets", key, ".json", JSON.stringify({paths}));
  }
  return new Map(paths.map((p, i) => [p, X.data.subarray(i * X.cols, (i + 1) * X.cols)]));
}

export async function loadDataset(encoderName = "yamnet", labelling: Labelling = PRIMARY_LABELLING, dataDir = resolveDataDir()): Promise<Dataset> {
  const {rows, splits} = await analyseCorpus(dataDir);
  const enc = await loadEncoder(encoderName);
  const byPath = new Map(rows.map((r) => [r.path, r]));
  const emb = await cleanEmbeddings(enc, dataDir, rows);
  const labelled = splits.filter((s) => s.labelling === labelling && emb.has(s.path));
  const X = fromRows(labelled.map((s) => emb.get(s.path)!));
  const y = labelled.map((s) => CLASSES.indexOf(s.label as (typeof CLASSES)[number]));
  return {
    enc,
    dataDir,
    labelling,
    labelled,
    inventory: rows,
    rowOf: labelled.map((s) => byPath.get(s.path)!),
    X,
    y,
    recordings: labelled.map((s) => s.recording),
    groups: labelled.map((s) => s.group),
    present: [...new Set(y)].sort((a, b) => a - b)
  };
}

/** The independent unit of each of the rows `ix`: its installation group, under either protocol. */
export function unitsOf(d: Dataset, protocol: Protocol, ix: number[]): {ids: string[]; name: string} {
  return {ids: ix.map((i) => d.groups[i]), name: RESAMPLED_UNIT[protocol]};
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
  const vectors: ArrayLike<number>[] = [],
    source: number[] = [],
    copy: number[] = [];
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
