/**
 * The symmetric eigendecomposition behind PCA, after JAMA (public domain): Householder reduction to
 * tridiagonal form (tred2), the implicit QL method on the tridiagonal matrix (tql2), and for PCA's
 * few leading components, inverse iteration for only those eigenvectors, carried back through the
 * reduction's reflections. Two of its loops run as WebAssembly SIMD kernels (simd-eigen.ts) where
 * they compile, with the same results to the bit.
 */
import {matrix, type Matrix} from "./matrix.ts";
import {eigenKernels, type EigenKernels} from "./simd-eigen.ts";

/** Where tridiagonalize keeps its arrays in the kernels' memory (float64 offsets): W, d, e, h, then leadingEigen's four interleaved vectors. */
const eigenLayout = (n: number) => ({W: 0, d: n * n, e: n * n + n, h: n * n + 2 * n, Y: n * n + 3 * n, end: n * n + 7 * n});

/** The SIMD kernels and the memory they work in, or null where WebAssembly SIMD is unavailable. */
type EigenSimd = {kernels: EigenKernels; memory: WebAssembly.Memory} | null;

/** tridiagonalize's result: T's diagonal d and sub-diagonal e, W and h as it describes, and the kernels' memory they live in. */
interface Tridiagonal {
  n: number;
  W: Float64Array;
  d: Float64Array;
  e: Float64Array;
  h: Float64Array;
  simd: EigenSimd;
}

/**
 * tred2's working state. W holds Vᵀ (W[c * n + r] is V[r][c]) so the hot loops walk contiguous
 * memory; d and e are JAMA's vectors of those names. W, d, e (and later h) live in the SIMD
 * kernels' memory (simd-eigen.ts), at the offsets of `at`, where the kernels compile.
 */
interface Reduction {
  n: number;
  W: Float64Array;
  d: Float64Array;
  e: Float64Array;
  at: ReturnType<typeof eigenLayout>;
  memory: WebAssembly.Memory;
  kernels: EigenKernels | null;
}

/** `length` float64s at `offset` in the kernels' memory, or a fresh array without the kernels. */
function view(r: Pick<Reduction, "memory" | "kernels">, offset: number, length: number): Float64Array {
  return r.kernels ? new Float64Array(r.memory.buffer, 8 * offset, length) : new Float64Array(length);
}

/** The working state for a symmetric `a`: W starts as A (A is symmetric, so Aᵀ = A). */
function reductionOf(a: Matrix): Reduction {
  const n = a.rows;
  const at = eigenLayout(n);
  const memory = new WebAssembly.Memory({initial: Math.max(1, Math.ceil((8 * at.end) / 65536))});
  const kernels = eigenKernels(memory);
  const r: Reduction = {
    n,
    at,
    memory,
    kernels,
    W: view({memory, kernels}, at.W, n * n),
    d: view({memory, kernels}, at.d, n),
    e: view({memory, kernels}, at.e, n)
  };
  r.W.set(a.data);
  return r;
}

/**
 * Householder reduction to tridiagonal form (JAMA's tred2, public domain): T's diagonal d and
 * sub-diagonal e (e[n−1] = 0); with `accumulate`, W holds Qᵀ (W[c · n + r] is Q[r][c]), else the
 * Householder vectors and h their scales. The working matrix is stored transposed in one flat
 * array so that the inner loops, which run down JAMA's columns, read contiguous memory: the same
 * operations in the same order (bit-identical results), about twice as fast at n = 1024.
 */
function tridiagonalize(a: Matrix, accumulate = true): Tridiagonal {
  const r = reductionOf(a);
  const {n, W, d, e} = r;
  // tred2
  for (let j = 0; j < n; j++) d[j] = W[j * n + (n - 1)];
  for (let i = n - 1; i > 0; i--) d[i] = householderStep(r, i);
  // Without accumulation, W keeps the Householder vectors (V[k][i] = W[i·n + k], k < i) and h their
  // scales, and T's diagonal is where the accumulation would read it from.
  const h = view(r, r.at.h, n);
  h.set(d);
  const simd = r.kernels ? {kernels: r.kernels, memory: r.memory} : null;
  if (accumulate) accumulateReflections(r);
  else for (let j = 0; j < n; j++) d[j] = W[j * n + j];
  e[0] = 0;
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  return {n, W, d, e, h, simd};
}

