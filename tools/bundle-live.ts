/**
 * Bundles loaders/live/browser.ts — the build's own preprocessing and classification modules plus
 * onnxruntime-web — into src/components/live.js for the classifier page, so the page runs the same
 * code as the command line and the build, from this site's origin.
 */
import {build} from "esbuild";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {BROWSER_ESM} from "./selfhost.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function bundleLive(): Promise<string> {
  const out = join(root, "src", "components", "live.js");
  await build({...BROWSER_ESM, entryPoints: [join(root, "loaders", "live", "browser.ts")], outfile: out});
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.stderr.write(`bundled ${await bundleLive()}\n`);
