/**
 * The corpus inventory, memoised across the build's many loader processes. Verifying a corpus
 * means hashing every file; that result stays valid while no file's size or modification time
 * changes (git's index works the same way), so the key holds the manifest, every file's stat, the
 * folder listing and the decoder — and a changed file still gets re-hashed and re-decoded.
 */
import {stat} from "node:fs/promises";
import {join, resolve} from "node:path";
import {listFiles, loadManifest} from "../../data/corpus.ts";
import {DECODER_ID} from "../audio/decode.ts";
import {buildInventory, type InventoryRow} from "../corpus/inventory.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {codeHash} from "../lib/code-hash.ts";

export async function cachedInventory(dataDir: string): Promise<InventoryRow[]> {
  const manifest = loadManifest();
  const stats = await Promise.all(
    manifest.files.map((f) =>
      stat(join(dataDir, f.path)).then(
        (s) => `${s.size}:${s.mtimeMs}`,
        () => "missing"
      )
    )
  );
  const listing = await listFiles(dataDir).catch(() => []);
  const key = cacheKey(
    codeHash(import.meta.url),
    DECODER_ID,
    resolve(dataDir),
    manifest.files.map((f) => f.path + f.sha256 + f.size),
    stats,
    listing
  );
  const hit = await readCached("inventory", key, ".json");
  // JSON has no NaN: a failed decode's duration comes back as null.
  if (hit) return (JSON.parse(hit.toString()) as InventoryRow[]).map((r) => ({...r, duration: r.duration ?? NaN}));
  const rows = await buildInventory(dataDir, manifest);
  await writeCached("inventory", key, ".json", JSON.stringify(rows));
  return rows;
}
