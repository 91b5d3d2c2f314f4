/**
 * Corpus-level facts several pages share: the inventory, duplicate pairs found by content, and the
 * splits (the paper's by recording, and grouped by installation + duplicates) under both labellings.
 * Duplicate search is cached under a key of every file's sha256 and the algorithm version.
 */
import {join} from "node:path";
import {resolveDataDir} from "../../data/corpus.ts";
import {decodeCached} from "../audio/decode-cached.ts";
import type {InventoryRow} from "../corpus/inventory.ts";
import {cachedInventory} from "./inventory-cached.ts";
import {DUPLICATES_VERSION, envelopeDb, findDuplicates, MATCH_CORRELATION, POSSIBLE_CORRELATION, type DuplicatePair} from "../corpus/duplicates.ts";
import {CLASSES} from "../corpus/labels.ts";
import {groupedSplit, linkGroups, paperSplit, type SplitName} from "../eval/split.ts";
import {cacheKey, readCached, writeCached} from "./cache.ts";
import {Progress} from "./progress.ts";

export const SPLIT_SEED = 42;

export async function duplicatePairs(dataDir: string, rows: InventoryRow[]): Promise<DuplicatePair[]> {
  const key = cacheKey("duplicates", DUPLICATES_VERSION, POSSIBLE_CORRELATION, rows.map((r) => r.sha256 + r.status));
  const hit = await readCached("duplicates", key, ".json");
  if (hit) return JSON.parse(hit.toString());
  const progress = new Progress("loudness envelopes", rows.length);
  const envelopes: Float64Array[] = [];
  for (const r of rows) {
    const d = r.status === "ok" ? await decodeCached(join(dataDir, r.path), r.sha256) : null;
    envelopes.push(d?.ok ? envelopeDb(d.samples) : new Float64Array(0));
    progress.tick();
  }
  process.stderr.write(`duplicates: comparing ${rows.length} files pairwise\n`);
  const pairs = findDuplicates(envelopes, POSSIBLE_CORRELATION);
  await writeCached("duplicates", key, ".json", JSON.stringify(pairs));
  return pairs;
}

export type Labelling = "paper keywords" | "file-name codes";

export interface SplitRow {
  labelling: Labelling;
  path: string;
  source: string;
  appInstance: string;
  label: string;
  /** Id of the file's group: its installation joined with every confirmed duplicate. */
  group: string;
  paperSplit: SplitName;
  groupedSplit: SplitName;
}

export interface CorpusAnalysis {
  rows: InventoryRow[];
  pairs: (DuplicatePair & {confirmed: boolean})[];
  splits: SplitRow[];
}

export async function analyseCorpus(dataDir = resolveDataDir()): Promise<CorpusAnalysis> {
  const rows = await cachedInventory(dataDir);
  const pairs = (await duplicatePairs(dataDir, rows)).map((p) => ({...p, confirmed: p.correlation >= MATCH_CORRELATION}));
  const links = pairs.filter((p) => p.confirmed).map((p) => [p.a, p.b] as [number, number]);
  const groupOf = linkGroups(rows.length, links, rows.map((r, i) => r.appInstance || `file${i}`));
  const splits: SplitRow[] = [];
  for (const labelling of ["paper keywords", "file-name codes"] as Labelling[]) {
    const idx = rows.flatMap((r, i) => {
      const label = labelling === "paper keywords" ? r.paperLabel : r.documentedLabel;
      return r.status === "ok" && label !== "unlabelled" ? [i] : [];
    });
    const labelOf = (i: number) => (labelling === "paper keywords" ? rows[i].paperLabel : rows[i].documentedLabel);
    const y = idx.map((i) => CLASSES.indexOf(labelOf(i) as (typeof CLASSES)[number]));
    const bySample = paperSplit(y, SPLIT_SEED);
    const byGroup = groupedSplit(y, idx.map((i) => groupOf[i]), SPLIT_SEED);
    idx.forEach((i, k) =>
      splits.push({labelling, path: rows[i].path, source: rows[i].source, appInstance: rows[i].appInstance, label: labelOf(i), group: groupOf[i],
        paperSplit: bySample[k], groupedSplit: byGroup[k]})
    );
  }
  return {rows, pairs, splits};
}
