/**
 * One share of the multiverse's data cells, and then of its null's, in its own process: tools/pipeline.ts runs two shares
 * at once after the paper runs (whose searches the cells reuse), then assembles every cell from the cache.
 *   tsx tools/multiverse-share.ts <share> <shares>
 */
import {multiverse, paperRunsByProtocol} from "../loaders/pipeline/multiverse.ts";
import {nullCells, nullDataCells} from "../loaders/pipeline/null-curve.ts";

const [k, of] = process.argv.slice(2).map(Number);
if (!(of >= 1 && k >= 0 && k < of)) {
  process.stderr.write("usage: multiverse-share.ts <share> <shares>\n");
  process.exit(2);
}
const runs = await paperRunsByProtocol();
await multiverse(runs, {k, of});
// The same share of the null's data cells (their labels permuted, logistic regression refitted).
await nullCells(
  nullDataCells().filter((_, i) => i % of === k),
  runs
);
