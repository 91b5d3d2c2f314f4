/**
 * torch.optim.AdamW (β 0.9/0.999, ε 1e-8, decoupled weight decay) after clip_grad_norm_, over all of
 * the head's parameters at once, in float32 as PyTorch computes it. The update is a handful of
 * multiply-adds, a square root and a division per parameter; a JavaScript loop runs it at ~6 ns per
 * parameter here and onnxruntime's element-wise operators (one pass over memory per operator) at
 * ~7 ns — together more than the forward and backward passes. One pass of 128-bit WebAssembly SIMD
 * does it in a fraction of that, so the module is emitted below (a single function, no toolchain).
 *
 * Layout: parameters, gradients and the two moments live in one WebAssembly memory as four
 * regions with the same offsets; each tensor is padded to four floats. `params[name]` are views
 * into it that onnxruntime reads directly.
 */
import {compiledOnce, F32, I32, oneFunctionModule, op, V128} from "../../lib/wasm-module.ts";

export interface ParamShape {
  name: string;
  dims: number[];
}

const B1 = 0.9, B2 = 0.999, EPS = 1e-8;

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

// ---- the WebAssembly module: adamw(p, g, m, v, bytes, scale, b1, c1, b2, c2, invBc2, eps, stepSize, decay) ----

const simd = op.simd, get = op.get, set = op.set, tee = op.tee;
const LOAD = op.v128Load(), STORE = op.v128Store();
const SPLAT = simd(0x13), SQRT = simd(0xe3), ADD = simd(0xe4), SUB = simd(0xe5), MUL = simd(0xe6), DIV = simd(0xe7);

function adamwModule(): Uint8Array<ArrayBuffer> {
  // Parameters 0–4 are i32 (four region addresses and the byte count), 5–13 the f32 scalars.
  const [P, G, M, V, BYTES] = [0, 1, 2, 3, 4];
  const scalars = 9;
  const I = 14; // loop counter (i32)
  const S = 15; // 15…23: the scalars splatted to f32x4, in parameter order
  const [SCALE, B1v, C1, B2v, C2, IBC2, EPSv, STEP, DECAY] = Array.from({length: scalars}, (_, k) => S + k);
  const [GV, MV, VV] = [S + scalars, S + scalars + 1, S + scalars + 2];
  const at = (base: number) => [...get(base), ...get(I), 0x6a];
  const body = [
    ...Array.from({length: scalars}, (_, k) => [...get(5 + k), ...SPLAT, ...set(S + k)]).flat(),
    0x02, 0x40, 0x03, 0x40,
    ...get(I), ...get(BYTES), 0x4f, 0x0d, 1, // i ≥ bytes → leave
    ...at(G), ...LOAD, ...get(SCALE), ...MUL, ...set(GV),
    ...at(M), ...at(M), ...LOAD, ...get(B1v), ...MUL, ...get(GV), ...get(C1), ...MUL, ...ADD, ...tee(MV), ...STORE,
    ...at(V), ...at(V), ...LOAD, ...get(B2v), ...MUL, ...get(GV), ...get(GV), ...MUL, ...get(C2), ...MUL, ...ADD, ...tee(VV), ...STORE,
    ...at(P), ...at(P), ...LOAD, ...get(DECAY), ...MUL,
    ...get(MV), ...get(VV), ...SQRT, ...get(IBC2), ...MUL, ...get(EPSv), ...ADD, ...DIV, ...get(STEP), ...MUL, ...SUB, ...STORE,
    ...get(I), ...op.i32(16), ...op.add, ...set(I),
    0x0c, 0, 0x0b, 0x0b
  ];
  return oneFunctionModule("adamw", [...Array(5).fill(I32), ...Array(scalars).fill(F32)], [[1, I32], [scalars + 3, V128]], body);
}

const instantiate = compiledOnce(adamwModule);
