// Example recordings through each preprocessing step, from one pass over them: the recordings
// (examples.arrow, with WAV audio), min/max waveform envelopes after each step (waves.arrow) and
// YAMNet's log-mel spectrogram of the final signal (mels.arrow).
import {audioExamples} from "../../loaders/pipeline/audio-examples.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
import {tarFiles} from "../../loaders/lib/tar.ts";

const {examples, waves, mels} = await audioExamples();
process.stdout.write(
  tarFiles({
    "examples.arrow": rowsToArrow(examples),
    "waves.arrow": rowsToArrow(waves),
    "mels.arrow": rowsToArrow(mels, undefined, {dictionary: ["path"]})
  })
);
