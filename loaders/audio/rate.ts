/**
 * The study's one sample rate, in Hz: every recording is decoded (and the live page's input
 * resampled) to it, and every clip, frame and time axis counts samples at it. 16 kHz because it is
 * the input rate of the encoders — YAMNet and HeAR both take 2 s of 16 kHz mono — and the rate the
 * paper loaded its files at (librosa.load with sr=16000; docs/method.md §2).
 */
export const SAMPLE_RATE = 16000;
