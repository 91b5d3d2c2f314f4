/** Decoding through the content-addressed cache: key = file sha256 + decoder id. */
import {cachedPath, cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {decodeFile, decodeFiles, DecodeError, DECODER_ID, type Decoded, type SourceInfo} from "./decode.ts";
import {mapLimit} from "../lib/progress.ts";
import {SAMPLE_RATE} from "./rate.ts";
import {codeHash} from "../lib/code-hash.ts";
import {stat} from "node:fs/promises";

export type DecodeResult = ({ok: true} & Decoded) | {ok: false; error: string};

const keyOf = (sha256: string) => cacheKey(codeHash(import.meta.url), sha256, DECODER_ID);

export async function decodeCached(file: string, sha256: string): Promise<DecodeResult> {
  const key = keyOf(sha256);
  const meta = await readCached("decoded", key, ".json");
  if (meta) {
    const m = JSON.parse(meta.toString()) as {ok: true; source: SourceInfo} | {ok: false; error: string};
    if (!m.ok) return m;
    const pcm = await readCached("decoded", key, ".f32");
    if (pcm)
      return {
        ok: true,
        source: m.source,
        sampleRate: SAMPLE_RATE,
        samples: new Float32Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength))
      };
  }
  try {
    const d = await decodeFile(file);
    await remember(key, d);
    return {ok: true, ...d};
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    // A file that cannot be decoded stays undecodable for the same bytes and decoder: remember why.
    await writeCached("decoded", key, ".json", JSON.stringify({ok: false, error: e.reason}));
    return {ok: false, error: e.reason};
  }
}

async function remember(key: string, d: Decoded): Promise<void> {
  await writeCached("decoded", key, ".f32", new Uint8Array(d.samples.buffer, d.samples.byteOffset, d.samples.byteLength));
  await writeCached("decoded", key, ".json", JSON.stringify({ok: true, source: d.source}));
}

/**
 * Fill the cache for many files at once: the ones not cached yet are decoded `batch` to an ffmpeg
 * process, `concurrency` processes at a time (loaders/audio/decode.ts, decodeFiles). A batch that
 * fails is left to decodeCached, file by file, which names each file's fault.
 */
export async function decodeIntoCache(files: {file: string; sha256: string}[], {batch = 40, concurrency = 2, onDone = (_n: number) => {}} = {}): Promise<void> {
  const todo: {file: string; sha256: string}[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.sha256)) continue;
    seen.add(f.sha256);
    if (await readCached("decoded", keyOf(f.sha256), ".json")) onDone(1);
    else todo.push(f);
  }
  const batches = Array.from({length: Math.ceil(todo.length / batch)}, (_, b) => todo.slice(b * batch, (b + 1) * batch));
  await mapLimit(batches, concurrency, async (fs) => {
    const decoded = await decodeFiles(fs.map((f) => f.file));
    if (decoded) for (const [k, d] of decoded.entries()) await remember(keyOf(fs[k].sha256), d);
    onDone(fs.length);
  });
}

/**
 * A file's cache entry without its samples: the source's description and the samples file's path, or
 * why it cannot be decoded. A file not cached yet, or whose samples file is gone, is decoded first
 * (as decodeCached does), which writes the entry.
 */
async function cachedEntry(file: string, sha256: string): Promise<{ok: true; source: SourceInfo; path: string} | {ok: false; error: string}> {
  const key = keyOf(sha256);
  const meta = await readCached("decoded", key, ".json");
  const m = meta ? (JSON.parse(meta.toString()) as {ok: true; source: SourceInfo} | {ok: false; error: string}) : null;
  if (m && !m.ok) return m;
  const path = m && (await cachedPath("decoded", key, ".f32"));
  if (m && path) return {ok: true, source: m.source, path};
  const d = await decodeCached(file, sha256);
  if (!d.ok) return d;
  const written = await cachedPath("decoded", key, ".f32");
  return written ? {ok: true, source: d.source, path: written} : {ok: false, error: "decoded samples missing from the cache"};
}

/**
 * What decoding a file gives without its samples: the source's description and the number of
 * samples (the cached samples file's size), or why it cannot be decoded. For the corpus inventory,
 * which needs each file's codec and length, not its samples.
 */
export async function decodedInfo(file: string, sha256: string): Promise<{ok: true; source: SourceInfo; length: number} | {ok: false; error: string}> {
  const e = await cachedEntry(file, sha256);
  return e.ok ? {ok: true, source: e.source, length: (await stat(e.path)).size / 4} : e;
}

/**
 * The cached decoded samples' file (float32 little-endian, mono, SAMPLE_RATE), or why the file cannot
 * be decoded. For a tool that reads the samples itself: the MP3 copies are encoded from them rather
 * than from a second decode of the file (decodeCached would read them all into memory first).
 */
export async function decodedSamplesFile(file: string, sha256: string): Promise<{ok: true; path: string} | {ok: false; error: string}> {
  const e = await cachedEntry(file, sha256);
  return e.ok ? {ok: true, path: e.path} : e;
}
