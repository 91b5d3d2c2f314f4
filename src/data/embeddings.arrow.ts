// Every recording on the YAMNet embedding map, with YAMNet's own AudioSet verdict.
import {analyseEmbeddings} from "../../loaders/pipeline/embedding-analysis.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {map} = await analyseEmbeddings("yamnet");
process.stdout.write(rowsToArrow(map));
