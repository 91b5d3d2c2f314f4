/**
 * What YAMNet hears in every corpus recording and every item of the non-cry set, on the decoded
 * signal (loaders/cry/rule.ts, `cryClips`): per kept clip the cry score and the cry classes' rank,
 * YAMNet's top class, and the mean embedding of the kept clips (the cry head's input). One cache
 * entry (JSON + float32 blob) keyed by this code, the encoder, the corpus files and the non-cry set.
 * The rows' shape (`Evidence`) is loaders/cry/evidence.ts.
 */
import {join} from "node:path";
import {resolveDataDir} from "../../data/corpus.ts";
import {decodeCached} from "../audio/decode-cached.ts";
import {meanPool, stack} from "../audio/clips.ts";
import {SAMPLE_RATE} from "../audio/rate.ts";
import {argmax} from "../models/estimator.ts";
import {loadEncoder} from "../encoders/registry.ts";
import {readYamnetClassNames} from "../encoders/yamnet/source.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {codeHash} from "../lib/code-hash.ts";
import {Progress} from "../lib/progress.ts";
import {analyseCorpus, recordingsAndGroups} from "./corpus-analysis.ts";
import {embedClips, openEncoder} from "./embed.ts";
import {mostCommon, type Evidence, type EvidenceRow} from "../cry/evidence.ts";
import {buildNonCrySet, nonCryPackageVersions} from "../cry/non-cry-set.ts";
import {clipEvidence, cryClips} from "../cry/rule.ts";

export async function cryEvidence(dataDir = resolveDataDir()): Promise<Evidence> {
  const {rows: inventory, pairs} = await analyseCorpus(dataDir);
  const ok = inventory.map((r, i) => ({r, i})).filter(({r}) => r.status === "ok");
  // The non-cry set is a function of this code and the Debian packages' versions: key on those, so a
  // warm build does not regenerate it.
  const versions = await nonCryPackageVersions();
  const enc = await loadEncoder("yamnet");
  const key = cacheKey(
    codeHash(import.meta.url),
    enc.card.sha256,
    ok.map(({r}) => r.path + r.sha256),
    [...versions]
  );
  const meta = await readCached("cry-evidence", key, ".json");
  const blob = meta && (await readCached("cry-evidence", key, ".f32"));
  if (meta && blob) {
    const m = JSON.parse(meta.toString());
    return {...m, embeddings: new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength))};
  }
  const set = await buildNonCrySet(versions);
  const names = readYamnetClassNames();
  const {groupOf} = recordingsAndGroups(inventory, pairs);
  const session = await openEncoder(enc);
  const rows: EvidenceRow[] = [],
    vectors: Float32Array[] = [],
    skipped: Evidence["skipped"] = [];
  const progress = new Progress("cry check evidence (YAMNet on decoded audio)", ok.length + set.items.length);
  const listen = async (samples: Float32Array) => {
    const sel = cryClips(samples);
    const {embedding, scores} = await embedClips(session, sel.clips);
    return {clips: scores.map(clipEvidence), heard: mostCommon(scores.map((s) => names[argmax(s)])), pooled: meanPool(embedding)};
  };
  for (const {r, i} of ok) {
    progress.tick();
    const d = await decodeCached(join(dataDir, r.path), r.sha256);
    if (!d.ok) {
      skipped.push({id: r.path, reason: d.error});
      continue;
    }
    if (d.samples.every((v) => v === d.samples[0])) {
      skipped.push({id: r.path, reason: "every sample is the same value"});
      continue;
    }
    const e = await listen(d.samples);
    rows.push({
      id: r.path,
      cry: true,
      source: r.source === "cleaned" ? "cleaned WAVs" : "raw uploads",
      group: groupOf[i],
      seconds: d.samples.length / SAMPLE_RATE,
      clips: e.clips,
      heard: e.heard
    });
    vectors.push(e.pooled);
  }
  for (const it of set.items) {
    progress.tick();
    const e = await listen(it.samples);
    rows.push({id: it.id, cry: false, source: it.family, group: it.group, seconds: it.samples.length / SAMPLE_RATE, clips: e.clips, heard: e.heard});
    vectors.push(e.pooled);
  }
  await session.release();
  const dim = vectors[0].length;
  const embeddings = stack(vectors);
  const out: Evidence = {rows, embeddings, dim, nonCry: {missing: set.missing, packages: set.packages, skipped: set.skipped}, skipped};
  await writeCached("cry-evidence", key, ".json", JSON.stringify({...out, embeddings: undefined}));
  await writeCached("cry-evidence", key, ".f32", new Uint8Array(embeddings.buffer));
  return out;
}
