/**
 * Loaded with `--import` into each process the pipeline starts: when the process ends it writes its
 * CPU seconds (its own and its children's) to file descriptor 3, which the pipeline reads.
 */
import {writeSync} from "node:fs";
import {cpuSeconds} from "../loaders/lib/cpu-time.ts";

process.on("exit", () => {
  try {
    writeSync(3, `${cpuSeconds()}\n`);
  } catch {
    // Started without the pipe (by hand): nothing to report to.
  }
});
