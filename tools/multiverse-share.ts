/**
 * The multiverse's data cells, and then its null's, shared with the other processes given the same
 * claims directory (loaders/lib/claims.ts): tools/pipeline.ts runs two at once after the paper runs
 * (whose searches the cells reuse), then assembles every cell from the cache. Each cell goes to the
 * process that claims it first, the costliest first, so both end together.
 *   tsx tools/multiverse-share.ts <claims-dir>
 */
import {multiverse, paperRunsByProtocol} from "../loaders/pipeline/multiverse.ts";
import {nullCells, nullDataCells} from "../loaders/pipeline/null-curve.ts";
import {claimsIn} from "../loaders/lib/claims.ts";

const [dir] = process.argv.slice(2);
if (!dir) {
  process.stderr.write("usage: multiverse-share.ts <claims-dir>\n");
  process.exit(2);
}
const claim = claimsIn(dir);
const runs = await paperRunsByProtocol();
await multiverse(runs, claim);
// The null's data cells (their labels permuted, logistic regression refitted), shared the same way.
await nullCells(nullDataCells(), runs, claim);
