// The whole split → features → fit pipeline (logistic regression) under five seeds, both protocols: holdout metrics.
import {seedVariance} from "../../loaders/pipeline/sensitivity.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
process.stdout.write(rowsToArrow(await seedVariance("yamnet")));
