// Logistic regression on YAMNet embeddings, paper split vs grouped split: the seeds table.
import {classicalEval} from "../../loaders/pipeline/classical-eval.ts";
import {rowsToArrow} from "../../loaders/pipeline/arrow.ts";

const result = await classicalEval("yamnet");
process.stdout.write(rowsToArrow(result.seeds));
