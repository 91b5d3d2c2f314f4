/**
 * The method's constants that the pages' prose names (rates, clip length, thresholds, interval
 * level, …), read from the modules that use them, so a sentence can never disagree with the code
 * that produced the numbers beside it.
 */
import {CLIP_HOP, CLIP_SAMPLES, SILENCE_DB} from "./audio/clips.ts";
import {SAMPLE_RATE} from "./audio/rate.ts";
import {FINE_FRAME} from "./corpus/duplicates.ts";
import {INTERVAL_LEVEL} from "./eval/bootstrap.ts";
import {WINDOW} from "./encoders/yamnet/convert.ts";
import {AUDIO_EXAMPLES, FILTER_SMALL_CORRELATION} from "./pipeline/audio-examples.ts";
import {BOOTSTRAP} from "./pipeline/evaluate.ts";
import {PCA_VARIANCE} from "./pipeline/features.ts";
import {MULTIVERSE} from "./pipeline/multiverse.ts";
import {SEARCH} from "./pipeline/paper-run.ts";
import {NAMES} from "./lib/names.ts";

export const METHOD = {
  /** The display names of the protocols, labellings, models and multiverse choices, by id: pages look rows up through them. */
  names: NAMES,
  sampleRate: SAMPLE_RATE,
  clipSeconds: CLIP_SAMPLES / SAMPLE_RATE,
  clipHopSeconds: CLIP_HOP / SAMPLE_RATE,
  /** Clips this many dB below the recording's level are left out as silent. */
  silenceDb: SILENCE_DB,
  interval: {level: INTERVAL_LEVEL, resamples: BOOTSTRAP.B, seed: BOOTSTRAP.seed},
  pcaVariance: PCA_VARIANCE,
  search: {nIter: SEARCH.nIter, folds: SEARCH.folds},
  multiverseCvFolds: MULTIVERSE.cvFolds,
  /** The loudness contour that duplicate detection compares, one value per frame. */
  duplicateFrameMs: (1000 * FINE_FRAME) / SAMPLE_RATE,
  yamnetWindowSeconds: WINDOW / SAMPLE_RATE,
  /** YAMNet's mel filterbank edges (its params.py: mel_min_hz, mel_max_hz), as its graph computes them. */
  yamnetMel: {loHz: 125, hiHz: 7500},
  audioExamples: {
    /** The filters "barely change" a recording when decoded and filtered samples correlate at least this much. */
    filterSmallCorrelation: FILTER_SMALL_CORRELATION,
    minSeconds: AUDIO_EXAMPLES.minSeconds,
    envelopeMs: (1000 * AUDIO_EXAMPLES.envelopeFrame) / SAMPLE_RATE,
    mel: {bands: AUDIO_EXAMPLES.mel.bands, frameMs: 1000 * AUDIO_EXAMPLES.mel.frameSeconds, stride: AUDIO_EXAMPLES.mel.stride}
  }
};
