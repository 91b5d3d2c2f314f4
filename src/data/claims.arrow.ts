// Every claim of PAPER.md §7 next to what this build measured, with a verdict and its reason.
import {analyseCorpus} from "../../loaders/pipeline/corpus-analysis.ts";
import {paperRuns} from "../../loaders/pipeline/paper-run.ts";
import {rowsToArrow} from "../../loaders/pipeline/arrow.ts";
import {buildAudit} from "../../loaders/paper/audit.ts";

const {rows, splits} = await analyseCorpus();
const {runs} = await paperRuns("yamnet");
const kw = rows.filter((r) => r.paperLabel !== "unlabelled");
const keywordCounts: Record<string, number> = {};
for (const r of kw) keywordCounts[r.paperLabel] = (keywordCounts[r.paperLabel] ?? 0) + 1;
process.stdout.write(rowsToArrow(buildAudit({
  runs, encoder: runs[0].encoder, keywordLabelled: kw.length, keywordCounts,
  codeLabelled: splits.filter((s) => s.labelling === "file-name codes").length
})));
