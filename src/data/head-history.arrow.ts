// The neural head's training history, epoch by epoch, for every trial and the final run (YAMNet, both protocols).
import {paperRuns} from "../../loaders/pipeline/paper-run.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {runs} = await paperRuns("yamnet");
process.stdout.write(rowsToArrow(runs.flatMap((r) => r.history)));
