/**
 * Content-addressed cache outside git (`.cache/`, or CRY_CACHE_DIR). Keys are hashes of everything
 * that determines a result (input checksums, parameters, code version), so a rebuild only redoes
 * what changed and a stale entry can never be picked up.
 */
import {createHash} from "node:crypto";
import {access, mkdir, readFile, rename, rm, writeFile} from "node:fs/promises";
import {dirname, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";

/** The project folder, found from this file's place (loaders/lib/): lib imports nothing of the project, data/corpus.ts included. */
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export const CACHE_DIR = process.env.CRY_CACHE_DIR ?? join(PROJECT_ROOT, ".cache");

export function cacheKey(...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

function pathFor(kind: string, key: string, ext: string): string {
  return join(CACHE_DIR, kind, key.slice(0, 2), `${key}${ext}`);
}

export async function readCached(kind: string, key: string, ext: string): Promise<Buffer | null> {
  return readFile(pathFor(kind, key, ext)).catch(() => null);
}

/** Where a cached entry's file is, or null when there is none (for a tool that reads the file itself). */
export async function cachedPath(kind: string, key: string, ext: string): Promise<string | null> {
  const p = pathFor(kind, key, ext);
  return access(p).then(
    () => p,
    () => null
  );
}

export async function writeCached(kind: string, key: string, ext: string, data: Uint8Array | string): Promise<void> {
  const p = pathFor(kind, key, ext);
  await mkdir(dirname(p), {recursive: true});
  // Write then rename so an interrupted build never leaves a half-written entry.
  const tmp = `${p}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, p);
}

/**
 * Runs `fn` while holding a lock named after a cache key, so two processes (Framework may run
 * several data loaders at once) never compute the same expensive result twice: the second waits,
 * then finds the first one's result in the cache. A lock left by a dead process is taken over.
 */
export async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const dir = join(CACHE_DIR, "locks", `${key}.lock`);
  await mkdir(dirname(dir), {recursive: true});
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, "pid"), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(await readFile(join(dir, "pid"), "utf8").catch(() => "0"));
      let alive = pid > 0;
      try {
        if (pid > 0) process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (!alive && pid > 0) {
        await rm(dir, {recursive: true, force: true});
        continue;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}
