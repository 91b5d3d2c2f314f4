// The corpus as it really is, from one analysis: one row per file with labels, decoding facts and
// exclusion reasons (files.arrow); pairs of files holding the same recording, found by content
// (duplicates.arrow); every labelled file's split, the paper's and the grouped one, under each
// labelling (splits.arrow).
import {MATCH_CORRELATION} from "../../loaders/corpus/duplicates.ts";
import {analyseCorpus} from "../../loaders/pipeline/corpus-analysis.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
import {tarFiles} from "../../loaders/lib/tar.ts";

const {rows, pairs, splits} = await analyseCorpus();
const stem = (p: string) =>
  p
    .split("/")
    .pop()!
    .replace(/\.[a-z0-9.]+$/i, "");
const side = (i: number) => (rows[i].source === "cleaned" ? "cleaned" : "raw");
process.stdout.write(
  tarFiles({
    "files.arrow": rowsToArrow(rows),
    "duplicates.arrow": rowsToArrow(
      pairs.map((p) => ({
        pathA: rows[p.a].path,
        pathB: rows[p.b].path,
        sourceA: rows[p.a].source,
        sourceB: rows[p.b].source,
        kind: [side(p.a), side(p.b)].sort().join(" ↔ "),
        correlation: p.correlation,
        offset: p.offset,
        threshold: MATCH_CORRELATION,
        confirmed: p.confirmed ? "confirmed" : "possible",
        sameName: stem(rows[p.a].path) === stem(rows[p.b].path) ? "same name" : "different names",
        sameInstance: rows[p.a].appInstance === rows[p.b].appInstance ? "same installation" : "different installations"
      }))
    ),
    "splits.arrow": rowsToArrow(splits)
  })
);
