/**
 * The claims audit: each number of docs/method.md §7 against this build's value of the same quantity,
 * judged by a replication test (loaders/eval/replication.ts) that carries both samples' error.
 *
 * - Ours: the neural head (or the SVM, the ensemble, the CV) of the run under the paper's split,
 *   from one clustered bootstrap that resamples installation groups (a gap's two sides in the same
 *   resample) and draws one of the refit seeds in each resample, so the interval carries the refits'
 *   spread (by the law of total variance: the mean within-seed variance plus the variance between
 *   seeds). The point value is the mean over the seeds.
 * - Like with like: a quantity that depends on the class mix (accuracy, per-class and macro F1,
 *   weighted F1, the accuracy gaps, the CV level) is judged on its twin standardised to the paper's
 *   mix (loaders/eval/standardise.ts); the raw value stays beside it. Per-class recall, per-class
 *   ROC AUC and balanced accuracy do not depend on the mix and are judged as they are.
 * - The paper's SE: from its stated sizes, its files treated as independent (it gives nothing
 *   else; this understates its uncertainty, so our verdicts lean towards "lower / higher here").
 * - The family of judged rows is adjusted by Holm; `not testable here` rows are not in it.
 */
import {CLASSES} from "../corpus/labels.ts";
import {clusteredReplicates} from "../eval/bootstrap.ts";
import {rocAucOfResamples} from "../eval/metrics.ts";
import {
  binomialSE,
  compare,
  EQUIVALENCE_MARGIN,
  f1SE,
  FAMILY_ALPHA,
  hanleyMcNeilSE,
  judgeFamily,
  meanSE,
  type Estimate,
  type Outcome
} from "../eval/replication.ts";
import {standardise} from "../eval/standardise.ts";
import {GROUPED_PROTOCOL, PAPER_PROTOCOL, UNIT} from "../pipeline/dataset.ts";
import type {PaperRun} from "../pipeline/paper-run.ts";
import {BOOTSTRAP} from "../pipeline/evaluate.ts";
import {impliedNumbers, PAPER_NUMBERS, paperSampleSizes, type PaperClass} from "./claims.ts";
import {MODEL} from "../models/names.ts";

export const VERDICTS = ["consistent", "lower here", "higher here", "inconclusive", "not testable here"] as const;
export type Verdict = Outcome | "not testable here";

export interface AuditRow {
  id: string;
  claim: string;
  /** Where the paper's number comes from: README, notebook, or "implied: …" with the arithmetic. */
  source: string;
  paper: number;
  /** The paper's standard error (NaN where none is stated) and how it was derived. */
  paperSE: number;
  paperHow: string;
  /** What is judged: the quantity as measured, or its twin standardised to the paper's class mix. */
  quantity: string;
  /** Our judged value (mean over the refit seeds), its interval and SE from the clustered bootstrap. */
  value: number;
  lo: number;
  hi: number;
  se: number;
  /** Standard deviation of the full-sample value over the refit seeds (0 for a model without a random step). */
  seedSD: number;
  seeds: number;
  /** The value as measured on our class mix (for a standardised row; else the judged value again). */
  raw: number;
  rawLo: number;
  rawHi: number;
  /** Majority-class accuracy of the same split (accuracy-like rows), else NaN. */
  majority: number;
  /** ours − paper, with its interval that carries both errors. */
  difference: number;
  diffLo: number;
  diffHi: number;
  margin: number;
  /** The smallest margin at which the row would read "consistent" (NaN when not judged). */
  minMargin: number;
  pDifference: number;
  pEquivalence: number;
  /** The same quantity under the grouped split, and grouped − paper's split from one paired resample. */
  grouped: number;
  groupedLo: number;
  groupedHi: number;
  protocolDiff: number;
  protocolDiffLo: number;
  protocolDiffHi: number;
  protocol: string;
  encoder: string;
  verdict: Verdict;
  reason: string;
}

