/**
 * The paper's whole modelling pipeline (docs/method.md §3–6) on real embeddings, under one protocol, as
 * named stages: the augmented training set → the feature step (StandardScaler, PCA 95%) →
 * randomized search (10 draws, 3 folds) of SVM / logistic regression / random forest / gradient
 * boosting → soft voting → the neural head's 10-trial search and its final 50-epoch mixup run →
 * every model on train / val / test / holdout with clustered bootstrap intervals → the paper's
 * 5-fold CV → the two gaps the audit judges. Under the split by file (the paper's) the search folds
 * split rows, so a recording's augmented copies can sit on both sides (the paper's leak); under
 * the grouped split the folds hold whole groups. Cached per protocol, labelling, encoder and code.
 */
import {createHash} from "node:crypto";
import {CLASSES} from "../corpus/labels.ts";
import {rng} from "../lib/random.ts";
import {bootstrapDifference} from "../eval/bootstrap.ts";
import {foldRows, groupKFold, stratifiedKFold, type SplitName} from "../eval/split.ts";
import {accuracy} from "../eval/metrics.ts";
import {AUGMENT_PARAMS} from "../audio/augment.ts";
import {GradientBoosting} from "../models/boosting.ts";
import {argmax, type Classifier} from "../models/estimator.ts";
import {RandomForest} from "../models/forest.ts";
import {LogisticRegression} from "../models/logistic.ts";
import type {Matrix} from "../models/matrix.ts";
import {NeuralHead, type EpochRow, type HeadParams} from "../models/mlp/head.ts";
import {randomizedSearch, takeRows, type Params} from "../models/search.ts";
import {SVC} from "../models/svm.ts";
import {SoftVoting} from "../models/voting.ts";
import {cacheKey, readCached, withLock, writeCached} from "../lib/cache.ts";
import {codeHash} from "../lib/code-hash.ts";
import type {Labelling} from "./corpus-analysis.ts";
import {
  augmentedTrainingSet,
  GROUPED_PROTOCOL,
  loadDataset,
  PAPER_PROTOCOL,
  PROTOCOLS,
  RESAMPLED_UNIT,
  splitIndices,
  unitsOf,
  type Dataset,
  type Protocol
} from "./dataset.ts";
import {AUGMENT_SEED} from "./embed.ts";
import {BOOTSTRAP, evaluate, mergeEvaluations, toClassColumns, type Evaluation, type MetricRow, type Units} from "./evaluate.ts";
import {fitFeatures, type Features} from "./features.ts";
import {timeStage} from "../lib/stage-timing.ts";
import {MODEL} from "../models/names.ts";

export const SEARCH = {nIter: 10, folds: 3, seed: 42};
export const GRIDS = {
  [MODEL.svm]: {C: [0.1, 1, 10, 100], gamma: ["scale", "auto", 0.01, 0.001]},
  [MODEL.logistic]: {C: [0.01, 0.1, 1, 10]},
  [MODEL.forest]: {nEstimators: [100, 200], maxDepth: [10, 20, null], minSamplesSplit: [2, 5]},
  [MODEL.boosting]: {nEstimators: [100, 150], maxDepth: [3, 5], learningRate: [0.05, 0.1]}
} as const;
export type ClassicalName = keyof typeof GRIDS;
export const HEAD_SEARCH = {
  trials: 10,
  epochs: 20,
  finalEpochs: 50,
  patience: 15,
  mixupAlpha: 0.2,
  mixupP: 0.5,
  seed: 42,
  hidden: [
    [512, 256],
    [512, 256, 128],
    [1024, 512, 256]
  ],
  dropout: [0.3, 0.7],
  lr: [1e-3, 3e-4, 1e-4],
  weightDecay: [1e-4, 1e-3, 1e-2]
};
export const CV = {folds: 5, C: 10, seed: 42};
/**
 * Every model with a random step is refit under each of these seeds with the configuration its
 * search chose (the run's own seed first): the neural head (initial weights, dropout, batch order,
 * input noise, mixup), the random forest (bootstraps, feature draws), the SVM (its Platt scaling's
 * internal folds), and so the ensemble. Logistic regression (L-BFGS from zero) and gradient boosting
 * (no subsampling) have no random step: every seed gives the same fit, so they are fitted once.
 */
