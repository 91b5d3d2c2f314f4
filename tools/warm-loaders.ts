/**
 * Runs the site's data loaders (src/data/*.ts) two at a time into Framework's loader cache, after
 * the pipeline and before `observable build`. Framework runs loaders one after another; ours only
 * read the pipeline's results from .cache/ and pack them (each 1–5 s, ~20 s in all on one core),
 * so on two cores this takes about half as long. A loader's output is written where Framework
 * looks (src/.observablehq/cache/<path without .ts>, newer than the loader file), so the build
 * finds it fresh; tools/prebuild.ts drops that cache first, so nothing stale is ever served.
 * A loader that fails is left to `observable build`, which runs it again and reports its error.
 *   tsx tools/warm-loaders.ts
 */
import {spawn} from "node:child_process";
import {createWriteStream} from "node:fs";
import {mkdir, readdir, rename, rm} from "node:fs/promises";
import {availableParallelism} from "node:os";
import {dirname, join} from "node:path";
import {PROJECT_ROOT} from "../data/corpus.ts";
import {mapLimit} from "../loaders/lib/progress.ts";

const SRC = join(PROJECT_ROOT, "src");
const CACHE = join(SRC, ".observablehq", "cache");

/** Runs one loader (with tsx, as Framework's default interpreter for .ts) into its cache file. */
function runLoader(loader: string): Promise<{ok: boolean; seconds: number}> {
  const target = join(CACHE, loader.replace(/\.ts$/, "")),
    temp = `${target}.${process.pid}.warm`;
  const t = Date.now();
  return mkdir(dirname(target), {recursive: true}).then(
    () =>
      new Promise((resolve) => {
        const out = createWriteStream(temp);
        out.on("open", () => {
          const p = spawn("tsx", [join(SRC, loader)], {cwd: PROJECT_ROOT, stdio: ["ignore", out, "inherit"]});
          p.on("error", () => resolve({ok: false, seconds: 0}));
          p.on("close", (code) =>
            out.end(async () => {
              if (code === 0) await rename(temp, target);
              else await rm(temp, {force: true});
              resolve({ok: code === 0, seconds: (Date.now() - t) / 1000});
            })
          );
        });
      })
  );
}

const loaders = (await readdir(join(SRC, "data"))).filter((f) => f.endsWith(".ts")).map((f) => join("data", f));
const t0 = Date.now();
let done = 0;
await mapLimit(loaders, Math.min(2, availableParallelism()), async (loader) => {
  const r = await runLoader(loader);
  done++;
  process.stderr.write(
    `warm-loaders: ${loader} ${r.ok ? `in ${r.seconds.toFixed(1)} s` : "failed (observable build will run it again)"} (${done}/${loaders.length}, ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`
  );
});