export interface AuditInputs {
  runs: PaperRun[];
  /** Labelled files per class under the labelling the models used. */
  labelledCounts: Record<string, number>;
}

const fmt = (x: number) => x.toFixed(3);
const K = CLASSES.length;
const ENCODER_NOTE = "the paper used HeAR on two Kaggle re-packagings; HeAR's weights are gated and the re-packagings cannot be downloaded";

/** One side of a statistic: which predictions (or the CV's scored rows) and which files they are for. */
interface Side {
  units: string[];
  truth: number[];
  /** The predictions of the refit with index s (wrapped: a model fitted once answers the same for every s). */
  pred: (s: number) => number[];
  proba: (s: number) => number[];
  seeds: number;
}

/** The paper's class mix (its labelled files per class, in CLASSES order). */
const PAPER_MIX = CLASSES.map((c) => PAPER_NUMBERS.dataset[c as PaperClass]);

function sideOf(run: PaperRun, model: string, split: string): Side | undefined {
  const samples = run.samples.find((s) => s.split === split);
  const sets = run.predictions.filter((p) => p.model === model && p.split === split).sort((a, b) => a.seed - b.seed);
  if (!samples || !sets.length) return undefined;
  return {units: samples.groups, truth: samples.truth, pred: (s) => sets[s % sets.length].pred, proba: (s) => sets[s % sets.length].proba, seeds: sets.length};
}

function cvSide(run: PaperRun): Side {
  const {truth, pred, groups} = run.cvScored;
  return {units: groups, truth, pred: () => pred, proba: () => [], seeds: 1};
}

/** The confusion matrix of a resample (rows: actual class), counted in place: the audit computes tens of thousands of them. */
const confusion = (side: Side, sel: number[], s: number) => {
  const pred = side.pred(s),
    cm = Array.from({length: K}, () => new Array<number>(K).fill(0));
  for (const j of sel) cm[side.truth[j]][pred[j]]++;
  return cm;
};
/** A standardised value, or NaN where the resample lacks a class the target mix has (the replicate is then left out). */
const standardiseOrNaN = <T>(cm: number[][], mix: number[], f: (s: ReturnType<typeof standardise>) => T): T | number => {
  for (let c = 0; c < K; c++) if (mix[c] > 0 && !cm[c].some((v) => v > 0)) return NaN;
  return f(standardise(cm, mix));
};
/** The classes a run's labelling has (a class absent from every split is no part of its averages). */
const presentMix = (run: PaperRun) => PAPER_MIX.map((w, c) => (run.classes.includes(CLASSES[c]) ? w : 0));
// Accuracy of a confusion matrix (the audit resamples matrices, not labels): metrics.ts's count over length, as trace over total.
const accuracyOf = (cm: number[][]) => cm.reduce((s, row, c) => s + row[c], 0) / cm.flat().reduce((a, b) => a + b, 0);

/** A statistic of one run: what it reads and how it is computed from a resample (index arrays per side) and a seed. */
interface Statistic {
  sides: Side[];
  f: (sel: number[][], s: number) => number;
}

type StatOf = (run: PaperRun) => Statistic | undefined;

/** Mix-dependent statistics come in two versions: as measured (raw) and standardised to the paper's mix. */
interface Quantity {
  raw: StatOf;
  /** The standardised twin; absent for quantities that do not depend on the class mix. */
  standardised?: StatOf;
}

const seedsOf = (sides: Side[]) => Math.max(...sides.map((x) => x.seeds));

function holdoutMetric(model: string, split: string, fromCm: (cm: number[][], mix: number[] | null) => number): Quantity {
  const make =
    (std: boolean): StatOf =>
    (run) => {
      const side = sideOf(run, model, split);
      if (!side) return undefined;
      const mix = presentMix(run);
      return {sides: [side], f: ([sel], s) => fromCm(confusion(side, sel, s), std ? mix : null)};
    };
  return {raw: make(false), standardised: make(true)};
}

