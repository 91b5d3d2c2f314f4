/**
 * Corpus embeddings and what the report draws from them: a 2-D PCA map of every recording, the
 * explained-variance curve with the paper's 95% cut, and YAMNet's own AudioSet verdict per file.
 * The whole result is cached under the encoder's hash and every file's checksum.
 */
import {resolveDataDir} from "../../data/corpus.ts";
import {PREPROCESS_PARAMS} from "../audio/preprocess.ts";
import {loadEncoder, type EncoderCard} from "../encoders/registry.ts";
import {readYamnetClassNames} from "../encoders/yamnet/source.ts";
import {fromRows} from "../models/matrix.ts";
import {PCA} from "../models/pca.ts";
import {StandardScaler} from "../models/scaler.ts";
import {analyseCorpus} from "./corpus-analysis.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {embedAll} from "./embed.ts";
import {PCA_VARIANCE} from "./features.ts";
import {codeHash} from "../lib/code-hash.ts";

export const CRY_CLASSES = [19, 20]; // "Crying, sobbing", "Baby cry, infant cry"

export interface MapRow {
  path: string;
  source: string;
  reason: string;
  paperLabel: string;
  documentedLabel: string;
  repackagedLabel: string;
  appInstance: string;
  status: string;
  clips: number;
  keptClips: number;
  pc1: number;
  pc2: number;
  topClass: string;
  topScore: number;
  cryScore: number;
}

export interface EmbeddingAnalysis {
  card: EncoderCard;
  files: number;
  embedded: number;
  map: MapRow[];
  varianceRatio: number[];
  components95: number;
  /** Scaler and first two principal axes of the map, so a new recording can be placed on it. */
  projection: {mean: number[]; scale: number[]; pcaMean: number[]; pc1: number[]; pc2: number[]};
}

export async function analyseEmbeddings(encoderName = "yamnet", dataDir = resolveDataDir()): Promise<EmbeddingAnalysis> {
  const {rows} = await analyseCorpus(dataDir);
  const enc = await loadEncoder(encoderName);
  const key = cacheKey(
    codeHash(import.meta.url),
    enc.card.sha256,
    PREPROCESS_PARAMS,
    rows.map((r) => r.sha256 + r.status)
  );
  const hit = await readCached("analysis", key, ".json");
  if (hit) return JSON.parse(hit.toString());
  const embs = await embedAll(enc, dataDir, rows);
  const names = encoderName.startsWith("yamnet") ? readYamnetClassNames() : [];
  const okIdx = embs.flatMap((e, i) => (e.ok ? [i] : []));
  const scaler = new StandardScaler();
  const Z = scaler.fitTransform(fromRows(okIdx.map((i) => embs[i].embedding)));
  process.stderr.write(`pca: ${Z.rows} × ${Z.cols}\n`);
  const pca = new PCA({nComponents: PCA_VARIANCE}).fit(Z);
  const coords = new Map<number, [number, number]>();
  const T = pca.transform(Z);
  okIdx.forEach((i, k) => coords.set(i, [T.data[k * T.cols], T.data[k * T.cols + 1]]));
  const map: MapRow[] = rows.map((r, i) => {
    const e = embs[i];
    let top = -1;
    for (let c = 0; c < e.scores.length; c++) if (top < 0 || e.scores[c] > e.scores[top]) top = c;
    const [pc1, pc2] = coords.get(i) ?? [NaN, NaN];
    return {
      path: r.path,
      source: r.source,
      reason: r.reason,
      paperLabel: r.paperLabel,
      documentedLabel: r.documentedLabel,
      repackagedLabel: r.repackagedLabel,
      appInstance: r.appInstance,
      status: e.ok ? "ok" : `excluded: ${e.error.replace(/^excluded: /, "")}`,
      clips: e.clips,
      keptClips: e.keptClips,
      pc1,
      pc2,
      topClass: top >= 0 ? (names[top] ?? String(top)) : "",
      topScore: top >= 0 ? e.scores[top] : NaN,
      cryScore: e.scores.length ? Math.max(...CRY_CLASSES.map((c) => e.scores[c])) : NaN
    };
  });
  const result: EmbeddingAnalysis = {
    card: enc.card,
    files: rows.length,
    embedded: okIdx.length,
    map,
    varianceRatio: Array.from(pca.allVarianceRatio_),
    components95: pca.components_.length,
    projection: {
      mean: Array.from(scaler.mean_),
      scale: Array.from(scaler.scale_),
      pcaMean: Array.from(pca.mean_),
      pc1: Array.from(pca.components_[0]),
      pc2: Array.from(pca.components_[1])
    }
  };
  await writeCached("analysis", key, ".json", JSON.stringify(result));
  return result;
}
