/**
 * The specification curve under the null (Simonsohn, Simmons & Nelson 2020, step 3): what the
 * paper's protocol scores when the labels carry no information.
 *
 * Labels are permuted among **recordings** — a raw upload and its cleaned copy keep one label, and
 * augmented copies follow their recording — so the data's dependence survives the permutation.
 * Every computed cell of the multiverse's cheap model (logistic regression, with the C its paper run
 * searched) is refitted on each permutation; the scaler and PCA never see labels, so each data
 * cell's features are fitted once. Under the split by file a holdout file whose twin sits in
 * training carries the twin's permuted label, so a model that recognises the recording scores above
 * chance on labels that mean nothing: the null's median *is* the protocol's leakage. Under the
 * grouped split no recording straddles the split and the null sits at chance.
 *
 * Joint tests per protocol, as Simonsohn et al.: the median balanced accuracy across cells, and the
 * share of cells above chance, each against its permutation distribution (p = (1 + #null ≥ observed)
 * / (1 + permutations)).
 */
import {classificationReport} from "../eval/metrics.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {codeHash} from "../lib/code-hash.ts";
import type {Claim} from "../lib/claims.ts";
import {Progress} from "../lib/progress.ts";
import {rng, shuffleInPlace} from "../lib/random.ts";
import {argmax} from "../models/estimator.ts";
import {LogisticRegression} from "../models/logistic.ts";
import type {Matrix} from "../models/matrix.ts";
import {takeRows} from "../models/search.ts";
import {AUGMENT_PARAMS} from "../audio/augment.ts";
import {gramOf, SVC, type Gram} from "../models/svm.ts";
import {augmentedTrainingSet, loadDataset, PAPER_PROTOCOL, PROTOCOLS, splitIndices, type Protocol} from "./dataset.ts";
import {AUGMENT_SEED} from "./embed.ts";
import {fitFeatures} from "./features.ts";
import {AUGMENTATION, dataCellsByCost, notComputed, type DataCell} from "./multiverse.ts";
import type {PaperRun} from "./paper-run.ts";
import {MODEL} from "../models/names.ts";

/**
 * Two models: logistic regression on every computed data cell, and the RBF SVM — flexible enough to
 * recognise a recording it was trained on — on YAMNet's cells without augmented copies (three times
 * fewer training rows; YAMNet is the encoder every verdict uses). The SVM's fits on permuted labels
 * cost about 90 ms each here, so on every cell they would add minutes to the build. Both use the
 * hyper-parameters the paper run (split by file) searched, under both splits, so that the two
 * splits' nulls differ by the split alone.
 */
export const NULL_CURVE = {
  permutations: 200,
  seed: 2020,
  models: [MODEL.logistic, MODEL.svm],
  svmAugmentation: AUGMENTATION.none,
  svmEncoders: ["yamnet"],
  level: 0.95,
  maxIter: 300,
  paramsFrom: PAPER_PROTOCOL
};

export interface NullCell {
  model: string;
  encoder: string;
  labelling: string;
  split: string;
  augmentation: string;
  /** Classes present (chance for balanced accuracy is 1 / classes). */
  classes: number;
  /** Balanced accuracy on the real labels and on each permutation (NaN where a permutation left training without a class). */
  observed: number;
  draws: number[];
  /** Holdout files whose recording has another file in training (what a model can recognise). */
  straddling: number;
  holdout: number;
}

const balanced = (truth: number[], pred: number[], k: number) => classificationReport(truth, pred, k).balancedAccuracy;

/**
 * The permutation null of one fit (pure): logistic regression (C) on features F with training labels,
 * scored on Fho by balanced accuracy — once on the real labels, then on `permutations` draws where
 * the recordings' labels are shuffled among recordings and every row takes its recording's label.
 * A draw whose training rows lack a class is NaN.
 */
export function permutationNull(
  input: {
    F: Matrix;
    Fho: Matrix;
    yTrain: number[];
    truth: number[];
    trainRecordings: string[];
    holdoutRecordings: string[];
    classes: number;
    /** Fits a model on (F, y) and returns its class predictions for Fho. */
    fitPredict: (F: Matrix, y: number[], Fho: Matrix) => number[];
  },
  {permutations = NULL_CURVE.permutations, seed = NULL_CURVE.seed} = {}
): {observed: number; draws: number[]} {
  const {F, Fho, yTrain, truth, trainRecordings, holdoutRecordings, classes: K, fitPredict} = input;
  const fitScore = (y: number[], t: number[]) => (new Set(y).size < K ? NaN : balanced(t, fitPredict(F, y, Fho), K));
  // One label per recording (its first row's), shuffled among the recordings.
  const first = new Map<string, number>();
  trainRecordings.forEach((r, i) => first.has(r) || first.set(r, yTrain[i]));
  holdoutRecordings.forEach((r, i) => first.has(r) || first.set(r, truth[i]));
  const recordings = [...first.keys()].sort(),
    labels = recordings.map((r) => first.get(r)!);
  const draws: number[] = [];
  for (let p = 0; p < permutations; p++) {
    const shuffled = shuffleInPlace(labels.slice(), rng(seed + p));
    const labelOf = new Map(recordings.map((r, k) => [r, shuffled[k]]));
    draws.push(
      fitScore(
        trainRecordings.map((r) => labelOf.get(r)!),
        holdoutRecordings.map((r) => labelOf.get(r)!)
      )
    );
  }
  return {observed: fitScore(yTrain, truth), draws};
}

