// How much the numbers move: 5-fold CV of logistic regression on clean embeddings with folds by
// file, by recording and by installation group (duplicates-cv.arrow); the whole split → features →
// fit pipeline under five seeds, both protocols (seeds.arrow).
import {duplicatesCV, seedVariance} from "../../loaders/pipeline/sensitivity.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
import {tarFiles} from "../../loaders/lib/tar.ts";

process.stdout.write(
  tarFiles({
    "duplicates-cv.arrow": rowsToArrow(await duplicatesCV("yamnet")),
    "seeds.arrow": rowsToArrow(await seedVariance("yamnet"))
  })
);
