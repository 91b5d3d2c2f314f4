/**
 * Multinomial logistic regression with an L2 penalty, as scikit-learn's LogisticRegression
 * (lbfgs, multi_class="multinomial") defines it: minimise Σᵢ −log pᵢ[yᵢ] + ‖W‖²/(2C), the intercept
 * unpenalised, stopping when the largest gradient entry of the mean objective is ≤ tol.
 */
import {lbfgs} from "./lbfgs.ts";
import {argmax, checkFitInput, type Classifier} from "./estimator.ts";
import {rowDots} from "./dots.ts";
import {MultinomialLoss} from "./multinomial-loss.ts";
import type {Matrix} from "./matrix.ts";
import {softmaxInPlace} from "./softmax.ts";

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
    const objective = new MultinomialLoss(data, n, p, y, k);
    const fg = (w: Float64Array, grad: Float64Array) => {
      let loss = objective.evaluate(w, grad);
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
    const k = this.coef_.length,
      kp = k + (k % 2);
    const W = new Float64Array(kp * p);
    this.coef_.forEach((c, i) => W.set(c, i * p));
    const Z = rowDots(data, n, W, kp, p),
      out: Float64Array[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const z = new Float64Array(k);
      for (let c = 0; c < k; c++) z[c] = this.intercept_[c] + Z[i * kp + c];
      softmaxInPlace(z);
      out[i] = z;
    }
    return out;
  }

  predict(X: Matrix): number[] {
    return this.predictProba(X).map(argmax);
  }

  toJSON(): LogisticState {
    return {
      name: "LogisticRegression",
      params: this.params,
      classes: this.coef_.length,
      coef: this.coef_.map((c) => Array.from(c)),
      intercept: Array.from(this.intercept_),
      iterations: this.iterations_,
      converged: this.converged_
    };
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
