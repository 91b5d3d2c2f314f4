/**
 * Embed recordings with an encoder: decode → the paper's preprocessing → 2 s clips → ONNX → mean
 * pooled embedding (and, for YAMNet, mean pooled AudioSet scores). Each file's result is cached
 * under (audio sha256, preprocessing parameters, augmentation copy, encoder sha256), so a rebuild
 * only embeds what changed. Progress goes to stderr.
 */
import {join} from "node:path";
import * as ort from "onnxruntime-node";
import {decodeCached} from "../audio/decode-cached.ts";
import {CLIP_SAMPLES, meanPool, stack} from "../audio/clips.ts";
import {AUGMENT_PARAMS, copySeed, planAugmentation} from "../audio/augment.ts";
import {preprocess, preprocessCopy, PREPROCESS_PARAMS, PreprocessError} from "../audio/preprocess.ts";
import {rng} from "../lib/random.ts";
import type {InventoryRow} from "../corpus/inventory.ts";
import type {Encoder} from "../encoders/registry.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {Progress} from "../lib/progress.ts";
import {codeHash} from "../lib/code-hash.ts";
import {ENCODER_SESSION_OPTIONS} from "../onnx/session-options.ts";

export interface FileEmbedding {
  ok: boolean;
  error: string;
  clips: number;
  keptClips: number;
  embedding: Float32Array;
  /** AudioSet scores (YAMNet only), else empty. */
  scores: Float32Array;
}

export async function openEncoder(enc: Encoder): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(enc.onnx, {...ENCODER_SESSION_OPTIONS, intraOpNumThreads: 1, interOpNumThreads: 1});
  // Contract: float32 [batch, 32000] in, [batch, D] `embedding` out. Checked on a silent clip.
  const input = session.inputNames[0];
  const out = await session.run({[input]: new ort.Tensor("float32", new Float32Array(CLIP_SAMPLES), [1, CLIP_SAMPLES])});
  const emb = out.embedding ?? out.output_0;
  if (emb?.dims.length !== 2 || emb.dims[1] !== enc.card.dim)
    throw new Error(
      `encoder ${enc.card.name} breaks the contract: expected output "embedding" of shape [batch, ${enc.card.dim}], got ${emb ? `[${emb.dims}]` : Object.keys(out).join(", ")}`
    );
  return session;
}

export async function embedClips(session: ort.InferenceSession, clips: Float32Array[]): Promise<{embedding: Float32Array[]; scores: Float32Array[]}> {
  const batch = stack(clips);
  const out = await session.run({[session.inputNames[0]]: new ort.Tensor("float32", batch, [clips.length, CLIP_SAMPLES])});
  const emb = (out.embedding ?? out.output_0) as ort.Tensor;
  const d = emb.dims[1];
  const split = (t: ort.Tensor | undefined, k: number) =>
    t ? Array.from({length: clips.length}, (_, i) => (t.data as Float32Array).slice(i * k, (i + 1) * k)) : [];
  return {embedding: split(emb, d), scores: out.scores ? split(out.scores as ort.Tensor, out.scores.dims[1]) : []};
}

/** Seed of the paper's augmentation copies (the paper's own were unseeded). */
export const AUGMENT_SEED = 42;

/** Whether copy `copy` of a recording is augmented at all; a copy that is not equals copy 0. */
export function copyIsAugmented(sha256: string, copy: number, seed = AUGMENT_SEED): boolean {
  return planAugmentation(rng(copySeed(sha256, copy, seed)), copy).augmented;
}

/**
 * One recording's embedding; `copy` > 0 is one of the paper's training copies. A copy whose draw
 * says "not augmented" is the clean signal, so it reuses copy 0 instead of embedding it twice.
 */
export async function embedFile(
  session: ort.InferenceSession,
  enc: Encoder,
  dataDir: string,
  row: InventoryRow,
  copy = 0,
  seed = AUGMENT_SEED
): Promise<FileEmbedding> {
  if (copy > 0 && !copyIsAugmented(row.sha256, copy, seed)) return embedFile(session, enc, dataDir, row, 0);
  const key =
    copy === 0
      ? cacheKey(codeHash(import.meta.url), row.sha256, PREPROCESS_PARAMS, {copy: 0}, enc.card.sha256)
      : cacheKey(codeHash(import.meta.url), row.sha256, PREPROCESS_PARAMS, {copy, seed, augment: AUGMENT_PARAMS}, enc.card.sha256);
  const meta = await readCached("embeddings", key, ".json");
  const bin = meta && (await readCached("embeddings", key, ".f32"));
  if (meta && bin) {
    const m = JSON.parse(meta.toString());
    const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    return {...m, embedding: all.slice(0, m.dim), scores: all.slice(m.dim)};
  }
  const empty = {clips: 0, keptClips: 0, embedding: new Float32Array(0), scores: new Float32Array(0)};
  const d = await decodeCached(join(dataDir, row.path), row.sha256);
  if (!d.ok) return {ok: false, error: d.error, ...empty};
  let result: FileEmbedding;
  try {
    const sel = copy === 0 ? preprocess(d.samples) : preprocessCopy(d.samples, row.sha256, copy, seed);
    const e = await embedClips(session, sel.clips);
    result = {
      ok: true,
      error: "",
      clips: sel.levels.length,
      keptClips: sel.clips.length,
      embedding: meanPool(e.embedding),
      scores: e.scores.length ? meanPool(e.scores) : new Float32Array(0)
    };
  } catch (err) {
    if (!(err instanceof PreprocessError)) throw err;
    result = {ok: false, error: err.message, ...empty};
  }
  const all = new Float32Array(result.embedding.length + result.scores.length);
  all.set(result.embedding);
  all.set(result.scores, result.embedding.length);
  await writeCached("embeddings", key, ".f32", new Uint8Array(all.buffer));
  await writeCached(
    "embeddings",
    key,
    ".json",
    JSON.stringify({ok: result.ok, error: result.error, clips: result.clips, keptClips: result.keptClips, dim: result.embedding.length})
  );
  return result;
}

export async function embedAll(enc: Encoder, dataDir: string, rows: InventoryRow[], copy = 0): Promise<FileEmbedding[]> {
  const session = await openEncoder(enc);
  const progress = new Progress(copy === 0 ? `embed ${enc.card.name}` : `embed ${enc.card.name} augmented copy ${copy}`, rows.length);
  const out: FileEmbedding[] = [];
  for (const r of rows) {
    out.push(
      r.status === "ok"
        ? await embedFile(session, enc, dataDir, r, copy)
        : {ok: false, error: r.status, clips: 0, keptClips: 0, embedding: new Float32Array(0), scores: new Float32Array(0)}
    );
    progress.tick();
  }
  await session.release();
  return out;
}