/** A model's fit-and-predict with the paper run's searched hyper-parameters. */
export function fitPredictOf(model: string, run: PaperRun, K: number): (F: Matrix, y: number[], Fho: Matrix) => number[] {
  const params = JSON.parse(run.search.find((r) => r.model === model && r.chosen)!.params);
  if (model === MODEL.logistic)
    return (F, y, Fho) => new LogisticRegression({C: params.C, maxIter: NULL_CURVE.maxIter, nClasses: K}).fit(F, y).predictProba(Fho).map(argmax);
  // libsvm's votes: Platt's probabilities are not needed for a class. Every permutation refits on the
  // same rows, so their kernel is computed once (it does not depend on the labels).
  if (model === MODEL.svm) {
    let gram: Gram | null = null;
    return (F, y, Fho) => {
      const svc = new SVC({...params, probability: false, nClasses: K});
      if (gram?.X !== F) gram = gramOf(F, svc.params.gamma);
      return svc.fit(F, y, gram).predict(Fho);
    };
  }
  throw new Error(`null curve: no null for ${model}`);
}

/** Balanced accuracy of one data cell's model on the real labels and on every permutation. */
export async function nullOfDataCell(c: DataCell, model: string, run: PaperRun): Promise<NullCell> {
  const d = await loadDataset(c.encoder, c.labelling);
  const train = splitIndices(d, c.split, "train"),
    ho = splitIndices(d, c.split, "holdout");
  const aug = c.augmentation === AUGMENTATION.paper ? await augmentedTrainingSet(d, train) : null;
  const X = aug ? aug.X : takeRows(d.X, train);
  const source = aug ? aug.source : train;
  const feats = fitFeatures(X);
  const pos = (cl: number) => d.present.indexOf(cl);
  const {observed, draws} = permutationNull({
    F: feats.transform(X),
    Fho: feats.transform(takeRows(d.X, ho)),
    yTrain: source.map((i) => pos(d.y[i])),
    truth: ho.map((i) => pos(d.y[i])),
    trainRecordings: source.map((i) => d.recordings[i]),
    holdoutRecordings: ho.map((i) => d.recordings[i]),
    classes: d.present.length,
    fitPredict: fitPredictOf(model, run, d.present.length)
  });
  const inTrain = new Set(train.map((i) => d.recordings[i]));
  return {
    model,
    encoder: c.encoder,
    labelling: c.labelling,
    split: c.split,
    augmentation: c.augmentation,
    classes: d.present.length,
    observed,
    draws,
    straddling: ho.filter((i) => inTrain.has(d.recordings[i])).length,
    holdout: ho.length
  };
}

export interface NullTask {
  cell: DataCell;
  model: string;
}

/** What the null covers — logistic regression on every data cell the multiverse computes, the SVM on YAMNet's without augmentation — costliest first (for sharing between processes). */
export function nullDataCells(): NullTask[] {
  const cells = dataCellsByCost().filter((c) => !notComputed(c));
  return [
    ...cells
      .filter((c) => c.augmentation === NULL_CURVE.svmAugmentation && NULL_CURVE.svmEncoders.includes(c.encoder))
      .map((cell) => ({cell, model: MODEL.svm})),
    ...cells.map((cell) => ({cell, model: MODEL.logistic}))
  ];
}

async function nullKey({cell: c, model}: NullTask, runs: Record<string, PaperRun>): Promise<string> {
  const run = runs[NULL_CURVE.paramsFrom];
  const d = await loadDataset(c.encoder, c.labelling);
  return cacheKey(
    codeHash(import.meta.url),
    c,
    model,
    NULL_CURVE,
    AUGMENT_PARAMS,
    AUGMENT_SEED,
    d.enc.card.sha256,
    run.search.filter((r) => r.chosen && r.model === model),
    d.labelled.map((s) => s.path + s.label + s.recording + s[PROTOCOLS[c.split as Protocol]])
  );
}

/** How many of the null's data cells still have to be computed. */
export async function nullCellsToCompute(runs: Record<string, PaperRun>): Promise<number> {
  let n = 0;
  for (const t of nullDataCells()) if (!(await readCached("null-curve", await nullKey(t, runs), ".json"))) n++;
  return n;
}

