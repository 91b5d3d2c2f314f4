/**
 * Support vector classifier with an RBF kernel, following libsvm (which scikit-learn's SVC wraps):
 * the SMO solver with second-order working-set selection (Fan, Chen & Lin 2005), one-vs-one for
 * several classes with voting for `predict`, and Platt probabilities fitted on 5-fold internal
 * cross-validation decision values (Lin, Lin & Weng 2007) coupled pairwise (Wu, Lin & Weng 2004).
 * The kernel matrix of the training set is computed once, which suits the paper's sizes (a few
 * thousand rows); libsvm's shrinking and row cache are not needed at that size.
 */
import {rng, shuffleInPlace} from "../lib/random.ts";
import {argmax, checkFitInput, type Classifier} from "./estimator.ts";
import {rbfKernel, resolveGamma, type Gamma} from "./kernel.ts";
import {matrix, type Matrix} from "./matrix.ts";

export interface SVCParams {
  C: number;
  gamma: Gamma;
  tol: number;
  probability: boolean;
  seed: number;
  nClasses?: number;
}

interface Pair {
  a: number;
  b: number;
  /** Positions in the support-vector matrix and their coefficients yᵢαᵢ. */
  sv: number[];
  coef: number[];
  rho: number;
  probA: number;
  probB: number;
}

export interface SVCState {
  name: "SVC";
  params: SVCParams;
  gamma: number;
  classes: number;
  present: number[];
  supportVectors: number[][];
  pairs: Pair[];
  iterations: number;
}

const TAU = 1e-12;

