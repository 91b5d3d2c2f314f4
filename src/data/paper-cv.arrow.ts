// The paper's 5-fold CV of SVM C 10, leaky (by row) and grouped (YAMNet, both protocols).
import {paperRuns} from "../../loaders/pipeline/paper-run.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {runs} = await paperRuns("yamnet");
process.stdout.write(rowsToArrow(runs.flatMap((r) => r.cv)));
