/**
 * The study's own numbers, as docs/method.md §7 lists them — README and notebook disagree, so both are
 * kept — typed once here. Every value the audit compares with, including the values the paper's
 * numbers imply (balanced accuracy, macro-F1, the CV-minus-holdout gap, the majority baseline), is
 * derived from this table by code, never typed a second time.
 */
export type PaperClass = "Pain" | "Hunger" | "Neurological";

export const PAPER_NUMBERS = {
  readme: {
    mlp: {val: {accuracy: 0.6677, weightedF1: 0.678}, test: {accuracy: 0.6775, weightedF1: 0.686}, holdout: {accuracy: 0.6748, weightedF1: 0.686}},
    trainHoldoutGap: 0.0797,
    auc: {Neurological: 0.876, Pain: 0.808, Hunger: 0.788} as Record<PaperClass, number>,
    f1: {Neurological: 0.8, Pain: 0.6, Hunger: 0.44} as Record<PaperClass, number>,
    svmHoldoutAccuracy: 0.6683,
    cv: {mean: 0.8151, sd: 0.0086}
  },
  notebook: {
    mlp: {val: {accuracy: 0.6586, weightedF1: 0.6688}, test: {accuracy: 0.6856, weightedF1: 0.6956}, holdout: {accuracy: 0.6838, weightedF1: 0.6953}},
    holdoutRecall: {Pain: 0.6624, Hunger: 0.5299, Neurological: 0.743} as Record<PaperClass, number>,
    ensembleHoldoutAccuracy: 0.6613,
    cv: {mean: 0.8188, sd: 0.0086},
    pcaComponents95: 126
  },
  dataset: {labelled: 6639, Pain: 1798, Hunger: 1163, Neurological: 3678} as {labelled: number} & Record<PaperClass, number>,
  split: {train: 2655, val: 996, test: 986, holdout: 2002},
  cvFolds: 5,
  hearDim: {text: 1280, notebook: 512}
} as const;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Quantities the paper's numbers imply, each with the arithmetic that gives it. */
export function impliedNumbers(p = PAPER_NUMBERS) {
  const recalls = Object.values(p.notebook.holdoutRecall),
    f1s = Object.values(p.readme.f1);
  const counts = [p.dataset.Pain, p.dataset.Hunger, p.dataset.Neurological];
  const fmt = (x: number) => x.toFixed(4);
  return {
    balancedAccuracy: {value: mean(recalls), how: `mean of the notebook's holdout per-class accuracies (${recalls.map(fmt).join(", ")})`},
    macroF1: {value: mean(f1s), how: `mean of the README's per-class F1 (${f1s.map((x) => x.toFixed(2)).join(", ")})`},
    cvMinusHoldout: {
      value: p.readme.cv.mean - p.readme.svmHoldoutAccuracy,
      how: `README 5-fold CV ${fmt(p.readme.cv.mean)} − README SVM holdout ${fmt(p.readme.svmHoldoutAccuracy)}`
    },
    majorityBaseline: {
      value: Math.max(...counts) / p.dataset.labelled,
      how: `the largest class (${Math.max(...counts)}) of the ${p.dataset.labelled} labelled files`
    }
  };
}

/**
 * The paper's sample sizes as its standard errors use them: files per split (docs/method.md §1), and the
 * holdout's files per class at the labelled files' class shares (its split was stratified).
 */
export function paperSampleSizes(p = PAPER_NUMBERS) {
  const classes = ["Pain", "Hunger", "Neurological"] as const;
  const holdoutByClass = Object.fromEntries(classes.map((c) => [c, Math.round((p.split.holdout * p.dataset[c]) / p.dataset.labelled)])) as Record<
    PaperClass,
    number
  >;
  return {splits: p.split, holdout: p.split.holdout, holdoutByClass};
}
