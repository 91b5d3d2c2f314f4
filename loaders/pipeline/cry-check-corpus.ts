/**
 * How the live page's "is this a cry?" rule behaves on the corpus, where every recording was
 * donated as a cry: the share of recordings it passes, per reason code, plus its verdict on
 * synthetic sounds that are certainly not cries. YAMNet runs on every kept clip of every recording
 * (the build's embeddings keep only the mean over clips), cached by encoder, rule and checksums.
 */
import {join} from "node:path";
import {resolveDataDir} from "../../data/corpus.ts";
import {decodeCached} from "../audio/decode-cached.ts";
import {preprocess, PreprocessError} from "../audio/preprocess.ts";
import {loadEncoder} from "../encoders/registry.ts";
import {readYamnetClassNames} from "../encoders/yamnet/source.ts";
import {rng} from "../lib/random.ts";
import {CRY_RULE, cryEvidence} from "../live/classify.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {analyseCorpus} from "./corpus-analysis.ts";
import {embedClips, openEncoder} from "./embed.ts";
import {Progress} from "../lib/progress.ts";
import {codeHash} from "../lib/code-hash.ts";

export interface CryCheck {
  recordings: number;
  passed: number;
  byReason: {reason: string; recordings: number; passed: number}[];
  /** Recall of the rule on the cleaned WAVs and on the raw uploads. */
  bySource: {source: string; recordings: number; passed: number}[];
  references: {sound: string; isCry: boolean; top: string}[];
}

export async function cryCheckCorpus(dataDir = resolveDataDir()): Promise<CryCheck> {
  const {rows} = await analyseCorpus(dataDir);
  const enc = await loadEncoder("yamnet");
  const key = cacheKey(codeHash(import.meta.url), enc.card.sha256, CRY_RULE, rows.map((r) => r.sha256 + r.status));
  const hit = await readCached("analysis", key, ".json");
  if (hit) return JSON.parse(hit.toString());
  const names = readYamnetClassNames();
  const session = await openEncoder(enc);
  const progress = new Progress("cry check (YAMNet per clip)", rows.length);
  const tally = new Map<string, {recordings: number; passed: number}>();
  const bySource = new Map<string, {recordings: number; passed: number}>();
  let recordings = 0, passed = 0;
  for (const r of rows) {
    progress.tick();
    if (r.status !== "ok") continue;
    const d = await decodeCached(join(dataDir, r.path), r.sha256);
    if (!d.ok) continue;
    let clips: Float32Array[];
    try {
      clips = preprocess(d.samples).clips;
    } catch (e) {
      if (e instanceof PreprocessError) continue;
      throw e;
    }
    const {scores} = await embedClips(session, clips);
    const isCry = scores.some((s) => cryEvidence(s, names).isCry);
    recordings++;
    if (isCry) passed++;
    const t = tally.get(r.reasonName || r.reason || "cleaned") ?? {recordings: 0, passed: 0};
    t.recordings++;
    if (isCry) t.passed++;
    tally.set(r.reasonName || r.reason || "cleaned", t);
    const src = r.source === "cleaned" ? "cleaned WAVs" : "raw uploads";
    const u = bySource.get(src) ?? {recordings: 0, passed: 0};
    u.recordings++;
    if (isCry) u.passed++;
    bySource.set(src, u);
  }
  const random = rng(5);
  const tone = Float32Array.from({length: 32000}, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 16000));
  const noise = Float32Array.from({length: 32000}, () => random() - 0.5);
  const references = [];
  for (const [sound, x] of [["440 Hz sine", tone], ["white noise", noise]] as const) {
    const {scores} = await embedClips(session, preprocess(x).clips);
    const ev = cryEvidence(scores[0], names);
    references.push({sound, isCry: ev.isCry, top: ev.top[0].name});
  }
  await session.release();
  const result: CryCheck = {recordings, passed, byReason: [...tally].map(([reason, t]) => ({reason, ...t})).sort((a, b) => b.recordings - a.recordings),
    bySource: [...bySource].map(([source, t]) => ({source, ...t})).sort((a, b) => a.source.localeCompare(b.source)), references};
  await writeCached("analysis", key, ".json", JSON.stringify(result));
  return result;
}