/**
 * One step of tred2, for row i (from n − 1 down to 1): the Householder reflection that zeroes the
 * working matrix's row i left of its sub-diagonal, applied to the rows and columns before i. Returns
 * the reflection's scale h (0 when the row is already zero there), which tred2 keeps in d[i].
 */
function householderStep(r: Reduction, i: number): number {
  const {n, W, d, e} = r;
  let scale = 0;
  for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
  if (scale === 0) {
    e[i] = d[i - 1];
    for (let j = 0; j < i; j++) {
      d[j] = W[j * n + (i - 1)];
      W[j * n + i] = 0;
      W[i * n + j] = 0;
    }
    return 0;
  }
  const h = householderVector(r, i, scale);
  reflectorProduct(r, i);
  rank2Vector(r, i, h);
  rank2Update(r, i);
  return h;
}

/** The Householder vector u in d[0 … i − 1] (the row scaled by 1/scale, d[i − 1] shifted), T's e[i], and e[0 … i − 1] cleared; returns h = uᵀu / 2. */
function householderVector(r: Reduction, i: number, scale: number): number {
  const {d, e} = r;
  let h = 0;
  for (let k = 0; k < i; k++) {
    d[k] /= scale;
    h += d[k] * d[k];
  }
  const f = d[i - 1];
  let g = Math.sqrt(h);
  if (f > 0) g = -g;
  e[i] = scale * g;
  h -= f * g;
  d[i - 1] = f - g;
  for (let j = 0; j < i; j++) e[j] = 0;
  return h;
}

/** e[0 … i − 1] = A·u for the leading i×i block A (read from its upper triangle in W) and u = d[0 … i − 1]; u is stored in W's row i. */
function reflectorProduct(r: Reduction, i: number): void {
  const {n, W, d, e} = r;
  // Rows j and j + 1 in one pass: two independent sums instead of one dependent chain, and
  // every addition in JAMA's order (row j's term of e[k] before row j + 1's), so the same bits.
  let j = 0;
  for (; j + 1 < i; j += 2) {
    const f0 = d[j],
      f1 = d[j + 1],
      o0 = j * n,
      o1 = o0 + n;
    W[i * n + j] = f0;
    W[i * n + j + 1] = f1;
    let g0 = e[j] + W[o0 + j] * f0;
    g0 += W[o0 + j + 1] * d[j + 1];
    e[j + 1] += W[o0 + j + 1] * f0;
    let g1 = e[j + 1] + W[o1 + j + 1] * f1;
    for (let k = j + 2; k <= i - 1; k++) {
      const w0 = W[o0 + k],
        w1 = W[o1 + k],
        dk = d[k];
      g0 += w0 * dk;
      g1 += w1 * dk;
      e[k] = e[k] + w0 * f0 + w1 * f1;
    }
    e[j] = g0;
    e[j + 1] = g1;
  }
  for (; j < i; j++) {
    const f = d[j];
    W[i * n + j] = f;
    let g = e[j] + W[j * n + j] * f;
    for (let k = j + 1; k <= i - 1; k++) {
      g += W[j * n + k] * d[k];
      e[k] += W[j * n + k] * f;
    }
    e[j] = g;
  }
}

/** The rank-2 update's second vector, in e: p = A·u / h, then q = p − (uᵀp / 2h)·u. */
function rank2Vector(r: Reduction, i: number, h: number): void {
  const {d, e} = r;
  let f = 0;
  for (let j = 0; j < i; j++) {
    e[j] /= h;
    f += e[j] * d[j];
  }
  const hh = f / (h + h);
  for (let j = 0; j < i; j++) e[j] -= hh * d[j];
}

/**
 * The rank-2 update A −= u·qᵀ + q·uᵀ of the rows j < i (entries j … i − 1), then the next row's
 * values into d: in the SIMD kernel where it compiles (every entry the same bits), else here, two
 * rows a pass (each entry is computed exactly as JAMA does).
 */
