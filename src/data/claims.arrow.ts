// Every claim of PAPER.md §7 next to what this build measured, with a verdict and its reason.
import {analyseCorpus} from "../../loaders/pipeline/corpus-analysis.ts";
import {analyseEmbeddings} from "../../loaders/pipeline/embedding-analysis.ts";
import {classicalEval} from "../../loaders/pipeline/classical-eval.ts";
import {rowsToArrow} from "../../loaders/pipeline/arrow.ts";
import {buildAudit} from "../../loaders/paper/audit.ts";

const {rows, splits} = await analyseCorpus();
const emb = await analyseEmbeddings("yamnet");
const classical = await classicalEval("yamnet");
const kw = rows.filter((r) => r.paperLabel !== "unlabelled");
const keywordCounts: Record<string, number> = {};
for (const r of kw) keywordCounts[r.paperLabel] = (keywordCounts[r.paperLabel] ?? 0) + 1;
const trainPca = classical.search.find((s) => s.protocol.startsWith("paper"))?.components ?? emb.components95;
process.stdout.write(rowsToArrow(buildAudit({
  classical, components95: trainPca, encoder: emb.card.name, keywordLabelled: kw.length, keywordCounts,
  codeLabelled: splits.filter((s) => s.labelling === "file-name codes").length
})));
