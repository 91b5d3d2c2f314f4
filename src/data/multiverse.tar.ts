// The multiverse: every cell (labelling × split × copies × augmentation × encoder × model), one row
// per metric (cells.arrow), and what opening a cell shows (cell-predictions, cell-recall, cell-roc);
// which choice matters (choices.arrow); its dimensions in order (the paper's choice first), its seeds, and the
// paper's own value of each metric (meta.json); the null — logistic regression on labels permuted
// among recordings — as a curve under the observed one, every draw, and the joint tests (null.json).
import {
  AUGMENTATIONS,
  COPIES,
  longRows,
  MULTIVERSE,
  MULTIVERSE_ENCODERS,
  MULTIVERSE_METRICS,
  MULTIVERSE_MODELS,
  multiverse,
  paperRunsByProtocol
} from "../../loaders/pipeline/multiverse.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
import {tarFiles} from "../../loaders/lib/tar.ts";
import {LABELLINGS} from "../../loaders/pipeline/corpus-analysis.ts";
import {PROTOCOLS} from "../../loaders/pipeline/dataset.ts";
import {BOOTSTRAP} from "../../loaders/pipeline/evaluate.ts";
import {SEARCH} from "../../loaders/pipeline/paper-run.ts";
import {impliedNumbers, PAPER_NUMBERS} from "../../loaders/paper/claims.ts";
import {choiceRows, sameHoldoutFitAs} from "../../loaders/pipeline/multiverse-choices.ts";
import {cellDetails} from "../../loaders/pipeline/multiverse-cells.ts";
import {jointTest, NULL_CURVE, nullCells, nullCurve, nullDataCells, quantile} from "../../loaders/pipeline/null-curve.ts";

const implied = impliedNumbers();
const p = PAPER_NUMBERS.readme;
// The paper's number for a metric, and what it is: HeAR on the Kaggle re-packaging, so a reference line, not a verdict.
const paper: Record<string, {value: number; what: string}> = {
  "holdout accuracy": {value: p.mlp.holdout.accuracy, what: "the paper's MLP holdout accuracy (README)"},
  "majority-class accuracy (holdout)": {value: implied.majorityBaseline.value, what: `implied: ${implied.majorityBaseline.how}`},
  "balanced accuracy": {value: implied.balancedAccuracy.value, what: `implied: ${implied.balancedAccuracy.how}`},
  "macro F1": {value: implied.macroF1.value, what: `implied: ${implied.macroF1.how}`},
  ...Object.fromEntries(Object.entries(p.auc).map(([c, v]) => [`ROC AUC ${c} vs rest`, {value: v, what: `the paper's ${c} AUC (README)`}])),
  [`${MULTIVERSE.cvFolds}-fold CV accuracy`]: {value: p.cv.mean, what: "the paper's 5-fold CV of the SVM (README; five folds, not three)"},
  [`${MULTIVERSE.cvFolds}-fold CV − holdout accuracy`]: {
    value: implied.cvMinusHoldout.value,
    what: `implied: ${implied.cvMinusHoldout.how} (five folds, not three)`
  }
};
const meta = {
  dimensions: {
    labelling: LABELLINGS,
    split: Object.keys(PROTOCOLS),
    copies: COPIES,
    augmentation: AUGMENTATIONS,
    encoder: MULTIVERSE_ENCODERS,
    model: MULTIVERSE_MODELS
  },
  metrics: MULTIVERSE_METRICS.map(([m]) => m),
  paper,
  cv: MULTIVERSE,
  bootstrap: BOOTSTRAP,
  search: SEARCH
};
const runs = await paperRunsByProtocol();
const cells = await multiverse(runs);
const twins = sameHoldoutFitAs(cells);
// The null: every computed data cell's logistic regression on labels permuted among recordings.
const nulls = await nullCells(nullDataCells(), runs);
const protocols = Object.keys(PROTOCOLS);
const pairs = NULL_CURVE.models.flatMap((m) => protocols.map((p) => [p, m] as const));
const nullSummary = {
  settings: NULL_CURVE,
  joint: pairs.map(([p, m]) => jointTest(nulls, p, m)),
  cells: nulls.map(({draws, ...rest}) => ({
    ...rest,
    nullMedian: quantile(
      draws.filter(Number.isFinite).sort((a, b) => a - b),
      0.5
    )
  }))
};

// Opening a cell: its holdout answers, per-class recall and ROC, keyed by the cell's index.
const details = cellDetails(cells);

process.stdout.write(
  tarFiles({
    "null-curve.arrow": rowsToArrow(pairs.flatMap(([p, m]) => nullCurve(nulls, p, m))),
    "null-draws.arrow": rowsToArrow(
      nulls.flatMap((c) =>
        c.draws.map((value, permutation) => ({
          model: c.model,
          encoder: c.encoder,
          labelling: c.labelling,
          split: c.split,
          augmentation: c.augmentation,
          permutation,
          value
        }))
      )
    ),
    "null.json": JSON.stringify(nullSummary),
    // sameHoldoutFitAs, last so that the other columns keep their bytes: the cell whose holdout fit this one repeats.
    "cells.arrow": rowsToArrow(
      longRows(cells).map((r) => ({...r, sameHoldoutFitAs: twins[r.cell]})),
      undefined,
      {
        dictionary: ["labelling", "split", "copies", "augmentation", "encoder", "model", "metric", "reason", "hyperparameters", "params", "unit"]
      }
    ),
    "meta.json": JSON.stringify(meta),
    // Added after the files above, so that those keep their bytes (Arrow numbers dictionaries in the order they are made).
    "cell-predictions.arrow": rowsToArrow(details.predictions, undefined, {dictionary: ["path", "actual", "predicted"]}),
    "cell-recall.arrow": rowsToArrow(details.recall, undefined, {dictionary: ["class"]}),
    "cell-roc.arrow": rowsToArrow(details.roc, undefined, {dictionary: ["class"]}),
    "choices.arrow": rowsToArrow(choiceRows(cells, nulls), undefined, {dictionary: ["metric", "dimension", "reference"]})
  })
);
