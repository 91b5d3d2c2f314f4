/**
 * Download the pinned corpus archive and unpack it: progress on stderr, and errors that say which
 * URL failed, why, and what to do instead (a local copy). The archive URL is the manifest's unless
 * `CRY_ARCHIVE_URL` points elsewhere (a mirror, or a local server in the tests).
 */
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdir, mkdtemp, rename, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {loadManifest} from "./corpus.ts";

export class DownloadError extends Error {}

const LOCAL_COPY_HINT = "to use a local copy instead, set CRY_DATA_DIR to the folder that holds donateacry-android-upload-bucket/ (or pass --data-dir)";

export function archiveUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.CRY_ARCHIVE_URL || loadManifest().archive;
}

/** Why a fetch failed, in words: undici hides the network cause (ENOTFOUND, ECONNREFUSED, …) in `cause`. */
function networkReason(e: unknown): string {
  const cause = (e as {cause?: {code?: string; message?: string; hostname?: string}}).cause;
  if (cause?.code === "ENOTFOUND") return `the host ${cause.hostname ?? ""} could not be resolved (no network, or no DNS)`.replace("  ", " ");
  if (cause?.code === "ECONNREFUSED") return "the connection was refused";
  if (cause?.code === "ETIMEDOUT" || cause?.code === "UND_ERR_CONNECT_TIMEOUT") return "the connection timed out";
  return cause?.message ?? cause?.code ?? (e as Error).message;
}

export async function download(url: string, dest: string, out: NodeJS.WritableStream = process.stderr): Promise<number> {
  out.write(`downloading ${url}\n`);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new DownloadError(`could not download ${url}: ${networkReason(e)}; ${LOCAL_COPY_HINT}`);
  }
  if (!res.ok || !res.body) throw new DownloadError(`could not download ${url}: HTTP ${res.status} ${res.statusText}; ${LOCAL_COPY_HINT}`);
  const total = Number(res.headers.get("content-length") ?? 0);
  const chunks: Uint8Array[] = [];
  let got = 0,
    last = 0;
  const t0 = Date.now();
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      got += chunk.length;
      if (Date.now() - last > 500 || got === total) {
        last = Date.now();
        const secs = Math.max(1e-3, (Date.now() - t0) / 1000),
          rate = got / secs;
        const eta = total && rate > 0 ? `, ETA ${((total - got) / rate).toFixed(0)} s` : "";
        out.write(`  ${(got / 1e6).toFixed(1)} MB${total ? ` / ${(total / 1e6).toFixed(1)} MB` : ""} at ${(rate / 1e6).toFixed(1)} MB/s${eta}\n`);
      }
    }
  } catch (e) {
    throw new DownloadError(`download of ${url} broke off after ${(got / 1e6).toFixed(1)} MB: ${networkReason(e)}; ${LOCAL_COPY_HINT}`);
  }
  if (total && got !== total) throw new DownloadError(`download of ${url} is incomplete: ${got} of ${total} bytes; ${LOCAL_COPY_HINT}`);
  await writeFile(dest, Buffer.concat(chunks));
  return got;
}

/** Download the archive, unpack it, and move its top folder to `target`. */
export async function fetchCorpus(target: string, url = archiveUrl(), out: NodeJS.WritableStream = process.stderr): Promise<void> {
  const {commit} = loadManifest();
  const tmp = await mkdtemp(join(tmpdir(), "cry-corpus-"));
  try {
    const archive = join(tmp, "corpus.tar.gz");
    await download(url, archive, out);
    out.write("unpacking\n");
    const r = spawnSync("tar", ["-xzf", archive, "-C", tmp], {encoding: "utf8"});
    if (r.status !== 0)
      throw new DownloadError(`could not unpack the archive from ${url} (truncated or not a .tar.gz): ${(r.stderr || "").trim().split("\n").pop()}`);
    const top = join(tmp, `donateacry-corpus-${commit}`);
    if (!existsSync(top)) throw new DownloadError(`the archive from ${url} has no folder donateacry-corpus-${commit}/: not the pinned commit`);
    await mkdir(dirname(target), {recursive: true});
    await rename(top, target);
  } finally {
    await rm(tmp, {recursive: true, force: true});
  }
}
