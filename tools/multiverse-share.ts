/**
 * One share of the multiverse's data cells, in its own process: tools/pipeline.ts runs two shares
 * at once after the paper runs (whose searches the cells reuse), then assembles every cell from the cache.
 *   tsx tools/multiverse-share.ts <share> <shares>
 */
import {multiverse, paperRunsByProtocol} from "../loaders/pipeline/multiverse.ts";

const [k, of] = process.argv.slice(2).map(Number);
if (!(of >= 1 && k >= 0 && k < of)) {
  process.stderr.write("usage: multiverse-share.ts <share> <shares>\n");
  process.exit(2);
}
await multiverse(await paperRunsByProtocol(), {k, of});
