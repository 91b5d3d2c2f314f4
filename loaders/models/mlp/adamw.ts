/**
 * torch.optim.AdamW (β 0.9/0.999, ε 1e-8, decoupled weight decay) after clip_grad_norm_, over all of
 * the head's parameters at once, in float32 as PyTorch computes it. The update is a handful of
 * multiply-adds, a square root and a division per parameter; a JavaScript loop runs it at ~6 ns per
 * parameter here and onnxruntime's element-wise operators (one pass over memory per operator) at
 * ~7 ns — together more than the forward and backward passes. One pass of 128-bit WebAssembly SIMD
 * does it in a fraction of that: a single function whose source is ../kernels/adamw.wat, assembled
 * into ../kernels/adamw.wasm by `npm run kernels` (tools/assemble-kernels.ts).
 *
 * Layout: parameters, gradients and the two moments live in one WebAssembly memory as four
 * regions with the same offsets; each tensor is padded to four floats. `params[name]` are views
 * into it that onnxruntime reads directly.
 */
import {compiledOnce} from "../../lib/wasm-module.ts";

export interface ParamShape {
  name: string;
  dims: number[];
}

const B1 = 0.9,
  B2 = 0.999,
  EPS = 1e-8;

export class AdamW {
  readonly params: Record<string, Float32Array> = {};
  private readonly grads: Record<string, Float32Array> = {};
  private readonly moments: Record<string, Float32Array>[] = [{}, {}];
  private readonly memory: WebAssembly.Memory;
  private readonly update: (...args: number[]) => void;
  private readonly floats: number;
  private t = 0;

  constructor(shapes: ParamShape[], initial: Record<string, Float32Array>) {
    const sizes = shapes.map((s) => s.dims.reduce((a, b) => a * b, 1));
    this.floats = sizes.reduce((a, n) => a + Math.ceil(n / 4) * 4, 0);
    this.memory = new WebAssembly.Memory({initial: Math.ceil((this.floats * 16) / 65536)});
    const exports = instantiate(this.memory);
    if (!exports) throw new Error("AdamW: this engine cannot compile the WebAssembly SIMD step");
    this.update = exports.adamw as (...args: number[]) => void;
    let offset = 0;
    shapes.forEach(({name}, i) => {
      const view = (region: number) => new Float32Array(this.memory.buffer, (region * this.floats + offset) * 4, sizes[i]);
      this.params[name] = view(0);
      this.params[name].set(initial[name]);
      this.grads[name] = view(1);
      this.moments[0][name] = view(2);
      this.moments[1][name] = view(3);
      offset += Math.ceil(sizes[i] / 4) * 4;
    });
  }

  /**
   * The gradient buffers by parameter name: views into the optimiser's memory. A caller that has
   * onnxruntime write the gradients straight into them (pre-allocated outputs) then calls
   * `stepInPlace`, saving a copy of every gradient per step.
   */
  get gradientBuffers(): Record<string, Float32Array> {
    return this.grads;
  }

  /** The moment estimates (first, second) by parameter name — views, for tests. */
  get state(): {m: Record<string, Float32Array>; v: Record<string, Float32Array>} {
    return {m: this.moments[0], v: this.moments[1]};
  }

  /**
   * One step on `grads`, scaled by clip_grad_norm_'s factor min(1, maxNorm / (‖g‖ + 1e-6)) for the
   * global norm `gradNorm` (computed by the caller, in float32 as torch does).
   */
  step(grads: Record<string, ArrayLike<number>>, gradNorm: number, lr: number, weightDecay: number, maxNorm: number): void {
    for (const name of Object.keys(this.grads)) {
      const g = grads[name];
      if (!g || g.length !== this.grads[name].length) throw new Error(`AdamW: gradient ${name} missing or of the wrong size`);
      this.grads[name].set(g);
    }
    this.stepInPlace(gradNorm, lr, weightDecay, maxNorm);
  }

  /** `step` on the gradients already in `gradientBuffers`. */
  stepInPlace(gradNorm: number, lr: number, weightDecay: number, maxNorm: number): void {
    const scale = Math.min(1, maxNorm / (gradNorm + 1e-6));
    const t = ++this.t;
    const f = this.floats * 4;
    this.update(0, f, 2 * f, 3 * f, f, scale, B1, 1 - B1, B2, 1 - B2, 1 / Math.sqrt(1 - B2 ** t), EPS, lr / (1 - B1 ** t), 1 - lr * weightDecay);
  }
}

// adamw(p, g, m, v, bytes, scale, b1, c1, b2, c2, invBc2, eps, stepSize, decay): ../kernels/adamw.wat.
const instantiate = compiledOnce(new URL("../kernels/adamw.wasm", import.meta.url));