function rank2Update(r: Reduction, i: number): void {
  const {n, W, d, e, at, kernels} = r;
  let j = 0;
  if (kernels) {
    kernels.rank2(8 * at.W, 8 * at.d, 8 * at.e, n, i);
    for (j = 0; j < i; j++) {
      d[j] = W[j * n + (i - 1)];
      W[j * n + i] = 0;
    }
    return;
  }
  for (j = 0; j + 1 < i; j += 2) {
    const f0 = d[j],
      g0 = e[j],
      f1 = d[j + 1],
      g1 = e[j + 1],
      o0 = j * n,
      o1 = o0 + n;
    W[o0 + j] -= f0 * e[j] + g0 * d[j];
    for (let k = j + 1; k <= i - 1; k++) {
      const ek = e[k],
        dk = d[k];
      W[o0 + k] -= f0 * ek + g0 * dk;
      W[o1 + k] -= f1 * ek + g1 * dk;
    }
    d[j] = W[o0 + (i - 1)];
    W[o0 + i] = 0;
    d[j + 1] = W[o1 + (i - 1)];
    W[o1 + i] = 0;
  }
  for (; j < i; j++) {
    const f = d[j],
      g = e[j];
    for (let k = j; k <= i - 1; k++) W[j * n + k] -= f * e[k] + g * d[k];
    d[j] = W[j * n + (i - 1)];
    W[j * n + i] = 0;
  }
}

