// The wall time of every stage of this build's pipeline, and whether it computed or only read the
// cache (tools/pipeline.ts writes them; timings vary between builds, so they are not in any Arrow file).
import {readFileSync} from "node:fs";
import {BUILD_TIMINGS} from "../../tools/build-timings.ts";

let out: object;
try {
  out = {available: true, ...JSON.parse(readFileSync(BUILD_TIMINGS, "utf8"))};
} catch (e) {
  out = {available: false, reason: `no stage timings (${(e as Error).message}); they are written by tools/pipeline.ts, which \`npm run build\` runs first`, stages: [], totalSeconds: 0};
}
process.stdout.write(JSON.stringify(out));
