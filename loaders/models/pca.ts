/**
 * PCA as scikit-learn's full-SVD solver computes it, via the eigendecomposition of the covariance
 * (or, when there are fewer rows than columns, of the rows' Gram matrix: the same nonzero spectrum
 * at n³ instead of p³ cost).
 * `nComponents` is a count, or a fraction in (0, 1): the fewest components whose explained variance
 * ratio sums past it (sklearn's rule). Signs follow sklearn's `svd_flip(u_based_decision=True)`: in
 * each component, the training sample with the largest |score| gets a positive score.
 */
import {mirrorUpper, transposeInto} from "./dots.ts";
import {leadingEigen} from "./eigen.ts";
import {matrix, rowDots, type Matrix} from "./matrix.ts";

export interface PCAParams {
  nComponents: number;
}

export interface PCAState {
  name: "PCA";
  params: PCAParams;
  mean: number[];
  components: number[][];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
}

export class PCA {
  mean_ = new Float64Array(0);
  components_: Float64Array[] = [];
  explainedVariance_ = new Float64Array(0);
  explainedVarianceRatio_ = new Float64Array(0);
  /** Ratio of every component (not only the kept ones), for the explained-variance curve. */
  allVarianceRatio_ = new Float64Array(0);

  constructor(readonly params: PCAParams = {nComponents: 2}) {}

  fit(X: Matrix): this {
    const {rows: n, cols: p, data} = X;
    if (n < 2) throw new Error("PCA.fit: need at least two samples");
    const mean = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j];
    for (let j = 0; j < p; j++) mean[j] /= n;
    const maxK = Math.min(n, p);
    // How many components: from the eigenvalues alone, so only those eigenvectors are computed.
    const count = (values: Float64Array) => {
      const ratio = varianceRatio(values);
      let k = this.params.nComponents;
      if (k > 0 && k < 1) {
        let cum = 0;
        let i = 0;
        while (i < maxK && cum < k) cum += ratio[i++];
        k = i;
      }
      if (!Number.isInteger(k) || k < 1 || k > maxK) throw new Error(`PCA: nComponents ${this.params.nComponents} invalid for ${n}×${p} data`);
      return k;
    };
    const {values, vector, k} = covarianceEigen(data, n, p, mean, count);
    const variances = Float64Array.from(values, (v) => Math.max(v, 0));
    const ratio = varianceRatio(values);
    this.mean_ = mean;
    this.components_ = Array.from({length: k}, (_, c) => vector(c));
    const scores = project(data, n, p, mean, this.components_);
    this.components_.forEach((v, c) => {
      let best = 0,
        bestAbs = -1;
      for (let i = 0; i < n; i++) {
        const s = scores[i * k + c];
        if (Math.abs(s) > bestAbs) (bestAbs = Math.abs(s)), (best = s);
      }
      if (best < 0) for (let j = 0; j < p; j++) v[j] = -v[j];
    });
    this.explainedVariance_ = variances.slice(0, k);
    this.explainedVarianceRatio_ = ratio.slice(0, k);
    this.allVarianceRatio_ = ratio.slice(0, maxK);
    return this;
  }

  transform(X: Matrix): Matrix {
    const p = this.mean_.length;
    if (X.cols !== p) throw new Error(`PCA.transform: ${X.cols} features, fitted on ${p}`);
    return matrix(X.rows, this.components_.length, project(X.data, X.rows, p, this.mean_, this.components_));
  }

  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  toJSON(): PCAState {
    return {
      name: "PCA",
      params: this.params,
      mean: Array.from(this.mean_),
      components: this.components_.map((c) => Array.from(c)),
      explainedVariance: Array.from(this.explainedVariance_),
      explainedVarianceRatio: Array.from(this.explainedVarianceRatio_)
    };
  }

  static fromJSON(s: PCAState): PCA {
    if (s.name !== "PCA") throw new Error(`not a PCA: ${s.name}`);
    const m = new PCA(s.params);
    m.mean_ = Float64Array.from(s.mean);
    m.components_ = s.components.map((c) => Float64Array.from(c));
    m.explainedVariance_ = Float64Array.from(s.explainedVariance);
    m.explainedVarianceRatio_ = Float64Array.from(s.explainedVarianceRatio);
    return m;
  }
}

