/**
 * Where the YAMNet TFLite file comes from. Users fetch Google's release (Kaggle Models / TF Hub
 * `google/yamnet`, TFLite "classification" variant) and we check its sha256; tests and CI read the
 * read-only mirror beside the checkout. The file is never committed, nor is the converted ONNX.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {PROJECT_ROOT} from "../../../data/corpus.ts";

export const YAMNET_TFLITE_SHA256 = "469be6a3421cbc52cf97e9f2f966cba984198e8e7af9854d68b3e3ebb1e04194";
export const YAMNET_CLASS_MAP_SHA256 = "cdf24d193e196d9e95912a2667051ae203e92a2ba09449218ccb40ef787c6df2";
export const YAMNET_URL = "https://www.kaggle.com/models/google/yamnet/tfLite/classification-tflite/1";

/** `CRY_YAMNET_DIR`, else `models/yamnet/` in the project, else the sibling mirror `../shared/models/yamnet`. */
export function yamnetDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CRY_YAMNET_DIR) return resolve(env.CRY_YAMNET_DIR);
  const own = join(PROJECT_ROOT, "models", "yamnet");
  if (existsSync(join(own, "yamnet.tflite"))) return own;
  return resolve(PROJECT_ROOT, "..", "shared", "models", "yamnet");
}

function checked(path: string, sha256: string, what: string): Buffer {
  if (!existsSync(path))
    throw new Error(
      `${what} not found at ${path}. Download Google's YAMNet TFLite (classification) from ${YAMNET_URL} into models/yamnet/ or set CRY_YAMNET_DIR.`
    );
  const bytes = readFileSync(path);
  const h = createHash("sha256").update(bytes).digest("hex");
  if (h !== sha256) throw new Error(`${what} at ${path} has sha256 ${h}, expected ${sha256}: not the pinned YAMNet release`);
  return bytes;
}

export function readYamnetTflite(dir = yamnetDir()): Buffer {
  return checked(join(dir, "yamnet.tflite"), YAMNET_TFLITE_SHA256, "yamnet.tflite");
}

/** AudioSet display names by class index. */
export function readYamnetClassNames(dir = yamnetDir()): string[] {
  const csv = checked(join(dir, "yamnet_class_map.csv"), YAMNET_CLASS_MAP_SHA256, "yamnet_class_map.csv").toString("utf8");
  return csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const m = /^(\d+),([^,]*),(.*)$/.exec(line);
      if (!m) throw new Error(`yamnet_class_map.csv: cannot read line "${line}"`);
      return m[3].replace(/^"|"$/g, "");
    });
}
