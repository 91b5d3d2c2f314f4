/**
 * The paper's whole modelling pipeline (PAPER.md §3–6) on real embeddings, under one protocol:
 * augmented training set → StandardScaler → PCA 95% → randomized search (10 draws, 3 folds) of
 * SVM / logistic regression / random forest / gradient boosting → soft voting; the neural head's
 * 10-trial search and its final 50-epoch mixup run with early stopping; every model evaluated on
 * val / test / holdout with bootstrap intervals. Under "paper split (by recording)" the search
 * folds split rows, so a recording's augmented copies can sit on both sides (the paper's leak);
 * under "grouped split" folds hold whole recording groups. Cached per protocol and encoder.
 */
import {createHash} from "node:crypto";
import {CLASSES} from "../corpus/labels.ts";
import {rng} from "../eval/random.ts";
import {groupKFold, stratifiedKFold, type SplitName} from "../eval/split.ts";
import {accuracy} from "../eval/metrics.ts";
import {AUGMENT_PARAMS} from "../audio/augment.ts";
import {GradientBoosting} from "../models/boosting.ts";
import type {Classifier} from "../models/estimator.ts";
import {RandomForest} from "../models/forest.ts";
import {LogisticRegression} from "../models/logistic.ts";
import {type Matrix} from "../models/matrix.ts";
import {NeuralHead, type EpochRow, type HeadParams} from "../models/mlp/head.ts";
import {PCA} from "../models/pca.ts";
import {StandardScaler} from "../models/scaler.ts";
import {randomizedSearch, takeRows, type Params} from "../models/search.ts";
import {SVC} from "../models/svm.ts";
import {SoftVoting} from "../models/voting.ts";
import {cacheKey, readCached, withLock, writeCached} from "./cache.ts";
import {augmentedTrainingSet, loadDataset, splitIndices, type Dataset, type Protocol} from "./dataset.ts";
import {AUGMENT_SEED} from "./embed.ts";
import {BOOTSTRAP, evaluate, mergeEvaluations, type Evaluation} from "./evaluate.ts";

export const SEARCH = {nIter: 10, folds: 3, seed: 42};
export const GRIDS = {
  "SVM (RBF)": {C: [0.1, 1, 10, 100], gamma: ["scale", "auto", 0.01, 0.001]},
  "Logistic regression": {C: [0.01, 0.1, 1, 10]},
  "Random forest": {nEstimators: [100, 200], maxDepth: [10, 20, null], minSamplesSplit: [2, 5]},
  "Gradient boosting": {nEstimators: [100, 150], maxDepth: [3, 5], learningRate: [0.05, 0.1]}
} as const;
export type ClassicalName = keyof typeof GRIDS;
export const HEAD_SEARCH = {
  trials: 10, epochs: 20, finalEpochs: 50, patience: 15, mixupAlpha: 0.2, mixupP: 0.5, seed: 42,
  hidden: [[512, 256], [512, 256, 128], [1024, 512, 256]], dropout: [0.3, 0.7], lr: [1e-3, 3e-4, 1e-4], weightDecay: [1e-4, 1e-3, 1e-2]
};
export const CV = {folds: 5, C: 10, seed: 42};
const VERSION = "paper-run-v2";

