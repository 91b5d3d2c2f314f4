// Every embedded corpus file: ids, labels under each labelling, splits, the head's holdout predictions, and its clean YAMNet embedding.
import {featuresTable} from "../../loaders/pipeline/features-export.ts";
process.stdout.write(await featuresTable("yamnet"));