export const REFIT_SEEDS = [42, 43, 44, 45, 46];
/**
 * The neural head is refit under every seed only under the split the audit judges (the paper's):
 * one refit costs about as much as a fifth of its search, and under the grouped split, shown beside
 * each claim for comparison, the head's ten trials and final run already take the longest of the
 * build's processes. Its grouped numbers are therefore one fit; the page says so (seeds = 1).
 */
export const HEAD_REFIT_PROTOCOLS: Protocol[] = [PAPER_PROTOCOL];
/** Models whose fit depends on the seed (the others are fitted once and stand for every seed). */
export const SEEDED_MODELS = [MODEL.svm, MODEL.forest, MODEL.voting, MODEL.head];

export function makeClassical(name: ClassicalName, params: Params, nClasses: number, seed = SEARCH.seed): Classifier {
  switch (name) {
    case MODEL.svm:
      return new SVC({...(params as object), nClasses, seed});
    case MODEL.logistic:
      return new LogisticRegression({...(params as object), maxIter: 1000, nClasses});
    case MODEL.forest:
      return new RandomForest({...(params as object), nClasses, seed});
    case MODEL.boosting:
      return new GradientBoosting({...(params as object), nClasses});
  }
}

export interface SearchRow {
  protocol: string;
  model: string;
  params: string;
  fold1: number;
  fold2: number;
  fold3: number;
  mean: number;
  sd: number;
  chosen: boolean;
  valAccuracy: number;
}

export interface TrialRow {
  protocol: string;
  trial: number;
  hidden: string;
  dropout: number;
  lr: number;
  weightDecay: number;
  bestValAccuracy: number;
  bestEpoch: number;
  chosen: boolean;
}

export type HistoryRow = EpochRow & {protocol: string; run: string};

/** The head's probability of each class (pPain, pHunger, pNeurological; 0 for a class the labelling lacks). */
export type ClassProbabilities = {[C in (typeof CLASSES)[number] as `p${C}`]: number};

export type HoldoutRow = ClassProbabilities & {
  protocol: string;
  path: string;
  /** The recording's app installation (what the player shows beside it). */
  appInstance: string;
  actual: string;
  predicted: string;
  confidence: number;
  correct: boolean;
  pc1: number;
  pc2: number;
};

export interface CVRow {
  protocol: string;
  fold: number;
  accuracy: number;
  n: number;
  trainRows: number;
}

/** One model's answers on one split under one refit seed: predicted CLASSES indices, probabilities (one row of CLASSES.length per file, flattened). */
export interface PredictionSet {
  model: string;
  split: SplitName;
  seed: number;
  pred: number[];
  proba: number[];
}

/** The files of one split, in the order of every PredictionSet of that split. */
export interface SplitSamples {
  split: SplitName;
  /** Index of each file among the labelled files (Dataset.labelled). */
  files: number[];
  /** Actual class (CLASSES index). */
  truth: number[];
  /** Installation group (with its duplicates) of each file: the unit every interval resamples. */
  groups: string[];
}

export interface PaperRun {
  protocol: Protocol;
  labelling: Labelling;
  encoder: string;
  /** What the intervals resampled under this protocol. */
  unit: string;
  classes: string[];
  sizes: {split: string; recordings: number; rows: number}[];
  augmentation: {recordings: number; copies: number; augmentedCopies: number};
  components: number;
  search: SearchRow[];
  trials: TrialRow[];
  history: HistoryRow[];
  holdout: HoldoutRow[];
  evaluation: Evaluation;
  cv: CVRow[];
  /** The two gaps the audit judges, each with its bootstrap interval. */
  gaps: MetricRow[];
  samples: SplitSamples[];
  /** Every model on every split under every refit seed (models without a random step: seed 42 only). */
  predictions: PredictionSet[];
  /** The 5-fold CV's scored rows: actual and predicted class, installation group. */
  cvScored: {truth: number[]; pred: number[]; groups: string[]};
  refitSeeds: number[];
  head: {sha256: string; params: Partial<HeadParams>; bestEpoch: number; epochs: number};
}

