/**
 * Multinomial logistic regression with an L2 penalty, as scikit-learn's LogisticRegression
 * (lbfgs, multi_class="multinomial") defines it: minimise Σᵢ −log pᵢ[yᵢ] + ‖W‖²/(2C), the intercept
 * unpenalised, stopping when the largest gradient entry of the mean objective is ≤ tol.
 */
import {lbfgs} from "./lbfgs.ts";
import {argmax, checkFitInput, type Classifier} from "./estimator.ts";
import {ResidentRows, rowDots, transposeInto} from "./dots.ts";
import type {Matrix} from "./matrix.ts";

export interface LogisticParams {
  C: number;
  maxIter: number;
  tol: number;
  nClasses?: number;
}

export interface LogisticState {
  name: "LogisticRegression";
  params: LogisticParams;
  classes: number;
  coef: number[][];
  intercept: number[];
  iterations: number;
  converged: boolean;
}

export class LogisticRegression implements Classifier {
  readonly params: LogisticParams;
  coef_: Float64Array[] = [];
  intercept_ = new Float64Array(0);
  iterations_ = 0;
  converged_ = false;

  constructor(params: Partial<LogisticParams> = {}) {
    this.params = {C: 1, maxIter: 1000, tol: 1e-4, ...params};
  }

  fit(X: Matrix, y: ArrayLike<number>): this {
    const {rows: n, cols: p, data} = X;
    const k = checkFitInput("LogisticRegression", X, y, this.params.nClasses);
    const lambda = 1 / this.params.C;
    const stride = p + 1; // per class: p weights then the intercept
    // The two products of every evaluation — the logits W·Xᵀ and the gradient R·X — as dense row
    // products on the SIMD kernel, with X and its transpose held in the kernel's memory for the
    // whole fit. The kernel takes rows four at a time: the weights and residuals get a multiple of
    // four rows (zero rows beyond the classes).
    const k4 = 4 * Math.ceil(k / 4);
    const rows = new ResidentRows(n, p, (B) => B.set(data)), columns = new ResidentRows(p, n, (B) => transposeInto(data, n, p, B));
    const W = new Float64Array(k4 * p), R = new Float64Array(k4 * n), Z = new Float64Array(k4 * n), G = new Float64Array(k4 * p);
    const logits = new Float64Array(k), expShifted = new Float64Array(k);
    const fg = (w: Float64Array, grad: Float64Array) => {
      grad.fill(0);
      for (let c = 0; c < k; c++) W.set(w.subarray(c * stride, c * stride + p), c * p);
      rows.dots(W, k4, Z);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const yi = y[i];
        let max = -Infinity;
        for (let c = 0; c < k; c++) {
          const z = (logits[c] = Z[c * n + i] + w[c * stride + p]);
          if (z > max) max = z;
        }
        let sum = 0;
        for (let c = 0; c < k; c++) sum += expShifted[c] = Math.exp(logits[c] - max);
        loss += max + Math.log(sum) - logits[yi];
        for (let c = 0; c < k; c++) {
          const r = expShifted[c] / sum - (c === yi ? 1 : 0);
          R[c * n + i] = r;
          grad[c * stride + p] += r;
        }
      }
      columns.dots(R, k4, G);
      for (let c = 0; c < k; c++) grad.set(G.subarray(c * p, (c + 1) * p), c * stride);
      for (let c = 0; c < k; c++)
        for (let j = 0; j < p; j++) {
          const v = w[c * stride + j];
          loss += 0.5 * lambda * v * v;
          grad[c * stride + j] += lambda * v;
        }
      // scikit-learn ≥ 1.1 minimises the mean (loss and penalty divided by n), so its gtol acts on
      // the mean's gradient; the same scaling gives the same stopping point (the minimiser is unchanged).
      for (let t = 0; t < grad.length; t++) grad[t] /= n;
      return loss / n;
    };
    const r = lbfgs(fg, new Float64Array(k * stride), {maxIter: this.params.maxIter, gtol: this.params.tol});
    this.coef_ = Array.from({length: k}, (_, c) => r.x.slice(c * stride, c * stride + p));
    this.intercept_ = Float64Array.from({length: k}, (_, c) => r.x[c * stride + p]);
    this.iterations_ = r.iterations;
    this.converged_ = r.converged;
    return this;
  }

  predictProba(X: Matrix): Float64Array[] {
    const {rows: n, cols: p, data} = X;
    // The classes are rowDots' B operand, which it takes in pairs: an even number of rows (a zero
    // row for an odd class count) keeps every class's logit on the same kernel path.
    const k = this.coef_.length, kp = k + (k % 2);
    const W = new Float64Array(kp * p);
    this.coef_.forEach((c, i) => W.set(c, i * p));
    const Z = rowDots(data, n, W, kp, p), out: Float64Array[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const z = new Float64Array(k);
      let max = -Infinity, sum = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, (z[c] = this.intercept_[c] + Z[i * kp + c]));
      for (let c = 0; c < k; c++) sum += z[c] = Math.exp(z[c] - max);
      for (let c = 0; c < k; c++) z[c] /= sum;
      out[i] = z;
    }
    return out;
  }

  predict(X: Matrix): number[] {
    return this.predictProba(X).map(argmax);
  }

  toJSON(): LogisticState {
    return {name: "LogisticRegression", params: this.params, classes: this.coef_.length, coef: this.coef_.map((c) => Array.from(c)),
      intercept: Array.from(this.intercept_), iterations: this.iterations_, converged: this.converged_};
  }

  static fromJSON(s: LogisticState): LogisticRegression {
    if (s.name !== "LogisticRegression") throw new Error(`not a LogisticRegression: ${s.name}`);
    const m = new LogisticRegression(s.params);
    m.coef_ = s.coef.map((c) => Float64Array.from(c));
    m.intercept_ = Float64Array.from(s.intercept);
    m.iterations_ = s.iterations;
    m.converged_ = s.converged;
    return m;
  }
}
