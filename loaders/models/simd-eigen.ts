/**
 * Two loops of the symmetric eigendecomposition behind PCA (eigen.ts) as WebAssembly SIMD
 * functions; each computes every value by the same operations in the same order as the JavaScript
 * loop it replaces, so the results are the same bits. Their source is kernels/eigen.wat, assembled
 * into kernels/eigen.wasm by `npm run kernels` (tools/assemble-kernels.ts).
 *
 * - rank2: the rank-2 update of the Householder tridiagonal reduction (JAMA's tred2): for every row
 *   j < i of the working matrix, W[j][k] −= d[j]·e[k] + e[j]·d[k] for k = j … i − 1 — half of the
 *   reduction's multiply-adds; two entries per instruction.
 * - reflect: the eigenvectors carried back through the reduction's reflections, four vectors at a
 *   time interleaved (entry r of vector c at 4r + c): each of a vector's sums runs down its own
 *   SIMD lane in the loop's order.
 */
import {compiledOnce} from "../lib/wasm-module.ts";

export type EigenKernels = {
  rank2: (w: number, d: number, e: number, n: number, i: number) => void;
  reflect: (w: number, h: number, y: number, n: number) => void;
};
const instantiate = compiledOnce(new URL("./kernels/eigen.wasm", import.meta.url));

/** The kernels on `memory` (byte addresses into it), or null where WebAssembly SIMD is unavailable. */
export const eigenKernels = (memory: WebAssembly.Memory): EigenKernels | null => instantiate(memory) as unknown as EigenKernels | null;