const log = (msg: string) => process.stderr.write(`paper run: ${msg}\n`);

export async function paperRun(protocol: Protocol, encoderName = "yamnet", labelling?: Labelling): Promise<{run: PaperRun; headOnnx: Uint8Array}> {
  const d = await loadDataset(encoderName, labelling);
  const field = PROTOCOLS[protocol];
  const key = cacheKey(
    codeHash(import.meta.url),
    protocol,
    d.labelling,
    d.enc.card.sha256,
    SEARCH,
    GRIDS,
    HEAD_SEARCH,
    CV,
    BOOTSTRAP,
    AUGMENT_PARAMS,
    AUGMENT_SEED,
    d.labelled.map((s) => s.path + s.label + s[field] + s.group + s.recording + s.paperSplit)
  );
  const cached = async () => {
    const hit = await readCached("paper-run", key, ".json");
    const onnx = await readCached("paper-run", key, ".onnx");
    return hit && onnx ? {run: JSON.parse(hit.toString()) as PaperRun, headOnnx: new Uint8Array(onnx)} : null;
  };
  return (
    (await cached()) ??
    withLock(key, async () => {
      const again = await cached();
      if (again) return again;
      const out = await computeRun(d, protocol);
      await writeCached("paper-run", key, ".onnx", out.headOnnx);
      await writeCached("paper-run", key, ".json", JSON.stringify(out.run));
      return out;
    })
  );
}

/** What every stage of one run shares: the split's indices, the class positions, the resampled units. */
interface Context {
  d: Dataset;
  protocol: Protocol;
  splits: [SplitName, number[]][];
  /** Position of a CLASSES index among the present classes (the models' outputs). */
  pos: (c: number) => number;
  units: (ix: number[]) => Units;
}

function context(d: Dataset, protocol: Protocol): Context {
  const splits = (["train", "val", "test", "holdout"] as SplitName[]).map((s) => [s, splitIndices(d, protocol, s)] as [SplitName, number[]]);
  return {d, protocol, splits, pos: (c) => d.present.indexOf(c), units: (ix) => unitsOf(d, protocol, ix)};
}

const indicesOf = (ctx: Context, s: SplitName) => ctx.splits.find(([n]) => n === s)![1];

interface TrainingSet {
  X: Matrix;
  y: number[];
  source: number[];
  augmented: number;
}

/** Stage 1: the paper's augmented training set (clean copy + two copies per training recording). */
async function trainingSet(ctx: Context): Promise<TrainingSet> {
  const tr = indicesOf(ctx, "train");
  log(`${ctx.protocol}: embedding augmented copies of ${tr.length} training recordings`);
  const aug = await augmentedTrainingSet(ctx.d, tr);
  return {X: aug.X, y: aug.source.map((i) => ctx.pos(ctx.d.y[i])), source: aug.source, augmented: aug.augmented};
}

