/**
 * The multinomial log-loss Σᵢ −log softmax(W·xᵢ + b)[yᵢ] and its gradient, which logistic
 * regression's lbfgs evaluates a few dozen times over the same rows.
 *
 * Each evaluation is one pass over the data, block by block of rows: the block's logits (rowDots'
 * kernel, the block against the weights), its softmax residuals (here), then the gradient's
 * Rᵀ·X for the block (simd-outer.ts) while the block is still in cache. The data are copied once
 * into the kernels' memory, padded with zeros to a multiple of 4 rows and of 4 columns (the
 * kernels' block shapes; zeros add nothing to a dot product). Reading the data once per
 * evaluation instead of twice (the logits, then the gradient from a transposed copy) is what the
 * fit's time is made of: the products run at the speed memory delivers the data.
 */
import {SIMD_MIN_LEN} from "./dots.ts";
import {newKernel, reserve} from "./simd-dots.ts";
import {outerKernel} from "./simd-outer.ts";
import {softmaxInPlace} from "./softmax.ts";

/** A block of rows this size (bytes) stays in the core's L2 cache between its two products. */
const BLOCK_BYTES = 128 * 1024;

const up4 = (v: number) => 4 * Math.ceil(v / 4);

export class MultinomialLoss {
  private readonly simd: {memory: WebAssembly.Memory; dots: (...a: number[]) => void; outer: (...a: number[]) => void} | null = null;
  private readonly p4: number;
  private readonly k4: number;
  private readonly block: number;
  private readonly at: {w: number; z: number; g: number};
  private readonly plain: Float64Array | null = null;

  /**
   * `data`: n rows of p values, row-major; `y`: each row's class in 0..k−1. Parameters and
   * gradient are laid out per class: p weights, then the intercept. `simd: false` runs the plain
   * loop even where the kernels compile (the tests' reference).
   */
  constructor(
    data: ArrayLike<number>,
    private readonly n: number,
    private readonly p: number,
    private readonly y: ArrayLike<number>,
    private readonly k: number,
    {simd = true}: {simd?: boolean} = {}
  ) {
    this.p4 = up4(p);
    this.k4 = up4(k);
    this.block = Math.max(4, Math.min(up4(n), 4 * Math.floor(BLOCK_BYTES / (8 * this.p4) / 4)));
    const n4 = up4(n),
      rowBytes = 8 * this.p4;
    this.at = {w: n4 * rowBytes, z: 0, g: 0};
    this.at.z = this.at.w + this.k4 * rowBytes;
    this.at.g = this.at.z + this.block * this.k4 * 8;
    const kernel = simd && p >= SIMD_MIN_LEN ? newKernel() : null;
    const outer = kernel && outerKernel(kernel.memory);
    if (kernel && outer) {
      reserve(kernel, this.at.g + this.k4 * rowBytes);
      const X = new Float64Array(kernel.memory.buffer, 0, n4 * this.p4);
      for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) X[i * this.p4 + j] = data[i * p + j];
      this.simd = {memory: kernel.memory, dots: kernel.dots, outer};
    } else this.plain = Float64Array.from(data);
  }

  /** The loss summed over rows for parameters `w`; its gradient into `grad` (overwritten). */
  evaluate(w: Float64Array, grad: Float64Array): number {
    return this.simd ? this.blocked(w, grad) : this.rowByRow(w, grad);
  }

  private blocked(w: Float64Array, grad: Float64Array): number {
    const {n, p, k, p4, k4, block, at, y} = this;
    const {memory, dots, outer} = this.simd!;
    const stride = p + 1,
      rowBytes = 8 * p4;
    const mem = new Float64Array(memory.buffer);
    const W = mem.subarray(at.w / 8, at.w / 8 + k4 * p4),
      Z = mem.subarray(at.z / 8, at.z / 8 + block * k4),
      G = mem.subarray(at.g / 8, at.g / 8 + k4 * p4);
    for (let c = 0; c < k; c++) W.set(w.subarray(c * stride, c * stride + p), c * p4);
    G.fill(0);
    for (let c = 0; c < k; c++) grad[c * stride + p] = 0;
    let loss = 0;
    for (let i0 = 0; i0 < n; i0 += block) {
      const rows = Math.min(block, up4(n) - i0);
      dots(i0 * rowBytes, at.w, at.z, rows, k4, p4, k4 * 8, 0);
      for (let t = 0; t < rows; t++) {
        const i = i0 + t,
          zi = t * k4;
        if (i >= n) {
          Z.fill(0, zi, zi + k4);
          continue;
        }
        const yi = y[i];
        for (let c = 0; c < k; c++) Z[zi + c] += w[c * stride + p];
        const zy = Z[zi + yi];
        loss += softmaxInPlace(Z, zi, zi + k) - zy;
        for (let c = 0; c < k; c++) {
          const r = Z[zi + c] - (c === yi ? 1 : 0);
          Z[zi + c] = r;
          grad[c * stride + p] += r;
        }
        for (let c = k; c < k4; c++) Z[zi + c] = 0;
      }
      outer(i0 * rowBytes, at.z, at.g, rows, k4, p4);
    }
    for (let c = 0; c < k; c++) grad.set(G.subarray(c * p4, c * p4 + p), c * stride);
    return loss;
  }

  /** The same sums without WebAssembly SIMD: one row at a time. */
  private rowByRow(w: Float64Array, grad: Float64Array): number {
    const {n, p, k, y} = this,
      X = this.plain!,
      stride = p + 1;
    const z = new Float64Array(k);
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        let s = w[c * stride + p];
        for (let j = 0; j < p; j++) s += X[i * p + j] * w[c * stride + j];
        z[c] = s;
      }
      const zy = z[y[i]];
      loss += softmaxInPlace(z) - zy;
      for (let c = 0; c < k; c++) {
        const r = z[c] - (c === y[i] ? 1 : 0);
        for (let j = 0; j < p; j++) grad[c * stride + j] += r * X[i * p + j];
        grad[c * stride + p] += r;
      }
    }
    return loss;
  }
}
