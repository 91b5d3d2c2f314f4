/**
 * The claims audit: each number of PAPER.md §7 next to what this build measured for the *same*
 * quantity, with a verdict computed from the numbers and a reason written from them.
 *
 * - `reproduced` / `not reproduced`: the paper's value lies inside / outside our 95% interval of the
 *   same quantity. Only quantities that do not depend on the class balance are judged this way
 *   (per-class one-vs-rest AUC, per-class recall and F1, balanced accuracy, macro-F1, the two gaps).
 * - `not comparable`: the quantity depends on something that differs here (the class balance, the
 *   encoder); the row shows the reason and the comparable quantity beside it.
 * - `not testable here`: the inputs it needs do not exist here, or the metric could not be computed.
 */
import {CLASSES} from "../corpus/labels.ts";
import {GROUPED_PROTOCOL, PAPER_PROTOCOL} from "../pipeline/dataset.ts";
import type {MetricRow} from "../pipeline/evaluate.ts";
import type {PaperRun} from "../pipeline/paper-run.ts";
import {impliedNumbers, PAPER_NUMBERS, type PaperClass} from "./claims.ts";

export const VERDICTS = ["reproduced", "not reproduced", "not comparable", "not testable here"] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface AuditRow {
  id: string;
  claim: string;
  /** Where the paper's number comes from: README, notebook, or "implied: …" with the arithmetic. */
  source: string;
  paper: number;
  ours: string;
  value: number;
  lo: number;
  hi: number;
  /** Majority-class accuracy of the same split (accuracy-like rows), else NaN. */
  majority: number;
  /** The comparable quantity shown beside a `not comparable` row. */
  comparable: string;
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
const ci = (m: {value: number; lo: number; hi: number}) => `${fmt(m.value)} [${fmt(m.lo)}, ${fmt(m.hi)}]`;
const HEAR = "HeAR's weights are gated, so the encoder here is not the paper's";
const KAGGLE = "the paper's two Kaggle re-packagings cannot be downloaded; donate-a-cry is their public original";

/** Verdict and reason of a claim against our interval of the same quantity. */
export function judge(paper: number, m: {value: number; lo: number; hi: number} | undefined): {verdict: Verdict; reason: string} {
  if (!m || !Number.isFinite(m.lo) || !Number.isFinite(m.hi)) return {verdict: "not testable here", reason: "this build could not compute the quantity (see the row)"};
  if (paper >= m.lo && paper <= m.hi) return {verdict: "reproduced", reason: `the paper's ${fmt(paper)} lies inside our 95% interval [${fmt(m.lo)}, ${fmt(m.hi)}]`};
  const side = paper > m.hi ? "above" : "below";
  return {verdict: "not reproduced", reason: `the paper's ${fmt(paper)} lies ${side} our 95% interval [${fmt(m.lo)}, ${fmt(m.hi)}] (by ${fmt(paper > m.hi ? paper - m.hi : m.lo - paper)})`};
}

export function buildAudit(a: AuditInputs): AuditRow[] {
  const run = a.runs.find((r) => r.protocol === PAPER_PROTOCOL);
  if (!run) throw new Error(`audit: no run under ${PAPER_PROTOCOL}`);
  const grouped = a.runs.find((r) => r.protocol === GROUPED_PROTOCOL);
  const implied = impliedNumbers();
  const P = PAPER_NUMBERS;
  const find = (r: PaperRun | undefined, model: string, split: string, metric: string): MetricRow | undefined =>
    r && [...r.evaluation.metrics, ...r.gaps].find((m) => m.model === model && m.split === split && m.metric === metric);
  const mine = (model: string, split: string, metric: string) => find(run, model, split, metric);
  const theirs = (model: string, split: string, metric: string) => find(grouped, model, split, metric);
  const encoder = run.encoder;
  const protocolText = (model: string, split: string) => `${model}, ${split}, ${PAPER_PROTOCOL}; labels ${run.labelling}; intervals resample ${run.unit}`;
  const groupedText = (m: MetricRow | undefined) => (m ? `; under the ${GROUPED_PROTOCOL}: ${ci(m)}` : "");
  const base = {majority: NaN, comparable: "", encoder};

  /** A base-rate-free quantity, judged. */
  const judged = (id: string, claim: string, source: string, paper: number, model: string, split: string, metric: string): AuditRow => {
    const m = mine(model, split, metric);
    const j = judge(paper, m);
    const missing = !m ? `${metric} was not computed on the ${split} split (${run.evaluation.skipped.find((s) => s.startsWith(metric)) ?? `the class does not occur under labels ${run.labelling}`})` : "";
    return {...base, id, claim, source, paper, ours: m ? ci(m) : "—", value: m?.value ?? NaN, lo: m?.lo ?? NaN, hi: m?.hi ?? NaN,
      protocol: protocolText(model, split), verdict: j.verdict, reason: missing || `${j.reason}${groupedText(theirs(model, split, metric))}`};
  };

  /** An accuracy-like number: depends on the class balance, so shown beside the baseline and a comparable quantity. */
  const balanceBound = (id: string, claim: string, source: string, paper: number, model: string, split: string, metric: string): AuditRow => {
    const m = mine(model, split, metric), maj = mine(model, split, "majority-class accuracy"), bal = mine(model, split, "balanced accuracy");
    if (!m || !maj) return {...base, id, claim, source, paper, ours: "—", value: NaN, lo: NaN, hi: NaN, protocol: protocolText(model, split),
      verdict: "not testable here", reason: `${metric} or the majority baseline was not computed on the ${split} split`};
    return {...base, id, claim, source, paper, ours: ci(m), value: m.value, lo: m.lo, hi: m.hi, majority: maj.value,
      comparable: bal ? `balanced accuracy ${ci(bal)} (the paper's implied ${fmt(implied.balancedAccuracy.value)})` : "",
      protocol: protocolText(model, split), verdict: "not comparable",
      reason: `${metric} depends on the class balance: always answering the majority class scores ${fmt(maj.value)} on this ${split} split and ${fmt(implied.majorityBaseline.value)} on the paper's (${implied.majorityBaseline.how}); ${HEAR}`};
  };

  const rows: AuditRow[] = [];
  // Judged: base-rate-free quantities of the neural head on the holdout split.
  rows.push(judged("balanced-accuracy", "MLP holdout balanced accuracy", `implied: ${implied.balancedAccuracy.how}`, implied.balancedAccuracy.value,
    "Neural head", "holdout", "balanced accuracy"));
  for (const c of CLASSES)
    rows.push(judged(`recall-${c}`, `MLP holdout accuracy on ${c} (recall)`, "notebook", P.notebook.holdoutRecall[c as PaperClass], "Neural head", "holdout", `recall ${c}`));
  for (const c of CLASSES)
    rows.push(judged(`auc-${c}`, `MLP holdout ROC AUC, ${c} vs rest`, "README", P.readme.auc[c as PaperClass], "Neural head", "holdout", `ROC AUC ${c} vs rest`));
  for (const c of CLASSES)
    rows.push(judged(`f1-${c}`, `MLP holdout F1 of ${c}`, "README", P.readme.f1[c as PaperClass], "Neural head", "holdout", `F1 ${c}`));
  rows.push(judged("macro-f1", "MLP holdout macro-F1", `implied: ${implied.macroF1.how}`, implied.macroF1.value, "Neural head", "holdout", "macro F1"));
  const gap = judged("gap", "MLP train − holdout accuracy gap", "README", P.readme.trainHoldoutGap, "Neural head", "holdout", "train − holdout accuracy");
  gap.reason += "; train accuracy is measured on the clean copies of the training recordings";
  rows.push(gap);
  const cvMetric = run.gaps.find((g) => g.model === "SVM (RBF)")?.metric ?? "";
  const cvGap = judged("cv-gap", "5-fold CV − SVM holdout accuracy (the leakage signature)", `implied: ${implied.cvMinusHoldout.how}`, implied.cvMinusHoldout.value,
    "SVM (RBF)", "holdout", cvMetric);
  const groupedGap = grouped?.gaps.find((g) => g.model === "SVM (RBF)");
  if (groupedGap) cvGap.reason += `; with grouped folds and the grouped split the gap is ${ci(groupedGap)}`;
  rows.push(cvGap);

  // Not comparable: accuracies and weighted F1 depend on the class balance (and on the encoder).
  for (const split of ["val", "test", "holdout"] as const) {
    rows.push(balanceBound(`mlp-${split}-accuracy`, `MLP ${split} accuracy`, "README", P.readme.mlp[split].accuracy, "Neural head", split, "accuracy"));
    rows.push(balanceBound(`mlp-${split}-accuracy-notebook`, `MLP ${split} accuracy`, "notebook", P.notebook.mlp[split].accuracy, "Neural head", split, "accuracy"));
    rows.push(balanceBound(`mlp-${split}-f1`, `MLP ${split} weighted F1`, "README", P.readme.mlp[split].weightedF1, "Neural head", split, "weighted F1"));
  }
  rows.push(balanceBound("svm-holdout", "best classical (SVM RBF) holdout accuracy", "README", P.readme.svmHoldoutAccuracy, "SVM (RBF)", "holdout", "accuracy"));
  rows.push(balanceBound("ensemble-holdout", "soft-voting ensemble holdout accuracy", "notebook", P.notebook.ensembleHoldoutAccuracy, "Soft-voting ensemble", "holdout", "accuracy"));
  const leaky = run.cv.map((c) => c.accuracy);
  const mean = leaky.reduce((s, x) => s + x, 0) / Math.max(leaky.length, 1);
  const sd = Math.sqrt(leaky.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(leaky.length - 1, 1));
  const cvGapRow = mine("SVM (RBF)", "holdout", cvMetric);
  rows.push({...base, id: "cv", claim: "5-fold CV of SVM C 10 (mean ± SD of folds)", source: "README", paper: P.readme.cv.mean,
    ours: leaky.length ? `${fmt(mean)} ± ${fmt(sd)}` : "—", value: leaky.length ? mean : NaN, lo: NaN, hi: NaN, majority: mine("SVM (RBF)", "holdout", "majority-class accuracy")?.value ?? NaN,
    comparable: cvGapRow ? `CV − holdout gap ${ci(cvGapRow)} (the paper's implied ${fmt(implied.cvMinusHoldout.value)})` : "",
    protocol: `${run.cv[0]?.protocol ?? "5-fold CV"}; ${run.labelling}`, verdict: leaky.length ? "not comparable" : "not testable here",
    reason: `a CV accuracy depends on the class balance and the encoder like any accuracy; the leak it carries is judged as the CV − holdout gap`});

  // Not testable here: the inputs do not exist here.
  const ours = CLASSES.map((c) => `${c} ${a.labelledCounts[c] ?? 0}`).join(", ");
  const total = CLASSES.reduce((s, c) => s + (a.labelledCounts[c] ?? 0), 0);
  rows.push({...base, id: "dataset", claim: "labelled files per class", source: "README",
    paper: P.dataset.labelled, ours: `${total} (${ours})`, value: total, lo: NaN, hi: NaN, protocol: `labels ${run.labelling}`,
    verdict: "not testable here", reason: `${KAGGLE}; the count here is the corpus laid out as they lay it out`});
  rows.push({...base, id: "pca", claim: "PCA components at 95% variance", source: "notebook", paper: P.notebook.pcaComponents95,
    ours: `${run.components}`, value: run.components, lo: NaN, hi: NaN, protocol: "PCA of the standardized augmented training embeddings",
    verdict: "not testable here", reason: `the count is a property of the encoder's embedding space: ${HEAR}`});
  return rows;
}
