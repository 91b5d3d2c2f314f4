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

/**
 * Copies the upper triangle of a square row-major matrix below the diagonal, tile by tile: writing
 * each value's mirror as it is computed strode down a column of the whole matrix, one cache line
 * (and often one page) per value.
 */
function mirrorUpper(K: Float64Array, n: number, tile = 64): void {
  for (let i0 = 0; i0 < n; i0 += tile)
    for (let j0 = i0; j0 < n; j0 += tile)
      for (let i = i0; i < Math.min(n, i0 + tile); i++)
        for (let j = Math.max(j0, i + 1); j < Math.min(n, j0 + tile); j++) K[j * n + i] = K[i * n + j];
}

/** ⟨aᵢ, bⱼ⟩ for one row of A against one of B, in four partial sums (the edges of the 2×2 blocks). */
function dot1(a: Float64Array, ai: number, b: Float64Array, bj: number, p: number): number {
  let d0 = 0, d1 = 0, d2 = 0, d3 = 0, t = 0;
  for (; t + 3 < p; t += 4) {
    d0 += a[ai + t] * b[bj + t];
    d1 += a[ai + t + 1] * b[bj + t + 1];
    d2 += a[ai + t + 2] * b[bj + t + 2];
    d3 += a[ai + t + 3] * b[bj + t + 3];
  }
  for (; t < p; t++) d0 += a[ai + t] * b[bj + t];
  return d0 + d1 + d2 + d3;
}

/**
 * K[i][j] = exp(−γ‖aᵢ − bⱼ‖²), row-major |A|×|B|. The dot products go two rows of A by two of B at
 * a time, each in two partial sums: every value loaded serves two multiply-adds and eight
 * independent sums keep the adds from waiting on each other (the kernel dominates the SVM's fit).
 */
export function rbfKernel(A: Matrix, B: Matrix, gamma: number): Float64Array {
  const na = sqNorms(A), nb = A === B ? na : sqNorms(B);
  const p = A.cols, m = A.rows, nB = B.rows;
  const K = new Float64Array(m * nB);
  // The training kernel is symmetric: compute the blocks on and above the diagonal, mirror below.
  const symmetric = A === B;
  const a = A.data, b = B.data;
  for (let i = 0; i < m; i += 2) {
    const two = i + 1 < m, ai = i * p, ai1 = ai + p;
    for (let j = symmetric ? i : 0; j < nB; j += 2) {
      const bj = j * p, bj1 = bj + p;
      if (two && j + 1 < nB) {
        let s00 = 0, s01 = 0, s10 = 0, s11 = 0, u00 = 0, u01 = 0, u10 = 0, u11 = 0, t = 0;
        for (; t + 1 < p; t += 2) {
          const a0 = a[ai + t], a1 = a[ai1 + t], b0 = b[bj + t], b1 = b[bj1 + t];
          s00 += a0 * b0, s01 += a0 * b1, s10 += a1 * b0, s11 += a1 * b1;
          const c0 = a[ai + t + 1], c1 = a[ai1 + t + 1], e0 = b[bj + t + 1], e1 = b[bj1 + t + 1];
          u00 += c0 * e0, u01 += c0 * e1, u10 += c1 * e0, u11 += c1 * e1;
        }
        if (t < p) {
          const a0 = a[ai + t], a1 = a[ai1 + t], b0 = b[bj + t], b1 = b[bj1 + t];
          s00 += a0 * b0, s01 += a0 * b1, s10 += a1 * b0, s11 += a1 * b1;
        }
        K[i * nB + j] = s00 + u00;
        K[i * nB + j + 1] = s01 + u01;
        K[(i + 1) * nB + j] = s10 + u10;
        K[(i + 1) * nB + j + 1] = s11 + u11;
      } else {
        K[i * nB + j] = dot1(a, ai, b, bj, p);
        if (j + 1 < nB) K[i * nB + j + 1] = dot1(a, ai, b, bj1, p);
        if (two) K[(i + 1) * nB + j] = dot1(a, ai1, b, bj, p);
      }
    }
  }
  for (let i = 0; i < m; i++)
    for (let j = symmetric ? i : 0; j < nB; j++) K[i * nB + j] = Math.exp(-gamma * Math.max(0, na[i] + nb[j] - 2 * K[i * nB + j]));
  if (symmetric) mirrorUpper(K, m);
  return K;
}
