/**
 * The other product of a linear model's gradient, G += Rᵀ·X over a block of rows: each row of X
 * scaled by that row's residual for each class and added into the class's gradient row. rowDots
 * contracts along rows (A·Bᵀ), so this product would need X transposed, a second copy of the data
 * read from memory at every evaluation; this kernel reads X's rows where they are, while the
 * block is still in cache from the logits. A WebAssembly function with 128-bit SIMD sharing the dots
 * kernel's memory; its source is kernels/outer.wat, assembled into kernels/outer.wasm by `npm run
 * kernels` (tools/assemble-kernels.ts) like the dots kernel's.
 *
 * Shapes the caller pads: classes a multiple of 4 (R is m × k4, row-major), columns a multiple of
 * 4 (X's rows and G's rows have p4 values). Each 4 classes × 4 columns of G are eight v128
 * accumulators kept in registers down the block's rows, so every row adds into G in row order:
 * the sum over rows is the plain sequential one.
 */
import {compiledOnce} from "../lib/wasm-module.ts";

const instantiate = compiledOnce(new URL("./kernels/outer.wasm", import.meta.url));

/**
 * The kernel as a function on `memory` (a dots kernel's), or null where WebAssembly SIMD is
 * unavailable: `outer(x, r, g, m, k4, p4)` with byte addresses.
 */
export function outerKernel(memory: WebAssembly.Memory): ((...args: number[]) => void) | null {
  return (instantiate(memory)?.outer as (...args: number[]) => void) ?? null;
}