/** A metric of the standardised confusion matrix, or of the raw one (its own mix) when `mix` is null. */
const stdOrRaw = (cm: number[][], mix: number[] | null, f: (s: ReturnType<typeof standardise>) => number) =>
  standardiseOrNaN(cm, mix ?? cm.map((row) => row.reduce((a, b) => a + b, 0)), f) as number;

const accuracyQ = (model: string, split: string) => holdoutMetric(model, split, (cm, mix) => (mix ? stdOrRaw(cm, mix, (x) => x.accuracy) : accuracyOf(cm)));
const weightedF1Q = (model: string, split: string) => holdoutMetric(model, split, (cm, mix) => stdOrRaw(cm, mix, (x) => x.weightedF1));
// A class with no member in the sample has no F1 to judge (NaN, so the row is "not testable here").
const f1Q = (c: number) => holdoutMetric(MODEL.head, "holdout", (cm, mix) => (cm[c].some((v) => v > 0) ? stdOrRaw(cm, mix, (x) => x.f1[c]) : NaN));
const macroF1Q = holdoutMetric(MODEL.head, "holdout", (cm, mix) => stdOrRaw(cm, mix, (x) => x.macroF1));

function mixFree(model: string, split: string, f: (side: Side) => (sel: number[], s: number) => number): Quantity {
  return {
    raw: (run) => {
      const side = sideOf(run, model, split);
      if (!side) return undefined;
      const g = f(side); // once per run: an AUC sorts its scores here, not in every resample
      return {sides: [side], f: ([sel], s) => g(sel, s)};
    }
  };
}
const recallQ = (c: number) =>
  mixFree(MODEL.head, "holdout", (side) => (sel, s) => {
    const mine = sel.filter((j) => side.truth[j] === c),
      pred = side.pred(s);
    return mine.length ? mine.filter((j) => pred[j] === c).length / mine.length : NaN;
  });
// scikit-learn's balanced accuracy: the mean recall over the classes present in the (resampled) truth.
const balancedQ = mixFree(MODEL.head, "holdout", (side) => (sel, s) => balancedOf(side, sel, s));
const aucQ = (c: number) =>
  mixFree(MODEL.head, "holdout", (side) => {
    // One AUC function per seed (each sorts its scores once).
    const per = Array.from({length: side.seeds}, (_, s) => {
      const proba = side.proba(s);
      return rocAucOfResamples(
        side.truth.map((t) => (t === c ? 1 : 0)),
        side.truth.map((_, j) => proba[j * K + c])
      );
    });
    return (sel, s) => per[s](sel);
  });

/** A gap: accuracy on side A − accuracy on side B, both from the same resample and the same refit seed. */
function gapQ(a: (run: PaperRun) => Side | undefined, b: (run: PaperRun) => Side | undefined): Quantity {
  const make =
    (std: boolean): StatOf =>
    (run) => {
      const sa = a(run),
        sb = b(run);
      if (!sa || !sb) return undefined;
      const mix = presentMix(run);
      const acc = (side: Side, sel: number[], s: number) => {
        const cm = confusion(side, sel, s);
        return std ? (standardiseOrNaN(cm, mix, (x) => x.accuracy) as number) : accuracyOf(cm);
      };
      return {sides: [sa, sb], f: ([x, y], s) => acc(sa, x, s) - acc(sb, y, s)};
    };
  return {raw: make(false), standardised: make(true)};
}
const cvAccuracyQ: Quantity = {
  raw: (run) => ({sides: [cvSide(run)], f: ([sel], s) => accuracyOf(confusion(cvSide(run), sel, s))}),
  standardised: (run) => {
    const side = cvSide(run),
      mix = presentMix(run);
    return {sides: [side], f: ([sel], s) => standardiseOrNaN(confusion(side, sel, s), mix, (x) => x.accuracy) as number};
  }
};

/** Point value (mean over seeds), replicates, SE, percentile interval and seed SD of a statistic. */
/** The refit a resample uses: its uniform draw `u` mapped onto `seeds` refits. */
const seedIndex = (u: number, seeds: number) => Math.min(seeds - 1, Math.floor(u * seeds));

