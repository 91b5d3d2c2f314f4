/**
 * Choosing the cry check's rule, and measuring it on sounds of a kind it never saw.
 *
 * The corpus is split into a tuning and an evaluation half by installation (with its duplicates),
 * alternating in SHA-256 order. The non-cry set is split by **family**: a rule meant for whatever
 * a reader uploads must be judged on kinds of sound that played no part in choosing it.
 *
 * `selectRule` is the whole choice, run on a given set of rows: it fits the cry head (logistic
 * regression on the mean YAMNet embedding; C by grouped cross-validation AUC, thresholds on its
 * out-of-fold probabilities), then scores every candidate — AudioSet cry-score thresholds, top-k of
 * the cry classes, head thresholds, and a score threshold and a head threshold together — and keeps
 * the one with the lowest false acceptance averaged over the non-cry families present (each family
 * counts once, whatever its size), among those passing at least `TUNING_RECALL` of the cleaned
 * WAVs; ties go to the higher corpus recall, then to the simpler rule.
 *
 * Leave-one-family-out: for each non-cry family, `selectRule` runs on the corpus's tuning half and
 * every other family, and the rule it returns is applied to that family. Its false acceptance is
 * counted per source file (a file is accepted when any item cut from it passes, as the check would
 * pass the whole file), with an exact Clopper–Pearson interval; the pooled rate sums the families'
 * held-out counts. The rule that ships is `selectRule` on the tuning half and every family; its
 * recall is measured on the corpus's evaluation half, with a bootstrap interval over installations.
 */
import {createHash} from "node:crypto";
import {bootstrapCI, INTERVAL_LEVEL} from "../eval/bootstrap.ts";
import {clopperPearson, type ProportionInterval} from "../eval/binomial-interval.ts";
import {rocAuc} from "../eval/metrics.ts";
import {foldRows, groupKFold} from "../eval/split.ts";
import {indexBy} from "../lib/index-by.ts";
import {LogisticRegression} from "../models/logistic.ts";
import {matrix, type Matrix} from "../models/matrix.ts";
import {takeRows} from "../models/search.ts";
import {exportGraph, foldStandardization} from "../models/mlp/graphs.ts";
import {StandardScaler} from "../models/scaler.ts";
import type {Evidence, EvidenceRow} from "./evidence.ts";
import {passes, ruleLabel, type CryRule} from "./rule.ts";

/**
 * What the shipped rule must reach: recall on cleaned WAVs (evaluation half); pooled false acceptance
 * on families left out, and the upper end of its 95% interval; the worst single family left out.
 */
export const TARGETS = {recallCleaned: 0.95, falseAcceptance: 0.05, falseAcceptanceUpper: 0.08, familyMax: 0.15};
/**
 * What a candidate must pass of the tuning half's cleaned WAVs to be chosen: the target plus room
 * for sampling error. A half holds about 240 cleaned WAVs from about 115 installations, so a recall
 * of 95% carries a standard error near 1.5–2 points; a rule chosen at exactly 95% on one half falls
 * below it on the other about half the time.
 */
export const TUNING_RECALL = 0.97;
export const SCORE_THRESHOLDS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7];
export const TOP_K = [1, 2, 3, 5, 7, 10, 15, 20, 30];
export const HEAD_THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99];
/** The head's C grid: cross-validated AUC barely moves over 0.001–1 on this data, so two values keep the nested search cheap. */
export const HEAD_C = [0.01, 0.1];
export const HEAD_FOLDS = 5;

export type Half = "tuning" | "evaluation";
export const RULE_FAMILIES = ["AudioSet score", "AudioSet top-k", "cry head", "AudioSet score and cry head"] as const;
export type RuleFamily = (typeof RULE_FAMILIES)[number];

export interface RateInterval {
  value: number;
  lo: number;
  hi: number;
  /** Recordings / items and independent units counted. */
  n: number;
  units: number;
  unit: string;
}

