// Every cell of the multiverse (labelling × split × copies × augmentation × encoder × model), one row per metric.
import {longRows, multiverse, paperRunsByProtocol} from "../../loaders/pipeline/multiverse.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const cells = await multiverse(await paperRunsByProtocol());
process.stdout.write(rowsToArrow(longRows(cells), undefined, {dictionary: ["labelling", "split", "copies", "augmentation", "encoder", "model", "metric", "reason", "hyperparameters", "params", "unit"]}));
