// Holdout recordings under the final neural head: confidence, correct or not, position on the training PCA map (YAMNet, both protocols).
import {paperRuns} from "../../loaders/pipeline/paper-run.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {runs} = await paperRuns("yamnet");
process.stdout.write(rowsToArrow(runs.flatMap((r) => r.holdout)));
