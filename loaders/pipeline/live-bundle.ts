/**
 * The files the live classifier runs — the same bytes in the page and on the command line: the
 * YAMNet encoder ONNX, the neural head the report evaluated (its grouped-split run, the honest
 * protocol) and the cry check's rule with its cry/non-cry head, with their hashes, class names and
 * the metrics they achieved.
 */
import {resolveDataDir} from "../../data/corpus.ts";
import {loadEncoder} from "../encoders/registry.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {codeHash} from "../lib/code-hash.ts";
import {readYamnetClassNames} from "../encoders/yamnet/source.ts";
import {paperRun} from "./paper-run.ts";
import {GROUPED_PROTOCOL} from "./dataset.ts";
import {cryCheck} from "./cry-check.ts";
import type {CryRule} from "../cry/rule.ts";
import {MODEL} from "../models/names.ts";

export const LIVE_PROTOCOL = GROUPED_PROTOCOL;

export interface LiveBundle {
  encoderOnnx: Uint8Array;
  headOnnx: Uint8Array;
  cryHeadOnnx: Uint8Array;
  manifest: {
    cryRule: CryRule;
    encoder: {name: string; sha256: string; licence: string; source: string};
    head: {sha256: string; protocol: string; classes: string[]; params: object; bestEpoch: number};
    audioSetNames: string[];
    metrics: {split: string; metric: string; value: number; lo: number; hi: number; n: number; units: number; unit: string}[];
  };
}

/** The bundle's cache key: this module's code (and so the whole study's) and the corpus folder. */
const bundleKey = () => cacheKey(codeHash(import.meta.url), resolveDataDir());

/**
 * The bundle if a build of this code on this corpus made it, else null — without starting any
 * work, so the command line can say what building costs before it begins.
 */
export async function builtLiveBundle(): Promise<LiveBundle | null> {
  const key = bundleKey();
  const [manifest, encoderOnnx, headOnnx, cryHeadOnnx] = await Promise.all(
    [".json", ".encoder.onnx", ".head.onnx", ".cry-head.onnx"].map((ext) => readCached("live", key, ext))
  );
  if (!manifest || !encoderOnnx || !headOnnx || !cryHeadOnnx) return null;
  return {
    manifest: JSON.parse(manifest.toString()),
    encoderOnnx: new Uint8Array(encoderOnnx),
    headOnnx: new Uint8Array(headOnnx),
    cryHeadOnnx: new Uint8Array(cryHeadOnnx)
  };
}

/** The bundle, built (the whole study, when nothing is cached) if need be. */
export async function liveBundle(): Promise<LiveBundle> {
  const built = await builtLiveBundle();
  if (built) return built;
  const bundle = await computeLiveBundle();
  const key = bundleKey();
  await writeCached("live", key, ".encoder.onnx", bundle.encoderOnnx);
  await writeCached("live", key, ".head.onnx", bundle.headOnnx);
  await writeCached("live", key, ".cry-head.onnx", bundle.cryHeadOnnx);
  await writeCached("live", key, ".json", JSON.stringify(bundle.manifest));
  return bundle;
}

async function computeLiveBundle(): Promise<LiveBundle> {
  const enc = await loadEncoder("yamnet");
  const {run, headOnnx} = await paperRun(LIVE_PROTOCOL, "yamnet");
  const cry = await cryCheck();
  return {
    encoderOnnx: enc.onnx,
    headOnnx,
    cryHeadOnnx: cry.headOnnx,
    manifest: {
      cryRule: cry.check.rule,
      encoder: {name: enc.card.name, sha256: enc.card.sha256, licence: enc.card.licence, source: enc.card.source},
      head: {sha256: run.head.sha256, protocol: LIVE_PROTOCOL, classes: run.classes, params: run.head.params, bestEpoch: run.head.bestEpoch},
      audioSetNames: readYamnetClassNames(),
      metrics: run.evaluation.metrics
        .filter((m) => m.model === MODEL.head && m.split === "holdout")
        .map(({split, metric, value, lo, hi, n, units, unit}) => ({split, metric, value, lo, hi, n, units, unit}))
    }
  };
}
