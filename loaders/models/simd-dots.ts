/**
 * The blocked dot-product kernel of rowDots (A·Bᵀ, rows against rows) as a WebAssembly function
 * using 128-bit SIMD: two float64 multiply-adds per instruction, where V8's JIT compiles the
 * JavaScript kernel to scalar code. The module is assembled here, byte by byte, from the
 * instructions below (with loaders/lib/wasm-module.ts; no toolchain, nothing prebuilt), and
 * compiled synchronously on first use.
 *
 * The kernel covers the 4×2 blocks that fit: rows u < m4 (a multiple of 4) of A against rows
 * v < q2 (a multiple of 2) of B; each of the eight entries of a block is a vector of two partial
 * sums (even and odd positions along the row), added together at the end, plus the last position
 * when the length is odd. rowDots computes the edges in JavaScript.
 */

import {compiledOnce, growTo, I32, oneFunctionModule, op, V128} from "../lib/wasm-module.ts";

// Parameters (all i32): a, b, out (byte addresses), m4, q2, len, outStride (bytes of an output
// row), upper (1: only blocks with v ≥ u).
const [A, B, OUT, M4, Q2, LEN, OSTRIDE, UPPER] = [0, 1, 2, 3, 4, 5, 6, 7];
// Locals: loop counters and addresses (i32), then the eight accumulators (v128).
const [U, V, I, PA, PB, RB, LEN2] = [8, 9, 10, 11, 12, 13, 14];
const ACC = 15; // ACC + 2k + l for row k (0..3) of the block and column l (0..1)
const acc = (k: number, l: number) => ACC + 2 * k + l;

function kernelBody(): number[] {
  const c: number[] = [];
  const emit = (...parts: number[][]) => parts.forEach((p) => c.push(...p));
  // rb = len·8 (bytes per row); len2 = len & ~1 (the even part)
  emit(op.get(LEN), op.i32(3), op.shl, op.set(RB));
  emit(op.get(LEN), op.i32(-2), op.and, op.set(LEN2));
  emit(op.i32(0), op.set(U));
  emit(op.block, op.loop); // u loop
  emit(op.get(U), op.get(M4), op.geS, op.brIf(1));
  // v = upper ? u : 0
  emit(op.get(UPPER), op.get(U), op.mul, op.set(V));
  emit(op.block, op.loop); // v loop
  emit(op.get(V), op.get(Q2), op.geS, op.brIf(1));
  for (let k = 0; k < 4; k++) for (let l = 0; l < 2; l++) emit(op.v128Zero, op.set(acc(k, l)));
  // pa = a + u·rb, pb = b + v·rb; i counts bytes along the row
  emit(op.get(A), op.get(U), op.get(RB), op.mul, op.add, op.set(PA));
  emit(op.get(B), op.get(V), op.get(RB), op.mul, op.add, op.set(PB));
  emit(op.i32(0), op.set(I));
  emit(op.block, op.loop); // i loop over pairs of positions
  emit(op.get(I), op.get(LEN2), op.i32(3), op.shl, op.geS, op.brIf(1));
  // y0 = B[v][i..i+1], y1 = B[v+1][i..i+1] stay on the stack per use: load them into the scratch
  // locals ACC+8 / ACC+9 (v128), then each x row once.
  emit(op.get(PB), op.get(I), op.add, op.v128Load(), op.set(ACC + 8));
  emit(op.get(PB), op.get(RB), op.add, op.get(I), op.add, op.v128Load(), op.set(ACC + 9));
  for (let k = 0; k < 4; k++) {
    // x = A[u+k][i..i+1] → ACC+10
    emit(op.get(PA), op.get(RB), op.i32(k), op.mul, op.add, op.get(I), op.add, op.v128Load(), op.set(ACC + 10));
    for (let l = 0; l < 2; l++) emit(op.get(acc(k, l)), op.get(ACC + 10), op.get(ACC + 8 + l), op.f64x2Mul, op.f64x2Add, op.set(acc(k, l)));
  }
  emit(op.get(I), op.i32(16), op.add, op.set(I), op.br(0), op.end, op.end);
  // out[(u+k)][v+l] = lane0 + lane1 (+ the odd last position)
  for (let k = 0; k < 4; k++)
    for (let l = 0; l < 2; l++) {
      // address: out + (u+k)·outStride + (v+l)·8
      emit(op.get(OUT), op.get(U), op.i32(k), op.add, op.get(OSTRIDE), op.mul, op.add, op.get(V), op.i32(l), op.add, op.i32(3), op.shl, op.add);
      emit(op.get(acc(k, l)), op.f64x2Lane(0), op.get(acc(k, l)), op.f64x2Lane(1), op.f64Add);
      // + (len odd ? A[u+k][len−1]·B[v+l][len−1] : 0): the odd position is at byte len2·8
      emit(op.get(LEN), op.get(LEN2), op.sub, op.eqz, op.ifF64, op.f64Const(0),
        op.else, op.get(PA), op.get(RB), op.i32(k), op.mul, op.add, op.get(LEN2), op.i32(3), op.shl, op.add, op.f64Load(0),
        op.get(PB), op.get(RB), op.i32(l), op.mul, op.add, op.get(LEN2), op.i32(3), op.shl, op.add, op.f64Load(0), op.f64Mul, op.end, op.f64Add);
      emit(op.f64Store());
    }
  emit(op.get(V), op.i32(2), op.add, op.set(V), op.br(0), op.end, op.end);
  emit(op.get(U), op.i32(4), op.add, op.set(U), op.br(0), op.end, op.end);
  return c;
}

