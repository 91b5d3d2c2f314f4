/**
 * The paper's augmented training copies (copies 1 and 2) of the recordings that any paper run
 * trains on — the split by file's train and validation files (its 5-fold CV uses both) and the
 * grouped split's train files — shared with the other processes given the same claims directory:
 * tools/pipeline.ts runs two at once before the paper runs start, so the two protocols, which train
 * on mostly the same files, do not embed the same copies twice; they then read them from the cache.
 * Each (copy, recording) goes to whichever process claims it first (loaders/lib/claims.ts).
 *   tsx tools/augment-copies.ts <claims-dir>
 */
import {GROUPED_PROTOCOL, loadDataset, PAPER_PROTOCOL, splitIndices} from "../loaders/pipeline/dataset.ts";
import {embedFile, openEncoder} from "../loaders/pipeline/embed.ts";
import {claimsIn} from "../loaders/lib/claims.ts";
import {Progress} from "../loaders/lib/progress.ts";

const [dir] = process.argv.slice(2);
if (!dir) {
  process.stderr.write("usage: augment-copies.ts <claims-dir>\n");
  process.exit(2);
}
const claim = claimsIn(dir);
const d = await loadDataset("yamnet");
const used = new Set([...splitIndices(d, PAPER_PROTOCOL, "train"), ...splitIndices(d, PAPER_PROTOCOL, "val"), ...splitIndices(d, GROUPED_PROTOCOL, "train")]);
const rows = [...used].sort((a, b) => a - b).map((i) => d.rowOf[i]);
const session = await openEncoder(d.enc);
for (const copy of [1, 2]) {
  // Counts every recording; the other process's share passes without a tick here.
  const progress = new Progress(`embed ${d.enc.card.name} augmented copy ${copy} (shared by two processes)`, rows.length);
  for (const r of rows) {
    if (r.status === "ok" && claim(`copy${copy}-${r.sha256}`)) await embedFile(session, d.enc, d.dataDir, r, copy);
    progress.tick();
  }
}
await session.release();