function make(name: ClassicalName, params: Params, nClasses: number): Classifier {
  switch (name) {
    case "SVM (RBF)": return new SVC({...(params as object), nClasses, seed: SEARCH.seed});
    case "Logistic regression": return new LogisticRegression({...(params as object), maxIter: 1000, nClasses});
    case "Random forest": return new RandomForest({...(params as object), nClasses, seed: SEARCH.seed});
    case "Gradient boosting": return new GradientBoosting({...(params as object), nClasses});
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

export interface HoldoutRow {
  protocol: string;
  path: string;
  actual: string;
  predicted: string;
  confidence: number;
  correct: boolean;
  pc1: number;
  pc2: number;
}

export interface CVRow {
  protocol: string;
  fold: number;
  accuracy: number;
  n: number;
  trainRows: number;
}

export interface PaperRun {
  protocol: Protocol;
  encoder: string;
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
  head: {sha256: string; params: Partial<HeadParams>; bestEpoch: number; epochs: number};
}

const log = (msg: string) => process.stderr.write(`paper run: ${msg}\n`);

/** Probabilities over the present classes → one column per CLASSES entry. */
function expand(p: Float64Array[], present: number[]): Float64Array[] {
  return p.map((row) => {
    const out = new Float64Array(CLASSES.length);
    present.forEach((c, t) => (out[c] = row[t]));
    return out;
  });
}

export async function paperRun(protocol: Protocol, encoderName = "yamnet"): Promise<{run: PaperRun; headOnnx: Uint8Array}> {
  const d = await loadDataset(encoderName);
  const field = protocol === "grouped split" ? "groupedSplit" : "paperSplit";
  const key = cacheKey(VERSION, protocol, d.enc.card.sha256, SEARCH, GRIDS, HEAD_SEARCH, CV, BOOTSTRAP, AUGMENT_PARAMS, AUGMENT_SEED,
    d.labelled.map((s) => s.path + s.label + s[field] + s.group + s.paperSplit));
  const cached = async () => {
    const hit = await readCached("paper-run", key, ".json");
    const onnx = await readCached("paper-run", key, ".onnx");
    return hit && onnx ? {run: JSON.parse(hit.toString()) as PaperRun, headOnnx: new Uint8Array(onnx)} : null;
  };
  return (await cached()) ?? withLock(key, async () => {
    const again = await cached();
    if (again) return again;
    const out = await computeRun(d, protocol);
    await writeCached("paper-run", key, ".onnx", out.headOnnx);
    await writeCached("paper-run", key, ".json", JSON.stringify(out.run));
    return out;
  });
}

async function computeRun(d: Dataset, protocol: Protocol): Promise<{run: PaperRun; headOnnx: Uint8Array}> {
  const t0 = Date.now();
  const idx = (s: SplitName) => splitIndices(d, protocol, s);
  const [tr, val, te, ho] = (["train", "val", "test", "holdout"] as SplitName[]).map(idx);
  const pos = (c: number) => d.present.indexOf(c);
  const K = d.present.length;
  log(`${protocol}: embedding augmented copies of ${tr.length} training recordings`);
  const aug = await augmentedTrainingSet(d, tr);
  const yAug = aug.source.map((i) => pos(d.y[i]));
  const scaler = new StandardScaler().fit(aug.X);
  const pca = new PCA({nComponents: 0.95}).fit(scaler.transform(aug.X));
  const feats = (M: Matrix) => pca.transform(scaler.transform(M));
  const Ftr = feats(aug.X);
  const F = (ix: number[]) => feats(takeRows(d.X, ix));
  const evalSplits: [SplitName, number[]][] = [["train", tr], ["val", val], ["test", te], ["holdout", ho]];
  const groupsOf = (ix: number[]) => (protocol === "grouped split" ? ix.map((i) => d.groups[i]) : undefined);
  const evaluations: Evaluation[] = [];
  const run: PaperRun = {
    protocol, encoder: d.enc.card.name, classes: d.present.map((c) => CLASSES[c]),
    sizes: evalSplits.map(([s, ix]) => ({split: s, recordings: ix.length, rows: s === "train" ? aug.X.rows : ix.length})),
    augmentation: {recordings: tr.length, copies: aug.X.rows - tr.length, augmentedCopies: aug.augmented},
    components: pca.components_.length, search: [], trials: [], history: [], holdout: [], evaluation: {metrics: [], confusion: [], curves: [], calibration: []}, cv: [],
    head: {sha256: "", params: {}, bestEpoch: 0, epochs: 0}
  };
  // Search folds: by row (the paper's; copies of a recording straddle folds) or by recording group.
  const folds = protocol === "grouped split"
    ? groupKFold(aug.source.map((i) => d.groups[i]), SEARCH.folds, SEARCH.seed)
    : stratifiedKFold(yAug, SEARCH.folds, SEARCH.seed);
  const fitted: Classifier[] = [];
  const Fval = F(val);
  for (const name of Object.keys(GRIDS) as ClassicalName[]) {
    const t = Date.now();
    // Probabilities are not needed to score accuracy in the search; the chosen SVM is refitted with them.
    const s = randomizedSearch({
      make: (p) => (name === "SVM (RBF)" ? new SVC({...(p as object), probability: false, nClasses: K}) : make(name, p, K)),
      grid: GRIDS[name] as unknown as Record<string, unknown[]>, nIter: SEARCH.nIter, seed: SEARCH.seed, X: Ftr, y: yAug, folds,
      onProgress: (k, n) => log(`${protocol}: ${name} search ${k}/${n}`)
    });
    const model = name === "SVM (RBF)" ? make(name, s.best.params, K).fit(Ftr, yAug) : s.model;
    fitted.push(model);
    const valAcc = accuracy(val.map((i) => pos(d.y[i])), model.predict(Fval));
    for (const r of s.results)
      run.search.push({protocol, model: name, params: JSON.stringify(r.params), fold1: r.foldScores[0], fold2: r.foldScores[1], fold3: r.foldScores[2],
        mean: r.mean, sd: r.sd, chosen: r === s.best, valAccuracy: r === s.best ? valAcc : NaN});
    log(`${protocol}: ${name} best ${JSON.stringify(s.best.params)} cv ${s.best.mean.toFixed(3)} val ${valAcc.toFixed(3)} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }
  const ensemble = new SoftVoting(fitted, Object.keys(GRIDS));
  const models: [string, Classifier][] = [...(Object.keys(GRIDS) as string[]).map((n, i) => [n, fitted[i]] as [string, Classifier]), ["Soft-voting ensemble", ensemble]];
  // Each split's PCA features once, for all five models.
  const splitFeatures = new Map(evalSplits.map(([split, ix]) => [split, split === "val" ? Fval : F(ix)]));
  for (const [name, m] of models) {
    for (const [split, ix] of evalSplits) {
      const Fs = splitFeatures.get(split)!;
      const proba = expand(m.predictProba(Fs), d.present);
      // The SVM predicts by one-vs-one votes (libsvm), not by its Platt probabilities.
      const pred = m instanceof SVC ? m.predict(Fs).map((p) => d.present[p]) : undefined;
      evaluations.push(evaluate({protocol, model: name, split}, ix.map((i) => d.y[i]), proba, groupsOf(ix), pred));
    }
  }

  // Neural head on standardized embeddings (no PCA): 10 random trials of 20 epochs, then the final run.
  const Z = (M: Matrix) => scaler.transform(M);
  const Ztr = Z(aug.X), Zval = Z(takeRows(d.X, val)), yVal = val.map((i) => pos(d.y[i]));
  const random = rng(HEAD_SEARCH.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  let best: {trial: number; acc: number; cfg: Partial<HeadParams>} = {trial: -1, acc: -1, cfg: {}};
  for (let trial = 0; trial < HEAD_SEARCH.trials; trial++) {
    const cfg = {hidden: pick(HEAD_SEARCH.hidden), dropout: HEAD_SEARCH.dropout[0] + random() * (HEAD_SEARCH.dropout[1] - HEAD_SEARCH.dropout[0]),
      lr: pick(HEAD_SEARCH.lr), weightDecay: pick(HEAD_SEARCH.weightDecay)};
    const t = Date.now();
    const head = await new NeuralHead({...cfg, epochs: HEAD_SEARCH.epochs, seed: HEAD_SEARCH.seed + trial, nClasses: K}).fit(Ztr, yAug, Zval, yVal);
    const h = head.history;
    const bestAcc = Math.max(...h.map((r) => r.valAccuracy));
    run.trials.push({protocol, trial: trial + 1, hidden: cfg.hidden.join("-"), dropout: cfg.dropout, lr: cfg.lr, weightDecay: cfg.weightDecay,
      bestValAccuracy: bestAcc, bestEpoch: head.toJSON().bestEpoch, chosen: false});
    run.history.push(...h.map((r) => ({...r, protocol, run: `trial ${trial + 1}`})));
    if (bestAcc > best.acc) best = {trial, acc: bestAcc, cfg};
    log(`${protocol}: head trial ${trial + 1}/${HEAD_SEARCH.trials} ${cfg.hidden.join("-")} best val ${bestAcc.toFixed(3)} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }
  run.trials[best.trial].chosen = true;
  const finalParams: Partial<HeadParams> = {...best.cfg, epochs: HEAD_SEARCH.finalEpochs, mixupAlpha: HEAD_SEARCH.mixupAlpha, mixupP: HEAD_SEARCH.mixupP,
    patience: HEAD_SEARCH.patience, seed: HEAD_SEARCH.seed, nClasses: K};
  const head = await new NeuralHead(finalParams).fit(Ztr, yAug, Zval, yVal, (r) => log(`${protocol}: final head epoch ${r.epoch} val ${r.valAccuracy.toFixed(3)}`));
  run.history.push(...head.history.map((r) => ({...r, protocol, run: "final"})));
  run.head = {params: finalParams, bestEpoch: head.toJSON().bestEpoch, epochs: head.history.length, sha256: ""};
  for (const [split, ix] of evalSplits) {
    const proba = expand(head.predictProba(Z(takeRows(d.X, ix))), d.present);
    evaluations.push(evaluate({protocol, model: "Neural head", split}, ix.map((i) => d.y[i]), proba, groupsOf(ix)));
    if (split === "holdout") {
      const map = new PCA({nComponents: 2}).fit(Ztr).transform(Z(takeRows(d.X, ix)));
      ix.forEach((i, t) => {
        const p = proba[t];
        const predicted = p.indexOf(Math.max(...p));
        run.holdout.push({protocol, path: d.labelled[i].path, actual: CLASSES[d.y[i]], predicted: CLASSES[predicted], confidence: p[predicted],
          correct: predicted === d.y[i], pc1: map.data[t * 2], pc2: map.data[t * 2 + 1]});
      });
    }
  }
  const headOnnx = head.toOnnx({classes: JSON.stringify(run.classes), encoder: d.enc.card.name, encoder_sha256: d.enc.card.sha256, protocol,
    input: "mean-pooled encoder embedding (raw; the StandardScaler is folded into the first layer)"}, {mean: scaler.mean_, scale: scaler.scale_});
  run.head.sha256 = createHash("sha256").update(headOnnx).digest("hex");
  run.evaluation = mergeEvaluations(evaluations);
  run.cv = await crossValidation(d, protocol);
  log(`${protocol}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return {run, headOnnx};
}

/**
 * PAPER.md §6's "5-fold CV" of SVM C=10 on the paper split's train+val recordings. Under the paper
 * protocol the folds split rows of the augmented set (copies of a recording on both sides), with
 * the scaler and PCA fitted once on the training rows as the paper did. Under the grouped protocol
 * the folds hold whole recording groups, copies are added only to training folds, and scaler and
 * PCA are refitted inside each fold.
 */
async function crossValidation(d: Dataset, protocol: Protocol): Promise<CVRow[]> {
  const trval = [...splitIndices(d, "paper split (by recording)", "train"), ...splitIndices(d, "paper split (by recording)", "val")];
  const aug = await augmentedTrainingSet(d, trval);
  const pos = (c: number) => d.present.indexOf(c);
  const y = aug.source.map((i) => pos(d.y[i]));
  const rows: CVRow[] = [];
  if (protocol === "paper split (by recording)") {
    // The paper augmented only train files; val files enter with their clean copy alone.
    const trainSet = new Set(splitIndices(d, "paper split (by recording)", "train"));
    const keep = aug.source.flatMap((i, r) => (aug.copy[r] === 0 || trainSet.has(i) ? [r] : []));
    const X = takeRows(aug.X, keep), yk = keep.map((r) => y[r]);
    const scaler = new StandardScaler().fit(X);
    const F = new PCA({nComponents: 0.95}).fit(scaler.transform(X)).transform(scaler.transform(X));
    const fold = stratifiedKFold(yk, CV.folds, CV.seed);
    for (let k = 0; k < CV.folds; k++) {
      const a = yk.flatMap((_, r) => (fold[r] !== k ? [r] : [])), b = yk.flatMap((_, r) => (fold[r] === k ? [r] : []));
      const m = new SVC({C: CV.C, probability: false}).fit(takeRows(F, a), a.map((r) => yk[r]));
      rows.push({protocol: "5-fold by row, augmented copies straddle folds (the paper's)", fold: k + 1, accuracy: accuracy(b.map((r) => yk[r]), m.predict(takeRows(F, b))), n: b.length, trainRows: a.length});
      log(`cv (paper): fold ${k + 1}/${CV.folds}`);
    }
  } else {
    const fold = groupKFold(trval.map((i) => d.groups[i]), CV.folds, CV.seed);
    const foldOf = new Map(trval.map((i, t) => [i, fold[t]]));
    for (let k = 0; k < CV.folds; k++) {
      const a = aug.source.flatMap((i, r) => (foldOf.get(i) !== k ? [r] : []));
      const b = aug.source.flatMap((i, r) => (foldOf.get(i) === k && aug.copy[r] === 0 ? [r] : []));
      const Xa = takeRows(aug.X, a);
      const scaler = new StandardScaler().fit(Xa);
      const pca = new PCA({nComponents: 0.95}).fit(scaler.transform(Xa));
      const f = (M: Matrix) => pca.transform(scaler.transform(M));
      const m = new SVC({C: CV.C, probability: false}).fit(f(Xa), a.map((r) => y[r]));
      rows.push({protocol: "5-fold grouped, copies only in training folds", fold: k + 1, accuracy: accuracy(b.map((r) => y[r]), m.predict(f(takeRows(aug.X, b)))), n: b.length, trainRows: a.length});
      log(`cv (grouped): fold ${k + 1}/${CV.folds}`);
    }
  }
  return rows;
}

export async function paperRuns(encoderName = "yamnet") {
  const a = await paperRun("paper split (by recording)", encoderName);
  const b = await paperRun("grouped split", encoderName);
  return {runs: [a.run, b.run], heads: {[a.run.protocol]: a.headOnnx, [b.run.protocol]: b.headOnnx}};
}
