/**
 * The blocked dot-product kernel of rowDots (A·Bᵀ, rows against rows) as a WebAssembly function
 * using 128-bit SIMD: two float64 multiply-adds per instruction, where V8's JIT compiles the
 * JavaScript kernel to scalar code. Its source is WebAssembly text, kernels/dots.wat (parameters,
 * locals and loops by name); `npm run kernels` (tools/assemble-kernels.ts, run at prebuild and
 * before the unit tests) assembles it into kernels/dots.wasm, read and compiled here on first use.
 *
 * The kernel covers the 4×2 blocks that fit: rows u < m4 (a multiple of 4) of A against rows
 * v < q2 (a multiple of 2) of B; each of the eight entries of a block is a vector of two partial
 * sums (even and odd positions along the row), added together at the end, plus the last position
 * when the length is odd. rowDots computes the edges in JavaScript.
 */

import {compiledOnce, growTo} from "../lib/wasm-module.ts";

const instantiate = compiledOnce(new URL("./kernels/dots.wasm", import.meta.url));

/**
 * One instance of the kernel with its own memory: `dots(a, b, out, m4, q2, len, outStride, upper)`
 * with byte addresses (kernels/dots.wat).
 */
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
