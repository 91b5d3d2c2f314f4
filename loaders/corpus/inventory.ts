/**
 * One row per corpus audio file: where it sits, what its name says, both labels, and what decoding
 * found. A file that fails a check stays in the table with `status` saying why, so the report can
 * show what was excluded instead of silently dropping it.
 */
import {join} from "node:path";
import {loadManifest, statusByPath, verifyCorpus, type Manifest, type ManifestFile} from "../../data/corpus.ts";
import {decodedInfo, decodeIntoCache} from "../audio/decode-cached.ts";
import {SAMPLE_RATE} from "../audio/rate.ts";
import {mapLimit, Progress} from "../lib/progress.ts";
import {parseCorpusPath, parseCryName, REASONS} from "./filename.ts";
import {documentedLabel, paperKeywordLabel, repackagedPath} from "./labels.ts";

/** Extensions the paper's scan accepted. */
export const AUDIO_EXTENSIONS = [".wav", ".3gp", ".caf", ".m4a", ".ogg", ".mp3", ".flac", ".aac"];

export interface InventoryRow {
  path: string;
  sha256: string;
  bytes: number;
  source: string;
  cleanedFolder: string;
  appInstance: string;
  recordedAt: string;
  timeUnit: string;
  appVersion: string;
  gender: string;
  age: string;
  reason: string;
  reasonName: string;
  extension: string;
  nameAnomaly: string;
  paperLabel: string;
  paperRule: string;
  /** The path the paper's re-packagings give this file ("" when none), and the keyword labeller's verdict on it. */
  repackagedPath: string;
  repackagedLabel: string;
  repackagedRule: string;
  documentedLabel: string;
  container: string;
  codec: string;
  sampleRate: number;
  channels: number;
  /** Seconds after decoding to 16 kHz; NaN when decoding failed. */
  duration: number;
  /** "ok", or why the file is excluded. */
  status: string;
}

function isAudioPath(path: string): boolean {
  return AUDIO_EXTENSIONS.some((e) => path.toLowerCase().endsWith(e));
}

/** The manifest's audio files: what the listening copies (loaders/audio/listen.ts) are made of. */
export const manifestAudio = (m: Manifest): ManifestFile[] => m.files.filter((f) => AUDIO_EXTENSIONS.some((e) => f.path.toLowerCase().endsWith(e)));

function emptyRow(path: string, sha256: string, bytes: number): InventoryRow {
  return {
    path,
    sha256,
    bytes,
    source: "",
    cleanedFolder: "",
    appInstance: "",
    recordedAt: "",
    timeUnit: "",
    appVersion: "",
    gender: "",
    age: "",
    reason: "",
    reasonName: "",
    extension: "",
    nameAnomaly: "",
    paperLabel: "",
    paperRule: "",
    repackagedPath: "",
    repackagedLabel: "unlabelled",
    repackagedRule: "no folder",
    documentedLabel: "",
    container: "",
    codec: "",
    sampleRate: 0,
    channels: 0,
    duration: NaN,
    status: "ok"
  };
}

export async function buildInventory(dataDir: string, manifest: Manifest = loadManifest(), concurrency = 2): Promise<InventoryRow[]> {
  const verification = await verifyCorpus(dataDir, manifest);
  const verified = statusByPath(verification);
  // Anything under the corpus's folders that is not a README is a candidate, audio or not, so an
  // unexpected file is reported by name.
  const candidates = manifest.files.filter((f) => !/(^|\/)README\.md$/i.test(f.path));
  // Decode every readable audio file first, many to an ffmpeg process; the rows below then read the
  // cache (and a file that failed in its batch is decoded alone there, to name its fault).
  const audio = candidates.filter((f) => verified.get(f.path) === "verified" && isAudioPath(f.path));
  const decoding = new Progress("decode corpus", audio.length);
  await decodeIntoCache(
    audio.map((f) => ({file: join(dataDir, f.path), sha256: f.sha256})),
    {concurrency, onDone: (n) => decoding.tick(n)}
  );
  return mapLimit(candidates, concurrency, async (f) => {
    const row = emptyRow(f.path, f.sha256, f.size);
    const where = parseCorpusPath(f.path);
    row.source = where?.source ?? "other";
    row.cleanedFolder = where?.cleanedFolder ?? "";
    // The paper labelled `str(path).lower()` of a path under its dataset folder; ours is relative to the corpus root.
    const kw = paperKeywordLabel(`donateacry-corpus/${f.path}`);
    row.paperLabel = kw.label;
    row.paperRule = kw.rule;
    try {
      const n = parseCryName(f.path.split("/").pop()!);
      Object.assign(row, {
        appInstance: n.appInstance,
        recordedAt: n.recordedAt,
        timeUnit: n.timeUnit,
        appVersion: n.appVersion,
        gender: n.gender,
        age: n.age,
        reason: n.reason,
        reasonName: REASONS[n.reason] ?? `unknown code ${n.reason}`,
        extension: n.extension,
        nameAnomaly: n.anomaly
      });
      row.documentedLabel = documentedLabel(n.reason);
      const rp = repackagedPath({source: row.source, cleanedFolder: row.cleanedFolder, reason: n.reason, fileName: f.path.split("/").pop()!});
      if (rp) {
        const d = paperKeywordLabel(rp);
        Object.assign(row, {repackagedPath: rp, repackagedLabel: d.label, repackagedRule: d.rule});
      }
    } catch (e) {
      row.nameAnomaly = (e as Error).message;
      row.documentedLabel = "unlabelled";
    }
    const state = verified.get(f.path) ?? "missing";
    if (state !== "verified") row.status = `excluded: ${state}`;
    else if (!isAudioPath(f.path)) row.status = "excluded: not an audio extension";
    else {
      // The codec and the length only: the samples stay in the cache.
      const d = await decodedInfo(join(dataDir, f.path), f.sha256);
      if (d.ok) {
        Object.assign(row, {container: d.source.container, codec: d.source.codec, sampleRate: d.source.sampleRate, channels: d.source.channels});
        row.duration = d.length / SAMPLE_RATE;
      } else row.status = `excluded: ${d.error}`;
    }
    return row;
  });
}
