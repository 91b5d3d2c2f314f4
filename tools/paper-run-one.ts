/** One protocol of the paper's pipeline in its own process (tools/pipeline.ts runs both at once on two cores). */
import {paperRun} from "../loaders/pipeline/paper-run.ts";
import {PROTOCOLS, type Protocol} from "../loaders/pipeline/dataset.ts";
import {stageTimes} from "../loaders/lib/stage-timing.ts";
import {paperRunTimingsFile, writeStageFile} from "./build-timings.ts";

const protocol = process.argv[2] as Protocol;
if (!(protocol in PROTOCOLS)) {
  process.stderr.write(`usage: paper-run-one.ts "${Object.keys(PROTOCOLS).join('" | "')}"\n`);
  process.exit(2);
}
await paperRun(protocol, process.argv[3] ?? "yamnet");
// Inner stages exist only when this process computed the run (a cached run records none).
if (stageTimes().length) await writeStageFile(paperRunTimingsFile(protocol), stageTimes());
