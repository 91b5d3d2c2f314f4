/**
 * Encoders by name. An encoder is an ONNX model — float32 [batch, 32000] of 16 kHz audio in,
 * [batch, D] `embedding` out — with a card saying what it is. The card's sha256 (of the ONNX bytes)
 * enters every embedding cache key, so a different model can never reuse another's embeddings.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {PROJECT_ROOT} from "../../data/corpus.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {ACOUSTIC_DIM, ACOUSTIC_DIMENSIONS, ACOUSTIC_PARAMS, buildAcousticEncoder} from "./acoustic/graph.ts";
import {convertYamnet, YAMNET_CONDITIONING, type Conditioning} from "./yamnet/convert.ts";
import {readYamnetTflite, YAMNET_TFLITE_SHA256} from "./yamnet/source.ts";
import {codeHash} from "../lib/code-hash.ts";

export interface EncoderCard {
  name: string;
  dim: number;
  licence: string;
  source: string;
  sha256: string;
  dimensions: string;
  /** Extra outputs beside `embedding`. */
  outputs: string[];
  /** What range and scaling the network expects, and where that happens. */
  conditioning: string;
}

export interface Encoder {
  card: EncoderCard;
  onnx: Uint8Array;
}

const CONDITIONING_TEXT: Record<Conditioning, string> = {
  peak: "YAMNet was trained on waveforms in [-1, 1]; inside the graph each 2 s clip is divided by its largest |sample| (zero padding and silence stay zero)",
  "min-max": "YAMNet was trained on waveforms in [-1, 1]; inside the graph each 2 s clip is mapped from [min, max] onto [-1, 1], as HeAR's front-end does",
  none: "none: the clip goes in as the paper's preprocessing leaves it (unit RMS, peaks far outside [-1, 1]) — kept only to show what conditioning changes"
};

async function yamnetWith(name: string, conditioning: Conditioning): Promise<Encoder> {
  // The conversion is deterministic; cache it under the TFLite hash, the conditioning and the converter's code.
  const key = cacheKey(codeHash(import.meta.url), YAMNET_TFLITE_SHA256, conditioning);
  let onnx: Uint8Array | null = await readCached("encoders", key, ".onnx");
  if (!onnx) {
    onnx = convertYamnet(readYamnetTflite(), conditioning);
    await writeCached("encoders", key, ".onnx", onnx);
  }
  return {
    onnx,
    card: {
      name,
      conditioning: CONDITIONING_TEXT[conditioning],
      dim: 1024,
      licence: "Apache-2.0 (Google, tensorflow/models research/audioset/yamnet)",
      source: `YAMNet TFLite sha256 ${YAMNET_TFLITE_SHA256}, converted to ONNX by loaders/encoders/yamnet/convert.ts (int8 weights kept, dequantized in the graph; run with ENCODER_SESSION_OPTIONS)`,
      sha256: createHash("sha256").update(onnx).digest("hex"),
      dimensions: "MobileNet-v1 global average pool (1024) of each 0.975 s window, averaged over windows at 0, 8200 and 16400 samples",
      outputs: ["scores (521 AudioSet classes)", "log_mel"]
    }
  };
}

/** The project's own weight-free DSP encoder; built in milliseconds, so not cached. */
async function acoustic(): Promise<Encoder> {
  const onnx = buildAcousticEncoder();
  return {
    onnx,
    card: {
      name: "acoustic",
      dim: ACOUSTIC_DIM,
      licence: "MIT (cry-report; no learned weights)",
      source: `built by loaders/encoders/acoustic/graph.ts v${ACOUSTIC_PARAMS.version}`,
      conditioning:
        "none needed: its log-mel statistics and descriptors are computed from the signal as given, and the paper's unit-RMS step already fixes the level; a loudness descriptor measures that level",
      sha256: createHash("sha256").update(onnx).digest("hex"),
      dimensions: ACOUSTIC_DIMENSIONS,
      outputs: ["log_mel"]
    }
  };
}

/** HeAR, when a user with access has exported it to ONNX at models/hear/hear.onnx (or CRY_HEAR_ONNX). */
function hearPath(): string {
  return process.env.CRY_HEAR_ONNX ?? join(PROJECT_ROOT, "models", "hear", "hear.onnx");
}

export function hearAvailable(): boolean {
  return existsSync(hearPath());
}

async function hear(): Promise<Encoder> {
  const p = hearPath();
  if (!existsSync(p)) throw new Error(`HeAR is not available: place an ONNX export of google/hear at ${p} (or set CRY_HEAR_ONNX)`);
  const onnx = readFileSync(p);
  return {
    onnx,
    card: {
      name: "hear",
      dim: 512,
      licence: "Health AI Developer Foundations terms (user-supplied)",
      source: p,
      conditioning: "HeAR's own: its front-end scales each clip to [-1, 1] by the clip's min and max inside the exported model; nothing is added",
      sha256: createHash("sha256").update(onnx).digest("hex"),
      dimensions: "HeAR ViT-L embedding of a 2 s clip",
      outputs: []
    }
  };
}

const yamnet = () => yamnetWith("yamnet", YAMNET_CONDITIONING);
/** YAMNet fed the paper's unit-RMS signal unscaled, as the report did before: for the before/after comparison only. */
const yamnetUnconditioned = () => yamnetWith("yamnet-unconditioned", "none");

export const ENCODERS: Record<string, () => Promise<Encoder>> = {yamnet, "yamnet-unconditioned": yamnetUnconditioned, acoustic, hear};

export async function loadEncoder(name: string): Promise<Encoder> {
  const make = ENCODERS[name];
  if (!make) throw new Error(`unknown encoder "${name}" (known: ${Object.keys(ENCODERS).join(", ")})`);
  return make();
}