const instantiate = compiledOnce(() => oneFunctionModule("dots", new Array(8).fill(I32), [[7, I32], [11, V128]], kernelBody()));

// --- the JavaScript side -------------------------------------------------------------------------
/** One instance of the kernel with its own memory. */
export type Kernel = {memory: WebAssembly.Memory; dots: (...args: number[]) => void};

/** A new instance (its own memory), or null where WebAssembly SIMD is unavailable. */
export function newKernel(): Kernel | null {
  const memory = new WebAssembly.Memory({initial: 1});
  const exports = instantiate(memory);
  return exports && {memory, dots: exports.dots as Kernel["dots"]};
}

/** Whether the WebAssembly SIMD kernel compiles here (tests assert it does on the supported Node). */
export const simdAvailable = (): boolean => newKernel() !== null;

/** Grows a kernel's memory to at least `bytes`. */
export const reserve = (k: Kernel, bytes: number): void => growTo(k.memory, bytes);

/** runBlocks's inputs: byte addresses in the kernel's memory (aAt, bAt, outAt), the rows' length, the blocks' extent m4×q2, and rowDots's out, q and upper. */
export type BlockRun = {aAt: number; bAt: number; outAt: number; m4: number; q2: number; len: number; out: Float64Array; q: number; upper: boolean};

/**
 * Runs the kernel on rows already in its memory (A at byte `aAt`, B at `bAt`; with upper, B is A)
 * and copies the 4×2 blocks it wrote — rows < m4, columns < q2 (and, with upper, v ≥ u by block) —
 * into `out` (m×q, row-major), from an output area at `outAt`.
 */
export function runBlocks(k: Kernel, {aAt, bAt, outAt, m4, q2, len, out, q, upper}: BlockRun): void {
  if (m4 === 0 || q2 === 0) return;
  k.dots(aAt, bAt, outAt, m4, q2, len, q * 8, upper ? 1 : 0);
  const result = new Float64Array(k.memory.buffer, outAt, m4 * q);
  for (let u = 0; u < m4; u++) {
    const from = upper ? u - (u % 4) : 0;
    out.set(result.subarray(u * q + from, u * q + q2), u * q + from);
  }
}