/**
 * A·Aᵀ / divisor for A with `m` rows of length `len` (row-major): the covariance from the transposed
 * centred data, or the rows' Gram matrix. The upper triangle by rowDots, mirrored below.
 */
function gramOfRows(A: Float64Array, m: number, len: number, divisor: number): Matrix {
  const g = rowDots(A, m, A, m, len, true);
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) g[a * m + b] /= divisor;
  mirrorUpper(g, m);
  return matrix(m, m, g);
}

/** (X − mean)·Vᵀ for the rows of X and the components V: scores, rows × k, row-major. */
function project(data: ArrayLike<number>, n: number, p: number, mean: ArrayLike<number>, components: Float64Array[]): Float64Array<ArrayBuffer> {
  const k = components.length,
    Xc = new Float64Array(n * p),
    V = new Float64Array(k * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xc[i * p + j] = data[i * p + j] - mean[j];
  components.forEach((v, c) => V.set(v, c * p));
  return rowDots(Xc, n, V, k, p);
}

function varianceRatio(values: Float64Array): Float64Array {
  const variances = Float64Array.from(values, (v) => Math.max(v, 0));
  const total = variances.reduce((s, v) => s + v, 0);
  return Float64Array.from(variances, (v) => (total > 0 ? v / total : 0));
}

/**
 * Eigenvalues (descending) of the covariance of the rows, and its c-th eigenvector (c < k, k =
 * count(eigenvalues)) on demand. With
 * fewer rows than columns the n×n Gram matrix of the centred rows has the covariance's nonzero
 * eigenvalues, and Xcᵀu (normalised) is the matching eigenvector; a component of (near-)zero
 * variance cannot be recovered that way, so such a request falls back to the covariance.
 */
function covarianceEigen(
  data: Float64Array,
  n: number,
  p: number,
  mean: Float64Array,
  count: (values: Float64Array) => number
): {values: Float64Array; vector: (c: number) => Float64Array; k: number} {
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xc[i * p + j] = data[i * p + j] - mean[j];
  // The centred data transposed: its rows are the columns, so a column's dot products run
  // through contiguous memory (the sum runs over the rows in order).
  let Xt: Float64Array | null = null;
  const transposed = () => (Xt ??= transposeInto(Xc, n, p, new Float64Array(p * n)));
  const covariance = () => {
    const C = gramOfRows(transposed(), p, n, n - 1);
    const {values, vectors} = leadingEigen(C, count);
    return {values, vector: (c: number) => vectors[c].slice(), k: vectors.length};
  };
  if (n >= p) return covariance();
  const G = gramOfRows(Xc, n, p, n - 1);
  const {values, vectors} = leadingEigen(G, count);
  const k = vectors.length;
  // Every kept component at once, Xcᵀu for each u: the rows of U against the columns of Xc (the
  // rows of its transpose), one blocked product instead of k passes over Xc.
  const U = new Float64Array(k * n);
  vectors.forEach((u, c) => U.set(u, c * n));
  const V = rowDots(U, k, transposed(), p, n);
  let fallback: ReturnType<typeof covariance> | null = null;
  const vector = (c: number) => {
    const v = V.slice(c * p, (c + 1) * p);
    let norm = 0;
    for (let j = 0; j < p; j++) norm += v[j] * v[j];
    norm = Math.sqrt(norm);
    if (!(values[c] > 1e-12 * Math.max(values[0], 1e-300)) || !(norm > 0)) return (fallback ??= covariance()).vector(c);
    for (let j = 0; j < p; j++) v[j] /= norm;
    return v;
  };
  return {values, vector, k};
}