/** One non-cry family left out of the choice, and what the rule chosen without it does to it. */
export interface HeldOutFamily extends ProportionInterval {
  family: string;
  /** Source files (the unit: x of them accepted) and the items cut from them. */
  items: number;
  /** The rule chosen without this family (in a few symbols), and its recall on the evaluation half's cleaned WAVs. */
  rule: string;
  ruleFamily: RuleFamily;
  recallCleaned: number;
}

export interface TargetCheck {
  what: string;
  target: number;
  value: number;
  /** "at least" or "at most". */
  direction: "≥" | "≤";
  holds: boolean;
  /** How far the value is on the wrong side (0 when it holds). */
  by: number;
}

/** One candidate setting, measured out of sample: recall on the evaluation half, false acceptance on families left out. */
export interface CurveRow {
  family: RuleFamily;
  /** Score threshold or k; for the head, its threshold; for both, the score threshold. */
  setting: number;
  headSetting: number | null;
  recallCleaned: number;
  recallRaw: number;
  /** Pooled over the families, each judged by the head fitted without it. */
  falseAcceptance: number;
}

export interface RuleChoice {
  rule: CryRule;
  family: RuleFamily;
  /** Why this rule, computed from the rates it was chosen on. */
  reason: string;
  targets: typeof TARGETS;
  /** The shipped rule on the corpus's evaluation half (95% bootstrap over installations). */
  evaluation: {recallCleaned: RateInterval; recallRaw: RateInterval};
  /** Leave-one-family-out false acceptance, per family and pooled (exact 95% intervals, unit: source file). */
  heldOut: {families: HeldOutFamily[]; pooled: ProportionInterval; unit: string};
  /** Each target, whether it holds and by how much it is missed. */
  checks: TargetCheck[];
  meets: boolean;
  /** The shipped rule's false acceptance on the families it was chosen on (in sample, for contrast). */
  seenFalseAcceptance: number;
  curve: CurveRow[];
  head: {C: number; cvAuc: {C: number; auc: number}[]; evaluationAuc: number; trainedOn: number};
  halves: {half: Half; cry: number; units: number}[];
  /** Non-cry rows and families in the choice. */
  nonCrySize: {items: number; files: number; families: number};
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** Units alternate between the halves in SHA-256 order within each stratum (the corpus; each non-cry source). */
export function assignHalves(rows: Pick<EvidenceRow, "group" | "cry" | "source">[]): Half[] {
  const stratumOf = (r: Pick<EvidenceRow, "cry" | "source">) => (r.cry ? "corpus" : r.source);
  const halfOfGroup = new Map<string, Half>();
  for (const [, members] of indexBy(
    rows.map((_, i) => i),
    (i) => stratumOf(rows[i])
  )) {
    const groups = [...new Set(members.map((i) => rows[i].group))].sort((a, b) => sha(a).localeCompare(sha(b)));
    groups.forEach((g, k) => halfOfGroup.set(g, k % 2 === 0 ? "tuning" : "evaluation"));
  }
  return rows.map((r) => halfOfGroup.get(r.group)!);
}

/** Every candidate rule, simplest kinds first (the tie-break order). */
export function candidateRules(): {family: RuleFamily; rule: CryRule}[] {
  return [
    ...SCORE_THRESHOLDS.map((threshold) => ({family: "AudioSet score" as const, rule: {kind: "audioset-score", threshold} as CryRule})),
    ...TOP_K.map((k) => ({family: "AudioSet top-k" as const, rule: {kind: "audioset-top-k", k} as CryRule})),
    ...HEAD_THRESHOLDS.map((threshold) => ({family: "cry head" as const, rule: {kind: "head", threshold} as CryRule})),
    ...SCORE_THRESHOLDS.flatMap((threshold) =>
      HEAD_THRESHOLDS.map((headThreshold) => ({
        family: "AudioSet score and cry head" as const,
        rule: {kind: "audioset-and-head", threshold, headThreshold} as CryRule
      }))
    )
  ];
}

const isCleaned = (r: EvidenceRow) => r.cry && r.source === "cleaned WAVs";
const isRaw = (r: EvidenceRow) => r.cry && r.source === "raw uploads";

/** Share of rows passing (NaN for none). */
function share(ix: number[], pass: (i: number) => boolean): number {
  return ix.length ? ix.filter(pass).length / ix.length : NaN;
}

/** Per non-cry source file: accepted when any of its items passes. */
function acceptedFiles(rows: EvidenceRow[], ix: number[], pass: (i: number) => boolean): {x: number; n: number} {
  const files = indexBy(ix, (i) => rows[i].group);
  let x = 0;
  for (const members of files.values()) if (members.some(pass)) x++;
  return {x, n: files.size};
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
  return exportGraph([{W: Float32Array.from(layer.W), b: Float32Array.from(layer.b), rows: D, cols: 2}], meta, {
    name: "cry_head",
    doc: "cry-report cry/non-cry head: logistic regression on the mean YAMNet embedding of the decoded recording's kept clips; probabilities[:, 1] = P(cry)."
  });
}

interface Selection {
  rule: CryRule;
  family: RuleFamily;
  reason: string;
  head: FittedHead;
  C: number;
  cvAuc: {C: number; auc: number}[];
  /** The chosen rule's mean family false acceptance on the rows it was chosen on. */
  falseAcceptance: number;
}

/** The whole choice on rows `train` (indices into ev.rows): the head, then the best candidate. */
export function selectRule(ev: Evidence, X: Matrix, train: number[]): Selection {
  const rows = ev.rows;
  const Xt = takeRows(X, train),
    yt = train.map((i) => (rows[i].cry ? 1 : 0));
  const folds = foldRows(
    groupKFold(
      train.map((i) => rows[i].group),
      HEAD_FOLDS,
      42
    ),
    HEAD_FOLDS
  );
  const cv = HEAD_C.map((C) => {
    const oof = new Array<number>(train.length);
    for (let f = 0; f < HEAD_FOLDS; f++) {
      const {train: tr, test: te} = folds[f];
      const h = fitHead(
        takeRows(Xt, tr),
        tr.map((k) => yt[k]),
        C
      );
      pCry(h, takeRows(Xt, te)).forEach((p, j) => (oof[te[j]] = p));
    }
    return {C, auc: rocAuc(yt, oof), oof};
  });
  const best = cv.reduce((a, b) => (b.auc > a.auc ? b : a));
  const p = new Map<number, number>(train.map((i, k) => [i, best.oof[k]]));
  const cleaned = train.filter((i) => isCleaned(rows[i])),
    corpus = train.filter((i) => rows[i].cry);
  const families = [
    ...indexBy(
      train.filter((i) => !rows[i].cry),
      (i) => rows[i].source
    ).values()
  ];
  const scored = candidateRules().map((c, order) => {
    const pass = (i: number) => passes(c.rule, rows[i].clips, p.get(i));
    const fa =
      families.reduce((s, ix) => {
        const a = acceptedFiles(rows, ix, pass);
        return s + a.x / a.n;
      }, 0) / families.length;
    return {...c, order, recallCleaned: share(cleaned, pass), recallCorpus: share(corpus, pass), fa};
  });
  const ok = scored.filter((s) => s.recallCleaned >= TUNING_RECALL);
  const pick = ok.length
    ? ok.reduce((a, b) =>
        b.fa < a.fa || (b.fa === a.fa && (b.recallCorpus > a.recallCorpus || (b.recallCorpus === a.recallCorpus && b.order < a.order))) ? b : a
      )
    : scored.reduce((a, b) => (b.recallCleaned > a.recallCleaned || (b.recallCleaned === a.recallCleaned && b.fa < a.fa) ? b : a));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const reason = ok.length
    ? `of the ${ok.length} candidate rules passing at least ${pct(TUNING_RECALL)} of the tuning half's cleaned WAVs, the lowest false acceptance averaged over the ${families.length} non-cry families (${pct(pick.fa)} of their files, with the head's out-of-fold probabilities; cleaned WAVs ${pct(pick.recallCleaned)})`
    : `no candidate passes ${pct(TUNING_RECALL)} of the tuning half's cleaned WAVs; this one passes the most (${pct(pick.recallCleaned)})`;
  return {
    rule: pick.rule,
    family: pick.family,
    reason,
    head: fitHead(Xt, yt, best.C),
    C: best.C,
    cvAuc: cv.map(({C, auc}) => ({C, auc})),
    falseAcceptance: pick.fa
  };
}

export function chooseRule(ev: Evidence): {choice: RuleChoice; headOnnx: Uint8Array} {
  const rows = ev.rows;
  const half = assignHalves(rows);
  const X = matrix(rows.length, ev.dim, Float64Array.from(ev.embeddings));
  const corpusTuning = rows.flatMap((r, i) => (r.cry && half[i] === "tuning" ? [i] : []));
  const corpusEval = rows.flatMap((r, i) => (r.cry && half[i] === "evaluation" ? [i] : []));
  const nonCry = rows.flatMap((r, i) => (r.cry ? [] : [i]));
  const byFamily = indexBy(nonCry, (i) => rows[i].source);
  if (byFamily.size < 2) throw new Error(`cry check: ${byFamily.size} non-cry families; leaving one out needs at least two`);

  // The rule that ships: chosen on the tuning half and every family.
  const shipped = selectRule(ev, X, [...corpusTuning, ...nonCry]);
  const pEval = new Map<number, number>();
  pCry(shipped.head, takeRows(X, corpusEval)).forEach((p, k) => pEval.set(corpusEval[k], p));
  const passEval = (rule: CryRule, i: number) => passes(rule, rows[i].clips, pEval.get(i));
  const interval = (ix: number[], what: string): RateInterval => {
    const units = ix.map((i) => rows[i].group);
    const ci = bootstrapCI(ix.length, (s) => s.filter((k) => passEval(shipped.rule, ix[k])).length / s.length, {units, unitName: what, seed: 42});
    return {value: ci.estimate, lo: ci.lo, hi: ci.hi, n: ix.length, units: new Set(units).size, unit: what};
  };
  const evalCleaned = corpusEval.filter((i) => isCleaned(rows[i])),
    evalRaw = corpusEval.filter((i) => isRaw(rows[i]));
  const evaluation = {
    recallCleaned: interval(evalCleaned, "installation (with its duplicates)"),
    recallRaw: interval(evalRaw, "installation (with its duplicates)")
  };

  // Leave one family out: the whole choice without it, applied to it. Each fold's head also gives
  // that family's P(cry) for the out-of-sample curve of every candidate.
  const pHeldOut = new Map<number, number>();
  const families: HeldOutFamily[] = [...byFamily]
    .map(([family, ix]) => {
      const others = nonCry.filter((i) => rows[i].source !== family);
      const sel = selectRule(ev, X, [...corpusTuning, ...others]);
      const p = new Map<number, number>();
      pCry(sel.head, takeRows(X, ix)).forEach((v, k) => p.set(ix[k], v));
      ix.forEach((i) => pHeldOut.set(i, p.get(i)!));
      const pEvalFold = new Map<number, number>();
      pCry(sel.head, takeRows(X, evalCleaned)).forEach((v, k) => pEvalFold.set(evalCleaned[k], v));
      const {x, n} = acceptedFiles(rows, ix, (i) => passes(sel.rule, rows[i].clips, p.get(i)));
      return {
        family,
        items: ix.length,
        ...clopperPearson(x, n),
        rule: ruleLabel(sel.rule),
        ruleFamily: sel.family,
        recallCleaned: share(evalCleaned, (i) => passes(sel.rule, rows[i].clips, pEvalFold.get(i)))
      };
    })
    .sort((a, b) => b.value - a.value || a.family.localeCompare(b.family));
  const pooled = clopperPearson(
    families.reduce((s, f) => s + f.x, 0),
    families.reduce((s, f) => s + f.n, 0)
  );

  const check = (what: string, target: number, value: number, direction: "≥" | "≤"): TargetCheck => {
    const holds = direction === "≥" ? value >= target : value <= target;
    return {what, target, value, direction, holds, by: holds ? 0 : Math.abs(value - target)};
  };
  const worst = families[0];
  const checks = [
    check("cleaned WAVs passed (evaluation half)", TARGETS.recallCleaned, evaluation.recallCleaned.value, "≥"),
    check("pooled false acceptance on families left out", TARGETS.falseAcceptance, pooled.value, "≤"),
    check(`upper end of its ${100 * INTERVAL_LEVEL}% interval`, TARGETS.falseAcceptanceUpper, pooled.hi, "≤"),
    check(`worst family left out (${worst.family})`, TARGETS.familyMax, worst.value, "≤")
  ];

  // Every candidate out of sample: recall with the shipped head on the evaluation half, false
  // acceptance pooled over families each scored by the head fitted without it.
  const curve: CurveRow[] = candidateRules().map(({family, rule}) => {
    const heldOut = [...byFamily.values()].map((ix) => acceptedFiles(rows, ix, (i) => passes(rule, rows[i].clips, pHeldOut.get(i))));
    return {
      family,
      setting: rule.kind === "audioset-top-k" ? rule.k : rule.threshold,
      headSetting: rule.kind === "audioset-and-head" ? rule.headThreshold : null,
      recallCleaned: share(evalCleaned, (i) => passEval(rule, i)),
      recallRaw: share(evalRaw, (i) => passEval(rule, i)),
      falseAcceptance: heldOut.reduce((s, a) => s + a.x, 0) / heldOut.reduce((s, a) => s + a.n, 0)
    };
  });

  const pSeen = new Map<number, number>();
  pCry(shipped.head, takeRows(X, nonCry)).forEach((v, k) => pSeen.set(nonCry[k], v));
  const seen = [...byFamily.values()].map((ix) => acceptedFiles(rows, ix, (i) => passes(shipped.rule, rows[i].clips, pSeen.get(i))));
  const yEval = corpusEval.map(() => 1).concat(nonCry.map(() => 0));
  const pAll = [...corpusEval.map((i) => pEval.get(i)!), ...nonCry.map((i) => pHeldOut.get(i)!)];
  const choice: RuleChoice = {
    rule: shipped.rule,
    family: shipped.family,
    reason: shipped.reason,
    targets: TARGETS,
    evaluation,
    heldOut: {families, pooled, unit: "source file (accepted when any item cut from it passes)"},
    checks,
    meets: checks.every((c) => c.holds),
    seenFalseAcceptance: seen.reduce((s, a) => s + a.x, 0) / seen.reduce((s, a) => s + a.n, 0),
    curve,
    // The head's AUC out of sample: corpus evaluation half against every non-cry item scored by the head fitted without its family.
    head: {C: shipped.C, cvAuc: shipped.cvAuc, evaluationAuc: rocAuc(yEval, pAll), trainedOn: corpusTuning.length + nonCry.length},
    halves: (["tuning", "evaluation"] as const).map((h) => {
      const ix = h === "tuning" ? corpusTuning : corpusEval;
      return {half: h, cry: ix.length, units: new Set(ix.map((i) => rows[i].group)).size};
    }),
    nonCrySize: {items: nonCry.length, files: new Set(nonCry.map((i) => rows[i].group)).size, families: byFamily.size}
  };
  return {
    choice,
    headOnnx: cryHeadOnnx(shipped.head, {
      C: String(shipped.C),
      trained_on: `${choice.head.trainedOn} recordings (the corpus's tuning half and every non-cry family)`
    })
  };
}
