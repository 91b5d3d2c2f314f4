/**
 * Gradient boosting for classification with the loss and updates of scikit-learn's
 * GradientBoostingClassifier (log-loss; one regression tree per class per stage for K > 2, one
 * tree for K = 2; squared-error splits on the residuals; Newton leaf values; shrinkage; prior
 * initialisation) — but split search on histograms of ≤ 255 quantile bins per feature, as
 * LightGBM and sklearn's HistGradientBoosting do, instead of sorting every node. That is the one
 * deliberate difference from the paper's exact-split GradientBoostingClassifier. The histograms,
 * their subtraction and the split scan run in WebAssembly (histogram-kernels.ts); the trees,
 * partitions and leaf values here.
 */
import {argmax, checkFitInput, type Classifier} from "./estimator.ts";
import type {Matrix} from "./matrix.ts";
import {Histograms} from "./histogram-kernels.ts";
import {sigmoid, softmaxInPlace} from "./softmax.ts";
import {addNode, emptyTree, leafOf, type TreeState} from "./tree.ts";

export interface BoostingParams {
  nEstimators: number;
  maxDepth: number;
  learningRate: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxBins: number;
  nClasses?: number;
}

export interface BoostingState {
  name: "GradientBoosting";
  params: BoostingParams;
  classes: number;
  features: number;
  init: number[];
  /** stages × (K or 1) trees with one value per leaf. */
  trees: TreeState[][];
}

/** Bin edges per feature: midpoints between quantiles of the distinct values (≤ maxBins bins). */
export function binEdges(X: Matrix, maxBins: number): Float64Array[] {
  const {rows, cols, data} = X;
  return Array.from({length: cols}, (_, j) => {
    const v = Float64Array.from({length: rows}, (_, i) => data[i * cols + j]).sort();
    const distinct: number[] = [];
    for (let i = 0; i < v.length; i++) if (i === 0 || v[i] !== v[i - 1]) distinct.push(v[i]);
    if (distinct.length <= maxBins) return Float64Array.from(distinct.slice(0, -1), (d, i) => d / 2 + distinct[i + 1] / 2);
    const edges: number[] = [];
    for (let b = 1; b < maxBins; b++) {
      const q = v[Math.floor((b * rows) / maxBins)],
        prev = v[Math.floor((b * rows) / maxBins) - 1];
      const e = prev / 2 + q / 2;
      if (!edges.length || e > edges[edges.length - 1]) edges.push(e);
    }
    return Float64Array.from(edges);
  });
}

