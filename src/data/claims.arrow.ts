// Every claim of PAPER.md §7 next to what this build measured for the same quantity, with a verdict and its reason.
import {analyseCorpus, PRIMARY_LABELLING} from "../../loaders/pipeline/corpus-analysis.ts";
import {paperRuns} from "../../loaders/pipeline/paper-run.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
import {buildAudit} from "../../loaders/paper/audit.ts";

const {splits} = await analyseCorpus();
const {runs} = await paperRuns("yamnet");
const labelledCounts: Record<string, number> = {};
for (const s of splits.filter((s) => s.labelling === PRIMARY_LABELLING)) labelledCounts[s.label] = (labelledCounts[s.label] ?? 0) + 1;
process.stdout.write(rowsToArrow(buildAudit({runs, labelledCounts})));
