/**
 * Choosing the cry check's rule, and measuring it where it was not chosen. Every independent unit
 * (a corpus installation with its duplicates; a non-cry source file) falls in one of two halves by
 * the SHA-256 of its name, alternating within each stratum (the corpus; each non-cry family), so
 * both halves hold every family. Rules are chosen on the tuning half only — thresholds of the
 * AudioSet cry score, top-k of the cry classes, and a cry/non-cry head (logistic regression on the
 * mean YAMNet embedding, C by grouped cross-validation, its threshold on out-of-fold
 * probabilities) — and every rate reported is measured on the evaluation half, with a bootstrap
 * interval over its units.
 *
 * Which rule ships: the order — AudioSet scores alone if a threshold or top-k meets both
 * targets on the tuning half; else the head if it does; else whichever family comes closest.
 */
import {createHash} from "node:crypto";
import {bootstrapCI} from "../eval/bootstrap.ts";
import {rocAuc} from "../eval/metrics.ts";
import {groupKFold} from "../eval/split.ts";
import {indexBy} from "../lib/index-by.ts";
import {LogisticRegression} from "../models/logistic.ts";
import {matrix, type Matrix} from "../models/matrix.ts";
import {takeRows} from "../models/search.ts";
import {exportGraph, foldStandardization} from "../models/mlp/graphs.ts";
import {StandardScaler} from "../models/scaler.ts";
import type {Evidence, EvidenceRow} from "./evidence.ts";
import {passes, type CryRule} from "./rule.ts";

export const TARGETS = {recallCleaned: 0.95, falseAcceptance: 0.05};
export const SCORE_THRESHOLDS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7];
export const TOP_K = [1, 2, 3, 5, 7, 10, 15, 20, 30];
export const HEAD_THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99];
export const HEAD_C = [0.001, 0.01, 0.1, 1];
export const HEAD_FOLDS = 5;

export type Half = "tuning" | "evaluation";
export type RuleFamily = "AudioSet score" | "AudioSet top-k" | "cry head";

export interface Rates {
  recallCleaned: number;
  recallRaw: number;
  falseAcceptance: number;
}

export interface CurveRow extends Rates {
  family: RuleFamily;
  /** Threshold, or k. */
  setting: number;
  half: Half;
}

export interface RateInterval {
  value: number;
  lo: number;
  hi: number;
  /** Recordings / items and independent units counted. */
  n: number;
  units: number;
  unit: string;
}

