/**
 * The cry check as the build runs it: YAMNet's evidence on every corpus recording and on the
 * generated non-cry set (loaders/cry/evidence.ts), the rule chosen on the tuning half and measured
 * on the evaluation half (loaders/cry/choose.ts), and the cry head's ONNX for the page and the
 * command line. Cached by this code and the evidence.
 */
import {resolveDataDir} from "../../data/corpus.ts";
import {chooseRule, type RuleChoice} from "../cry/choose.ts";
import {cryEvidence, mostCommon} from "../cry/evidence.ts";
import {indexBy} from "../lib/index-by.ts";
import {describeRule} from "../cry/rule.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {codeHash} from "../lib/code-hash.ts";

export interface CryCheck extends RuleChoice {
  description: string;
  nonCry: {
    families: {family: string; items: number; seconds: number; heard: string}[];
    missing: {family: string; reason: string}[];
    packages: {name: string; version: string}[];
  };
  corpus: {recordings: number; skipped: {id: string; reason: string}[]};
}

export async function cryCheck(dataDir = resolveDataDir()): Promise<{check: CryCheck; headOnnx: Uint8Array}> {
  const ev = await cryEvidence(dataDir);
  const key = cacheKey(codeHash(import.meta.url), ev.rows.map((r) => r.id + JSON.stringify(r.clips)), ev.embeddings.length);
  const [meta, onnx] = await Promise.all([readCached("cry-check", key, ".json"), readCached("cry-check", key, ".onnx")]);
  if (meta && onnx) return {check: JSON.parse(meta.toString()), headOnnx: new Uint8Array(onnx)};
  const {choice, headOnnx} = chooseRule(ev);
  const nonCry = ev.rows.filter((r) => !r.cry);
  const families = indexBy(nonCry.keys(), (i) => nonCry[i].source);
  const check: CryCheck = {
    ...choice,
    description: describeRule(choice.rule),
    nonCry: {
      families: [...families].map(([family, ix]) => ({family, items: ix.length, seconds: ix.reduce((s, i) => s + nonCry[i].seconds, 0), heard: mostCommon(ix.map((i) => nonCry[i].heard))}))
        .sort((a, b) => b.items - a.items),
      ...ev.nonCry
    },
    corpus: {recordings: ev.rows.filter((r) => r.cry).length, skipped: ev.skipped}
  };
  await writeCached("cry-check", key, ".json", JSON.stringify(check));
  await writeCached("cry-check", key, ".onnx", headOnnx);
  return {check, headOnnx};
}