/** A statistic on the whole sample under each refit. */
function perSeedValues(st: Statistic): number[] {
  const all = st.sides.map((x) => x.units.map((_, j) => j));
  return Array.from({length: seedsOf(st.sides)}, (_, s) => st.f(all, s));
}
const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

function measure(st: Statistic, seed: number) {
  const S = seedsOf(st.sides);
  const perSeed = perSeedValues(st);
  const value = meanOf(perSeed);
  const [reps] = clusteredReplicates(
    st.sides.map((x) => x.units),
    [(sel, u) => st.f(sel, seedIndex(u, S))],
    {B: BOOTSTRAP.B, seed}
  );
  return {value, perSeed, ...summarise(reps), seedSD: sd(perSeed), seeds: S};
}

const sd = (v: number[]) => {
  if (v.length < 2) return 0;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
};

function summarise(reps: number[]) {
  const ok = reps.filter(Number.isFinite).sort((a, b) => a - b);
  if (ok.length < reps.length / 2) return {lo: NaN, hi: NaN, se: NaN};
  const q = (p: number) => ok[Math.min(ok.length - 1, Math.max(0, Math.round(p * (ok.length - 1))))];
  const tail = (1 - BOOTSTRAP.level) / 2;
  return {lo: q(tail), hi: q(1 - tail), se: sd(ok)};
}

/** grouped − paper's split of the same statistic, from one resample of the installation groups of both runs. */
function protocolDifference(p: Statistic, g: Statistic, seed: number) {
  const np = p.sides.length;
  const pick = (side: Side[], u: number) => seedIndex(u, seedsOf(side));
  const [reps] = clusteredReplicates(
    [...p.sides, ...g.sides].map((x) => x.units),
    [(sel, u) => g.f(sel.slice(np), pick(g.sides, u)) - p.f(sel.slice(0, np), pick(p.sides, u))],
    {B: BOOTSTRAP.B, seed}
  );
  const mean = (st: Statistic) => meanOf(perSeedValues(st));
  return {value: mean(g) - mean(p), ...summarise(reps)};
}

interface ClaimSpec {
  id: string;
  claim: string;
  source: string;
  paper: Estimate;
  quantity: Quantity;
  /** Model and split whose majority baseline sits beside an accuracy-like row. */
  baseline?: [string, string];
  note?: string;
}