/** tred2's accumulation: the reflections (scales in d, vectors in W) multiplied into Qᵀ in W, and T's diagonal into d. */
function accumulateReflections(r: Reduction): void {
  const {n, W, d} = r;
  for (let i = 0; i < n - 1; i++) {
    W[i * n + (n - 1)] = W[i * n + i];
    W[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = W[(i + 1) * n + k] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += W[(i + 1) * n + k] * W[j * n + k];
        for (let k = 0; k <= i; k++) W[j * n + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) W[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = W[j * n + (n - 1)];
    W[j * n + (n - 1)] = 0;
  }
  W[(n - 1) * n + (n - 1)] = 1;
}

/**
 * JAMA's tql2: eigenvalues of the symmetric tridiagonal (d, e) by the implicit QL method, in place
 * in d; with W, the rotations are also applied to it (eigenvectors). Without W the eigenvalues are
 * the same, bit for bit: the rotations never feed back into d and e.
 */
function tql(n: number, d: Float64Array, e: Float64Array, W: Float64Array | null): void {
  let f = 0,
    tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      do {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1,
          c2 = c,
          c3 = c,
          s = 0,
          s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (W)
            for (let k = 0; k < n; k++) {
              h = W[(i + 1) * n + k];
              W[(i + 1) * n + k] = s * W[i * n + k] + c * h;
              W[i * n + k] = c * W[i * n + k] - s * h;
            }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** The indices of d by descending value (ties by index), and d's values in that order. */
function descending(d: Float64Array): {order: number[]; values: Float64Array} {
  const order = Array.from({length: d.length}, (_, i) => i).sort((i, j) => d[j] - d[i] || i - j);
  return {order, values: Float64Array.from(order, (i) => d[i])};
}

/** The full decomposition: eigenvalues descending, eigenvectors as the columns of an n×n matrix (leadingEigen's reference in the tests). */
export function symmetricEigen(a: Matrix): {values: Float64Array; vectors: Matrix} {
  const {n, W, d, e} = tridiagonalize(a);
  tql(n, d, e, W);
  const {order, values} = descending(d);
  const vectors = matrix(n, n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) vectors.data[r * n + c] = W[order[c] * n + r];
  return {values, vectors};
}

/**
 * The eigenvalues of a symmetric matrix — the same numbers, in the same descending order, as
 * symmetricEigen's — and the eigenvectors of only the leading `count(values)` of them. PCA keeps
 * ~90 of 1,024 components, and accumulating every QL rotation into all 1,024 eigenvectors was half
 * of the decomposition's time. Here the QL sweeps run on the eigenvalues alone; each wanted
 * eigenvector of the tridiagonal matrix comes from inverse iteration at its eigenvalue (LU with
 * partial pivoting, as LAPACK's dgttrf, reorthogonalised against the ones before it so that close
 * eigenvalues still give an orthonormal set), and is carried back by the Householder transform.
 */
export function leadingEigen(a: Matrix, count: (values: Float64Array) => number): {values: Float64Array; vectors: Float64Array[]} {
  const t = tridiagonalize(a, false);
  const {n, d, e} = t;
  const diag = d.slice(),
    off = e.slice(); // off[i] couples i and i + 1
  tql(n, d, e, null);
  const {values} = descending(d);
  const k = count(values);
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new Error(`leadingEigen: ${k} eigenvectors asked of a ${n}×${n} matrix`);
  return {values, vectors: backTransform(t, tridiagonalEigenvectors(diag, off, values, k))};
}

/**
 * Eigenvectors of the symmetric tridiagonal matrix T (diagonal `diag`, off-diagonal `off`) for its
 * leading k eigenvalues (`values`, descending), by inverse iteration.
 */
function tridiagonalEigenvectors(diag: Float64Array, off: Float64Array, values: Float64Array, k: number): Float64Array[] {
  const n = diag.length;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(diag[i]) + Math.abs(off[i]) + (i > 0 ? Math.abs(off[i - 1]) : 0));
  const tiny = Math.max(norm * 2 ** -52, Number.MIN_VALUE);
  const lu: TridiagonalLU = {dl: new Float64Array(n), dd: new Float64Array(n), du: new Float64Array(n), du2: new Float64Array(n), swap: new Uint8Array(n)};
  const xs: Float64Array[] = [];
  // Reorthogonalised only against the vectors of its cluster (eigenvalues closer than 10⁻³‖T‖, as
  // LAPACK's dstein): inverse iteration already gives well-separated eigenvalues orthogonal vectors,
  // and orthogonalising against every earlier vector cost O(k²n), as much as the rest together.
  let clusterStart = 0;
  for (let c = 0; c < k; c++) {
    if (c > 0 && Math.abs(values[c - 1] - values[c]) > 1e-3 * norm) clusterStart = c;
    factorShifted(lu, diag, off, values[c], tiny);
    xs.push(inverseIteration(lu, xs, clusterStart, c));
  }
  return xs;
}

/**
 * LU factors of T − λI with partial pivoting as LAPACK's dgttrf stores them: the multipliers in dl,
 * U's three diagonals in dd, du and du2 (the second super-diagonal, filled by row swaps), and
 * whether step i swapped rows i and i + 1.
 */
interface TridiagonalLU {
  dl: Float64Array;
  dd: Float64Array;
  du: Float64Array;
  du2: Float64Array;
  swap: Uint8Array;
}

/** Factors T − λI into `lu` (dgttrf); a zero pivot becomes `tiny`, as dstein perturbs. */
function factorShifted(lu: TridiagonalLU, diag: Float64Array, off: Float64Array, lambda: number, tiny: number): void {
  const {dl, dd, du, du2, swap} = lu;
  const n = diag.length;
  for (let i = 0; i < n; i++) (dd[i] = diag[i] - lambda), (du[i] = off[i]), (dl[i] = off[i]), (du2[i] = 0), (swap[i] = 0);
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
      if (dd[i] === 0) dd[i] = tiny;
      const f = dl[i] / dd[i];
      dl[i] = f;
      dd[i + 1] -= f * du[i];
    } else {
      const f = dd[i] / dl[i];
      dd[i] = dl[i];
      dl[i] = f;
      const t = du[i];
      du[i] = dd[i + 1];
      dd[i + 1] = t - f * dd[i + 1];
      if (i < n - 2) {
        du2[i] = du[i + 1];
        du[i + 1] = -f * du[i + 1];
      }
      swap[i] = 1;
    }
  }
  if (dd[n - 1] === 0) dd[n - 1] = tiny;
}

/**
 * Eigenvector c by inverse iteration with the factors of T − λ_c·I: a different fixed start for each
 * vector (as dstein's random starts: with a repeated eigenvalue, the same start would give the same
 * direction every time), made orthogonal to the vectors xs[from … c − 1] of its cluster, then three
 * solves, each followed by Gram–Schmidt and scaling.
 */
function inverseIteration(lu: TridiagonalLU, xs: Float64Array[], from: number, c: number): Float64Array {
  const n = lu.dd.length;
  const x = Float64Array.from({length: n}, (_, i) => 0.5 + (((i + 1) * 7919 + (c + 1) * 104729) % 1009) / 1009);
  orthonormalize(x, xs, from, c);
  for (let it = 0; it < 3; it++) {
    solveFactored(lu, x);
    orthonormalize(x, xs, from, c);
  }
  return x;
}

/** x ← (T − λI)⁻¹x from the factors (dgttrs): the row swaps and L forward, then U backward. */
function solveFactored({dl, dd, du, du2, swap}: TridiagonalLU, x: Float64Array): void {
  const n = x.length;
  for (let i = 0; i < n - 1; i++) {
    if (swap[i]) {
      const t = x[i];
      x[i] = x[i + 1];
      x[i + 1] = t - dl[i] * x[i];
    } else x[i + 1] -= dl[i] * x[i];
  }
  x[n - 1] /= dd[n - 1];
  if (n > 1) x[n - 2] = (x[n - 2] - du[n - 2] * x[n - 1]) / dd[n - 2];
  for (let i = n - 3; i >= 0; i--) x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / dd[i];
}

/**
 * x made orthogonal to xs[from … to − 1], then scaled to unit length. Classical Gram–Schmidt against
 * four earlier vectors a pass (four independent dot products, then one update of x), repeated after
 * every solve, so it is as good as the modified form.
 */
function orthonormalize(x: Float64Array, xs: Float64Array[], from: number, to: number): void {
  const n = x.length;
  let j = from;
  for (; j + 3 < to; j += 4) {
    const y0 = xs[j],
      y1 = xs[j + 1],
      y2 = xs[j + 2],
      y3 = xs[j + 3];
    let d0 = 0,
      d1 = 0,
      d2 = 0,
      d3 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      d0 += xi * y0[i];
      d1 += xi * y1[i];
      d2 += xi * y2[i];
      d3 += xi * y3[i];
    }
    for (let i = 0; i < n; i++) x[i] -= d0 * y0[i] + d1 * y1[i] + d2 * y2[i] + d3 * y3[i];
  }
  for (; j < to; j++) {
    const y = xs[j];
    let dot = 0;
    for (let i = 0; i < n; i++) dot += x[i] * y[i];
    for (let i = 0; i < n; i++) x[i] -= dot * y[i];
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * x[i];
  s = Math.sqrt(s);
  for (let i = 0; i < n; i++) x[i] /= s;
}

/**
 * The tridiagonal matrix's eigenvectors xs back to the original basis: v = Q x with Q = R₍ₙ₋₁₎ ⋯ R₁,
 * Rᵢ₊₁ = I − u uᵀ / h[i + 1] and u = V[0..i][i + 1] — the reflections tred2 would have multiplied
 * into Q, applied to the x's alone. Four vectors at a time, interleaved (entry r of vector c at
 * 4r + c): each reflection is read once per four vectors, and the four dot products are independent
 * sums kept in registers rather than one long chain of dependent additions.
 */
function backTransform({n, W, h, simd}: Tridiagonal, xs: Float64Array[]): Float64Array[] {
  const k = xs.length;
  const vectors: Float64Array[] = [];
  const at = eigenLayout(n);
  const Y = simd ? new Float64Array(simd.memory.buffer, 8 * at.Y, n * 4) : new Float64Array(n * 4);
  for (let c0 = 0; c0 < k; c0 += 4) {
    const m = Math.min(4, k - c0);
    Y.fill(0);
    for (let c = 0; c < m; c++) for (let r = 0; r < n; r++) Y[r * 4 + c] = xs[c0 + c][r];
    // Each vector's sums down its own SIMD lane (simd-eigen.ts), or here.
    if (simd) simd.kernels.reflect(8 * at.W, 8 * at.h, 8 * at.Y, n);
    else reflectFour(W, h, Y, n);
    for (let c = 0; c < m; c++) vectors.push(Float64Array.from({length: n}, (_, r) => Y[r * 4 + c]));
  }
  return vectors;
}

/** The reflections (vectors in W's rows, scales in h) applied to the four interleaved vectors in Y: the reflect kernel's loop. */
function reflectFour(W: Float64Array, h: Float64Array, Y: Float64Array, n: number): void {
  for (let i = 0; i < n - 1; i++) {
    const hh = h[i + 1];
    if (hh === 0) continue;
    const o = (i + 1) * n;
    let g0 = 0,
      g1 = 0,
      g2 = 0,
      g3 = 0;
    for (let r = 0; r <= i; r++) {
      const u = W[o + r],
        y = 4 * r;
      g0 += u * Y[y];
      g1 += u * Y[y + 1];
      g2 += u * Y[y + 2];
      g3 += u * Y[y + 3];
    }
    (g0 /= hh), (g1 /= hh), (g2 /= hh), (g3 /= hh);
    for (let r = 0; r <= i; r++) {
      const u = W[o + r],
        y = 4 * r;
      Y[y] -= g0 * u;
      Y[y + 1] -= g1 * u;
      Y[y + 2] -= g2 * u;
      Y[y + 3] -= g3 * u;
    }
  }
}
