/**
 * Wall time of the build's named stages, kept in this process. The pipeline and each paper-run
 * process write theirs to the cache folder (timings/), and the provenance page shows them. Timings
 * are the one output that differs between two builds of the same inputs, so they never enter an
 * Arrow file or a cache key.
 */
import {cpuSeconds} from "./cpu-time.ts";

export interface StageTime {
  stage: string;
  seconds: number;
  /** CPU seconds of this process (and the children it waited for) during the stage. */
  cpuSeconds?: number;
}

const stages: StageTime[] = [];

/** Runs `f` (sync or async) and records how long it took under `stage`. */
export function timeStage<T>(stage: string, f: () => T): T {
  const t = performance.now(),
    c = cpuSeconds();
  const done = () => stages.push({stage, seconds: (performance.now() - t) / 1000, cpuSeconds: cpuSeconds() - c});
  const out = f();
  if (out instanceof Promise) return out.then((v) => (done(), v)) as T;
  done();
  return out;
}

export function stageTimes(): StageTime[] {
  return stages.slice();
}