export async function nullCell(t: NullTask, runs: Record<string, PaperRun>): Promise<NullCell> {
  const key = await nullKey(t, runs);
  const hit = await readCached("null-curve", key, ".json");
  if (hit) return JSON.parse(hit.toString());
  const out = await nullOfDataCell(t.cell, t.model, runs[NULL_CURVE.paramsFrom]);
  await writeCached("null-curve", key, ".json", JSON.stringify(out));
  return out;
}

/** The null of every task, in order; with `claim`, only of the tasks this process claims (beside other processes). */
export async function nullCells(tasks: NullTask[], runs: Record<string, PaperRun>, claim?: Claim): Promise<NullCell[]> {
  const progress = new Progress(`null curve (${NULL_CURVE.permutations} permutations of the labels per cell)`, tasks.length);
  const out: NullCell[] = [];
  for (const [i, t] of tasks.entries()) {
    if (!claim || claim(`null-${i}`)) out.push(await nullCell(t, runs));
    progress.tick();
  }
  return out;
}

// ---- summaries (pure) ----

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const h = (sorted.length - 1) * q,
    lo = Math.floor(h),
    hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5
  );

export interface JointTest {
  protocol: string;
  model: string;
  cells: number;
  /**
   * The statistic is balanced accuracy minus chance (1 / classes), so that labellings with two and
   * three classes pool: its median across cells observed, under the null (median and interval of
   * the permutations' medians), and the p-value.
   */
  median: number;
  nullMedian: number;
  nullLo: number;
  nullHi: number;
  pMedian: number;
  /** Share of cells above chance, observed and under the null (median, upper end), and its p-value. */
  shareAbove: number;
  nullShareMedian: number;
  nullShareHi: number;
  pShare: number;
  permutations: number;
}

const excess = (v: number, c: NullCell) => v - 1 / c.classes;

/** Simonsohn et al.'s joint tests over one model's cells under one split, each permutation applied to every cell at once. */
export function jointTest(cells: NullCell[], protocol: string, model: string, level = NULL_CURVE.level): JointTest {
  const own = cells.filter((c) => c.split === protocol && c.model === model && Number.isFinite(c.observed));
  const P = Math.min(...own.map((c) => c.draws.length));
  const perm = Array.from({length: P}, (_, p) => {
    const live = own.filter((c) => Number.isFinite(c.draws[p]));
    return {median: median(live.map((c) => excess(c.draws[p], c))), share: live.filter((c) => excess(c.draws[p], c) > 0).length / own.length};
  });
  const obsMedian = median(own.map((c) => excess(c.observed, c))),
    obsShare = own.filter((c) => excess(c.observed, c) > 0).length / own.length;
  const medians = perm
      .map((x) => x.median)
      .filter(Number.isFinite)
      .sort((a, b) => a - b),
    shares = perm.map((x) => x.share).sort((a, b) => a - b);
  const a = (1 - level) / 2;
  return {
    protocol,
    model,
    cells: own.length,
    median: obsMedian,
    nullMedian: quantile(medians, 0.5),
    nullLo: quantile(medians, a),
    nullHi: quantile(medians, 1 - a),
    pMedian: (1 + medians.filter((m) => m >= obsMedian).length) / (1 + medians.length),
    shareAbove: obsShare,
    nullShareMedian: quantile(shares, 0.5),
    nullShareHi: quantile(shares, 1 - a),
    pShare: (1 + shares.filter((x) => x >= obsShare).length) / (1 + shares.length),
    permutations: P
  };
}

/**
 * The null curve of one model under one split: cells sorted by their observed excess over chance
 * (rank 1 = lowest), and at each rank the 2.5 / 50 / 97.5% quantiles of the rank's value across
 * permutations (each permutation's cells sorted the same way), as Simonsohn et al. draw it.
 */
export function nullCurve(cells: NullCell[], protocol: string, model: string, level = NULL_CURVE.level) {
  const own = cells
    .filter((c) => c.split === protocol && c.model === model && Number.isFinite(c.observed))
    .sort((x, y) => excess(x.observed, x) - excess(y.observed, y));
  const P = Math.min(...own.map((c) => c.draws.length));
  const sortedDraws = Array.from({length: P}, (_, p) =>
    own
      .filter((c) => Number.isFinite(c.draws[p]))
      .map((c) => excess(c.draws[p], c))
      .sort((x, y) => x - y)
  );
  const a = (1 - level) / 2;
  return own.map((c, rank) => {
    const atRank = sortedDraws.map((s) => s[Math.min(rank, s.length - 1)]).sort((x, y) => x - y);
    return {
      protocol,
      model,
      rank: rank + 1,
      observed: excess(c.observed, c),
      nullLo: quantile(atRank, a),
      nullMedian: quantile(atRank, 0.5),
      nullHi: quantile(atRank, 1 - a),
      encoder: c.encoder,
      labelling: c.labelling,
      augmentation: c.augmentation,
      balancedAccuracy: c.observed,
      chance: 1 / c.classes
    };
  });
}
