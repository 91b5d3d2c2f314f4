// Example recordings through each preprocessing step: the waves table.
import {audioExamples} from "../../loaders/pipeline/audio-examples.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {waves} = await audioExamples();
process.stdout.write(rowsToArrow(waves));
