/**
 * The rank-2 update of the Householder tridiagonal reduction (JAMA's tred2, matrix.ts): for every
 * row j < i of the working matrix, W[j][k] −= d[j]·e[k] + e[j]·d[k] for k = j … i − 1 — half of
 * the reduction's multiply-adds, and the part PCA's eigendecomposition spent most in. Each entry is
 * computed by the same operations in the same order as the JavaScript loop, two entries per 128-bit
 * SIMD instruction, so the result is the same bits. Assembled with loaders/lib/wasm-module.ts.
 */
import {F64, I32, oneFunctionModule, op as base, V128} from "../lib/wasm-module.ts";

const {get, set, tee, i32, add, mul, shl, geS, block, loop, brIf, br, end} = base;
const gtU = [0x4b], ltU = [0x49], ifThen = [0x04, 0x40];
const v128Load = [...base.simd(0x00), 3, 0], v128Store = [...base.simd(0x0b), 3, 0], splat = base.simd(20);
const f64x2 = {add: base.simd(240), sub: base.simd(241), mul: base.simd(242)};
const f64 = {load: [0x2b, 3, 0], store: [0x39, 3, 0], add: [0xa0], sub: [0xa1], mul: [0xa2]};

// Parameters (i32): w, d, e (byte addresses), n (the matrix's order), i (rows and columns < i).
const [W, D, E, N, I] = [0, 1, 2, 3, 4];
// Locals: j, p (entry), end (row's end), pd, pe (d[k], e[k]) as i32; f, g as f64; F, G as v128.
const [J, P, END, PD, PE] = [5, 6, 7, 8, 9];
const [FS, GS] = [10, 11];
const [FV, GV] = [12, 13];

function body(): number[] {
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
  return c;
}

let compiled: WebAssembly.Module | null | undefined;

/** rank2(w, d, e, n, i) on `memory`, or null where WebAssembly SIMD is unavailable. */
export function rank2Kernel(memory: WebAssembly.Memory): ((w: number, d: number, e: number, n: number, i: number) => void) | null {
  if (compiled === undefined)
    try {
      compiled = new WebAssembly.Module(oneFunctionModule("rank2", new Array(5).fill(I32), [[5, I32], [2, F64], [2, V128]], body()));
    } catch {
      compiled = null;
    }
  return compiled && (new WebAssembly.Instance(compiled, {env: {memory}}).exports.rank2 as (w: number, d: number, e: number, n: number, i: number) => void);
}