/** libsvm's Solver for C-SVC on the sub-problem `idx` of a precomputed kernel K (n×n), labels ±1. */
export function smo(K: Float64Array, n: number, idx: number[], y: Int8Array, C: number, eps: number): {alpha: Float64Array; rho: number; iterations: number} {
  const l = idx.length;
  const alpha = new Float64Array(l);
  const G = new Float64Array(l).fill(-1);
  const QD = Float64Array.from(idx, (g) => K[g * n + g]);
  // Rows of the sub-problem's Q = y yᵀ ∘ K[idx, idx], each gathered on first use and kept (libsvm's
  // kernel cache, with room for every row): the solver reads two rows an iteration, mostly the same
  // few support vectors again, so gathering them through idx every time cost most of its time.
  const Q = new Float64Array(l * l),
    gathered = new Uint8Array(l);
  const Qrow = (i: number) => {
    const row = Q.subarray(i * l, (i + 1) * l);
    if (!gathered[i]) {
      const base = idx[i] * n,
        yi = y[i];
      for (let t = 0; t < l; t++) row[t] = yi * y[t] * K[base + idx[t]];
      gathered[i] = 1;
    }
    return row;
  };
  const upper = (t: number) => alpha[t] >= C;
  const lower = (t: number) => alpha[t] <= 0;
  const maxIter = Math.max(10_000_000, 100 * l);
  let iter = 0;
  while (iter < maxIter) {
    let Gmax = -Infinity,
      Gmax2 = -Infinity,
      i = -1,
      j = -1,
      objMin = Infinity;
    for (let t = 0; t < l; t++) {
      if (y[t] === 1) {
        if (!upper(t) && -G[t] >= Gmax) (Gmax = -G[t]), (i = t);
      } else if (!lower(t) && G[t] >= Gmax) (Gmax = G[t]), (i = t);
    }
    if (i === -1) break;
    const Qi = Qrow(i);
    for (let t = 0; t < l; t++) {
      if (y[t] === 1) {
        if (lower(t)) continue;
        const diff = Gmax + G[t];
        if (G[t] >= Gmax2) Gmax2 = G[t];
        if (diff > 0) {
          const quad = QD[i] + QD[t] - 2 * y[i] * Qi[t];
          const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
          if (obj <= objMin) (j = t), (objMin = obj);
        }
      } else {
        if (upper(t)) continue;
        const diff = Gmax - G[t];
        if (-G[t] >= Gmax2) Gmax2 = -G[t];
        if (diff > 0) {
          const quad = QD[i] + QD[t] + 2 * y[i] * Qi[t];
          const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
          if (obj <= objMin) (j = t), (objMin = obj);
        }
      }
    }
    if (Gmax + Gmax2 < eps || j === -1) break;
    iter++;
    const Qj = Qrow(j);
    const ai = alpha[i],
      aj = alpha[j];
    if (y[i] !== y[j]) {
      let quad = QD[i] + QD[j] + 2 * Qi[j];
      if (quad <= 0) quad = TAU;
      const delta = (-G[i] - G[j]) / quad;
      const diff = alpha[i] - alpha[j];
      alpha[i] += delta;
      alpha[j] += delta;
      if (diff > 0) {
        if (alpha[j] < 0) (alpha[j] = 0), (alpha[i] = diff);
      } else if (alpha[i] < 0) (alpha[i] = 0), (alpha[j] = -diff);
      if (diff > 0) {
        if (alpha[i] > C) (alpha[i] = C), (alpha[j] = C - diff);
      } else if (alpha[j] > C) (alpha[j] = C), (alpha[i] = C + diff);
    } else {
      let quad = QD[i] + QD[j] - 2 * Qi[j];
      if (quad <= 0) quad = TAU;
      const delta = (G[i] - G[j]) / quad;
      const sum = alpha[i] + alpha[j];
      alpha[i] -= delta;
      alpha[j] += delta;
      if (sum > C) {
        if (alpha[i] > C) (alpha[i] = C), (alpha[j] = sum - C);
      } else if (alpha[j] < 0) (alpha[j] = 0), (alpha[i] = sum);
      if (sum > C) {
        if (alpha[j] > C) (alpha[j] = C), (alpha[i] = sum - C);
      } else if (alpha[i] < 0) (alpha[i] = 0), (alpha[j] = sum);
    }
    const di = alpha[i] - ai,
      dj = alpha[j] - aj;
    for (let t = 0; t < l; t++) G[t] += Qi[t] * di + Qj[t] * dj;
  }
  // rho: mean of yG over free vectors, else the middle of the feasible interval.
  let ub = Infinity,
    lb = -Infinity,
    free = 0,
    sumFree = 0;
  for (let t = 0; t < l; t++) {
    const yG = y[t] * G[t];
    if (upper(t)) {
      if (y[t] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (lower(t)) {
      if (y[t] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else free++, (sumFree += yG);
  }
  return {alpha, rho: free > 0 ? sumFree / free : (ub + lb) / 2, iterations: iter};
}

/** libsvm's sigmoid_train: Platt scaling by Newton's method with backtracking. */
export function sigmoidTrain(dec: ArrayLike<number>, labels: ArrayLike<number>): {A: number; B: number} {
  const l = dec.length;
  let prior1 = 0;
  for (let i = 0; i < l; i++) if (labels[i] > 0) prior1++;
  const prior0 = l - prior1;
  const hi = (prior1 + 1) / (prior1 + 2),
    lo = 1 / (prior0 + 2);
  const t = Float64Array.from(labels, (v) => (v > 0 ? hi : lo));
  let A = 0,
    B = Math.log((prior0 + 1) / (prior1 + 1));
  const objective = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const z = dec[i] * a + b;
      f += z >= 0 ? t[i] * z + Math.log1p(Math.exp(-z)) : (t[i] - 1) * z + Math.log1p(Math.exp(z));
    }
    return f;
  };
  let fval = objective(A, B);
  for (let iter = 0; iter < 100; iter++) {
    let h11 = 1e-12,
      h22 = 1e-12,
      h21 = 0,
      g1 = 0,
      g2 = 0;
    for (let i = 0; i < l; i++) {
      const p = sigmoidPredict(dec[i], A, B);
      const q = 1 - p;
      const d2 = p * q;
      h11 += dec[i] * dec[i] * d2;
      h22 += d2;
      h21 += dec[i] * d2;
      const d1 = t[i] - p;
      g1 += dec[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det,
      dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const f = objective(A + step * dA, B + step * dB);
      if (f < fval + 1e-4 * step * gd) {
        A += step * dA;
        B += step * dB;
        fval = f;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return {A, B};
}

// libsvm's sigmoid_predict, kept apart from models/softmax.ts's sigmoid: its two branches are other float operations than 1 / (1 + e^−x).
function sigmoidPredict(dec: number, A: number, B: number): number {
  const z = dec * A + B;
  return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
}

/** libsvm's multiclass_probability: pairwise coupling, Wu, Lin & Weng (2004) method 2. */
export function couplePairwise(r: number[][]): Float64Array {
  const k = r.length;
  const Q = Array.from({length: k}, () => new Float64Array(k));
  const p = new Float64Array(k).fill(1 / k);
  const Qp = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let j = 0; j < k; j++) {
      if (j === t) continue;
      Q[t][t] += r[j][t] * r[j][t];
      Q[t][j] = -r[j][t] * r[t][j];
    }
  }
  const eps = 0.005 / k;
  for (let iter = 0; iter < Math.max(100, k); iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      Qp[t] = 0;
      for (let j = 0; j < k; j++) Qp[t] += Q[t][j] * p[j];
      pQp += p[t] * Qp[t];
    }
    let maxErr = 0;
    for (let t = 0; t < k; t++) maxErr = Math.max(maxErr, Math.abs(Qp[t] - pQp));
    if (maxErr < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t] + pQp) / Q[t][t];
      p[t] += diff;
      pQp = (pQp + diff * (diff * Q[t][t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j] + diff * Q[t][j]) / (1 + diff);
        p[j] /= 1 + diff;
      }
    }
  }
  return p;
}

/**
 * The training kernel of rows X under `gamma`, for fits that share it: a permutation test refits
 * on the same rows with shuffled labels, and the kernel (most of a fit's arithmetic besides the
 * solver) does not depend on the labels. `SVC.fit` checks it belongs to its rows and its gamma.
 */
export interface Gram {
  X: Matrix;
  gamma: number;
  K: Float64Array;
}

export function gramOf(X: Matrix, gamma: Gamma): Gram {
  const g = resolveGamma(gamma, X);
  return {X, gamma: g, K: rbfKernel(X, X, g)};
}

export class SVC implements Classifier {
  readonly params: SVCParams;
  private state: SVCState | null = null;
  private svMatrix: Matrix | null = null;

  constructor(params: Partial<SVCParams> = {}) {
    this.params = {C: 1, gamma: "scale", tol: 1e-3, probability: true, seed: 42, ...params};
  }

  /** Fits on (X, y); `gram`, when given, is X's training kernel under this model's gamma (gramOf). */
  fit(X: Matrix, y: ArrayLike<number>, gram?: Gram): this {
    const k = checkFitInput("SVC", X, y, this.params.nClasses);
    if (!(this.params.C > 0)) throw new Error(`SVC: C must be positive, got ${this.params.C}`);
    const gamma = resolveGamma(this.params.gamma, X);
    const n = X.rows;
    if (gram && (gram.X !== X || gram.gamma !== gamma)) throw new Error("SVC: the kernel given was computed on other rows or another gamma");
    const K = gram ? gram.K : rbfKernel(X, X, gamma);
    const present = [...new Set(Array.from(y))].sort((a, b) => a - b);
    const members = present.map((c) => Array.from({length: n}, (_, i) => i).filter((i) => y[i] === c));
    const random = rng(this.params.seed);
    const svIndex = new Map<number, number>();
    const pairs: Pair[] = [];
    let iterations = 0;
    for (let a = 0; a < present.length; a++) {
      for (let b = a + 1; b < present.length; b++) {
        const idx = [...members[a], ...members[b]];
        const lab = Int8Array.from(idx, (_, t) => (t < members[a].length ? 1 : -1));
        const sol = smo(K, n, idx, lab, this.params.C, this.params.tol);
        iterations += sol.iterations;
        const sv: number[] = [],
          coef: number[] = [];
        sol.alpha.forEach((al, t) => {
          if (al > 0) {
            if (!svIndex.has(idx[t])) svIndex.set(idx[t], svIndex.size);
            sv.push(svIndex.get(idx[t])!);
            coef.push(lab[t] * al);
          }
        });
        let probA = 0,
          probB = 0;
        if (this.params.probability) ({A: probA, B: probB} = this.plattCV(K, n, idx, lab, random));
        pairs.push({a: present[a], b: present[b], sv, coef, rho: sol.rho, probA, probB});
      }
    }
    const svRows = [...svIndex.keys()];
    this.state = {
      name: "SVC",
      params: this.params,
      gamma,
      classes: k,
      present,
      pairs,
      iterations,
      supportVectors: svRows.map((i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)))
    };
    this.svMatrix = matrix(svRows.length, X.cols, Float64Array.from(this.state.supportVectors.flat()));
    return this;
  }

  /** libsvm's svm_binary_svc_probability: decision values from 5-fold CV, then Platt's sigmoid. */
  private plattCV(K: Float64Array, n: number, idx: number[], lab: Int8Array, random: () => number) {
    const l = idx.length;
    const perm = shuffleInPlace(
      Array.from({length: l}, (_, i) => i),
      random
    );
    const dec = new Float64Array(l);
    const folds = 5;
    for (let f = 0; f < folds; f++) {
      const begin = Math.floor((f * l) / folds),
        end = Math.floor(((f + 1) * l) / folds);
      const train = [...perm.slice(0, begin), ...perm.slice(end)];
      const pos = train.filter((t) => lab[t] === 1).length,
        neg = train.length - pos;
      if (pos === 0 || neg === 0) {
        for (let t = begin; t < end; t++) dec[perm[t]] = pos > 0 ? 1 : neg > 0 ? -1 : 0;
        continue;
      }
      const sol = smo(
        K,
        n,
        train.map((t) => idx[t]),
        Int8Array.from(train, (t) => lab[t]),
        this.params.C,
        this.params.tol
      );
      for (let t = begin; t < end; t++) {
        const row = idx[perm[t]] * n;
        let s = -sol.rho;
        train.forEach((u, q) => {
          if (sol.alpha[q] > 0) s += lab[u] * sol.alpha[q] * K[row + idx[u]];
        });
        dec[perm[t]] = s;
      }
    }
    return sigmoidTrain(dec, lab);
  }

  /** Decision value of every one-vs-one pair, [rows][pairs]; positive favours the pair's first class. */
  decisionPairs(X: Matrix): Float64Array[] {
    const s = this.fitted();
    if (X.cols !== s.supportVectors[0].length) throw new Error(`SVC: ${X.cols} features, fitted on ${s.supportVectors[0].length}`);
    const K = rbfKernel(X, this.svMatrix!, s.gamma);
    const m = this.svMatrix!.rows;
    return Array.from({length: X.rows}, (_, i) =>
      Float64Array.from(s.pairs, (p) => {
        let v = -p.rho;
        for (let t = 0; t < p.sv.length; t++) v += p.coef[t] * K[i * m + p.sv[t]];
        return v;
      })
    );
  }

  /** Votes of the one-vs-one classifiers, ties to the lower class: libsvm's (and sklearn's) predict. */
  predict(X: Matrix): number[] {
    const s = this.fitted();
    return this.decisionPairs(X).map((d) => {
      const votes = new Float64Array(s.classes);
      s.pairs.forEach((p, q) => votes[d[q] > 0 ? p.a : p.b]++);
      return argmax(votes);
    });
  }

  predictProba(X: Matrix): Float64Array[] {
    const s = this.fitted();
    if (!s.params.probability) throw new Error("SVC: fitted with probability: false");
    const k = s.present.length;
    return this.decisionPairs(X).map((d) => {
      const r = Array.from({length: k}, () => new Array<number>(k).fill(0));
      s.pairs.forEach((p, q) => {
        const a = s.present.indexOf(p.a),
          b = s.present.indexOf(p.b);
        const v = Math.min(Math.max(sigmoidPredict(d[q], p.probA, p.probB), 1e-7), 1 - 1e-7);
        r[a][b] = v;
        r[b][a] = 1 - v;
      });
      const local = k === 2 ? Float64Array.of(r[0][1], r[1][0]) : couplePairwise(r);
      const out = new Float64Array(s.classes);
      s.present.forEach((c, t) => (out[c] = local[t]));
      return out;
    });
  }

  private fitted(): SVCState {
    if (!this.state) throw new Error("SVC: not fitted");
    return this.state;
  }

  toJSON(): SVCState {
    return this.fitted();
  }

  static fromJSON(s: SVCState): SVC {
    if (s.name !== "SVC") throw new Error(`not an SVC: ${s.name}`);
    const m = new SVC(s.params);
    m.state = s;
    m.svMatrix = matrix(s.supportVectors.length, s.supportVectors[0].length, Float64Array.from(s.supportVectors.flat()));
    return m;
  }
}