export interface RuleChoice {
  rule: CryRule;
  family: RuleFamily;
  /** Why this rule, in words computed from the tuning rates. */
  reason: string;
  targets: typeof TARGETS;
  /** Best setting of each family on the tuning half, with its tuning and evaluation rates. */
  best: {family: RuleFamily; setting: number; meets: boolean; tuning: Rates; evaluation: Rates}[];
  /** The shipped rule on the evaluation half, with 95% bootstrap intervals. */
  evaluation: {recallCleaned: RateInterval; recallRaw: RateInterval; falseAcceptance: RateInterval; meets: boolean};
  /** Pass rate of the shipped rule per source (corpus) and family (non-cry), evaluation half. */
  bySource: {source: string; cry: boolean; items: number; passed: number}[];
  curve: CurveRow[];
  head: {C: number; cvAuc: {C: number; auc: number}[]; evaluationAuc: number; trainedOn: number};
  halves: {half: Half; cry: number; nonCry: number; units: number}[];
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** Units alternate between the halves in SHA-256 order within each stratum. */
export function assignHalves(rows: Pick<EvidenceRow, "group" | "cry" | "source">[]): Half[] {
  const stratumOf = (r: Pick<EvidenceRow, "cry" | "source">) => (r.cry ? "corpus" : r.source);
  const halfOfGroup = new Map<string, Half>();
  for (const [, members] of indexBy(rows.map((_, i) => i), (i) => stratumOf(rows[i]))) {
    const groups = [...new Set(members.map((i) => rows[i].group))].sort((a, b) => sha(a).localeCompare(sha(b)));
    groups.forEach((g, k) => halfOfGroup.set(g, k % 2 === 0 ? "tuning" : "evaluation"));
  }
  return rows.map((r) => halfOfGroup.get(r.group)!);
}

/** Which recordings each rate is the pass rate of. */
const RATE_OF: Record<keyof Rates, (r: EvidenceRow) => boolean> = {
  recallCleaned: (r) => r.cry && r.source === "cleaned WAVs",
  recallRaw: (r) => r.cry && r.source === "raw uploads",
  falseAcceptance: (r) => !r.cry
};

function rates(rows: EvidenceRow[], pass: boolean[]): Rates {
  const share = (f: (r: EvidenceRow) => boolean) => {
    const ix = rows.flatMap((r, i) => (f(r) ? [i] : []));
    return ix.length ? ix.filter((i) => pass[i]).length / ix.length : NaN;
  };
  return {recallCleaned: share(RATE_OF.recallCleaned), recallRaw: share(RATE_OF.recallRaw), falseAcceptance: share(RATE_OF.falseAcceptance)};
}

const meets = (r: Rates) => r.recallCleaned >= TARGETS.recallCleaned && r.falseAcceptance <= TARGETS.falseAcceptance;
/** How a setting is ranked within its family: recall on every corpus recording minus false acceptance. */
const youden = (r: Rates) => (r.recallCleaned + r.recallRaw) / 2 - r.falseAcceptance;
/** Shortfall from the targets (0 when both are met). */
const shortfall = (r: Rates) => Math.max(0, TARGETS.recallCleaned - r.recallCleaned) + Math.max(0, r.falseAcceptance - TARGETS.falseAcceptance);

function pickBest(rows: CurveRow[]): CurveRow {
  const ok = rows.filter(meets);
  const pool = ok.length ? ok : rows;
  return pool.reduce((a, b) => (ok.length ? youden(b) > youden(a) : shortfall(b) < shortfall(a) || (shortfall(b) === shortfall(a) && youden(b) > youden(a))) ? b : a);
}

interface FittedHead {
  scaler: StandardScaler;
  lr: LogisticRegression;
}

function fitHead(X: Matrix, y: number[], C: number): FittedHead {
  const scaler = new StandardScaler().fit(X);
  return {scaler, lr: new LogisticRegression({C, maxIter: 2000, nClasses: 2}).fit(scaler.transform(X), y)};
}

const pCry = (h: FittedHead, X: Matrix) => h.lr.predictProba(h.scaler.transform(X)).map((p) => p[1]);

/** The cry head as ONNX: embedding [batch, D] → probabilities [batch, 2] (index 1 = cry), the scaler folded in. */
export function cryHeadOnnx(h: FittedHead, meta: Record<string, string>): Uint8Array {
  const D = h.scaler.mean_.length;
  // Folded in float64, stored in float32.
  const layer = {W: new Float64Array(D * 2), b: Float64Array.from(h.lr.intercept_), rows: D, cols: 2};
  for (let c = 0; c < 2; c++) for (let j = 0; j < D; j++) layer.W[j * 2 + c] = h.lr.coef_[c][j];
  foldStandardization(layer, {mean: h.scaler.mean_, scale: h.scaler.scale_});
  return exportGraph([{W: Float32Array.from(layer.W), b: Float32Array.from(layer.b), rows: D, cols: 2}], meta, {name: "cry_head", doc: "cry-report cry/non-cry head: logistic regression on the mean YAMNet embedding of the decoded recording's kept clips; probabilities[:, 1] = P(cry)."});
}

export function chooseRule(ev: Evidence): {choice: RuleChoice; headOnnx: Uint8Array} {
  const rows = ev.rows;
  const half = assignHalves(rows);
  const tuning = rows.flatMap((_, i) => (half[i] === "tuning" ? [i] : []));
  const evaluation = rows.flatMap((_, i) => (half[i] === "evaluation" ? [i] : []));
  const sub = (ix: number[]) => ix.map((i) => rows[i]);
  const curve: CurveRow[] = [];
  const addRule = (family: RuleFamily, setting: number, passOf: (ix: number[]) => boolean[]) => {
    for (const [h, ix] of [["tuning", tuning], ["evaluation", evaluation]] as const) curve.push({family, setting, half: h, ...rates(sub(ix), passOf(ix))});
  };
  for (const t of SCORE_THRESHOLDS) addRule("AudioSet score", t, (ix) => ix.map((i) => passes({kind: "audioset-score", threshold: t}, rows[i].clips)));
  for (const k of TOP_K) addRule("AudioSet top-k", k, (ix) => ix.map((i) => passes({kind: "audioset-top-k", k}, rows[i].clips)));

  // The head: C by grouped CV AUC on the tuning half, threshold on its out-of-fold probabilities.
  const X = matrix(rows.length, ev.dim, Float64Array.from(ev.embeddings));
  const Xt = takeRows(X, tuning), yt = tuning.map((i) => (rows[i].cry ? 1 : 0));
  const folds = groupKFold(tuning.map((i) => rows[i].group), HEAD_FOLDS, 42);
  const oofFor = (C: number) => {
    const oof = new Array<number>(tuning.length);
    for (let f = 0; f < HEAD_FOLDS; f++) {
      const tr = tuning.flatMap((_, k) => (folds[k] !== f ? [k] : [])), te = tuning.flatMap((_, k) => (folds[k] === f ? [k] : []));
      const h = fitHead(takeRows(Xt, tr), tr.map((k) => yt[k]), C);
      pCry(h, takeRows(Xt, te)).forEach((p, j) => (oof[te[j]] = p));
    }
    return oof;
  };
  const cv = HEAD_C.map((C) => {
    const oof = oofFor(C);
    return {C, auc: rocAuc(yt, oof), oof};
  });
  const bestC = cv.reduce((a, b) => (b.auc > a.auc ? b : a));
  const head = fitHead(Xt, yt, bestC.C);
  const pEval = pCry(head, takeRows(X, evaluation));
  const pOf = new Map<number, number>();
  tuning.forEach((i, k) => pOf.set(i, bestC.oof[k]));
  evaluation.forEach((i, k) => pOf.set(i, pEval[k]));
  for (const t of HEAD_THRESHOLDS) addRule("cry head", t, (ix) => ix.map((i) => pOf.get(i)! >= t));

  const families: RuleFamily[] = ["AudioSet score", "AudioSet top-k", "cry head"];
  const best = families.map((family) => {
    const b = pickBest(curve.filter((r) => r.family === family && r.half === "tuning"));
    const e = curve.find((r) => r.family === family && r.half === "evaluation" && r.setting === b.setting)!;
    const strip = (r: CurveRow): Rates => ({recallCleaned: r.recallCleaned, recallRaw: r.recallRaw, falseAcceptance: r.falseAcceptance});
    return {family, setting: b.setting, meets: meets(b), tuning: strip(b), evaluation: strip(e)};
  });
  const audioSet = best.filter((b) => b.family !== "cry head");
  const byYouden = (xs: typeof best) => xs.reduce((a, b) => (youden(b.tuning) > youden(a.tuning) ? b : a));
  const [chosen, reason] = audioSet.some((b) => b.meets)
    ? [byYouden(audioSet.filter((b) => b.meets)), "AudioSet scores alone meet both targets on the tuning half"]
    : best[2].meets
      ? [best[2], "no AudioSet threshold or top-k meets both targets on the tuning half; the cry head does"]
      : [best.reduce((a, b) => (shortfall(b.tuning) < shortfall(a.tuning) ? b : a)), "no rule meets both targets on the tuning half; this one comes closest"];
  const rule: CryRule = chosen.family === "AudioSet score" ? {kind: "audioset-score", threshold: chosen.setting}
    : chosen.family === "AudioSet top-k" ? {kind: "audioset-top-k", k: chosen.setting} : {kind: "head", threshold: chosen.setting};
  const passOf = (i: number) => passes(rule, rows[i].clips, pOf.get(i));

  const interval = (ix: number[], what: string): RateInterval => {
    const units = ix.map((i) => rows[i].group);
    const ci = bootstrapCI(ix.length, (s) => s.filter((k) => passOf(ix[k])).length / s.length, {units, unitName: what, seed: 42});
    return {value: ci.estimate, lo: ci.lo, hi: ci.hi, n: ix.length, units: new Set(units).size, unit: what};
  };
  const evalOf = (rate: keyof Rates) => evaluation.filter((i) => RATE_OF[rate](rows[i]));
  const evalRates = {
    recallCleaned: interval(evalOf("recallCleaned"), "installation (with its duplicates)"),
    recallRaw: interval(evalOf("recallRaw"), "installation (with its duplicates)"),
    falseAcceptance: interval(evalOf("falseAcceptance"), "source file")
  };
  const bySource = [...indexBy(evaluation, (i) => `${rows[i].cry}|${rows[i].source}`)].map(([k, ix]) => ({
    source: k.split("|")[1], cry: k.startsWith("true"), items: ix.length, passed: ix.filter(passOf).length
  })).sort((a, b) => Number(b.cry) - Number(a.cry) || b.items - a.items);
  const halves = (["tuning", "evaluation"] as const).map((h) => {
    const ix = h === "tuning" ? tuning : evaluation;
    return {half: h, cry: ix.filter((i) => rows[i].cry).length, nonCry: ix.filter((i) => !rows[i].cry).length, units: new Set(ix.map((i) => rows[i].group)).size};
  });
  const yEval = evaluation.map((i) => (rows[i].cry ? 1 : 0));
  const choice: RuleChoice = {
    rule, family: chosen.family, reason, targets: TARGETS, best,
    evaluation: {...evalRates, meets: meets({recallCleaned: evalRates.recallCleaned.value, recallRaw: evalRates.recallRaw.value, falseAcceptance: evalRates.falseAcceptance.value})},
    bySource, curve,
    head: {C: bestC.C, cvAuc: cv.map(({C, auc}) => ({C, auc})), evaluationAuc: rocAuc(yEval, pEval), trainedOn: tuning.length},
    halves
  };
  return {choice, headOnnx: cryHeadOnnx(head, {C: String(bestC.C), trained_on: `${tuning.length} recordings (tuning half)`})};
}
