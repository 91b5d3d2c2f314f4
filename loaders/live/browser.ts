/**
 * What the classifier page imports: the shared live modules and onnxruntime-web's wasm build,
 * bundled by tools/bundle-live.ts into src/components/live.js (generated, not committed).
 */
export * as ort from "onnxruntime-web/wasm";
export {parseWav, WavError} from "../audio/wav.ts";
export {toMono16k, isWav, nativeSampleRate, InputError, MAX_SECONDS} from "../audio/live-input.ts";
export {SAMPLE_RATE} from "../audio/rate.ts";
export {classifySamples, PreprocessError} from "./classify.ts";
export {describeRule, needsHead, ruleLabel} from "../cry/rule.ts";
export {ENCODER_SESSION_OPTIONS} from "../onnx/session-options.ts";
export {mapWindow, peakEnvelope, projectOnMap} from "./result-views.ts";
