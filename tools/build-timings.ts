/**
 * Where the build's stage timings live and how "computed or read from cache" is told: a stage
 * computed something when it wrote a cache entry while it ran (the caches are content-addressed,
 * so a warm stage writes nothing). Paper runs in their own processes leave their inner stages in
 * timings/paper-run-<protocol>.json.
 */
import {mkdir, readdir, readFile, stat, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {CACHE_DIR} from "../loaders/lib/cache.ts";
import type {StageTime} from "../loaders/lib/stage-timing.ts";

export const TIMINGS_DIR = join(CACHE_DIR, "timings");
export const BUILD_TIMINGS = join(TIMINGS_DIR, "build.json");

export interface BuildStage {
  stage: string;
  /** The pipeline step a paper-run stage belongs to, or "" for a step. */
  parent: string;
  seconds: number;
  /** CPU seconds the stage used: its process's and the children's it waited for (all cores). */
  cpuSeconds?: number;
  computed: boolean;
  /** The step whose time this one's overlapped (it ran meanwhile, in another process), if any. */
  overlaps?: string;
}

export const paperRunTimingsFile = (protocol: string) => join(TIMINGS_DIR, `paper-run-${protocol.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.json`);

export async function writeStageFile(file: string, stages: StageTime[]): Promise<void> {
  await mkdir(TIMINGS_DIR, {recursive: true});
  await writeFile(file, JSON.stringify(stages));
}

/**
 * Cache files written at or after `since` (ms), in every kind of cache entry but timings, locks and
 * `exclude` — or only in `only`, when given.
 */
export async function cacheWritesSince(since: number, exclude: string[] = [], only?: string[]): Promise<number> {
  const skip = new Set(["timings", "locks", ...exclude]);
  let kinds: string[];
  try {
    kinds = (await readdir(CACHE_DIR, {withFileTypes: true})).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return 0;
  }
  let n = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, {withFileTypes: true})) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if ((await stat(p)).mtimeMs >= since) n++;
    }
  };
  for (const k of kinds) if (only ? only.includes(k) : !skip.has(k)) await walk(join(CACHE_DIR, k));
  return n;
}

/** A paper run's inner stages, if its process computed them during this build. */
export async function freshStages(file: string, since: number): Promise<StageTime[]> {
  try {
    if ((await stat(file)).mtimeMs < since) return [];
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    return [];
  }
}

export async function writeBuildTimings(stages: BuildStage[], totalSeconds: number, totalCpuSeconds: number): Promise<void> {
  await mkdir(TIMINGS_DIR, {recursive: true});
  await writeFile(BUILD_TIMINGS, JSON.stringify({stages, totalSeconds, totalCpuSeconds}));
}
