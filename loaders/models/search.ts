/**
 * RandomizedSearchCV over a grid of lists, as the paper uses it: n_iter distinct configurations
 * drawn from the grid (all of it when the grid is smaller), each scored by mean accuracy over the
 * given folds, best by mean score (first on ties), refitted on every row. The folds are the
 * caller's: stratified by row reproduces the paper (augmented copies of one recording may land on
 * both sides), grouped by recording/installation makes it leak-free.
 */
import {rng} from "../lib/random.ts";
import {accuracy} from "../eval/metrics.ts";
import {foldRows} from "../eval/split.ts";
import type {Classifier} from "./estimator.ts";
import {matrix, type Matrix} from "./matrix.ts";

export type ParamGrid = Record<string, readonly unknown[]>;
export type Params = Record<string, unknown>;

/** Every point of the grid, keys sorted and the last key varying fastest (sklearn's ParameterGrid order). */
export function gridPoints(grid: ParamGrid): Params[] {
  const keys = Object.keys(grid).sort();
  let out: Params[] = [{}];
  for (const k of keys) out = out.flatMap((p) => grid[k].map((v) => ({...p, [k]: v})));
  return out;
}

/** n distinct grid points, drawn without replacement by a seeded generator, in drawing order. */
export function sampleGrid(grid: ParamGrid, n: number, seed: number): Params[] {
  const all = gridPoints(grid);
  if (n >= all.length) return all;
  const random = rng(seed);
  const pool = all.map((_, i) => i);
  const out: Params[] = [];
  for (let t = 0; t < n; t++) {
    const j = t + Math.floor(random() * (pool.length - t));
    [pool[t], pool[j]] = [pool[j], pool[t]];
    out.push(all[pool[t]]);
  }
  return out;
}

export function takeRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const out = matrix(idx.length, X.cols);
  for (let r = 0; r < idx.length; r++) out.data.set(X.data.subarray(idx[r] * X.cols, (idx[r] + 1) * X.cols), r * X.cols);
  return out;
}

export interface SearchResult {
  params: Params;
  foldScores: number[];
  mean: number;
  sd: number;
}

export interface SearchOutcome<M extends Classifier> {
  results: SearchResult[];
  best: SearchResult;
  model: M;
}

export function randomizedSearch<M extends Classifier>(opts: {
  make: (params: Params) => M;
  grid: ParamGrid;
  nIter: number;
  seed: number;
  X: Matrix;
  y: ArrayLike<number>;
  /** Fold id of every row. */
  folds: ArrayLike<number>;
  onProgress?: (done: number, total: number) => void;
}): SearchOutcome<M> {
  const {X, y, folds} = opts;
  const split = foldRows(folds),
    k = split.length;
  if (k < 2) throw new Error("randomized search: need at least two folds");
  const configs = sampleGrid(opts.grid, opts.nIter, opts.seed);
  split.forEach(({test}, f) => {
    if (!test.length) throw new Error(`randomized search: fold ${f} is empty`);
  });
  // Configurations that differ only in nEstimators share one fit per fold, of the largest: an
  // ensemble that can be cut to its first n estimators (Classifier.firstEstimators) gives the
  // smaller ones' predictions bit for bit, so a forest of 100 trees is read off the 200 drawn beside it.
  const shareKey = (p: Params) => {
    const {nEstimators, ...rest} = p;
    return typeof nEstimators === "number" && typeof opts.make(p).firstEstimators === "function" ? JSON.stringify(rest) : null;
  };
  const keys = configs.map(shareKey);
  const largest = new Map<string, number>();
  configs.forEach((p, c) => {
    const key = keys[c];
    if (key !== null && (p.nEstimators as number) > (largest.get(key) ?? 0)) largest.set(key, p.nEstimators as number);
  });
  const remaining = new Map<string, number>();
  for (const key of keys) if (key !== null) remaining.set(key, (remaining.get(key) ?? 0) + 1);
  const shared = new Map<string, Classifier[]>();
  const fitFold = (params: Params, f: number) =>
    opts.make(params).fit(
      takeRows(X, split[f].train),
      split[f].train.map((i) => y[i])
    );
  const results: SearchResult[] = [];
  configs.forEach((params, c) => {
    const key = keys[c];
    let models: Classifier[];
    if (key === null) models = split.map((_, f) => fitFold(params, f));
    else {
      if (!shared.has(key))
        shared.set(
          key,
          split.map((_, f) => fitFold({...params, nEstimators: largest.get(key)}, f))
        );
      models = shared.get(key)!.map((m) => (m.firstEstimators as (n: number) => Classifier)(params.nEstimators as number));
      // The last configuration of a group lets its fits go.
      remaining.set(key, remaining.get(key)! - 1);
      if (remaining.get(key) === 0) shared.delete(key);
    }
    const foldScores = split.map(({test}, f) =>
      accuracy(
        test.map((i) => y[i]),
        models[f].predict(takeRows(X, test))
      )
    );
    const mean = foldScores.reduce((a, b) => a + b, 0) / k;
    const sd = Math.sqrt(foldScores.reduce((a, b) => a + (b - mean) ** 2, 0) / k);
    results.push({params, foldScores, mean, sd});
    opts.onProgress?.(c + 1, configs.length);
  });
  const best = results.reduce((a, b) => (b.mean > a.mean ? b : a));
  return {results, best, model: opts.make(best.params).fit(X, y)};
}
