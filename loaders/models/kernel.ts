/** The RBF kernel and scikit-learn's two `gamma` presets. */
import {mirrorUpper} from "./dots.ts";
import {rowDots, type Matrix} from "./matrix.ts";

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

/**
 * K[i][j] = exp(−γ‖aᵢ − bⱼ‖²), row-major |A|×|B|, from the blocked dot products of rowDots (they
 * dominate the SVM's fit). The training kernel is symmetric: the upper triangle, mirrored below.
 */
export function rbfKernel(A: Matrix, B: Matrix, gamma: number): Float64Array {
  const na = sqNorms(A),
    nb = A === B ? na : sqNorms(B);
  const symmetric = A === B,
    m = A.rows,
    nB = B.rows;
  const K = rowDots(A.data, m, B.data, nB, A.cols, symmetric);
  for (let i = 0; i < m; i++) for (let j = symmetric ? i : 0; j < nB; j++) K[i * nB + j] = Math.exp(-gamma * Math.max(0, na[i] + nb[j] - 2 * K[i * nB + j]));
  if (symmetric) mirrorUpper(K, m);
  return K;
}
