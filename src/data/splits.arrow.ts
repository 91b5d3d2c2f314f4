// Every labelled file's split: the paper's (by recording) and the grouped one, under both labellings.
import {analyseCorpus} from "../../loaders/pipeline/corpus-analysis.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {splits} = await analyseCorpus();
process.stdout.write(rowsToArrow(splits));
