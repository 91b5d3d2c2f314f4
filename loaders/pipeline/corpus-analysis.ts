/**
 * Corpus-level facts several pages share: the inventory, duplicate pairs found by content, and the
 * splits (the paper's by file, and grouped by installation + duplicates) under each labelling.
 * Duplicate search is cached under a key of every file's sha256 and the algorithm version.
 */
import {join} from "node:path";
import {resolveDataDir} from "../../data/corpus.ts";
import {decodeCached} from "../audio/decode-cached.ts";
import type {InventoryRow} from "../corpus/inventory.ts";
import {cachedInventory} from "./inventory-cached.ts";
import {envelopeDb, findDuplicates, MATCH_CORRELATION, POSSIBLE_CORRELATION, type DuplicatePair} from "../corpus/duplicates.ts";
import {CLASSES} from "../corpus/labels.ts";
import {groupedSplit, linkGroups, paperSplit, type SplitName} from "../eval/split.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {Progress} from "../lib/progress.ts";
import {codeHash} from "../lib/code-hash.ts";
import {NAMES} from "../lib/names.ts";

export const SPLIT_SEED = 42;

export async function duplicatePairs(dataDir: string, rows: InventoryRow[]): Promise<DuplicatePair[]> {
  const key = cacheKey(
    codeHash(import.meta.url),
    POSSIBLE_CORRELATION,
    rows.map((r) => r.sha256 + r.status)
  );
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

/**
 * The three labellings the report compares. "as re-packaged" is the paper's keyword labeller on the
 * folder layout of the Kaggle re-packagings it trained on (the primary one: every model sees it);
 * "paper's code table" maps the file-name reason code with the paper's rule-4 table; "keywords,
 * cleaned files only" is the keyword labeller on this corpus's own paths.
 */
/** The labellings by id (code picks one by id, never by position); LABELLINGS lists their names in the report's order. */
export const LABELLING = NAMES.labelling;
export const LABELLINGS = [LABELLING.repackaged, LABELLING.codeTable, LABELLING.keywords] as const;
export type Labelling = (typeof LABELLINGS)[number];
export const PRIMARY_LABELLING: Labelling = LABELLING.repackaged;

export function labelUnder(labelling: Labelling, r: InventoryRow): string {
  return labelling === LABELLING.repackaged ? r.repackagedLabel : labelling === LABELLING.codeTable ? r.documentedLabel : r.paperLabel;
}

export interface SplitRow {
  labelling: Labelling;
  path: string;
  source: string;
  appInstance: string;
  label: string;
  /** Id of the file's recording: the file joined with every confirmed duplicate of it (a raw upload and its cleaned re-encoding). */
  recording: string;
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

/** Each file's recording (confirmed duplicates linked) and installation group (an installation with its duplicates). */
export function recordingsAndGroups(rows: InventoryRow[], pairs: CorpusAnalysis["pairs"]): {recordingOf: string[]; groupOf: string[]} {
  const links = pairs.filter((p) => p.confirmed).map((p) => [p.a, p.b] as [number, number]);
  return {
    recordingOf: linkGroups(rows.length, links).map((g) => g.replace(/^g/, "r")),
    groupOf: linkGroups(
      rows.length,
      links,
      rows.map((r, i) => r.appInstance || `file${i}`)
    )
  };
}

export async function analyseCorpus(dataDir = resolveDataDir()): Promise<CorpusAnalysis> {
  const rows = await cachedInventory(dataDir);
  const pairs = (await duplicatePairs(dataDir, rows)).map((p) => ({...p, confirmed: p.correlation >= MATCH_CORRELATION}));
  const {recordingOf, groupOf} = recordingsAndGroups(rows, pairs);
  const splits: SplitRow[] = [];
  for (const labelling of LABELLINGS) {
    const idx = rows.flatMap((r, i) => (r.status === "ok" && labelUnder(labelling, r) !== "unlabelled" ? [i] : []));
    const y = idx.map((i) => CLASSES.indexOf(labelUnder(labelling, rows[i]) as (typeof CLASSES)[number]));
    const bySample = paperSplit(y, SPLIT_SEED);
    const byGroup = groupedSplit(
      y,
      idx.map((i) => groupOf[i]),
      SPLIT_SEED
    );
    idx.forEach((i, k) =>
      splits.push({
        labelling,
        path: rows[i].path,
        source: rows[i].source,
        appInstance: rows[i].appInstance,
        label: labelUnder(labelling, rows[i]),
        recording: recordingOf[i],
        group: groupOf[i],
        paperSplit: bySample[k],
        groupedSplit: byGroup[k]
      })
    );
  }
  return {rows, pairs, splits};
}