export function buildAudit(a: AuditInputs): AuditRow[] {
  const run = a.runs.find((r) => r.protocol === PAPER_PROTOCOL);
  if (!run) throw new Error(`audit: no run under ${PAPER_PROTOCOL}`);
  const grouped = a.runs.find((r) => r.protocol === GROUPED_PROTOCOL);
  const P = PAPER_NUMBERS,
    implied = impliedNumbers(),
    n = paperSampleSizes();
  const nHo = n.holdout,
    nk = (c: string) => n.holdoutByClass[c as PaperClass];
  const classIx = (c: string) => CLASSES.indexOf(c as (typeof CLASSES)[number]);
  const binomial = (p: number, split: keyof typeof n.splits, what: string): Estimate => ({
    value: p,
    se: binomialSE(p, n.splits[split]),
    how: `binomial, ${n.splits[split]} ${split} files${what}`
  });
  const specs: ClaimSpec[] = [];

  // Mix-free quantities of the neural head on the holdout.
  const recallSE = (c: string) => binomialSE(P.notebook.holdoutRecall[c as PaperClass], nk(c));
  specs.push({
    id: "balanced-accuracy",
    claim: "MLP holdout balanced accuracy",
    source: `implied: ${implied.balancedAccuracy.how}`,
    paper: {
      value: implied.balancedAccuracy.value,
      se: meanSE(CLASSES.map(recallSE)),
      how: `mean of three binomial recalls (${CLASSES.map((c) => `${c} n ${nk(c)}`).join(", ")})`
    },
    quantity: balancedQ
  });
  for (const c of CLASSES)
    specs.push({
      id: `recall-${c}`,
      claim: `MLP holdout accuracy on ${c} (recall)`,
      source: "notebook",
      paper: {value: P.notebook.holdoutRecall[c as PaperClass], se: recallSE(c), how: `binomial, ${nk(c)} ${c} holdout files`},
      quantity: recallQ(classIx(c))
    });
  for (const c of CLASSES)
    specs.push({
      id: `auc-${c}`,
      claim: `MLP holdout ROC AUC, ${c} vs rest`,
      source: "README",
      paper: {
        value: P.readme.auc[c as PaperClass],
        se: hanleyMcNeilSE(P.readme.auc[c as PaperClass], nk(c), nHo - nk(c)),
        how: `Hanley–McNeil, ${nk(c)} positives, ${nHo - nk(c)} negatives`
      },
      quantity: aucQ(classIx(c))
    });
  // Mix-dependent quantities, judged on their standardised twins.
  const f1Paper = (c: string) => f1SE(P.readme.f1[c as PaperClass], P.notebook.holdoutRecall[c as PaperClass], nk(c));
  for (const c of CLASSES)
    specs.push({
      id: `f1-${c}`,
      claim: `MLP holdout F1 of ${c}`,
      source: "README",
      paper: {
        value: P.readme.f1[c as PaperClass],
        se: f1Paper(c),
        how: `approximate: F1 as a proportion of 2TP + FP + FN, TP from the notebook's recall on ${nk(c)} files`
      },
      quantity: f1Q(classIx(c))
    });
  specs.push({
    id: "macro-f1",
    claim: "MLP holdout macro-F1",
    source: `implied: ${implied.macroF1.how}`,
    paper: {value: implied.macroF1.value, se: meanSE(CLASSES.map(f1Paper)), how: "mean of the three per-class F1 SEs (approximate)"},
    quantity: macroF1Q
  });
  const trainAcc = P.readme.mlp.holdout.accuracy + P.readme.trainHoldoutGap;
  specs.push({
    id: "gap",
    claim: "MLP train − holdout accuracy gap",
    source: "README",
    paper: {
      value: P.readme.trainHoldoutGap,
      se: Math.hypot(binomialSE(trainAcc, n.splits.train), binomialSE(P.readme.mlp.holdout.accuracy, nHo)),
      how: `two binomials: train ${fmt(trainAcc)} on ${n.splits.train} files, holdout ${fmt(P.readme.mlp.holdout.accuracy)} on ${nHo}`
    },
    quantity: gapQ(
      (r) => sideOf(r, MODEL.head, "train"),
      (r) => sideOf(r, MODEL.head, "holdout")
    ),
    note: "train accuracy is measured on the clean copies of the training recordings"
  });
  const foldSE = (sdv: number) => sdv / Math.sqrt(P.cvFolds);
  specs.push({
    id: "cv-gap",
    claim: "5-fold CV − SVM holdout accuracy (the leakage signature)",
    source: `implied: ${implied.cvMinusHoldout.how}`,
    paper: {
      value: implied.cvMinusHoldout.value,
      se: Math.hypot(foldSE(P.readme.cv.sd), binomialSE(P.readme.svmHoldoutAccuracy, nHo)),
      how: `the CV mean's SE from its fold SD (${P.readme.cv.sd} / √${P.cvFolds}) with a binomial holdout of ${nHo}`
    },
    quantity: gapQ(cvSide, (r) => sideOf(r, MODEL.svm, "holdout"))
  });
  for (const split of ["val", "test", "holdout"] as const) {
    // One quantity object per measured quantity: the README's and the notebook's rows share it (and its interval).
    const acc = accuracyQ(MODEL.head, split),
      wf1 = weightedF1Q(MODEL.head, split);
    for (const [source, numbers] of [
      ["README", P.readme.mlp],
      ["notebook", P.notebook.mlp]
    ] as const) {
      const tag = source === "README" ? "" : "-notebook";
      specs.push({
        id: `mlp-${split}-accuracy${tag}`,
        claim: `MLP ${split} accuracy`,
        source,
        paper: binomial(numbers[split].accuracy, split, ""),
        quantity: acc,
        baseline: [MODEL.head, split]
      });
      specs.push({
        id: `mlp-${split}-f1${tag}`,
        claim: `MLP ${split} weighted F1`,
        source,
        paper: binomial(numbers[split].weightedF1, split, " (approximate: weighted F1 as a proportion)"),
        quantity: wf1
      });
    }
  }
  specs.push({
    id: "svm-holdout",
    claim: "best classical (SVM RBF) holdout accuracy",
    source: "README",
    paper: binomial(P.readme.svmHoldoutAccuracy, "holdout", ""),
    quantity: accuracyQ(MODEL.svm, "holdout"),
    baseline: [MODEL.svm, "holdout"]
  });
  specs.push({
    id: "ensemble-holdout",
    claim: "soft-voting ensemble holdout accuracy",
    source: "notebook",
    paper: binomial(P.notebook.ensembleHoldoutAccuracy, "holdout", ""),
    quantity: accuracyQ(MODEL.voting, "holdout"),
    baseline: [MODEL.voting, "holdout"]
  });
  for (const [source, cv] of [
    ["README", P.readme.cv],
    ["notebook", P.notebook.cv]
  ] as const)
    specs.push({
      id: `cv${source === "README" ? "" : "-notebook"}`,
      claim: "5-fold CV accuracy of SVM C 10",
      source,
      paper: {value: cv.mean, se: foldSE(cv.sd), how: `fold SD ${cv.sd} / √${P.cvFolds} (folds share training data, so this is a floor)`},
      quantity: cvAccuracyQ
    });

  const majorityOf = (model: string, split: string) => {
    const side = sideOf(run, model, split);
    if (!side) return NaN;
    const counts = new Array(K).fill(0);
    for (const t of side.truth) counts[t]++;
    return Math.max(...counts) / side.truth.length;
  };

  // Measure every judged quantity: ours (judged version and raw), grouped, grouped − paper's.
  type Measured = {
    spec: ClaimSpec;
    judged: ReturnType<typeof measure>;
    raw: ReturnType<typeof measure>;
    grouped?: ReturnType<typeof measure>;
    diff?: ReturnType<typeof protocolDifference>;
  };
  const measured: Measured[] = [],
    untestable: AuditRow[] = [];
  const base = {encoder: `${run.encoder} on donate-a-cry (${ENCODER_NOTE})`, margin: EQUIVALENCE_MARGIN};
  const empty = {
    paperSE: NaN,
    paperHow: "",
    quantity: "",
    value: NaN,
    lo: NaN,
    hi: NaN,
    se: NaN,
    seedSD: NaN,
    seeds: 0,
    raw: NaN,
    rawLo: NaN,
    rawHi: NaN,
    majority: NaN,
    difference: NaN,
    diffLo: NaN,
    diffHi: NaN,
    minMargin: NaN,
    pDifference: NaN,
    pEquivalence: NaN,
    grouped: NaN,
    groupedLo: NaN,
    groupedHi: NaN,
    protocolDiff: NaN,
    protocolDiffLo: NaN,
    protocolDiffHi: NaN
  };
  // What a row says of the claim itself, judged or not (the same fields, in the same column order).
  const claimHeader = (spec: ClaimSpec) => ({
    id: spec.id,
    claim: spec.claim,
    source: spec.source,
    paper: spec.paper.value,
    paperSE: spec.paper.se,
    paperHow: spec.paper.how
  });
  // One bootstrap stream per quantity, so the README's and the notebook's claim of the same quantity get the same interval.
  const quantitySeed = new Map<Quantity, number>();
  specs.forEach((spec) => {
    const seed = BOOTSTRAP.seed + (quantitySeed.get(spec.quantity) ?? quantitySeed.set(spec.quantity, quantitySeed.size).size - 1);
    const judgedStat = (spec.quantity.standardised ?? spec.quantity.raw)(run),
      rawStat = spec.quantity.raw(run);
    const m = judgedStat && measure(judgedStat, seed);
    if (!judgedStat || !rawStat || !m || !Number.isFinite(m.value) || !Number.isFinite(m.se)) {
      untestable.push({
        ...empty,
        ...base,
        ...claimHeader(spec),
        protocol: `${PAPER_PROTOCOL}; labels ${run.labelling}`,
        verdict: "not testable here",
        reason: `this build could not compute the quantity under labels ${run.labelling} (a class it needs is absent, or too few installations to resample)`
      });
      return;
    }
    const g = grouped && (spec.quantity.standardised ?? spec.quantity.raw)(grouped);
    measured.push({
      spec,
      judged: m,
      raw: spec.quantity.standardised ? measure(rawStat, seed) : m,
      grouped: g ? measure(g, seed) : undefined,
      diff: g ? protocolDifference(judgedStat, g, seed) : undefined
    });
  });
  const comparisons = measured.map(({spec, judged}) => compare({value: judged.value, se: judged.se, how: "clustered bootstrap with the refits"}, spec.paper));
  const verdicts = judgeFamily(comparisons);
  const family = measured.length;
  const rows: AuditRow[] = measured.map(({spec, judged, raw, grouped: g, diff}, i) => {
    const v = verdicts[i],
      standardisedNote = spec.quantity.standardised ? "standardised to the paper's class mix" : "as measured (does not depend on the class mix)";
    const seedText = judged.seeds > 1 ? `${judged.seeds} refits, SD ${fmt(judged.seedSD)}` : "one fit (no random step)";
    const said =
      v.outcome === "consistent"
        ? `the difference ${fmt(v.difference)} [${fmt(v.lo)}, ${fmt(v.hi)}] lies within ±${EQUIVALENCE_MARGIN} (equivalence p ${pFmt(v.pEquivalenceHolm)} after Holm over ${family} rows)`
        : v.outcome === "inconclusive"
          ? `after Holm over ${family} rows neither test rejects: not shown different from the paper (difference p ${pFmt(v.pDifferenceHolm)}) nor within ±${EQUIVALENCE_MARGIN} of it (equivalence p ${pFmt(v.pEquivalenceHolm)}); the unadjusted ${Math.round(100 * BOOTSTRAP.level)}% interval of the difference is [${fmt(v.lo)}, ${fmt(v.hi)}]; it would read consistent from a margin of ${fmt(v.minMargin)}`
          : `ours is ${v.outcome === "lower here" ? "lower" : "higher"} by ${fmt(Math.abs(v.difference))} [${fmt(Math.abs(v.outcome === "lower here" ? v.hi : v.lo))}, ${fmt(Math.abs(v.outcome === "lower here" ? v.lo : v.hi))}] (difference p ${pFmt(v.pDifferenceHolm)} after Holm over ${family} rows)`;
    return {
      ...base,
      ...claimHeader(spec),
      quantity: standardisedNote,
      value: judged.value,
      lo: judged.lo,
      hi: judged.hi,
      se: judged.se,
      seedSD: judged.seedSD,
      seeds: judged.seeds,
      raw: raw.value,
      rawLo: raw.lo,
      rawHi: raw.hi,
      majority: spec.baseline ? majorityOf(...spec.baseline) : NaN,
      difference: v.difference,
      diffLo: v.lo,
      diffHi: v.hi,
      minMargin: v.minMargin,
      pDifference: v.pDifferenceHolm,
      pEquivalence: v.pEquivalenceHolm,
      grouped: g?.value ?? NaN,
      groupedLo: g?.lo ?? NaN,
      groupedHi: g?.hi ?? NaN,
      protocolDiff: diff?.value ?? NaN,
      protocolDiffLo: diff?.lo ?? NaN,
      protocolDiffHi: diff?.hi ?? NaN,
      protocol: `${PAPER_PROTOCOL}; labels ${run.labelling}; ${seedText}`,
      verdict: v.outcome,
      reason: `${said}${spec.note ? `; ${spec.note}` : ""}`
    };
  });

  // Not testable here: the inputs do not exist here.
  const ours = CLASSES.map((c) => `${c} ${a.labelledCounts[c] ?? 0}`).join(", ");
  const total = CLASSES.reduce((s, c) => s + (a.labelledCounts[c] ?? 0), 0);
  rows.push(...untestable);
  rows.push({
    ...empty,
    ...base,
    id: "dataset",
    claim: "labelled files per class",
    source: "README",
    paper: P.dataset.labelled,
    value: total,
    raw: total,
    quantity: `${total} (${ours})`,
    protocol: `labels ${run.labelling}`,
    verdict: "not testable here",
    reason: "the paper's two Kaggle re-packagings cannot be downloaded; donate-a-cry is their public original, laid out here as they lay it out"
  });
  rows.push({
    ...empty,
    ...base,
    id: "pca",
    claim: "PCA components at 95% variance",
    source: "notebook",
    paper: P.notebook.pcaComponents95,
    value: run.components,
    raw: run.components,
    quantity: `${run.components} components (PCA of the standardized augmented training embeddings)`,
    protocol: PAPER_PROTOCOL,
    verdict: "not testable here",
    reason: "the count is a property of the encoder's embedding space, and the encoder here is not HeAR"
  });
  return rows;
}

