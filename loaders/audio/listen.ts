/**
 * Small MP3 copies of the corpus recordings, so a reader can hear the point they click on a map or
 * a row of a table. MP3 because every browser plays it; 16 kHz mono at 16 kbit/s because that is
 * the rate the models hear and keeps the whole corpus near 25 MB. Each copy is encoded from the
 * file's decoded samples in the decode cache — exactly what the models hear, and no second decode
 * of the AMR / CAF / WAV file (a third of the encoding's CPU). One ffmpeg process encodes a batch
 * of files (inputs and outputs side by side): starting a process per file cost more than the
 * encoding. A batch that fails is redone file by file, so a bad file is named and the rest kept.
 * Each copy is cached under the file's SHA-256, the decoder and these settings.
 */
import {spawn} from "node:child_process";
import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DECODER_ID, FFMPEG} from "./decode.ts";
import {decodedSamplesFile, decodeIntoCache} from "./decode-cached.ts";
import {SAMPLE_RATE} from "./rate.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";

export const LISTEN = {codec: "libmp3lame", rate: SAMPLE_RATE, bitrate: "16k", compressionLevel: 9, batch: 80};

/** A corpus file as the manifest lists it. */
export interface CorpusFile {
  path: string;
  sha256: string;
}

export interface Listenable {
  path: string;
  sha256: string;
  mp3: Buffer | null;
  /** Why there is no copy ("" when there is one). */
  error: string;
}

const keyOf = (r: CorpusFile) => cacheKey("listen", LISTEN, DECODER_ID, FFMPEG.split("/").slice(-3).join("/"), r.sha256);

/** ffmpeg's input options for a decoded-samples file (raw float32, mono, SAMPLE_RATE). */
const pcmInput = (path: string) => ["-f", "f32le", "-ar", String(SAMPLE_RATE), "-ac", "1", "-i", path];

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(FFMPEG, args, {stdio: ["ignore", "ignore", "pipe"]});
    let err = "";
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", (e) => reject(new Error(`cannot run ffmpeg (${FFMPEG}): ${e.message}`)));
    p.on("close", (code) => (code === 0 ? resolve(err) : reject(new Error(err.trim().split("\n").slice(-1)[0] || `ffmpeg exited with ${code}`))));
  });
}

/** Encodes each input (a decoded-samples file) to its MP3; an input that cannot be encoded gets its Error. */
async function encodeBatch(inputs: {path: string; label: string}[], dir: string): Promise<(Buffer | Error)[]> {
  const out = (k: number) => join(dir, `${k}.mp3`);
  const encodeArgs = (k: number) => [
    "-map",
    `${k}:a:0`,
    "-ac",
    "1",
    "-ar",
    String(LISTEN.rate),
    "-c:a",
    LISTEN.codec,
    "-b:a",
    LISTEN.bitrate,
    "-compression_level",
    String(LISTEN.compressionLevel),
    "-map_metadata",
    "-1",
    out(k)
  ];
  try {
    await run(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", ...inputs.flatMap((r) => pcmInput(r.path)), ...inputs.flatMap((_, k) => encodeArgs(k))]);
    return Promise.all(inputs.map((_, k) => readFile(out(k))));
  } catch {
    // One unreadable input fails the whole command: redo the batch a file at a time.
    const each: (Buffer | Error)[] = [];
    for (const r of inputs) {
      try {
        await run(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", ...pcmInput(r.path), ...encodeArgs(0)]);
        each.push(await readFile(out(0)));
      } catch (e) {
        each.push(new Error(`${r.label}: ${(e as Error).message}`));
      }
    }
    return each;
  }
}

/** The MP3 copy of every row (from the cache where it is there), with progress on stderr. */
export async function listenableCopies(dataDir: string, rows: CorpusFile[]): Promise<Listenable[]> {
  const have = await Promise.all(rows.map((r) => readCached("listen", keyOf(r), ".mp3")));
  const todo = rows.flatMap((_r, i) => (have[i] ? [] : [i]));
  const errors = new Map<number, string>();
  if (todo.length) {
    const dir = await mkdtemp(join(tmpdir(), "cry-listen-"));
    const t0 = Date.now();
    // The decoded samples: already cached by the build's corpus inventory; decoded here otherwise.
    await decodeIntoCache(todo.map((i) => ({file: join(dataDir, rows[i].path), sha256: rows[i].sha256})));
    try {
      for (let s = 0; s < todo.length; s += LISTEN.batch) {
        const ix: number[] = [],
          inputs: {path: string; label: string}[] = [];
        for (const i of todo.slice(s, s + LISTEN.batch)) {
          const pcm = await decodedSamplesFile(join(dataDir, rows[i].path), rows[i].sha256);
          if (pcm.ok) ix.push(i), inputs.push({path: pcm.path, label: rows[i].path});
          else errors.set(i, `${rows[i].path}: ${pcm.error}`);
        }
        const got = ix.length ? await encodeBatch(inputs, dir) : [];
        for (const [k, g] of got.entries()) {
          if (g instanceof Error) errors.set(ix[k], g.message);
          else {
            have[ix[k]] = g;
            await writeCached("listen", keyOf(rows[ix[k]]), ".mp3", g);
          }
        }
        const done = Math.min(s + LISTEN.batch, todo.length),
          sec = (Date.now() - t0) / 1000;
        process.stderr.write(`listen: ${done}/${todo.length} MP3 copies (${sec.toFixed(0)} s, ETA ${((sec / done) * (todo.length - done)).toFixed(0)} s)\n`);
      }
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  }
  return rows.map((r, i) => ({path: r.path, sha256: r.sha256, mp3: have[i], error: errors.get(i) ?? (have[i] ? "" : "not encoded")}));
}

/**
 * The copies packed for the site: `shards` contiguous shards of about equal bytes (a page fetches
 * one shard on a recording's first play, not the whole corpus) and an index of where each file is.
 */
export function packCopies(copies: Listenable[], shards: number) {
  const ok = copies.filter((c) => c.mp3).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const total = ok.reduce((s, c) => s + c.mp3!.length, 0);
  const parts: Buffer[][] = Array.from({length: shards}, () => []);
  const sizes = new Array(shards).fill(0);
  let before = 0;
  const files = ok.map((c) => {
    const shard = Math.min(shards - 1, Math.floor((before / Math.max(total, 1)) * shards));
    before += c.mp3!.length;
    const entry = {path: c.path, sha256: c.sha256, shard, offset: sizes[shard], length: c.mp3!.length};
    parts[shard].push(c.mp3!);
    sizes[shard] += c.mp3!.length;
    return entry;
  });
  return {files, bytes: total, shards: parts.map((p) => Buffer.concat(p)), missing: copies.filter((c) => !c.mp3).map((c) => ({path: c.path, error: c.error}))};
}
