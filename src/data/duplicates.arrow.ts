// Pairs of files holding the same recording, found by content (loudness-envelope correlation).
import {MATCH_CORRELATION} from "../../loaders/corpus/duplicates.ts";
import {analyseCorpus} from "../../loaders/pipeline/corpus-analysis.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {rows, pairs} = await analyseCorpus();
const stem = (p: string) => p.split("/").pop()!.replace(/\.[a-z0-9.]+$/i, "");
process.stdout.write(
  rowsToArrow(
    pairs.map((p) => ({
      pathA: rows[p.a].path,
      pathB: rows[p.b].path,
      sourceA: rows[p.a].source,
      sourceB: rows[p.b].source,
      kind: [rows[p.a].source === "cleaned" ? "cleaned" : "raw", rows[p.b].source === "cleaned" ? "cleaned" : "raw"].sort().join(" ↔ "),
      correlation: p.correlation,
      offset: p.offset,
      threshold: MATCH_CORRELATION,
      confirmed: p.confirmed ? "confirmed" : "possible",
      sameName: stem(rows[p.a].path) === stem(rows[p.b].path) ? "same name" : "different names",
      sameInstance: rows[p.a].appInstance === rows[p.b].appInstance ? "same installation" : "different installations"
    }))
  )
);
