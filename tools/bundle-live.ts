/**
 * Bundles loaders/live/browser.ts — the build's own preprocessing and classification modules plus
 * onnxruntime-web — into src/components/live.js for the classifier page, so the page runs the same
 * code as the command line and the build, from this site's origin; and the encoder's Web Worker
 * (loaders/live/encoder-worker.ts) into src/components/encoder-worker.js. Both generated, not committed.
 */
import {build} from "esbuild";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {BROWSER_ESM} from "./selfhost.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function bundleLive(): Promise<string> {
  const bundles = [
    ["browser.ts", "live.js"],
    ["encoder-worker.ts", "encoder-worker.js"]
  ].map(([entry, file]) => [join(root, "loaders", "live", entry), join(root, "src", "components", file)]);
  for (const [entry, outfile] of bundles) await build({...BROWSER_ESM, entryPoints: [entry], outfile});
  return bundles.map(([, out]) => out).join(", ");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.stderr.write(`bundled ${await bundleLive()}\n`);