function binIndex(edges: Float64Array, x: number): number {
  let lo = 0,
    hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What GradientBoosting's growTree grows one tree from. */
interface TreeGrowth {
  /** The rows' bins, feature-major (feature j of row i at j·n + i), for n rows. */
  colBins: Uint8Array;
  n: number;
  /** Each feature's bin edges: a split after bin b has threshold edges[feature][b]. */
  edges: Float64Array[];
  /** The histogram kernels with the stage's residuals, and which of them (t) this tree fits. */
  hs: Histograms;
  t: number;
  /** This tree's residuals and hessians (the log-loss's negative gradient and its second derivative, per row). */
  residual: Float64Array;
  hessian: Float64Array;
  /** The rows the root holds, and the root's histogram (built for the whole stage at once). */
  rows: Int32Array;
  root: number;
  /** The Newton leaf value's factor: 1 for two classes, (K − 1)/K for K > 2 (sklearn's). */
  factor: number;
  /** Filled with the leaf each row ends in. */
  leafOf: Int32Array;
}

/** The most bins a feature can have: bin indices are stored in a Uint8Array. */
export const MAX_BINS = 256;

export class GradientBoosting implements Classifier {
  readonly params: BoostingParams;
  private state: BoostingState | null = null;

  constructor(params: Partial<BoostingParams> = {}) {
    this.params = {nEstimators: 100, maxDepth: 3, learningRate: 0.1, minSamplesSplit: 2, minSamplesLeaf: 1, maxBins: 255, ...params};
  }

  fit(X: Matrix, y: ArrayLike<number>): this {
    const K = checkFitInput("GradientBoosting", X, y, this.params.nClasses);
    const {rows: n, cols} = X;
    const P = this.params;
    // Bins are bytes and the histogram kernels lay out 256 bins per feature: more would wrap silently.
    if (!Number.isInteger(P.maxBins) || P.maxBins < 2 || P.maxBins > MAX_BINS)
      throw new Error(`GradientBoosting: maxBins ${P.maxBins} must be an integer from 2 to ${MAX_BINS} (bins are stored as bytes)`);
    const edges = binEdges(X, P.maxBins);
    // Feature-major bins: a histogram is built feature by feature, each reading its bins in a run.
    const colBins = new Uint8Array(n * cols);
    for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) colBins[j * n + i] = binIndex(edges[j], X.data[i * cols + j]);
    const prior = new Float64Array(K);
    for (let i = 0; i < n; i++) prior[y[i]]++;
    const binary = K === 2;
    // sklearn's "prior" init: log-odds for two classes, log class priors for more. An absent class
    // gets a floor so its raw score stays finite.
    const init = binary ? [Math.log(Math.max(prior[1], 1e-3) / Math.max(prior[0], 1e-3))] : Array.from(prior, (c) => Math.log(Math.max(c, 1e-3) / n));
    const T = binary ? 1 : K;
    const F = new Float64Array(n * T);
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) F[i * T + t] = init[t];
    const trees: TreeState[][] = [];
    const residuals = Array.from({length: T}, () => new Float64Array(n)),
      hessians = Array.from({length: T}, () => new Float64Array(n));
    const rowsAll = Int32Array.from({length: n}, (_, i) => i);
    // The binned data, residuals and histogram buffers (reused by every tree of the fit) in the
    // kernels' memory: at most the stage's roots and one histogram per level are held at once. The
    // leaf each row ends in: growTree records it as it partitions the rows, so the model's update
    // needs no walk down the tree.
    const nbins = Int32Array.from(edges, (e) => e.length + 1);
    const hs = new Histograms(colBins, n, cols, nbins, T, T + Math.min(P.maxDepth, 30) + 1),
      leafOf = new Int32Array(n);
    // What every tree of the fit grows from; each tree adds its own t, residuals, hessians and root histogram.
    const grow = {colBins, n, edges, hs, rows: rowsAll, factor: binary ? 1 : (K - 1) / K, leafOf};
    for (let stage = 0; stage < P.nEstimators; stage++) {
      // Probabilities of the current model, computed once per stage for all its trees.
      const probs = new Float64Array(n * K);
      for (let i = 0; i < n; i++) {
        if (binary) {
          const p1 = sigmoid(F[i]);
          probs[i * 2] = 1 - p1;
          probs[i * 2 + 1] = p1;
        } else {
          probs.set(F.subarray(i * K, (i + 1) * K), i * K);
          softmaxInPlace(probs, i * K, (i + 1) * K);
        }
      }
      const stageTrees: TreeState[] = [];
      for (let t = 0; t < T; t++) {
        const cls = binary ? 1 : t,
          residual = residuals[t],
          hess = hessians[t];
        for (let i = 0; i < n; i++) {
          const p = probs[i * K + cls];
          residual[i] = (y[i] === cls ? 1 : 0) - p;
          hess[i] = p * (1 - p);
        }
      }
      // The stage's trees all start from every row: their root histograms in one pass.
      hs.setResiduals(residuals);
      const roots = hs.roots(rowsAll);
      for (let t = 0; t < T; t++) {
        const tree = this.growTree({...grow, t, residual: residuals[t], hessian: hessians[t], root: roots[t]});
        for (let i = 0; i < n; i++) F[i * T + t] += P.learningRate * tree.value[leafOf[i]];
        stageTrees.push(tree);
      }
      trees.push(stageTrees);
    }
    this.state = {name: "GradientBoosting", params: P, classes: K, features: cols, init, trees};
    return this;
  }

  /** Depth-limited least-squares tree on residual vector t; thresholds are real-valued bin edges. */
  private growTree(g: TreeGrowth): TreeState {
    const {colBins, n, edges, hs, t, residual: r, hessian: h, rows, factor, root, leafOf} = g;
    const P = this.params;
    const tree = emptyTree(1);
    const leaf = (rs: Int32Array) => {
      let num = 0,
        den = 0;
      for (let k = 0; k < rs.length; k++) (num += r[rs[k]]), (den += h[rs[k]]);
      return [Math.abs(den) < 1e-150 ? 0 : (factor * num) / den];
    };
    // A node's children get their histograms by LightGBM's subtraction: the smaller child's is
    // built from its rows, the larger one's is the parent's minus it (in the parent's buffer), so
    // below the root a split costs a pass over at most half its rows. Buffers go back to the pool.
    const splits = (rs: Int32Array, depth: number) => depth < P.maxDepth && rs.length >= P.minSamplesSplit;
    const stack: {node: number; rows: Int32Array; depth: number; hist: number}[] = [{node: addNode(tree, leaf(rows)), rows, depth: 0, hist: root}];
    while (stack.length) {
      const {node, rows: rs, depth, hist} = stack.pop()!;
      const m = rs.length;
      if (!splits(rs, depth)) {
        if (hist >= 0) hs.release(hist);
        for (let k = 0; k < m; k++) leafOf[rs[k]] = node;
        continue;
      }
      const H = hist >= 0 ? hist : hs.build(t, rs);
      let total = 0;
      for (let k = 0; k < m; k++) total += r[rs[k]];
      const best = hs.bestSplit(H, m, total, P.minSamplesLeaf);
      if (best.feature < 0) {
        hs.release(H);
        for (let k = 0; k < m; k++) leafOf[rs[k]] = node;
        continue;
      }
      const L = new Int32Array(best.left),
        R = new Int32Array(m - best.left),
        col = best.feature * n;
      for (let k = 0, l = 0, q = 0; k < m; k++) {
        const i = rs[k];
        if (colBins[col + i] <= best.bin) L[l++] = i;
        else R[q++] = i;
      }
      tree.feature[node] = best.feature;
      tree.threshold[node] = edges[best.feature][best.bin];
      tree.left[node] = addNode(tree, leaf(L));
      tree.right[node] = addNode(tree, leaf(R));
      let hL = -1,
        hR = -1;
      if (splits(L, depth + 1) || splits(R, depth + 1)) {
        const [small, smallIsLeft] = L.length <= R.length ? [L, true] : [R, false];
        const S = hs.build(t, small);
        hs.subtract(H, S);
        [hL, hR] = smallIsLeft ? [S, H] : [H, S];
      } else hs.release(H);
      stack.push({node: tree.left[node], rows: L, depth: depth + 1, hist: hL}, {node: tree.right[node], rows: R, depth: depth + 1, hist: hR});
    }
    return tree;
  }

  rawScores(X: Matrix): Float64Array[] {
    const s = this.fitted();
    if (X.cols !== s.features) throw new Error(`GradientBoosting: ${X.cols} features, fitted on ${s.features}`);
    const lr = s.params.learningRate;
    return Array.from({length: X.rows}, (_, i) => {
      const F = Float64Array.from(s.init);
      for (const stage of s.trees) stage.forEach((t, c) => (F[c] += lr * t.value[leafOf(t, X.data, i * X.cols)]));
      return F;
    });
  }

  predictProba(X: Matrix): Float64Array[] {
    const K = this.fitted().classes;
    return this.rawScores(X).map((F) => {
      if (K === 2) {
        const p1 = sigmoid(F[0]);
        return Float64Array.of(1 - p1, p1);
      }
      softmaxInPlace(F);
      return F;
    });
  }

  predict(X: Matrix): number[] {
    return this.predictProba(X).map(argmax);
  }

  /** The first n stages: a stage is fitted to the model so far and draws nothing random, so they are the stages of a fit with nEstimators = n. */
  firstEstimators(n: number): GradientBoosting {
    const s = this.fitted();
    if (!Number.isInteger(n) || n < 1 || n > s.trees.length) throw new Error(`GradientBoosting: cannot keep ${n} of ${s.trees.length} stages`);
    return GradientBoosting.fromJSON({...s, params: {...s.params, nEstimators: n}, trees: s.trees.slice(0, n)});
  }

  private fitted(): BoostingState {
    if (!this.state) throw new Error("GradientBoosting: not fitted");
    return this.state;
  }

  toJSON(): BoostingState {
    const s = this.fitted();
    return {...s, trees: s.trees.map((st) => st.map(({feature, threshold, left, right, value, width}) => ({feature, threshold, left, right, value, width})))};
  }

  static fromJSON(s: BoostingState): GradientBoosting {
    if (s.name !== "GradientBoosting") throw new Error(`not a GradientBoosting: ${s.name}`);
    const m = new GradientBoosting(s.params);
    m.state = s;
    return m;
  }
}
