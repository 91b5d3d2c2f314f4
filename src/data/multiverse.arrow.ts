// Every cell of the multiverse (labelling × split × copies × augmentation × encoder × model), one row per metric.
import {paperRuns} from "../../loaders/pipeline/paper-run.ts";
import {longRows, multiverse} from "../../loaders/pipeline/multiverse.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {runs} = await paperRuns("yamnet");
const cells = await multiverse(Object.fromEntries(runs.map((r) => [r.protocol, r])));
process.stdout.write(rowsToArrow(longRows(cells), undefined, {dictionary: ["labelling", "split", "copies", "augmentation", "encoder", "model", "metric", "reason", "hyperparameters", "params", "unit"]}));