/** Stage 2: randomized search of the four classical models on the PCA features, then soft voting. */
function searchClassical(
  ctx: Context,
  train: TrainingSet,
  Ftr: Matrix,
  Fval: Matrix
): {models: [string, Classifier][]; rows: SearchRow[]; chosen: Map<ClassicalName, Params>} {
  const {d, protocol} = ctx,
    K = d.present.length,
    val = indicesOf(ctx, "val");
  // Search folds: by row (the paper's; copies of a recording straddle folds) or by group.
  const folds =
    protocol === GROUPED_PROTOCOL
      ? groupKFold(
          train.source.map((i) => d.groups[i]),
          SEARCH.folds,
          SEARCH.seed
        )
      : stratifiedKFold(train.y, SEARCH.folds, SEARCH.seed);
  const rows: SearchRow[] = [],
    fitted: Classifier[] = [],
    chosen = new Map<ClassicalName, Params>();
  for (const name of Object.keys(GRIDS) as ClassicalName[]) {
    const t = Date.now();
    // Probabilities are not needed to score accuracy in the search; the chosen SVM is refitted with them.
    const s = timeStage(`${protocol}: ${name} search`, () =>
      randomizedSearch({
        make: (p) => (name === MODEL.svm ? new SVC({...(p as object), probability: false, nClasses: K}) : makeClassical(name, p, K)),
        grid: GRIDS[name] as unknown as Record<string, unknown[]>,
        nIter: SEARCH.nIter,
        seed: SEARCH.seed,
        X: Ftr,
        y: train.y,
        folds,
        onProgress: (k, n) => log(`${protocol}: ${name} search ${k}/${n}`)
      })
    );
    const model = name === MODEL.svm ? makeClassical(name, s.best.params, K).fit(Ftr, train.y) : s.model;
    fitted.push(model);
    chosen.set(name, s.best.params);
    const valAcc = accuracy(
      val.map((i) => ctx.pos(d.y[i])),
      model.predict(Fval)
    );
    for (const r of s.results)
      rows.push({
        protocol,
        model: name,
        params: JSON.stringify(r.params),
        fold1: r.foldScores[0],
        fold2: r.foldScores[1],
        fold3: r.foldScores[2],
        mean: r.mean,
        sd: r.sd,
        chosen: r === s.best,
        valAccuracy: r === s.best ? valAcc : NaN
      });
    log(
      `${protocol}: ${name} best ${JSON.stringify(s.best.params)} cv ${s.best.mean.toFixed(3)} val ${valAcc.toFixed(3)} (${((Date.now() - t) / 1000).toFixed(0)} s)`
    );
  }
  const names = Object.keys(GRIDS);
  return {models: [...names.map((n, i) => [n, fitted[i]] as [string, Classifier]), [MODEL.voting, new SoftVoting(fitted, names)]], rows, chosen};
}

/** Stage 3: every classical model on every split. */
function evaluateClassical(ctx: Context, models: [string, Classifier][], F: Map<SplitName, Matrix>): Evaluation[] {
  const {d, protocol} = ctx;
  const out: Evaluation[] = [];
  for (const [name, m] of models)
    for (const [split, ix] of ctx.splits) {
      const Fs = F.get(split)!;
      const proba = toClassColumns(m.predictProba(Fs), d.present);
      // The SVM predicts by one-vs-one votes (libsvm), not by its Platt probabilities.
      const pred = m instanceof SVC ? m.predict(Fs).map((p) => d.present[p]) : undefined;
      out.push(
        evaluate(
          {protocol, model: name, split},
          ix.map((i) => d.y[i]),
          proba,
          ctx.units(ix),
          pred
        )
      );
    }
  return out;
}

