/**
 * Multinomial logistic regression with an L2 penalty, as scikit-learn's LogisticRegression
 * (lbfgs, multi_class="multinomial") defines it: minimise Σᵢ −log pᵢ[yᵢ] + ‖W‖²/(2C), the intercept
 * unpenalised, stopping when the largest gradient entry of the mean objective is ≤ tol.
 */
import {lbfgs} from "./lbfgs.ts";
import {argmax, checkFitInput, type Classifier} from "./estimator.ts";
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
    const logits = new Float64Array(k);
    const fg = (w: Float64Array, grad: Float64Array) => {
      grad.fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const row = i * p;
        let max = -Infinity;
        for (let c = 0; c < k; c++) {
          let z = w[c * stride + p];
          for (let j = 0; j < p; j++) z += w[c * stride + j] * data[row + j];
          logits[c] = z;
          if (z > max) max = z;
        }
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(logits[c] - max);
        const lse = max + Math.log(sum);
        loss += lse - logits[y[i]];
        for (let c = 0; c < k; c++) {
          const r = Math.exp(logits[c] - lse) - (c === y[i] ? 1 : 0);
          for (let j = 0; j < p; j++) grad[c * stride + j] += r * data[row + j];
          grad[c * stride + p] += r;
        }
      }
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
    const k = this.coef_.length;
    return Array.from({length: n}, (_, i) => {
      const z = Float64Array.from({length: k}, (_, c) => {
        let s = this.intercept_[c];
        for (let j = 0; j < p; j++) s += this.coef_[c][j] * data[i * p + j];
        return s;
      });
      const max = Math.max(...z);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += z[c] = Math.exp(z[c] - max);
      return z.map((v) => v / sum);
    });
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
