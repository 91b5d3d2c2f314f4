/**
 * Decode any corpus file (WAV PCM, CAF/IMA4 ADPCM, 3GP/AMR-NB, and whatever else ffmpeg reads) to
 * mono float32 at 16 kHz. Resampling is libsoxr at its "HQ" precision (20 bits) — the resampler
 * librosa uses by default (`res_type="soxr_hq"`). Channels are resampled as they are and averaged
 * here, as librosa's `to_mono` does, rather than with ffmpeg's own downmix matrix.
 */
import {spawn} from "node:child_process";
import {mkdtemp, readFile, rm, stat, symlink} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {createRequire} from "node:module";
import {SAMPLE_RATE} from "./rate.ts";
import {parseWav} from "./wav.ts";

const require = createRequire(import.meta.url);
export const FFMPEG: string = process.env.CRY_FFMPEG ?? (require("@ffmpeg-installer/ffmpeg") as {path: string}).path;
export const DECODER_ID = "ffmpeg-soxr20-mean-v1";

export interface SourceInfo {
  container: string;
  codec: string;
  sampleRate: number;
  channels: number;
}

export interface Decoded {
  source: SourceInfo;
  /** Mono float32 at 16 kHz (or at the source rate with `native`). */
  samples: Float32Array;
  sampleRate: number;
}

export class DecodeError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Pull container, codec, rate and channels of input `k`'s first audio stream out of ffmpeg's banner. */
export function parseSourceInfo(stderr: string, k = 0): SourceInfo | null {
  const input = new RegExp(`Input #${k}, ([^,\\s]+(?:,[^,\\s]+)*), from`).exec(stderr);
  const stream = new RegExp(`Stream #${k}:\\d+[^:]*: Audio: ([^,]+), (\\d+) Hz, ([^,]+),`).exec(stderr);
  if (!stream) return null;
  const layout = stream[3].trim();
  const named: Record<string, number> = {mono: 1, stereo: 2, "2.1": 3, "3.0": 3, quad: 4, "4.0": 4, "5.0": 5, "5.1": 6, "5.1(side)": 6, "6.1": 7, "7.1": 8};
  const channels = named[layout] ?? Number(/(\d+) channels/.exec(layout)?.[1] ?? 0);
  return {
    container: input ? input[1].split(",")[0] : "unknown",
    codec: stream[1].trim().split(" ")[0],
    sampleRate: Number(stream[2]),
    channels
  };
}

/** Explain an ffmpeg failure in a user's words. */
function reasonFrom(stderr: string, size: number): string {
  if (size === 0) return "empty file (0 bytes)";
  if (/Invalid data found when processing input/.test(stderr)) return "not a readable audio file (ffmpeg: invalid data)";
  if (/does not contain any stream|Output file #0 does not contain any stream/.test(stderr)) return "no audio stream in file";
  if (/moov atom not found/.test(stderr)) return "truncated or incomplete container (moov atom not found)";
  const last =
    stderr
      .trim()
      .split("\n")
      .filter((l) => !/^\s/.test(l))
      .pop() ?? "";
  return `decoder failed: ${last.slice(0, 200)}`;
}

/**
 * Decode a file on disk. A path rather than a pipe, because CAF and MP4/3GP demuxers need to seek.
 * `maxSeconds` bounds the work on a huge file; longer input is cut there (reported by the caller).
 */
export async function decodeFile(file: string, maxSeconds = 3600, {native = false}: {native?: boolean} = {}): Promise<Decoded> {
  const size = (await stat(file).catch(() => null))?.size;
  if (size === undefined) throw new DecodeError(file, "file not found");
  if (size === 0) throw new DecodeError(file, "empty file (0 bytes)");
  return new Promise((resolve, reject) => {
    // `native` keeps the source rate: the live classifier resamples with its own (shared) code.
    const args = ["-hide_banner", "-nostdin", "-i", file, ...(native ? ["-vn", ...toFloatWav(maxSeconds)] : toFloat16k(maxSeconds)), "pipe:1"];
    const p = spawn(FFMPEG, args, {stdio: ["ignore", "pipe", "pipe"]});
    const out: Buffer[] = [];
    let err = "";
    p.stdout.on("data", (d: Buffer) => out.push(d));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", (e) => reject(new DecodeError(file, `cannot run ffmpeg (${FFMPEG}): ${e.message}`)));
    p.on("close", (code) => {
      const source = parseSourceInfo(err);
      if (code !== 0 || !source) return reject(new DecodeError(file, reasonFrom(err, size)));
      try {
        const pcm = parseWav(Buffer.concat(out));
        if (!native && pcm.sampleRate !== SAMPLE_RATE) throw new Error(`resampler produced ${pcm.sampleRate} Hz`);
        if (pcm.samples.length === 0) return reject(new DecodeError(file, "no audio samples decoded (0 s)"));
        const bad = firstNonFinite(pcm.samples);
        if (bad >= 0) return reject(new DecodeError(file, `non-finite sample at ${bad}`));
        resolve({source: {...source, channels: source.channels || pcm.channels}, samples: pcm.samples, sampleRate: pcm.sampleRate});
      } catch (e) {
        reject(new DecodeError(file, `unreadable decoder output: ${(e as Error).message}`));
      }
    });
  });
}

/** The index of the first sample that is not finite, or −1 (a loop: Array.prototype.every's callback per sample cost seconds over the corpus). */
function firstNonFinite(x: Float32Array): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}

