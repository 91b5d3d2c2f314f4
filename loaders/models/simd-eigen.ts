/**
 * Two loops of the symmetric eigendecomposition behind PCA (eigen.ts) as WebAssembly SIMD
 * functions, assembled with loaders/lib/wasm-module.ts; each computes every value by the same
 * operations in the same order as the JavaScript loop it replaces, so the results are the same bits.
 *
 * - rank2: the rank-2 update of the Householder tridiagonal reduction (JAMA's tred2): for every row
 *   j < i of the working matrix, W[j][k] −= d[j]·e[k] + e[j]·d[k] for k = j … i − 1 — half of the
 *   reduction's multiply-adds; two entries per instruction.
 * - reflect: the eigenvectors carried back through the reduction's reflections, four vectors at a
 *   time interleaved (entry r of vector c at 4r + c): each of a vector's sums runs down its own
 *   SIMD lane in the loop's order.
 */
import {compiledOnce, F64, functionsModule, I32, op, V128, type WasmFunction} from "../lib/wasm-module.ts";

const {get, set, tee, i32, add, mul, shl, geS, geU, gtU, ltU, ifVoid: ifThen, block, loop, brIf, br, end, v128Zero, f64x2Splat: splat} = op;
const f64x2 = {add: op.f64x2Add, sub: op.f64x2Sub, mul: op.f64x2Mul, div: op.f64x2Div};
const f64 = {load: op.f64Load(), store: op.f64Store(), add: op.f64Add, sub: op.f64Sub, mul: op.f64Mul, eq: op.f64Eq, const0: op.f64Const(0)};
const {v128Load: v128LoadAt, v128Store: v128StoreAt} = op, v128Load = op.v128Load(), v128Store = op.v128Store();

// Parameters (i32): w, d, e (byte addresses), n (the matrix's order), i (rows and columns < i).
const [W, D, E, N, I] = [0, 1, 2, 3, 4];
// Locals: j, p (entry), end (row's end), pd, pe (d[k], e[k]) as i32; f, g as f64; F, G as v128.
const [J, P, END, PD, PE] = [5, 6, 7, 8, 9];
const [FS, GS] = [10, 11];
const [FV, GV] = [12, 13];

function rank2(): WasmFunction {
  const c: number[] = [];
  const emit = (...parts: number[][]) => parts.forEach((x) => c.push(...x));
  emit(i32(0), set(J), block, loop, get(J), get(I), geS, brIf(1));
  // f = d[j], g = e[j]; p = &W[j][j], end = &W[j][i]; pd = &d[j], pe = &e[j]
  emit(get(D), get(J), i32(3), shl, add, tee(PD), f64.load, tee(FS), splat, set(FV));
  emit(get(E), get(J), i32(3), shl, add, tee(PE), f64.load, tee(GS), splat, set(GV));
  emit(get(W), get(J), get(N), mul, get(J), add, i32(3), shl, add, set(P));
  emit(get(W), get(J), get(N), mul, get(I), add, i32(3), shl, add, set(END));
  // Two entries at a time while both are in the row.
  emit(block, loop, get(P), i32(16), add, get(END), gtU, brIf(1));
  emit(get(P), get(P), v128Load, get(FV), get(PE), v128Load, f64x2.mul, get(GV), get(PD), v128Load, f64x2.mul, f64x2.add, f64x2.sub, v128Store);
  emit(get(P), i32(16), add, set(P), get(PD), i32(16), add, set(PD), get(PE), i32(16), add, set(PE), br(0), end, end);
  // The last entry when the row's length is odd.
  emit(get(P), get(END), ltU, ifThen);
  emit(get(P), get(P), f64.load, get(FS), get(PE), f64.load, f64.mul, get(GS), get(PD), f64.load, f64.mul, f64.add, f64.sub, f64.store, end);
  emit(get(J), i32(1), add, set(J), br(0), end, end);
  return {name: "rank2", params: new Array(5).fill(I32), locals: [[5, I32], [2, F64], [2, V128]], body: c};
}

/**
 * reflect(w, h, y, n): for i = 0 … n − 2 with h[i + 1] ≠ 0 and u = W[i + 1][0 … i]: g = uᵀY / h[i + 1]
 * for each of the four vectors, then Y[r] −= g·u[r] — as reflectFour, backTransform's loop (eigen.ts).
 */
function reflect(): WasmFunction {
  const [Wp, H, Y, N] = [0, 1, 2, 3];
  const [Ii, O, R, PY, END] = [4, 5, 6, 7, 8];
  const HH = 9;
  const [G01, G23, U] = [10, 11, 12];
  const c: number[] = [];
  const emit = (...parts: number[][]) => parts.forEach((x) => c.push(...x));
  emit(i32(0), set(Ii), block, loop, get(Ii), get(N), i32(1), op.sub, geS, brIf(1));
  emit(block); // `br 0` skips a reflection whose scale is zero
  emit(get(H), get(Ii), i32(1), add, i32(3), shl, add, f64.load, tee(HH), f64.const0, f64.eq, brIf(0));
  // o = &W[i + 1][0]; end = &Y[i + 1]
  emit(get(Wp), get(Ii), i32(1), add, get(N), mul, i32(3), shl, add, set(O));
  emit(get(Y), get(Ii), i32(1), add, i32(5), shl, add, set(END));
  emit(v128Zero, set(G01), v128Zero, set(G23));
  emit(get(O), set(R), get(Y), set(PY));
  emit(block, loop, get(PY), get(END), geU, brIf(1));
  emit(get(R), f64.load, splat, set(U));
  emit(get(G01), get(U), get(PY), v128LoadAt(0), f64x2.mul, f64x2.add, set(G01));
  emit(get(G23), get(U), get(PY), v128LoadAt(16), f64x2.mul, f64x2.add, set(G23));
  emit(get(R), i32(8), add, set(R), get(PY), i32(32), add, set(PY), br(0), end, end);
  emit(get(HH), splat, set(U), get(G01), get(U), f64x2.div, set(G01), get(G23), get(U), f64x2.div, set(G23));
  emit(get(O), set(R), get(Y), set(PY));
  emit(block, loop, get(PY), get(END), geU, brIf(1));
  emit(get(R), f64.load, splat, set(U));
  emit(get(PY), get(PY), v128LoadAt(0), get(G01), get(U), f64x2.mul, f64x2.sub, v128StoreAt(0));
  emit(get(PY), get(PY), v128LoadAt(16), get(G23), get(U), f64x2.mul, f64x2.sub, v128StoreAt(16));
  emit(get(R), i32(8), add, set(R), get(PY), i32(32), add, set(PY), br(0), end, end);
  emit(end); // the reflection's block
  emit(get(Ii), i32(1), add, set(Ii), br(0), end, end);
  return {name: "reflect", params: new Array(4).fill(I32), locals: [[5, I32], [1, F64], [3, V128]], body: c};
}

export type EigenKernels = {
  rank2: (w: number, d: number, e: number, n: number, i: number) => void;
  reflect: (w: number, h: number, y: number, n: number) => void;
};
const instantiate = compiledOnce(() => functionsModule([rank2(), reflect()]));

/** The kernels on `memory` (byte addresses into it), or null where WebAssembly SIMD is unavailable. */
export const eigenKernels = (memory: WebAssembly.Memory): EigenKernels | null => instantiate(memory) as unknown as EigenKernels | null;
