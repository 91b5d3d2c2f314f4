// Example recordings through each preprocessing step: the examples table.
import {audioExamples} from "../../loaders/pipeline/audio-examples.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {examples} = await audioExamples();
process.stdout.write(rowsToArrow(examples));
