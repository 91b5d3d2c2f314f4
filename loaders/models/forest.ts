/**
 * Random forest as scikit-learn's RandomForestClassifier: bootstrap samples, Gini splits on a fresh
 * random subset of √p features at every node, thresholds halfway between neighbouring values, trees
 * grown until pure (or max_depth / min_samples_split), probabilities averaged over trees.
 */
import {rng} from "../lib/random.ts";
import {argmax, checkFitInput, type Classifier} from "./estimator.ts";
import type {Matrix} from "./matrix.ts";
import {sortByKey, sortPackedInts} from "./sort.ts";
import {addNode, emptyTree, leafOf, type TreeState} from "./tree.ts";

export interface ForestParams {
  nEstimators: number;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: "sqrt" | "all" | number;
  bootstrap: boolean;
  seed: number;
  nClasses?: number;
}

export interface ForestState {
  name: "RandomForest";
  params: ForestParams;
  classes: number;
  features: number;
  trees: TreeState[];
}

function gini(counts: Float64Array, total: number): number {
  if (total <= 0) return 0;
  let s = 0;
  for (const c of counts) s += (c / total) ** 2;
  return 1 - s;
}

/**
 * Each feature's values as ranks (equal values, equal rank), feature-major, when a rank and a row
 * index fit together in 31 bits: a node's rows are then sorted by a feature as packed integers
 * (rank above, row below) with the engine's native integer sort, about twice as fast as sorting the
 * values with the row indices alongside. Ties may come out in another order than the value sort's,
 * which changes nothing: a split is scored only between different values, where the left side
 * holds the same rows either way. Null when the rows are too many to pack.
 */
export function featureRanks(X: Matrix): {ranks: Int32Array; bits: number} | null {
  const {rows: n, cols, data} = X;
  const bits = Math.max(1, Math.ceil(Math.log2(n)));
  if (2 * bits > 31) return null;
  const ranks = new Int32Array(n * cols),
    keys = new Float64Array(n),
    order = new Int32Array(n);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < n; i++) (keys[i] = data[i * cols + j]), (order[i] = i);
    sortByKey(keys, order, n);
    for (let q = 0, rank = 0; q < n; q++) {
      if (q > 0 && keys[q] !== keys[q - 1]) rank++;
      ranks[j * n + order[q]] = rank;
    }
  }
  return {ranks, bits};
}

/** What growGiniTree grows one tree from. */
export interface GiniTreeInput {
  X: Matrix;
  y: ArrayLike<number>;
  /** Integer row weights: the bootstrap's multiplicities (a row of weight 0 is left out). */
  weight: Float64Array;
  /** The number of classes. */
  classes: number;
  params: ForestParams;
  /** The forest's generator: draws each node's candidate features. */
  random: () => number;
  /** featureRanks(X), shared by a forest's trees: computed when absent; null sorts by value. */
  ranked?: ReturnType<typeof featureRanks>;
}

