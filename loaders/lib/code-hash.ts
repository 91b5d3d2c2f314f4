/**
 * A hash of a module's source and of every project module it imports, transitively, and of the
 * WebAssembly kernels they load: a .wasm file named relative to the module's import.meta.url counts
 * as the .wat source beside it, which tools/assemble-kernels.ts assembles. Cache keys include it so
 * that editing any code that produces a cached result invalidates that result: no hand-bumped
 * version string to forget.
 */
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {dirname, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']|(?:^|\n)\s*import\s+["'](\.{1,2}\/[^"']+)["']/g;
const KERNEL = /new URL\(\s*["'](\.{1,2}\/[\w./-]+)\.wasm["']\s*,\s*import\.meta\.url\s*\)/g;
const memo = new Map<string, string>();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Files in the import closure of `file` (absolute paths), sorted. */
export function importClosure(file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    if (f.endsWith(".wat")) return;
    const src = readFileSync(f, "utf8");
    for (const m of src.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (/\.(ts|js|mjs)$/.test(spec)) visit(resolve(dirname(f), spec));
    }
    for (const m of src.matchAll(KERNEL)) visit(resolve(dirname(f), `${m[1]}.wat`));
  };
  visit(file);
  return [...seen].sort();
}

/** `moduleUrl` is the caller's `import.meta.url` (or a path). */
export function codeHash(moduleUrl: string): string {
  const file = moduleUrl.startsWith("file:") ? fileURLToPath(moduleUrl) : resolve(moduleUrl);
  let h = memo.get(file);
  if (!h) {
    const hash = createHash("sha256");
    // Paths relative to the project, so two checkouts of the same commit share a cache.
    for (const f of importClosure(file)) hash.update(`${relative(ROOT, f)}\0${readFileSync(f, "utf8")}\0`);
    memo.set(file, (h = hash.digest("hex")));
  }
  return h;
}