/** libsoxr at 20 bits (librosa's soxr_hq) to SAMPLE_RATE: the filter both decoders end with. */
const RESAMPLE = `aresample=resampler=soxr:precision=20:osr=${SAMPLE_RATE}`;

/** Output options every decoder shares: the cut at maxSeconds, float32 samples in a WAV. */
const toFloatWav = (maxSeconds: number) => ["-t", String(maxSeconds), "-c:a", "pcm_f32le", "-f", "wav"];

/** The output options that turn one input into mono-per-channel float32 at 16 kHz, as decodeFile does. */
const toFloat16k = (maxSeconds: number) => ["-vn", "-af", RESAMPLE, ...toFloatWav(maxSeconds)];

/** The index of input `k`'s first audio stream in ffmpeg's banner (the stream `-map k:a:0` takes), or null. */
function firstAudioStream(stderr: string, k: number): number | null {
  const m = new RegExp(`Stream #${k}:(\\d+)[^:]*: Audio: `).exec(stderr);
  return m ? Number(m[1]) : null;
}

/** ffmpeg's banner of each input: the files opened and probed, nothing decoded (it exits 1: no output). */
function probeBanner(files: string[]): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(FFMPEG, ["-hide_banner", "-nostdin", ...files.flatMap((f) => ["-i", f])], {stdio: ["ignore", "ignore", "pipe"]});
    let err = "";
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", () => resolve(""));
    p.on("close", () => resolve(err));
  });
}

/**
 * Decode several files in one ffmpeg process, each file's samples equal to decodeFile's bit for bit
 * (the same decoder, resampler and cut): starting ffmpeg once per file costs about as much CPU as
 * the decoding. The files are the filter graph's `amovie` sources rather than ffmpeg inputs: with
 * several inputs ffmpeg 4 reads each in its own thread and hands every packet across with a lock —
 * about as much system time as the decoding's own CPU (measured: 40 CAF files, 2.2 CPU-s as inputs,
 * 1.1 as sources). A first ffmpeg run only opens the files to print each one's container, codec,
 * rate and channels (0.03 s for 40). The sources are read through links named by their index, in a
 * folder of our own, so no path needs the filter graph's escaping. ffmpeg stops at the first file
 * it cannot read, so when the batch fails this returns null and the caller decodes those files one
 * by one, each with its own reason.
 */
export async function decodeFiles(files: string[], maxSeconds = 3600): Promise<Decoded[] | null> {
  if (!files.length) return [];
  const banner = await probeBanner(files);
  const sources = files.map((_, k) => parseSourceInfo(banner, k));
  const streams = files.map((_, k) => firstAudioStream(banner, k));
  if (sources.some((s) => !s) || streams.some((s) => s === null)) return null;
  const known = sources as SourceInfo[];
  const dir = await mkdtemp(join(tmpdir(), "cry-decode-"));
  try {
    // The extension is kept: ffmpeg's format probe weighs it, as it did for the file itself.
    const links = files.map((f, k) => `in${k}${/\.[A-Za-z0-9]{1,10}$/.exec(f)?.[0] ?? ""}`);
    await Promise.all(files.map((f, k) => symlink(resolve(f), join(dir, links[k]))));
    const graph = links.map((l, k) => `amovie=${l}:streams=${streams[k]},${RESAMPLE}[a${k}]`).join(";");
    const args = [
      "-hide_banner",
      "-nostdin",
      "-filter_complex",
      graph,
      ...files.flatMap((_, k) => ["-map", `[a${k}]`, ...toFloatWav(maxSeconds), `out${k}.wav`])
    ];
    const code = await new Promise<number | null>((done) => {
      const p = spawn(FFMPEG, args, {cwd: dir, stdio: ["ignore", "ignore", "ignore"]});
      p.on("error", () => done(-1));
      p.on("close", done);
    });
    if (code !== 0) return null;
    const out: Decoded[] = [];
    for (const [k, source] of known.entries()) {
      const pcm = parseWav(await readFile(join(dir, `out${k}.wav`)));
      if (pcm.sampleRate !== SAMPLE_RATE || pcm.samples.length === 0 || firstNonFinite(pcm.samples) >= 0) return null;
      out.push({source: {...source, channels: source.channels || pcm.channels}, samples: pcm.samples, sampleRate: pcm.sampleRate});
    }
    return out;
  } catch {
    return null;
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

/**
 * Each file's decoding or its DecodeError, in order: `batch` files to an ffmpeg process
 * (decodeFiles), and a batch ffmpeg refuses decoded file by file, so the file at fault gets its reason.
 */
export async function decodeEach(files: string[], maxSeconds = 3600, batch = 40): Promise<(Decoded | DecodeError)[]> {
  const out: (Decoded | DecodeError)[] = [];
  for (let b = 0; b < files.length; b += batch) {
    const chunk = files.slice(b, b + batch);
    const together = await decodeFiles(chunk, maxSeconds);
    if (together) out.push(...together);
    else for (const f of chunk) out.push(await decodeFile(f, maxSeconds).catch((e) => (e instanceof DecodeError ? e : new DecodeError(f, String(e)))));
  }
  return out;
}
