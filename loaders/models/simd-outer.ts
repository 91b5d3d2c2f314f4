/**
 * The other product of a linear model's gradient, G += Rᵀ·X over a block of rows: each row of X
 * scaled by that row's residual for each class and added into the class's gradient row. rowDots
 * contracts along rows (A·Bᵀ), so this product would need X transposed, a second copy of the data
 * read from memory at every evaluation; this kernel reads X's rows where they are, while the
 * block is still in cache from the logits. A WebAssembly function with 128-bit SIMD, assembled with
 * loaders/lib/wasm-module.ts like the dots kernel, sharing that kernel's memory.
 *
 * Shapes the caller pads: classes a multiple of 4 (R is m × k4, row-major), columns a multiple of
 * 4 (X's rows and G's rows have p4 values). Each 4 classes × 4 columns of G are eight v128
 * accumulators kept in registers down the block's rows, so every row adds into G in row order:
 * the sum over rows is the plain sequential one.
 */
import {compiledOnce, I32, oneFunctionModule, op, V128} from "../lib/wasm-module.ts";

// Parameters (i32): x (byte address of the block's first row), r (its residuals), g (the
// gradient), m (rows), k4 (classes), p4 (columns).
const [X, R, G, M, K4, P4] = [0, 1, 2, 3, 4, 5];
// Locals: counters and addresses (i32), then eight accumulators, two x vectors and a splat (v128).
const [C, J, I, PX, PR, PG, RB, RS] = [6, 7, 8, 9, 10, 11, 12, 13];
const ACC = 14, X0 = ACC + 8, X1 = X0 + 1, S = X1 + 1;
const acc = (c: number, h: number) => ACC + 2 * c + h;

function kernelBody(): number[] {
  const {get, set, i32, add, mul, shl, geS, block, loop, brIf, br, end, v128Load: load, v128Store: store, f64Load64Splat: loadSplat, f64x2Add, f64x2Mul} = op;
  const c: number[] = [];
  const emit = (...parts: number[][]) => parts.forEach((p) => c.push(...p));
  emit(get(P4), i32(3), shl, set(RB)); // bytes per row of X and of G
  emit(get(K4), i32(3), shl, set(RS)); // bytes per row of R
  emit(i32(0), set(C));
  emit(block, loop); // classes, four at a time
  emit(get(C), get(K4), geS, brIf(1));
  emit(i32(0), set(J));
  emit(block, loop); // columns, four at a time
  emit(get(J), get(P4), geS, brIf(1));
  // pg = g + c·rb + j·8; the accumulators start from G's values
  emit(get(G), get(C), get(RB), mul, add, get(J), i32(3), shl, add, set(PG));
  for (let k = 0; k < 4; k++) for (let h = 0; h < 2; h++) emit(get(PG), get(RB), i32(k), mul, add, load(16 * h), set(acc(k, h)));
  // px = x + j·8, pr = r + c·8
  emit(get(X), get(J), i32(3), shl, add, set(PX));
  emit(get(R), get(C), i32(3), shl, add, set(PR));
  emit(i32(0), set(I));
  emit(block, loop); // rows of the block
  emit(get(I), get(M), geS, brIf(1));
  emit(get(PX), load(0), set(X0), get(PX), load(16), set(X1));
  for (let k = 0; k < 4; k++) {
    emit(get(PR), loadSplat(8 * k), set(S));
    for (let h = 0; h < 2; h++) emit(get(acc(k, h)), get(S), get(h ? X1 : X0), f64x2Mul, f64x2Add, set(acc(k, h)));
  }
  emit(get(PX), get(RB), add, set(PX), get(PR), get(RS), add, set(PR));
  emit(get(I), i32(1), add, set(I), br(0), end, end);
  for (let k = 0; k < 4; k++) for (let h = 0; h < 2; h++) emit(get(PG), get(RB), i32(k), mul, add, get(acc(k, h)), store(16 * h));
  emit(get(J), i32(4), add, set(J), br(0), end, end);
  emit(get(C), i32(4), add, set(C), br(0), end, end);
  return c;
}

const instantiate = compiledOnce(() => oneFunctionModule("outer", new Array(6).fill(I32), [[8, I32], [11, V128]], kernelBody()));

/**
 * The kernel as a function on `memory` (a dots kernel's), or null where WebAssembly SIMD is
 * unavailable: `outer(x, r, g, m, k4, p4)` with byte addresses.
 */
export function outerKernel(memory: WebAssembly.Memory): ((...args: number[]) => void) | null {
  return (instantiate(memory)?.outer as (...args: number[]) => void) ?? null;
}
