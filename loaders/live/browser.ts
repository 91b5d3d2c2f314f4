/**
 * What the classifier page imports: the shared live modules and onnxruntime-web's wasm build,
 * bundled by tools/bundle-live.ts into src/components/live.js (generated, not committed).
 */
export * as ort from "onnxruntime-web/wasm";
export {parseWav, WavError} from "../audio/wav.ts";
export {toMono16k, isWav, InputError, LIVE_RATE, MAX_SECONDS} from "./audio-input.ts";
export {classifySamples, cryEvidence, CRY_RULE, PreprocessError} from "./classify.ts";
