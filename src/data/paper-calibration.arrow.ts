// Reliability bins (top-class confidence vs accuracy) of every model and split (YAMNet, both protocols).
import {paperRuns} from "../../loaders/pipeline/paper-run.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {runs} = await paperRuns("yamnet");
process.stdout.write(rowsToArrow(runs.flatMap((r) => r.evaluation.calibration)));
