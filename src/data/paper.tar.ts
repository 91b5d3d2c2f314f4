// The paper's pipeline re-run (YAMNet, both protocols), one Arrow file per view, read from one
// loading of the runs: every model's metrics with bootstrap intervals, the search's configurations
// and fold scores, confusion matrices, ROC/PR curves, reliability bins, the paper's 5-fold CV, the
// neural head's trials, training history and holdout recordings; what each run was made of
// (summary.json); the paper's own numbers (claimed.json); and the audit of every claim of
// docs/method.md §7 against the same quantity measured here (claims.arrow).
import {paperRuns, GRIDS, HEAD_SEARCH, SEARCH, CV, REFIT_SEEDS, HEAD_REFIT_PROTOCOLS} from "../../loaders/pipeline/paper-run.ts";
import {AUGMENT_PARAMS} from "../../loaders/audio/augment.ts";
import {AUGMENT_SEED} from "../../loaders/pipeline/embed.ts";
import {BOOTSTRAP} from "../../loaders/pipeline/evaluate.ts";
import {HEAD_DEFAULTS} from "../../loaders/models/mlp/head.ts";
import {DUPLICATE_CV} from "../../loaders/pipeline/sensitivity.ts";
import {analyseCorpus, PRIMARY_LABELLING, SPLIT_SEED} from "../../loaders/pipeline/corpus-analysis.ts";
import {paperFractions} from "../../loaders/eval/split.ts";
import {AUDIT_RULE, buildAudit, modelDifferences} from "../../loaders/paper/audit.ts";
import {impliedNumbers, PAPER_NUMBERS} from "../../loaders/paper/claims.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
import {accuracy, classificationReport} from "../../loaders/eval/metrics.ts";
import {CLASSES} from "../../loaders/corpus/labels.ts";
import {tarFiles} from "../../loaders/lib/tar.ts";

const {runs} = await paperRuns("yamnet");
const {splits} = await analyseCorpus();
const labelledCounts: Record<string, number> = {};
for (const s of splits.filter((s) => s.labelling === PRIMARY_LABELLING)) labelledCounts[s.label] = (labelledCounts[s.label] ?? 0) + 1;
const summary = {
  grids: GRIDS,
  search: SEARCH,
  bootstrap: BOOTSTRAP,
  audit: AUDIT_RULE,
  refitSeeds: REFIT_SEEDS,
  headRefitProtocols: HEAD_REFIT_PROTOCOLS,
  headSearch: HEAD_SEARCH,
  headDefaults: HEAD_DEFAULTS,
  cv: CV,
  duplicateCv: DUPLICATE_CV,
  split: {seed: SPLIT_SEED, fractions: paperFractions()},
  augment: {...AUGMENT_PARAMS, seed: AUGMENT_SEED},
  runs: runs.map(({protocol, labelling, unit, encoder, classes, sizes, augmentation, components, head, gaps, cvScored}) => ({
    protocol,
    labelling,
    unit,
    encoder,
    classes,
    sizes,
    augmentation,
    components,
    head,
    gaps,
    // The CV's majority baseline: always answering the most common class of the rows it scored.
    cvMajority: Math.max(...CLASSES.map((_, c) => cvScored.truth.filter((t) => t === c).length)) / cvScored.truth.length,
    cvProtocol: runs.find((r) => r.protocol === protocol)!.cv[0]?.protocol ?? ""
  }))
};
// Each model's headline metrics under every refit seed (a model without a random step has one row):
// the spread /models, /head and /claims show.
const refits = runs.flatMap((r) =>
  r.predictions.map((p) => {
    const truth = r.samples.find((x) => x.split === p.split)!.truth;
    const rep = classificationReport(truth, p.pred, CLASSES.length);
    return {
      protocol: r.protocol,
      model: p.model,
      split: p.split,
      seed: p.seed,
      accuracy: accuracy(truth, p.pred),
      balancedAccuracy: rep.balancedAccuracy,
      macroF1: rep.macro.f1
    };
  })
);
process.stdout.write(
  tarFiles({
    "refits.arrow": rowsToArrow(refits),
    "model-differences.arrow": rowsToArrow(
      modelDifferences(runs, ["Neural head", "SVM (RBF)", "Logistic regression", "Random forest", "Gradient boosting", "Soft-voting ensemble"])
    ),
    "metrics.arrow": rowsToArrow(runs.flatMap((r) => r.evaluation.metrics)),
    "search.arrow": rowsToArrow(runs.flatMap((r) => r.search)),
    "confusion.arrow": rowsToArrow(runs.flatMap((r) => r.evaluation.confusion)),
    "curves.arrow": rowsToArrow(runs.flatMap((r) => r.evaluation.curves)),
    "calibration.arrow": rowsToArrow(runs.flatMap((r) => r.evaluation.calibration)),
    "cv.arrow": rowsToArrow(runs.flatMap((r) => r.cv)),
    "head-trials.arrow": rowsToArrow(runs.flatMap((r) => r.trials)),
    "head-history.arrow": rowsToArrow(runs.flatMap((r) => r.history)),
    "head-holdout.arrow": rowsToArrow(runs.flatMap((r) => r.holdout)),
    "claims.arrow": rowsToArrow(buildAudit({runs, labelledCounts})),
    "summary.json": JSON.stringify(summary),
    "claimed.json": JSON.stringify({...PAPER_NUMBERS, implied: impliedNumbers()})
  })
);
