/**
 * The files the live classifier runs — the same bytes in the page and on the command line: the
 * YAMNet encoder ONNX and the neural head the report evaluated (its grouped-split run, the honest
 * protocol), with their hashes, class names and the metrics the head achieved.
 */
import {loadEncoder} from "../encoders/registry.ts";
import {readYamnetClassNames} from "../encoders/yamnet/source.ts";
import {paperRun} from "../pipeline/paper-run.ts";
import {GROUPED_PROTOCOL} from "../pipeline/dataset.ts";

export const LIVE_PROTOCOL = GROUPED_PROTOCOL;

export interface LiveBundle {
  encoderOnnx: Uint8Array;
  headOnnx: Uint8Array;
  manifest: {
    encoder: {name: string; sha256: string; licence: string; source: string};
    head: {sha256: string; protocol: string; classes: string[]; params: object; bestEpoch: number};
    audioSetNames: string[];
    metrics: {split: string; metric: string; value: number; lo: number; hi: number; n: number; units: number; unit: string}[];
  };
}

export async function liveBundle(): Promise<LiveBundle> {
  const enc = await loadEncoder("yamnet");
  const {run, headOnnx} = await paperRun(LIVE_PROTOCOL, "yamnet");
  return {
    encoderOnnx: enc.onnx,
    headOnnx,
    manifest: {
      encoder: {name: enc.card.name, sha256: enc.card.sha256, licence: enc.card.licence, source: enc.card.source},
      head: {sha256: run.head.sha256, protocol: LIVE_PROTOCOL, classes: run.classes, params: run.head.params, bestEpoch: run.head.bestEpoch},
      audioSetNames: readYamnetClassNames(),
      metrics: run.evaluation.metrics.filter((m) => m.model === "Neural head" && m.split === "holdout")
        .map(({split, metric, value, lo, hi, n, units, unit}) => ({split, metric, value, lo, hi, n, units, unit}))
    }
  };
}
