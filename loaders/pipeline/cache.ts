/**
 * Content-addressed cache outside git (`.cache/`, or CRY_CACHE_DIR). Keys are hashes of everything
 * that determines a result (input checksums, parameters, code version), so a rebuild only redoes
 * what changed and a stale entry can never be picked up.
 */
import {createHash} from "node:crypto";
import {mkdir, readFile, rename, writeFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import {PROJECT_ROOT} from "../../data/corpus.ts";

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

export async function writeCached(kind: string, key: string, ext: string, data: Uint8Array | string): Promise<void> {
  const p = pathFor(kind, key, ext);
  await mkdir(dirname(p), {recursive: true});
  // Write then rename so an interrupted build never leaves a half-written entry.
  const tmp = `${p}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, p);
}
