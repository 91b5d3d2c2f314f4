/** The RBF kernel and scikit-learn's two `gamma` presets. */
import type {Matrix} from "./matrix.ts";

export type Gamma = number | "scale" | "auto";

/** "scale" = 1 / (n_features · Var(X)) over all entries; "auto" = 1 / n_features (sklearn's definitions). */
export function resolveGamma(gamma: Gamma, X: Matrix): number {
  if (typeof gamma === "number") return gamma;
  if (gamma === "auto") return 1 / X.cols;
  let mean = 0;
  for (const v of X.data) mean += v;
  mean /= X.data.length;
  let v = 0;
  for (const x of X.data) v += (x - mean) ** 2;
  v /= X.data.length;
  return v > 0 ? 1 / (X.cols * v) : 1;
}

function sqNorms(X: Matrix): Float64Array {
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j] ** 2;
    out[i] = s;
  }
  return out;
}

/** K[i][j] = exp(−γ‖aᵢ − bⱼ‖²), row-major |A|×|B|. */
export function rbfKernel(A: Matrix, B: Matrix, gamma: number): Float64Array {
  const na = sqNorms(A), nb = A === B ? na : sqNorms(B);
  const p = A.cols;
  const K = new Float64Array(A.rows * B.rows);
  const symmetric = A === B;
  const a = A.data, b = B.data;
  for (let i = 0; i < A.rows; i++) {
    const ai = i * p;
    // The training kernel is symmetric: compute the upper triangle, mirror it below.
    for (let j = symmetric ? i : 0; j < B.rows; j++) {
      const bj = j * p;
      // Four accumulators: the dot product dominates the SVM's fit, and V8 pipelines them.
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0, t = 0;
      for (; t + 3 < p; t += 4) {
        d0 += a[ai + t] * b[bj + t];
        d1 += a[ai + t + 1] * b[bj + t + 1];
        d2 += a[ai + t + 2] * b[bj + t + 2];
        d3 += a[ai + t + 3] * b[bj + t + 3];
      }
      for (; t < p; t++) d0 += a[ai + t] * b[bj + t];
      const dot = d0 + d1 + d2 + d3;
      const k = Math.exp(-gamma * Math.max(0, na[i] + nb[j] - 2 * dot));
      K[i * B.rows + j] = k;
      if (symmetric) K[j * B.rows + i] = k;
    }
  }
  return K;
}
