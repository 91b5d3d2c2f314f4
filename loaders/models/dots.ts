/**
 * Dense products of rows against rows, A·Bᵀ (rows of length `len`, row-major): the covariance or
 * Gram matrix, PCA's scores and components, the SVM's RBF kernel, logistic regression's predictions
 * (its fit runs the same kernel on blocks of rows, multinomial-loss.ts). The 4×2 blocks run in the
 * WebAssembly SIMD kernel (simd-dots.ts) where it compiles, the edges here; without it, everything
 * runs here in the same 4×2 blocks — eight independent sums per pass instead of one long chain of
 * dependent additions, and fewer loads per multiply-add.
 */
import {newKernel, reserve, runBlocks, type Kernel} from "./simd-dots.ts";

/** Rows shorter than this are not worth the copies into the kernel's memory. */
export const SIMD_MIN_LEN = 8;

/**
 * The p×n transpose of a row-major n×p matrix into T, in 32×32 tiles (a plain loop strides
 * through memory on every write): columns become rows for rowDots.
 */
export function transposeInto(data: ArrayLike<number>, n: number, p: number, T: Float64Array): Float64Array {
  const tile = 32;
  for (let i0 = 0; i0 < n; i0 += tile)
    for (let j0 = 0; j0 < p; j0 += tile) {
      const iEnd = Math.min(n, i0 + tile),
        jEnd = Math.min(p, j0 + tile);
      for (let i = i0; i < iEnd; i++) for (let j = j0; j < jEnd; j++) T[j * n + i] = data[i * p + j];
    }
  return T;
}

/**
 * Copies the upper triangle of a square row-major matrix below the diagonal (what rowDots leaves
 * for `upper`), tile by tile: writing down a column of the whole matrix costs a cache line (and
 * often a page) per value.
 */
export function mirrorUpper(K: Float64Array, n: number, tile = 64): void {
  for (let i0 = 0; i0 < n; i0 += tile)
    for (let j0 = i0; j0 < n; j0 += tile)
      for (let i = i0; i < Math.min(n, i0 + tile); i++) for (let j = Math.max(j0, i + 1); j < Math.min(n, j0 + tile); j++) K[j * n + i] = K[i * n + j];
}

/**
 * One product A·Bᵀ as rowDots takes it: A's m rows and B's q rows, each of length `len`, `upper` as
 * rowDots's, into `out` (m×q, row-major).
 */
interface RowProduct {
  A: Float64Array;
  m: number;
  B: Float64Array;
  q: number;
  len: number;
  upper: boolean;
  out: Float64Array;
}

/** rowDots entirely in JavaScript (its fallback without WebAssembly SIMD; the bench's scalar reference). */
export function scalarRowDots(A: Float64Array, m: number, B: Float64Array, q: number, len: number, upper = false): Float64Array {
  const out = new Float64Array(m * q);
  scalarBlocks({A, m, B, q, len, upper, out});
  return out;
}

function scalarBlocks({A, m, B, q, len, upper, out}: RowProduct): void {
  for (let a = 0; a < m; a += 4) {
    const a0 = a * len,
      a1 = a0 + len,
      a2 = a1 + len,
      a3 = a2 + len;
    for (let b = upper ? a - (a % 2) : 0; b < q; b += 2) {
      if (a + 4 > m || b + 2 > q) {
        for (let u = a; u < Math.min(a + 4, m); u++)
          for (let v = upper ? Math.max(b, u) : b; v < Math.min(b + 2, q); v++) {
            let s = 0;
            for (let i = 0; i < len; i++) s += A[u * len + i] * B[v * len + i];
            out[u * q + v] = s;
          }
        continue;
      }
      const b0 = b * len,
        b1 = b0 + len;
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0,
        s20 = 0,
        s21 = 0,
        s30 = 0,
        s31 = 0;
      for (let i = 0; i < len; i++) {
        const y0 = B[b0 + i],
          y1 = B[b1 + i];
        const x0 = A[a0 + i],
          x1 = A[a1 + i],
          x2 = A[a2 + i],
          x3 = A[a3 + i];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s30 += x3 * y0;
        s31 += x3 * y1;
      }
      const r = a * q + b;
      (out[r] = s00), (out[r + 1] = s01), (out[r + q] = s10), (out[r + q + 1] = s11);
      (out[r + 2 * q] = s20), (out[r + 2 * q + 1] = s21), (out[r + 3 * q] = s30), (out[r + 3 * q + 1] = s31);
    }
  }
}

/** The entries the kernel does not cover: columns ≥ q2 of rows < m4, and rows ≥ m4. */
function edges({A, m, B, q, len, upper, out}: RowProduct, m4: number, q2: number): void {
  const dot = (u: number, v: number) => {
    let s = 0;
    for (let i = 0; i < len; i++) s += A[u * len + i] * B[v * len + i];
    out[u * q + v] = s;
  };
  for (let u = 0; u < m4; u++) for (let v = Math.max(q2, upper ? u : 0); v < q; v++) dot(u, v);
  for (let u = m4; u < m; u++) for (let v = upper ? u : 0; v < q; v++) dot(u, v);
}

let shared: Kernel | null | undefined;

/**
 * A·Bᵀ for A (m rows) and B (q rows), row-major m×q. With `upper`, A and B are the same rows and
 * only entries with column ≥ row are computed (the rest may be left at zero or hold values below
 * the diagonal of a block). Copies A and B into the kernel's memory (linear in their size).
 */
export function rowDots(A: Float64Array, m: number, B: Float64Array, q: number, len: number, upper = false): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * q);
  const m4 = m - (m % 4),
    q2 = q - (q % 2);
  const k = len >= SIMD_MIN_LEN ? (shared === undefined ? (shared = newKernel()) : shared) : null;
  const product: RowProduct = {A, m, B, q, len, upper, out};
  if (!k) return (scalarBlocks(product), out);
  // With upper, B is A: the kernel reads B's rows from A's copy, so that copy holds them all.
  const aRows = upper ? Math.max(m4, q2) : m4;
  const aBytes = aRows * len * 8,
    bBytes = upper ? 0 : q2 * len * 8;
  reserve(k, aBytes + bBytes + m4 * q * 8);
  const f64 = new Float64Array(k.memory.buffer);
  f64.set(A.subarray(0, aRows * len), 0);
  if (!upper) f64.set(B.subarray(0, q2 * len), aBytes / 8);
  runBlocks(k, {aAt: 0, bAt: upper ? 0 : aBytes, outAt: aBytes + bBytes, m4, q2, len, out, q, upper});
  edges(product, m4, q2);
  return out;
}