/** Stage 4: the neural head's random search — 10 trials of 20 epochs on standardized embeddings (no PCA). */
async function searchHead(
  ctx: Context,
  train: TrainingSet,
  Ztr: Matrix,
  Zval: Matrix,
  yVal: number[]
): Promise<{trials: TrialRow[]; history: HistoryRow[]; best: Partial<HeadParams>}> {
  const {protocol} = ctx,
    K = ctx.d.present.length;
  const random = rng(HEAD_SEARCH.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const trials: TrialRow[] = [],
    history: HistoryRow[] = [];
  let best: {trial: number; acc: number; cfg: Partial<HeadParams>} = {trial: -1, acc: -1, cfg: {}};
  for (let trial = 0; trial < HEAD_SEARCH.trials; trial++) {
    const cfg = {
      hidden: pick(HEAD_SEARCH.hidden),
      dropout: HEAD_SEARCH.dropout[0] + random() * (HEAD_SEARCH.dropout[1] - HEAD_SEARCH.dropout[0]),
      lr: pick(HEAD_SEARCH.lr),
      weightDecay: pick(HEAD_SEARCH.weightDecay)
    };
    const t = Date.now();
    const head = await new NeuralHead({...cfg, epochs: HEAD_SEARCH.epochs, seed: HEAD_SEARCH.seed + trial, nClasses: K}).fit(Ztr, train.y, Zval, yVal);
    const h = head.history;
    const bestAcc = Math.max(...h.map((r) => r.valAccuracy));
    trials.push({
      protocol,
      trial: trial + 1,
      hidden: cfg.hidden.join("-"),
      dropout: cfg.dropout,
      lr: cfg.lr,
      weightDecay: cfg.weightDecay,
      bestValAccuracy: bestAcc,
      bestEpoch: head.toJSON().bestEpoch,
      chosen: false
    });
    history.push(...h.map((r) => ({...r, protocol, run: `trial ${trial + 1}`})));
    if (bestAcc > best.acc) best = {trial, acc: bestAcc, cfg};
    log(
      `${protocol}: head trial ${trial + 1}/${HEAD_SEARCH.trials} ${cfg.hidden.join("-")} best val ${bestAcc.toFixed(3)} (${((Date.now() - t) / 1000).toFixed(0)} s)`
    );
  }
  trials[best.trial].chosen = true;
  return {trials, history, best: best.cfg};
}

/** Stage 5: the final head (50 epochs, mixup, early stopping), its evaluation, holdout map and ONNX export. */
async function finalHead(ctx: Context, train: TrainingSet, feats: Features, Zval: Matrix, yVal: number[], cfg: Partial<HeadParams>) {
  const {d, protocol} = ctx;
  const params: Partial<HeadParams> = {
    ...cfg,
    epochs: HEAD_SEARCH.finalEpochs,
    mixupAlpha: HEAD_SEARCH.mixupAlpha,
    mixupP: HEAD_SEARCH.mixupP,
    patience: HEAD_SEARCH.patience,
    seed: HEAD_SEARCH.seed,
    nClasses: d.present.length
  };
  const head = await new NeuralHead(params).fit(feats.standardize(train.X), train.y, Zval, yVal, (r) =>
    log(`${protocol}: final head epoch ${r.epoch} val ${r.valAccuracy.toFixed(3)}`)
  );
  const evaluations: Evaluation[] = [],
    holdout: HoldoutRow[] = [];
  const probaOf = new Map<SplitName, Float64Array[]>();
  for (const [split, ix] of ctx.splits) {
    const X = takeRows(d.X, ix);
    const proba = toClassColumns(head.predictProba(feats.standardize(X)), d.present);
    probaOf.set(split, proba);
    evaluations.push(
      evaluate(
        {protocol, model: MODEL.head, split},
        ix.map((i) => d.y[i]),
        proba,
        ctx.units(ix)
      )
    );
    if (split === "holdout") {
      // The first two components of the feature step's PCA are the training map's axes.
      const map = feats.transform(X);
      ix.forEach((i, t) => {
        const p = proba[t];
        const predicted = argmax(p);
        holdout.push({
          protocol,
          path: d.labelled[i].path,
          appInstance: d.rowOf[i].appInstance,
          actual: CLASSES[d.y[i]],
          predicted: CLASSES[predicted],
          confidence: p[predicted],
          correct: predicted === d.y[i],
          pc1: map.data[t * map.cols],
          pc2: map.data[t * map.cols + 1],
          ...(Object.fromEntries(CLASSES.map((c, k) => [`p${c}`, p[k]])) as ClassProbabilities)
        });
      });
    }
  }
  const classes = d.present.map((c) => CLASSES[c]);
  const headOnnx = head.toOnnx(
    {
      classes: JSON.stringify(classes),
      encoder: d.enc.card.name,
      encoder_sha256: d.enc.card.sha256,
      protocol,
      labelling: d.labelling,
      input: "mean-pooled encoder embedding (raw; the StandardScaler is folded into the first layer)"
    },
    {mean: feats.scaler.mean_, scale: feats.scaler.scale_}
  );
  return {head, params, evaluations, holdout, probaOf, headOnnx};
}

/** A model's answers on every split, as stored: the SVM answers by its one-vs-one votes (libsvm), the others by their highest probability. */
function predictAll(ctx: Context, name: string, model: Classifier, F: Map<SplitName, Matrix>, seed: number): PredictionSet[] {
  return ctx.splits.map(([split]) => {
    const Fs = F.get(split)!;
    const proba = toClassColumns(model.predictProba(Fs), ctx.d.present);
    const pred = model instanceof SVC ? model.predict(Fs).map((p) => ctx.d.present[p]) : proba.map(argmax);
    return {model: name, split, seed, pred, proba: proba.flatMap((p) => Array.from(p))};
  });
}

/** Stage 6: the refits — every seeded model again under each further seed of REFIT_SEEDS, with the configuration its search chose. */
async function refits(
  ctx: Context,
  train: TrainingSet,
  feats: Features,
  Ftr: Matrix,
  F: Map<SplitName, Matrix>,
  classical: ReturnType<typeof searchClassical>,
  head: {params: Partial<HeadParams>; probaOf: Map<SplitName, Float64Array[]>},
  Zval: Matrix,
  yVal: number[]
): Promise<PredictionSet[]> {
  const {d, protocol} = ctx,
    K = d.present.length;
  const out: PredictionSet[] = [];
  for (const [name, m] of classical.models) out.push(...predictAll(ctx, name, m, F, REFIT_SEEDS[0]));
  for (const [split, proba] of head.probaOf)
    out.push({model: MODEL.head, split, seed: REFIT_SEEDS[0], pred: proba.map(argmax), proba: proba.flatMap((p) => Array.from(p))});
  const fixed = new Map(classical.models);
  const Ztr = feats.standardize(train.X),
    Z = new Map(ctx.splits.map(([s, ix]) => [s, feats.standardize(takeRows(d.X, ix))]));
  for (const seed of REFIT_SEEDS.slice(1)) {
    const svm = makeClassical(MODEL.svm, classical.chosen.get(MODEL.svm)!, K, seed).fit(Ftr, train.y);
    const forest = makeClassical(MODEL.forest, classical.chosen.get(MODEL.forest)!, K, seed).fit(Ftr, train.y);
    const names = Object.keys(GRIDS) as ClassicalName[];
    const members = names.map((n) => (n === MODEL.svm ? svm : n === MODEL.forest ? forest : fixed.get(n)!));
    out.push(
      ...predictAll(ctx, MODEL.svm, svm, F, seed),
      ...predictAll(ctx, MODEL.forest, forest, F, seed),
      ...predictAll(ctx, MODEL.voting, new SoftVoting(members, names), F, seed)
    );
    // The refit's per-epoch training scores are not shown anywhere: skip them (the same model, a quarter less work).
    if (HEAD_REFIT_PROTOCOLS.includes(protocol)) {
      const h = await new NeuralHead({...head.params, seed}).fit(Ztr, train.y, Zval, yVal, undefined, {scoreTraining: false});
      for (const [split] of ctx.splits) {
        const proba = toClassColumns(h.predictProba(Z.get(split)!), d.present);
        out.push({model: MODEL.head, split, seed, pred: proba.map(argmax), proba: proba.flatMap((p) => Array.from(p))});
      }
    }
    log(`${protocol}: refit with seed ${seed} (${REFIT_SEEDS.indexOf(seed) + 1}/${REFIT_SEEDS.length})`);
  }
  return out;
}

/** A split's accuracy over resampled rows and its units, for the gap intervals. */
function correctness(ctx: Context, ix: number[], proba: ArrayLike<number>[]) {
  const truth = ix.map((i) => ctx.d.y[i]),
    pred = proba.map(argmax);
  return {n: ix.length, metric: (sel: number[]) => accuracy(truth, pred, sel), units: ctx.units(ix).ids};
}

export async function computeRun(d: Dataset, protocol: Protocol): Promise<{run: PaperRun; headOnnx: Uint8Array}> {
  const t0 = Date.now();
  const ctx = context(d, protocol);
  const stage = <T>(name: string, f: () => T) => timeStage(`${protocol}: ${name}`, f);
  const train = await stage("augmented training set (decode, augment, embed copies)", () => trainingSet(ctx));
  const feats = stage("features (scaler + PCA)", () => fitFeatures(train.X));
  const F = new Map(ctx.splits.map(([s, ix]) => [s, feats.transform(takeRows(d.X, ix))]));
  const Ftr = feats.transform(train.X);
  const classical = searchClassical(ctx, train, Ftr, F.get("val")!);
  const evaluations = stage("classical models on every split", () => evaluateClassical(ctx, classical.models, F));
  const val = indicesOf(ctx, "val"),
    yVal = val.map((i) => ctx.pos(d.y[i])),
    Zval = feats.standardize(takeRows(d.X, val));
  const search = await stage("neural head search (10 trials)", () => searchHead(ctx, train, feats.standardize(train.X), Zval, yVal));
  const final = await stage("neural head final run", () => finalHead(ctx, train, feats, Zval, yVal, search.best));
  evaluations.push(...final.evaluations);
  const predictions = await stage(`refits under seeds ${REFIT_SEEDS.slice(1).join(", ")}`, () =>
    refits(ctx, train, feats, Ftr, F, classical, final, Zval, yVal)
  );
  const cv = await stage("5-fold cross-validation", () => crossValidation(d, protocol));
  // The gaps the audit judges, each side resampled by its own units.
  const unitName = RESAMPLED_UNIT[protocol];
  const gapRow = (model: string, metric: string, ci: ReturnType<typeof bootstrapDifference>, n: number): MetricRow => ({
    protocol,
    model,
    split: "holdout",
    metric,
    value: ci.estimate,
    lo: ci.lo,
    hi: ci.hi,
    unit: ci.unit,
    n,
    units: new Set(Array.from(ctx.units(indicesOf(ctx, "holdout")).ids)).size
  });
  const ho = indicesOf(ctx, "holdout");
  const trainVsHoldout = bootstrapDifference(
    correctness(ctx, indicesOf(ctx, "train"), final.probaOf.get("train")!),
    correctness(ctx, ho, final.probaOf.get("holdout")!),
    {...BOOTSTRAP, unitName}
  );
  const svm = classical.models.find(([n]) => n === MODEL.svm)![1];
  const svmPred = svm.predict(F.get("holdout")!).map((p) => d.present[p]);
  const hoTruth = ho.map((i) => d.y[i]);
  const svmHoldout = {n: ho.length, metric: (sel: number[]) => accuracy(hoTruth, svmPred, sel), units: ctx.units(ho).ids};
  const cvMinusHoldout = bootstrapDifference(
    {n: cv.scored.truth.length, metric: (sel) => accuracy(cv.scored.truth, cv.scored.pred, sel), units: cv.scored.groups},
    svmHoldout,
    {...BOOTSTRAP, unitName}
  );
  const run: PaperRun = {
    protocol,
    labelling: d.labelling,
    encoder: d.enc.card.name,
    unit: unitName,
    classes: d.present.map((c) => CLASSES[c]),
    sizes: ctx.splits.map(([s, ix]) => ({split: s, recordings: ix.length, rows: s === "train" ? train.X.rows : ix.length})),
    augmentation: {recordings: indicesOf(ctx, "train").length, copies: train.X.rows - indicesOf(ctx, "train").length, augmentedCopies: train.augmented},
    components: feats.components,
    search: classical.rows,
    trials: search.trials,
    history: [...search.history, ...final.head.history.map((r) => ({...r, protocol, run: "final"}))],
    holdout: final.holdout,
    evaluation: mergeEvaluations(evaluations),
    cv: cv.rows,
    gaps: [
      gapRow(MODEL.head, "train − holdout accuracy", trainVsHoldout, ho.length),
      gapRow(MODEL.svm, `5-fold CV − holdout accuracy (${cv.rows[0].protocol})`, cvMinusHoldout, ho.length)
    ],
    samples: ctx.splits.map(([split, ix]) => ({split, files: ix, truth: ix.map((i) => d.y[i]), groups: ix.map((i) => d.groups[i])})),
    predictions,
    cvScored: cv.scored,
    refitSeeds: REFIT_SEEDS,
    head: {
      params: final.params,
      bestEpoch: final.head.toJSON().bestEpoch,
      epochs: final.head.history.length,
      sha256: createHash("sha256").update(final.headOnnx).digest("hex")
    }
  };
  log(`${protocol}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return {run, headOnnx: final.headOnnx};
}

/**
 * Stage 6: docs/method.md §6's "5-fold CV" of SVM C=10 on the paper split's train+val recordings. Under
 * the paper's protocol the folds split rows of the augmented set (copies of a recording on both
 * sides), with the feature step fitted once on all of them as the paper did. Under the grouped
 * protocol the folds hold whole groups, copies are added only to training folds, and the feature
 * step is refitted inside each fold. Returns the fold rows and every scored row's correctness and
 * unit (for the CV-minus-holdout interval).
 */
async function crossValidation(d: Dataset, protocol: Protocol): Promise<{rows: CVRow[]; scored: PaperRun["cvScored"]}> {
  const trval = [...splitIndices(d, PAPER_PROTOCOL, "train"), ...splitIndices(d, PAPER_PROTOCOL, "val")];
  const aug = await augmentedTrainingSet(d, trval);
  const pos = (c: number) => d.present.indexOf(c);
  const y = aug.source.map((i) => pos(d.y[i]));
  const rows: CVRow[] = [],
    scored: PaperRun["cvScored"] = {truth: [], pred: [], groups: []};
  const score = (label: string, k: number, a: number[], b: number[], Fa: Matrix, Fb: Matrix, ya: number[], yb: number[], unitOf: (r: number) => string) => {
    const pred = new SVC({C: CV.C, probability: false}).fit(Fa, ya).predict(Fb);
    b.forEach((r, t) => {
      scored.truth.push(d.present[yb[t]]);
      scored.pred.push(d.present[pred[t]]);
      scored.groups.push(unitOf(r));
    });
    rows.push({protocol: label, fold: k + 1, accuracy: accuracy(yb, pred), n: b.length, trainRows: a.length});
    log(`cv (${protocol}): fold ${k + 1}/${CV.folds}`);
  };
  if (protocol === PAPER_PROTOCOL) {
    // The paper augmented only train files; val files enter with their clean copy alone.
    const trainSet = new Set(splitIndices(d, PAPER_PROTOCOL, "train"));
    const keep = aug.source.flatMap((i, r) => (aug.copy[r] === 0 || trainSet.has(i) ? [r] : []));
    const X = takeRows(aug.X, keep),
      yk = keep.map((r) => y[r]);
    const F = fitFeatures(X).transform(X);
    const folds = foldRows(stratifiedKFold(yk, CV.folds, CV.seed), CV.folds);
    for (let k = 0; k < CV.folds; k++) {
      const {train: a, test: b} = folds[k];
      score(
        "5-fold by row, augmented copies straddle folds (the paper's)",
        k,
        a,
        b,
        takeRows(F, a),
        takeRows(F, b),
        a.map((r) => yk[r]),
        b.map((r) => yk[r]),
        (r) => d.groups[aug.source[keep[r]]]
      );
    }
  } else {
    const fold = groupKFold(
      trval.map((i) => d.groups[i]),
      CV.folds,
      CV.seed
    );
    const foldOf = new Map(trval.map((i, t) => [i, fold[t]]));
    const folds = foldRows(
      aug.source.map((i) => foldOf.get(i)!),
      CV.folds
    );
    for (let k = 0; k < CV.folds; k++) {
      const a = folds[k].train,
        b = folds[k].test.filter((r) => aug.copy[r] === 0);
      const f = fitFeatures(takeRows(aug.X, a));
      score(
        "5-fold grouped, copies only in training folds",
        k,
        a,
        b,
        f.transform(takeRows(aug.X, a)),
        f.transform(takeRows(aug.X, b)),
        a.map((r) => y[r]),
        b.map((r) => y[r]),
        (r) => d.groups[aug.source[r]]
      );
    }
  }
  return {rows, scored};
}

export async function paperRuns(encoderName = "yamnet", labelling?: Labelling) {
  const a = await paperRun(PAPER_PROTOCOL, encoderName, labelling);
  const b = await paperRun(GROUPED_PROTOCOL, encoderName, labelling);
  return {runs: [a.run, b.run], heads: {[a.run.protocol]: a.headOnnx, [b.run.protocol]: b.headOnnx}};
}