const pFmt = (p: number) => (p < 0.001 ? "< 0.001" : p.toFixed(3));

/** What the audit's summary and the abstract say about the rule (read by the pages, never typed there). */
export const AUDIT_RULE = {margin: EQUIVALENCE_MARGIN, alpha: FAMILY_ALPHA, unit: UNIT, level: BOOTSTRAP.level, B: BOOTSTRAP.B};

export interface ModelDifferenceRow {
  protocol: string;
  model: string;
  reference: string;
  metric: string;
  value: number;
  lo: number;
  hi: number;
  unit: string;
}

/** Balanced accuracy of one side's resample: the mean recall over the classes present in it. */
function balancedOf(side: Side, sel: number[], s: number): number {
  const cm = confusion(side, sel, s);
  const recalls = cm.flatMap((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n ? [row[c] / n] : [];
  });
  return recalls.reduce((a, b) => a + b, 0) / recalls.length;
}

/**
 * Model against model on the same holdout: each model's balanced accuracy minus the reference's,
 * from one resample of installation groups that drives both (the same files, so a paired
 * difference), with each model's refit drawn per resample. Two models compared by whether their
 * own intervals overlap would be judged too leniently; this interval is the comparison.
 */
export function modelDifferences(runs: PaperRun[], models: string[], reference = MODEL.head): ModelDifferenceRow[] {
  const rows: ModelDifferenceRow[] = [];
  runs.forEach((run, r) => {
    const ref = sideOf(run, reference, "holdout");
    if (!ref) return;
    models
      .filter((m) => m !== reference)
      .forEach((model, k) => {
        const side = sideOf(run, model, "holdout");
        if (!side) return;
        const pick = (x: Side, u: number) => seedIndex(u, x.seeds);
        const [reps] = clusteredReplicates([side.units, ref.units], [([a, b], u) => balancedOf(side, a, pick(side, u)) - balancedOf(ref, b, pick(ref, u))], {
          B: BOOTSTRAP.B,
          seed: BOOTSTRAP.seed + 100 * r + k
        });
        const mean = (x: Side) => meanOf(perSeedValues({sides: [x], f: ([sel], s) => balancedOf(x, sel, s)}));
        const {lo, hi} = summarise(reps);
        rows.push({protocol: run.protocol, model, reference, metric: "holdout balanced accuracy", value: mean(side) - mean(ref), lo, hi, unit: UNIT});
      });
  });
  return rows;
}