/** Grows one Gini tree on rows with integer weights (bootstrap multiplicities). */
export function growGiniTree(input: GiniTreeInput): TreeState {
  const {X, y, weight, classes: k, params: p, random, ranked = featureRanks(X)} = input;
  const {cols, data} = X;
  const tree = emptyTree(k);
  const mtry = p.maxFeatures === "all" ? cols : p.maxFeatures === "sqrt" ? Math.max(1, Math.floor(Math.sqrt(cols))) : Math.min(cols, p.maxFeatures);
  const rows = Array.from({length: X.rows}, (_, i) => i).filter((i) => weight[i] > 0);
  const stack: {node: number; rows: number[]; depth: number}[] = [];
  const countsOf = (rs: number[]) => {
    const c = new Float64Array(k);
    for (const r of rs) c[y[r]] += weight[r];
    return c;
  };
  const leafValue = (c: Float64Array) => {
    const total = c.reduce((a, b) => a + b, 0);
    return c.map((v) => v / total);
  };
  const rootCounts = countsOf(rows);
  stack.push({node: addNode(tree, leafValue(rootCounts)), rows, depth: 0});
  const keys = new Float64Array(X.rows);
  const sorted = new Int32Array(X.rows),
    packed = new Int32Array(X.rows),
    scratch = new Int32Array(X.rows);
  const n = X.rows,
    mask = ranked ? (1 << ranked.bits) - 1 : 0;
  const features = Array.from({length: cols}, (_, j) => j);
  while (stack.length) {
    const {node, rows: rs, depth} = stack.pop()!;
    const counts = countsOf(rs);
    const total = counts.reduce((a, b) => a + b, 0);
    const nSamples = rs.reduce((a, r) => a + weight[r], 0);
    const parentImpurity = gini(counts, total);
    if (parentImpurity === 0 || (p.maxDepth !== null && depth >= p.maxDepth) || nSamples < p.minSamplesSplit) continue;
    let best = {gain: 0, feature: -1, threshold: 0};
    // Fisher–Yates over the feature list: the first mtry are this node's candidates; like sklearn,
    // keep drawing past mtry while none of the drawn features is splittable (all constant here).
    let drawn = 0;
    for (let f = 0; f < cols && (drawn < mtry || best.feature < 0); f++) {
      const swap = f + Math.floor(random() * (cols - f));
      [features[f], features[swap]] = [features[swap], features[f]];
      const j = features[f];
      const m = rs.length;
      if (ranked) {
        const {ranks, bits} = ranked;
        for (let q = 0; q < m; q++) packed[q] = (ranks[j * n + rs[q]] << bits) | rs[q];
        sortPackedInts(packed, m, 2 * bits, scratch);
        for (let q = 0; q < m; q++) (sorted[q] = packed[q] & mask), (keys[q] = data[sorted[q] * cols + j]);
      } else {
        for (let q = 0; q < m; q++) (sorted[q] = rs[q]), (keys[q] = data[rs[q] * cols + j]);
        sortByKey(keys, sorted, m);
      }
      if (keys[0] === keys[m - 1]) continue;
      drawn++;
      const left = new Float64Array(k);
      let wl = 0;
      for (let q = 0; q < m - 1; q++) {
        const r = sorted[q];
        left[y[r]] += weight[r];
        wl += weight[r];
        const v = keys[q],
          next = keys[q + 1];
        if (v === next) continue;
        const wr = total - wl;
        if (wl < p.minSamplesLeaf || wr < p.minSamplesLeaf) continue;
        let gl = 0,
          gr = 0;
        for (let c = 0; c < k; c++) (gl += (left[c] / wl) ** 2), (gr += ((counts[c] - left[c]) / wr) ** 2);
        const gain = parentImpurity - (wl / total) * (1 - gl) - (wr / total) * (1 - gr);
        if (gain > best.gain + 1e-12) best = {gain, feature: j, threshold: v / 2 + next / 2};
      }
    }
    if (best.feature < 0) continue;
    const L: number[] = [],
      R: number[] = [];
    for (const r of rs) (data[r * cols + best.feature] <= best.threshold ? L : R).push(r);
    tree.feature[node] = best.feature;
    tree.threshold[node] = best.threshold;
    tree.left[node] = addNode(tree, leafValue(countsOf(L)));
    tree.right[node] = addNode(tree, leafValue(countsOf(R)));
    stack.push({node: tree.left[node], rows: L, depth: depth + 1}, {node: tree.right[node], rows: R, depth: depth + 1});
  }
  return tree;
}

export class RandomForest implements Classifier {
  readonly params: ForestParams;
  private state: ForestState | null = null;

  constructor(params: Partial<ForestParams> = {}) {
    this.params = {nEstimators: 100, maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: "sqrt", bootstrap: true, seed: 42, ...params};
  }

  fit(X: Matrix, y: ArrayLike<number>): this {
    const k = checkFitInput("RandomForest", X, y, this.params.nClasses);
    const random = rng(this.params.seed);
    const trees: TreeState[] = [],
      ranked = featureRanks(X);
    for (let t = 0; t < this.params.nEstimators; t++) {
      const w = new Float64Array(X.rows);
      if (this.params.bootstrap) for (let i = 0; i < X.rows; i++) w[Math.floor(random() * X.rows)]++;
      else w.fill(1);
      trees.push(growGiniTree({X, y, weight: w, classes: k, params: this.params, random, ranked}));
    }
    this.state = {name: "RandomForest", params: this.params, classes: k, features: X.cols, trees};
    return this;
  }

  predictProba(X: Matrix): Float64Array[] {
    const s = this.fitted();
    if (X.cols !== s.features) throw new Error(`RandomForest: ${X.cols} features, fitted on ${s.features}`);
    return Array.from({length: X.rows}, (_, i) => {
      const p = new Float64Array(s.classes);
      for (const t of s.trees) {
        const leaf = leafOf(t, X.data, i * X.cols);
        for (let c = 0; c < s.classes; c++) p[c] += t.value[leaf * t.width + c];
      }
      return p.map((v) => v / s.trees.length);
    });
  }

  predict(X: Matrix): number[] {
    return this.predictProba(X).map(argmax);
  }

  /** The first n trees: every tree draws from the one seeded stream in turn, so they are the trees of a fit with nEstimators = n. */
  firstEstimators(n: number): RandomForest {
    const s = this.fitted();
    if (!Number.isInteger(n) || n < 1 || n > s.trees.length) throw new Error(`RandomForest: cannot keep ${n} of ${s.trees.length} trees`);
    const params = {...s.params, nEstimators: n};
    return RandomForest.fromJSON({...s, params, trees: s.trees.slice(0, n)});
  }

  private fitted(): ForestState {
    if (!this.state) throw new Error("RandomForest: not fitted");
    return this.state;
  }

  toJSON(): ForestState {
    return this.fitted();
  }

  static fromJSON(s: ForestState): RandomForest {
    if (s.name !== "RandomForest") throw new Error(`not a RandomForest: ${s.name}`);
    const m = new RandomForest(s.params);
    m.state = s;
    return m;
  }
}
