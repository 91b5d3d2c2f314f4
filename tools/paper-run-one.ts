/** One protocol of the paper's pipeline in its own process (tools/pipeline.ts runs both at once on two cores). */
import {paperRun} from "../loaders/pipeline/paper-run.ts";
import {PROTOCOLS, type Protocol} from "../loaders/pipeline/dataset.ts";

const protocol = process.argv[2] as Protocol;
if (!(protocol in PROTOCOLS)) {
  process.stderr.write(`usage: paper-run-one.ts "${Object.keys(PROTOCOLS).join('" | "')}"\n`);
  process.exit(2);
}
await paperRun(protocol, process.argv[3] ?? "yamnet");
