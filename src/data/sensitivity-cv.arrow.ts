// 5-fold CV of logistic regression on clean embeddings: folds by file, by recording, by installation group.
import {duplicatesCV} from "../../loaders/pipeline/sensitivity.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
process.stdout.write(rowsToArrow(await duplicatesCV("yamnet")));
