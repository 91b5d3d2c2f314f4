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
import {convertYamnet} from "./yamnet/convert.ts";
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
}

export interface Encoder {
  card: EncoderCard;
  onnx: Uint8Array;
}


async function yamnet(): Promise<Encoder> {
  // The conversion is deterministic; cache it under the TFLite hash and the converter's code.
  const key = cacheKey(codeHash(import.meta.url), YAMNET_TFLITE_SHA256);
  let onnx: Uint8Array | null = await readCached("encoders", key, ".onnx");
  if (!onnx) {
    onnx = convertYamnet(readYamnetTflite());
    await writeCached("encoders", key, ".onnx", onnx);
  }
  return {
    onnx,
    card: {
      name: "yamnet",
      dim: 1024,
      licence: "Apache-2.0 (Google, tensorflow/models research/audioset/yamnet)",
      source: `YAMNet TFLite sha256 ${YAMNET_TFLITE_SHA256}, converted to ONNX by loaders/encoders/yamnet/convert.ts`,
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
    card: {name: "hear", dim: 512, licence: "Health AI Developer Foundations terms (user-supplied)", source: p,
      sha256: createHash("sha256").update(onnx).digest("hex"), dimensions: "HeAR ViT-L embedding of a 2 s clip", outputs: []}
  };
}

export const ENCODERS: Record<string, () => Promise<Encoder>> = {yamnet, acoustic, hear};

export async function loadEncoder(name: string): Promise<Encoder> {
  const make = ENCODERS[name];
  if (!make) throw new Error(`unknown encoder "${name}" (known: ${Object.keys(ENCODERS).join(", ")})`);
  return make();
}
