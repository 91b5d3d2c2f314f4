/**
 * The paper's augmented training copies (copies 1 and 2) of one share of the recordings that any
 * paper run trains on — the split by file's train and validation files (its 5-fold CV uses both)
 * and the grouped split's train files — in its own process. tools/pipeline.ts runs two shares at
 * once before the paper runs start, so the two protocols, which train on mostly the same files,
 * do not embed the same copies twice; they then read them from the cache.
 *   tsx tools/augment-copies.ts <share> <shares>
 */
import {GROUPED_PROTOCOL, loadDataset, PAPER_PROTOCOL, splitIndices} from "../loaders/pipeline/dataset.ts";
import {embedAll} from "../loaders/pipeline/embed.ts";

const [share, shares] = process.argv.slice(2).map(Number);
if (!(shares >= 1 && share >= 0 && share < shares)) {
  process.stderr.write("usage: augment-copies.ts <share> <shares>\n");
  process.exit(2);
}
const d = await loadDataset("yamnet");
const used = new Set([...splitIndices(d, PAPER_PROTOCOL, "train"), ...splitIndices(d, PAPER_PROTOCOL, "val"), ...splitIndices(d, GROUPED_PROTOCOL, "train")]);
const rows = [...used]
  .sort((a, b) => a - b)
  .filter((_, k) => k % shares === share)
  .map((i) => d.rowOf[i]);
for (const copy of [1, 2]) await embedAll(d.enc, d.dataDir, rows, copy);
