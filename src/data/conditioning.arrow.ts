// What YAMNet hears in each corpus recording with and without its input conditioning: the top AudioSet class and the cry score.
import {analyseEmbeddings} from "../../loaders/pipeline/embedding-analysis.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
const rows = [];
for (const name of ["yamnet-unconditioned", "yamnet"]) {
  const a = await analyseEmbeddings(name);
  for (const r of a.map.filter((r) => r.status === "ok"))
    rows.push({encoder: name, conditioning: a.card.conditioning, path: r.path, source: r.source === "cleaned" ? "cleaned WAV" : "raw upload", topClass: r.topClass, cryScore: r.cryScore});
}
process.stdout.write(rowsToArrow(rows));
