/**
 * Multinomial logistic regression with an L2 penalty, as scikit-learn's LogisticRegression
 * (lbfgs, multi_class="multinomial") defines it: minimise Σᵢ −log pᵢ[yᵢ] + ‖W‖²/(2C), the intercept
 * unpenalised, stopping when the largest gradient entry of the mean objective is ≤ tol.
 */
import {lbfgs} from "./lbfgs.ts";
import {argmax, checkFitInput, type Classifier} from "./estimator.ts";
import type {Matrix} from "./matrix.ts";

/**
 * Σ a[ao + j]·b[bo + j] over j < len, in four interleaved partial sums: one running sum would make
 * every multiply-add wait for the previous one (the add's latency), which was most of the fit's time.
 */
export function dotAt(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
  for (; j + 3 < len; j += 4) {
    s0 += a[ao + j] * b[bo + j];
    s1 += a[ao + j + 1] * b[bo + j + 1];
    s2 += a[ao + j + 2] * b[bo + j + 2];
    s3 += a[ao + j + 3] * b[bo + j + 3];
  }
  for (; j < len; j++) s0 += a[ao + j] * b[bo + j];
  return s0 + s1 + (s2 + s3);
}

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
    const logits = new Float64Array(k), expShifted = new Float64Array(k);
    // Residuals (softmax − one-hot) of a block of rows: the gradient adds a block's rows to each
    // class's row of the gradient in one pass, loading and storing the gradient once per block.
    const BLOCK = 4;
    const resid = new Float64Array(BLOCK * k), blockLogits = new Float64Array(BLOCK * k);
    const fg = (w: Float64Array, grad: Float64Array) => {
      grad.fill(0);
      let loss = 0;
      for (let i0 = 0; i0 < n; i0 += BLOCK) {
        const m = Math.min(BLOCK, n - i0);
        if (m === BLOCK && k === 3) {
          // The study's case, three classes: one pass over the block's columns loads each of the four
          // rows' values and each class's weight once for all twelve products.
          const a0 = i0 * p, a1 = a0 + p, a2 = a1 + p, a3 = a2 + p, v0 = 0, v1 = stride, v2 = 2 * stride;
          let z00 = w[v0 + p], z01 = w[v1 + p], z02 = w[v2 + p];
          let z10 = z00, z11 = z01, z12 = z02, z20 = z00, z21 = z01, z22 = z02, z30 = z00, z31 = z01, z32 = z02;
          for (let j = 0; j < p; j++) {
            const x0 = data[a0 + j], x1 = data[a1 + j], x2 = data[a2 + j], x3 = data[a3 + j];
            const w0 = w[v0 + j], w1 = w[v1 + j], w2 = w[v2 + j];
            z00 += w0 * x0, z01 += w1 * x0, z02 += w2 * x0;
            z10 += w0 * x1, z11 += w1 * x1, z12 += w2 * x1;
            z20 += w0 * x2, z21 += w1 * x2, z22 += w2 * x2;
            z30 += w0 * x3, z31 += w1 * x3, z32 += w2 * x3;
          }
          blockLogits[0] = z00, blockLogits[1] = z01, blockLogits[2] = z02, blockLogits[3] = z10, blockLogits[4] = z11, blockLogits[5] = z12;
          blockLogits[6] = z20, blockLogits[7] = z21, blockLogits[8] = z22, blockLogits[9] = z30, blockLogits[10] = z31, blockLogits[11] = z32;
        } else if (m === BLOCK)
          // A class's weights against the block's four rows at once: each weight is loaded once.
          for (let c = 0; c < k; c++) {
            const w0 = c * stride, a0 = i0 * p, a1 = a0 + p, a2 = a1 + p, a3 = a2 + p;
            let s0 = w[w0 + p], s1 = s0, s2 = s0, s3 = s0;
            for (let j = 0; j < p; j++) {
              const v = w[w0 + j];
              s0 += v * data[a0 + j];
              s1 += v * data[a1 + j];
              s2 += v * data[a2 + j];
              s3 += v * data[a3 + j];
            }
            blockLogits[c] = s0, blockLogits[k + c] = s1, blockLogits[2 * k + c] = s2, blockLogits[3 * k + c] = s3;
          }
        else for (let b = 0; b < m; b++) for (let c = 0; c < k; c++) blockLogits[b * k + c] = w[c * stride + p] + dotAt(w, c * stride, data, (i0 + b) * p, p);
        for (let b = 0; b < m; b++) {
          const yi = y[i0 + b];
          let max = -Infinity;
          for (let c = 0; c < k; c++) {
            const z = blockLogits[b * k + c];
            logits[c] = z;
            if (z > max) max = z;
          }
          let sum = 0;
          for (let c = 0; c < k; c++) sum += expShifted[c] = Math.exp(logits[c] - max);
          loss += max + Math.log(sum) - logits[yi];
          for (let c = 0; c < k; c++) resid[b * k + c] = expShifted[c] / sum - (c === yi ? 1 : 0);
        }
        if (m === BLOCK && k === 3) {
          const a0 = i0 * p, a1 = a0 + p, a2 = a1 + p, a3 = a2 + p, g0 = 0, g1 = stride, g2 = 2 * stride;
          const r00 = resid[0], r01 = resid[1], r02 = resid[2], r10 = resid[3], r11 = resid[4], r12 = resid[5];
          const r20 = resid[6], r21 = resid[7], r22 = resid[8], r30 = resid[9], r31 = resid[10], r32 = resid[11];
          for (let j = 0; j < p; j++) {
            const x0 = data[a0 + j], x1 = data[a1 + j], x2 = data[a2 + j], x3 = data[a3 + j];
            grad[g0 + j] += r00 * x0 + r10 * x1 + r20 * x2 + r30 * x3;
            grad[g1 + j] += r01 * x0 + r11 * x1 + r21 * x2 + r31 * x3;
            grad[g2 + j] += r02 * x0 + r12 * x1 + r22 * x2 + r32 * x3;
          }
          grad[g0 + p] += r00 + r10 + r20 + r30;
          grad[g1 + p] += r01 + r11 + r21 + r31;
          grad[g2 + p] += r02 + r12 + r22 + r32;
        } else if (m === BLOCK) {
          const a0 = i0 * p, a1 = a0 + p, a2 = a1 + p, a3 = a2 + p;
          for (let c = 0; c < k; c++) {
            const r0 = resid[c], r1 = resid[k + c], r2 = resid[2 * k + c], r3 = resid[3 * k + c], g0 = c * stride;
            for (let j = 0; j < p; j++) grad[g0 + j] += r0 * data[a0 + j] + r1 * data[a1 + j] + r2 * data[a2 + j] + r3 * data[a3 + j];
            grad[g0 + p] += r0 + r1 + r2 + r3;
          }
        } else
          for (let b = 0; b < m; b++)
            for (let c = 0, row = (i0 + b) * p; c < k; c++) {
              const r = resid[b * k + c], g0 = c * stride;
              for (let j = 0; j < p; j++) grad[g0 + j] += r * data[row + j];
              grad[g0 + p] += r;
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
    const k = this.coef_.length, out: Float64Array[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const z = new Float64Array(k);
      let max = -Infinity, sum = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, (z[c] = this.intercept_[c] + dotAt(this.coef_[c], 0, data, i * p, p)));
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
