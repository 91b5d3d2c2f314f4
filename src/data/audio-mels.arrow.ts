// Example recordings through each preprocessing step: the mels table.
import {audioExamples} from "../../loaders/pipeline/audio-examples.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {mels} = await audioExamples();
process.stdout.write(rowsToArrow(mels, undefined, {dictionary: ["path"]}));
