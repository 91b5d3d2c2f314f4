/**
 * The paper's neural head (docs/method.md §5), trained as PyTorch would: Linear layers initialised
 * U(±1/√fan_in), BatchNorm (momentum 0.1, ε 1e-5, running variance unbiased), dropout, Gaussian
 * input noise, class-weighted cross-entropy with label smoothing, AdamW, cosine annealing per
 * epoch, global gradient-norm clipping, batches of 16 with the last short batch dropped, optional
 * mixup, early stopping on validation accuracy with the best checkpoint kept. Forward and backward
 * run as one onnxruntime call per batch (graphs.ts), clipping and the AdamW update as one
 * WebAssembly SIMD pass (adamw.ts); everything stochastic comes from one seeded generator.
 */
import * as ort from "onnxruntime-node";
import {rng, shuffleInPlace, type Random} from "../../lib/random.ts";
import {accuracy} from "../../eval/metrics.ts";
import {argmax, checkFitInput} from "../estimator.ts";
import type {Matrix} from "../matrix.ts";
import {softmaxInPlace} from "../softmax.ts";
import {AdamW} from "./adamw.ts";
import {BN_EPS, evalGraph, exportGraph, foldStandardization, parameterShapes, trainingStepGraph, type FoldedLayer, type HeadShape} from "./graphs.ts";

export interface HeadParams {
  hidden: number[];
  dropout: number;
  lr: number;
  weightDecay: number;
  epochs: number;
  batchSize: number;
  labelSmoothing: number;
  inputNoise: number;
  clipNorm: number;
  mixupAlpha: number;
  mixupP: number;
  /** Early stopping on validation accuracy; null trains every epoch. */
  patience: number | null;
  seed: number;
  nClasses?: number;
}

export interface EpochRow {
  epoch: number;
  lr: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
}

export interface HeadState {
  name: "NeuralHead";
  params: HeadParams;
  shape: HeadShape;
  parameters: Record<string, number[]>;
  running: {mean: number[]; var: number[]}[];
  history: EpochRow[];
  bestEpoch: number;
}

export const HEAD_DEFAULTS: HeadParams = {
  hidden: [512, 256],
  dropout: 0.5,
  lr: 1e-3,
  weightDecay: 1e-2,
  epochs: 20,
  batchSize: 16,
  labelSmoothing: 0.1,
  inputNoise: 0.01,
  clipNorm: 1.0,
  mixupAlpha: 0,
  mixupP: 0.5,
  patience: null,
  seed: 42
};

/** A generator of standard normals; `fill(out)` writes out.length of them, the same numbers as that many calls. */
export interface Normal {
  (): number;
  fill(out: Float64Array): Float64Array;
}

/**
 * Standard normals by Box–Muller, both of each pair used (the input noise draws ~10⁴ per batch).
 * `fill` takes the pairs' uniforms in one `random.fill` and carries the spare across calls exactly as
 * the one-at-a-time form does, so the two can be mixed (mixup's Gamma draws call it one at a time).
 */
export function normal(random: Random): Normal {
  let spare = NaN;
  let uniforms = new Float64Array(0);
  const next = (() => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random())),
      t = 2 * Math.PI * random();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  }) as Normal;
  next.fill = (out) => {
    if (!out.length) return out;
    let k = 0;
    if (!Number.isNaN(spare)) {
      out[k++] = spare;
      spare = NaN;
    }
    const pairs = Math.ceil((out.length - k) / 2);
    if (uniforms.length < 2 * pairs) uniforms = new Float64Array(2 * pairs);
    const u = random.fill(uniforms.subarray(0, 2 * pairs));
    for (let p = 0; p < pairs; p++) {
      const r = Math.sqrt(-2 * Math.log(1 - u[2 * p])),
        t = 2 * Math.PI * u[2 * p + 1];
      out[k++] = r * Math.cos(t);
      const s = r * Math.sin(t);
      if (k < out.length) out[k++] = s;
      else spare = s;
    }
    return out;
  };
  return next;
}

/**
 * Dropout masks of one batch, layer after layer: keep (scaled by 1 / (1 − p)) where a draw is ≥ p.
 * The draws come from one `random.fill` per layer, in the order the one-at-a-time loop drew them.
 */
export function dropoutMasks(random: Random, hidden: number[], batch: number, p: number): Float32Array[] {
  if (!(p >= 0 && p < 1)) throw new Error(`NeuralHead: dropout ${p} is not in [0, 1)`);
  const keep = 1 / (1 - p);
  return hidden.map((h) => {
    const u = random.fill(new Float64Array(batch * h));
    const mask = new Float32Array(batch * h);
    // keep × (draw ≥ p) is keep or +0, as `draw ≥ p ? keep : 0` is (keep is finite and positive), but
    // without a branch that a random draw mispredicts half the time: 3.6× faster here.
    for (let i = 0; i < mask.length; i++) mask[i] = keep * ((u[i] >= p) as unknown as number);
    return mask;
  });
}

/** Gamma(a, 1) by Marsaglia & Tsang, with the a < 1 boost; Beta(a, a) = G₁ / (G₁ + G₂). */
function gamma(a: number, random: () => number, gauss: () => number): number {
  if (a < 1) return gamma(a + 1, random, gauss) * (1 - random()) ** (1 / a);
  const d = a - 1 / 3,
    c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do (x = gauss()), (v = 1 + c * x);
    while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** U(−bound, bound) in draw order; a loop, because Float32Array.from with a map function costs ~40 ns a value. */
function uniformWeights(size: number, bound: number, random: () => number): Float32Array {
  const w = new Float32Array(size);
  for (let i = 0; i < size; i++) w[i] = (2 * random() - 1) * bound;
  return w;
}

/** A plain array of a typed array's values; a loop, because Array.from walks the iterator (~150 ns a value). */
function numbers(a: Float32Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}

/** sklearn's / PyTorch recipes' "balanced" weights: n / (K · count_c); an absent class gets 0. */
export function balancedWeights(y: ArrayLike<number>, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? y.length / (present * c) : 0));
}

/**
 * Target weights of PyTorch's CrossEntropyLoss(weight=w, label_smoothing=ε, reduction="mean"):
 * loss = Σᵢ [(1−ε) w_yᵢ (−log p_i,yᵢ) + ε/K Σ_c w_c (−log p_ic)] / Σᵢ w_yᵢ, as a [B, K] matrix.
 */
export function targetWeights(y: ArrayLike<number>, w: ArrayLike<number>, k: number, eps: number, scale = 1): Float32Array {
  let norm = 0;
  for (let i = 0; i < y.length; i++) norm += w[y[i]];
  const T = new Float32Array(y.length * k);
  for (let i = 0; i < y.length; i++) for (let c = 0; c < k; c++) T[i * k + c] = (scale * (((c === y[i] ? 1 - eps : 0) + eps / k) * w[c])) / norm;
  return T;
}

/** BatchNorm1d's running statistics: momentum 0.1, the variance made unbiased (n / (n − 1)). */
export function updateRunningStats(r: {mean: Float32Array; var: Float32Array}, mean: ArrayLike<number>, biasedVar: ArrayLike<number>, n: number): void {
  for (let j = 0; j < r.mean.length; j++) {
    r.mean[j] = 0.9 * r.mean[j] + 0.1 * mean[j];
    r.var[j] = 0.9 * r.var[j] + 0.1 * biasedVar[j] * (n / (n - 1));
  }
}

export class NeuralHead {
  readonly params: HeadParams;
  private state: HeadState | null = null;

  constructor(params: Partial<HeadParams> = {}) {
    this.params = {...HEAD_DEFAULTS, ...params};
  }

  /** Initial parameters as PyTorch's nn.Linear / nn.BatchNorm1d set them, from the seeded generator. */
  static initialParameters(shape: HeadShape, random: () => number): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    let fanIn = shape.input;
    for (const {name, dims} of parameterShapes(shape)) {
      const size = dims.reduce((a, b) => a * b, 1);
      if (name.startsWith("W")) fanIn = dims[0];
      const bound = 1 / Math.sqrt(fanIn);
      out[name] = name.startsWith("gamma")
        ? new Float32Array(size).fill(1)
        : name.startsWith("beta")
          ? new Float32Array(size)
          : uniformWeights(size, bound, random);
    }
    return out;
  }

  /**
   * Trains on (X, y), scoring (Xval, yval) after every epoch. Returns this; `history` has one row per
   * epoch. With `patience`, stops after that many epochs without a better validation accuracy.
   */
  async fit(
    X: Matrix,
    y: ArrayLike<number>,
    Xval: Matrix,
    yval: ArrayLike<number>,
    onEpoch?: (row: EpochRow) => void,
    {scoreTraining = true}: {scoreTraining?: boolean} = {}
  ): Promise<this> {
    const k = checkFitInput("NeuralHead", X, y, this.params.nClasses);
    const P = this.params;
    if (X.rows < P.batchSize) throw new Error(`NeuralHead: ${X.rows} training rows, fewer than one batch of ${P.batchSize}`);
    if (Xval.cols !== X.cols || Xval.rows !== yval.length || Xval.rows === 0) throw new Error("NeuralHead: validation set missing or of the wrong shape");
    const shape: HeadShape = {input: X.cols, hidden: P.hidden, classes: k};
    const random = rng(P.seed);
    const gauss = normal(random);
    const names = parameterShapes(shape).map((p) => p.name);
    const optimizer = new AdamW(parameterShapes(shape), NeuralHead.initialParameters(shape, random));
    const params = optimizer.params;
    const running = P.hidden.map((h) => ({mean: new Float32Array(h), var: new Float32Array(h).fill(1)}));
    const opts = {intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" as const};
    const train = await ort.InferenceSession.create(trainingStepGraph(shape), opts);
    const evaluate = await ort.InferenceSession.create(evalGraph(shape), opts);
    const weights = balancedWeights(y, k);
    const B = P.batchSize,
      D = X.cols;
    const history: EpochRow[] = [];
    let best = {acc: -1, epoch: 0, params: params, running};
    const snapshot = () => ({
      params: Object.fromEntries(names.map((nm) => [nm, params[nm].slice()])),
      running: running.map((r) => ({mean: r.mean.slice(), var: r.var.slice()}))
    });
    let sinceBest = 0;
    // Gradients are written by onnxruntime straight into the optimiser's buffers (pre-allocated
    // outputs); the other outputs it allocates. This saves two copies of every gradient per step.
    const grads = optimizer.gradientBuffers;
    const fetches: Record<string, ort.Tensor | null> = {loss: null, grad_norm: null};
    for (const {name, dims} of parameterShapes(shape)) fetches[`grad_${name}`] = new ort.Tensor("float32", grads[name], dims);
    P.hidden.forEach((_, l) => ((fetches[`batch_mean${l}`] = null), (fetches[`batch_var${l}`] = null)));
    const order = Array.from({length: X.rows}, (_, i) => i);
    const noise = new Float64Array(B * D);
    const X32 = Float32Array.from(X.data),
      Xval32 = Float32Array.from(Xval.data);
    for (let epoch = 0; epoch < P.epochs; epoch++) {
      const lr = (P.lr * (1 + Math.cos((Math.PI * epoch) / P.epochs))) / 2;
      shuffleInPlace(order, random);
      let lossSum = 0,
        batches = 0;
      for (let start = 0; start + B <= X.rows; start += B) {
        const idx = order.slice(start, start + B);
        const x = new Float32Array(B * D);
        gauss.fill(noise);
        for (let i = 0; i < B; i++) {
          const off = idx[i] * D;
          for (let j = 0; j < D; j++) x[i * D + j] = X.data[off + j] + P.inputNoise * noise[i * D + j];
        }
        const yb = idx.map((r) => y[r]);
        let targets = targetWeights(yb, weights, k, P.labelSmoothing);
        if (P.mixupAlpha > 0 && random() < P.mixupP) {
          const g1 = gamma(P.mixupAlpha, random, gauss),
            g2 = gamma(P.mixupAlpha, random, gauss);
          const lam = g1 / (g1 + g2);
          const perm = shuffleInPlace(
            Array.from({length: B}, (_, i) => i),
            random
          );
          const mixed = new Float32Array(B * D);
          for (let i = 0; i < B; i++) for (let j = 0; j < D; j++) mixed[i * D + j] = lam * x[i * D + j] + (1 - lam) * x[perm[i] * D + j];
          const ta = targets,
            tb = targetWeights(
              perm.map((i) => yb[i]),
              weights,
              k,
              P.labelSmoothing
            );
          targets = ta.map((v, i) => lam * v + (1 - lam) * tb[i]);
          x.set(mixed);
        }
        const feeds: Record<string, ort.Tensor> = {x: new ort.Tensor("float32", x, [B, D]), targets: new ort.Tensor("float32", targets, [B, k])};
        dropoutMasks(random, P.hidden, B, P.dropout).forEach((mask, l) => (feeds[`mask${l}`] = new ort.Tensor("float32", mask, [B, P.hidden[l]])));
        for (const {name, dims} of parameterShapes(shape)) feeds[name] = new ort.Tensor("float32", params[name], dims);
        const out = await train.run(feeds, fetches);
        lossSum += (out.loss.data as Float32Array)[0];
        batches++;
        optimizer.stepInPlace((out.grad_norm.data as Float32Array)[0], lr, P.weightDecay, P.clipNorm);
        running.forEach((r, l) => updateRunningStats(r, out[`batch_mean${l}`].data as Float32Array, out[`batch_var${l}`].data as Float32Array, B));
      }
      const scoreOn = async (M: Matrix, M32: Float32Array, t: ArrayLike<number>) => {
        const p = await this.runEval(evaluate, shape, params, running, M32, M.rows);
        let loss = 0;
        const pred = new Array<number>(M.rows);
        for (let i = 0; i < M.rows; i++) {
          const row = p.subarray(i * k, (i + 1) * k);
          loss -= Math.log(Math.max(row[t[i]], 1e-12));
          pred[i] = argmax(row);
        }
        return {loss: loss / M.rows, acc: accuracy(t, pred)};
      };
      // Scoring the whole training set each epoch is for the history's charts only (it draws no random
      // number and changes nothing the model learns); a refit that needs no history skips it.
      const tr = scoreTraining ? await scoreOn(X, X32, y) : {loss: NaN, acc: NaN},
        va = await scoreOn(Xval, Xval32, yval);
      const row = {epoch: epoch + 1, lr, trainLoss: lossSum / batches, trainAccuracy: tr.acc, valLoss: va.loss, valAccuracy: va.acc};
      history.push(row);
      onEpoch?.(row);
      if (va.acc > best.acc) {
        best = {acc: va.acc, epoch: epoch + 1, ...snapshot()};
        sinceBest = 0;
      } else if (P.patience !== null && ++sinceBest >= P.patience) break;
    }
    await train.release();
    await evaluate.release();
    this.state = {
      name: "NeuralHead",
      params: P,
      shape,
      history,
      bestEpoch: best.epoch,
      parameters: Object.fromEntries(names.map((nm) => [nm, numbers(best.params[nm])])),
      running: best.running.map((r) => ({mean: numbers(r.mean), var: numbers(r.var)}))
    };
    return this;
  }

  private async runEval(
    s: ort.InferenceSession,
    shape: HeadShape,
    params: Record<string, Float32Array>,
    running: {mean: Float32Array; var: Float32Array}[],
    X: Float32Array,
    rows: number
  ): Promise<Float32Array> {
    const feeds: Record<string, ort.Tensor> = {x: new ort.Tensor("float32", X, [rows, shape.input])};
    for (const {name, dims} of parameterShapes(shape)) feeds[name] = new ort.Tensor("float32", params[name], dims);
    running.forEach((r, l) => {
      feeds[`running_mean${l}`] = new ort.Tensor("float32", r.mean, [r.mean.length]);
      feeds[`running_var${l}`] = new ort.Tensor("float32", r.var, [r.var.length]);
    });
    return (await s.run(feeds)).probabilities.data as Float32Array;
  }

  get history(): EpochRow[] {
    return this.fitted().history;
  }

  /** Eval-mode forward pass in TypeScript (float64 arithmetic on the float32 parameters). */
  predictProba(X: Matrix): Float64Array[] {
    const s = this.fitted();
    if (X.cols !== s.shape.input) throw new Error(`NeuralHead: ${X.cols} features, fitted on ${s.shape.input}`);
    const layers = this.foldedLayers();
    return Array.from({length: X.rows}, (_, i) => {
      let h: Float64Array = Float64Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols));
      layers.forEach((L, l) => {
        const z = Float64Array.from(L.b);
        for (let p = 0; p < L.rows; p++) {
          const hp = h[p];
          if (hp === 0) continue;
          for (let j = 0; j < L.cols; j++) z[j] += hp * L.W[p * L.cols + j];
        }
        h = l < layers.length - 1 ? z.map((v) => Math.max(0, v)) : z;
      });
      softmaxInPlace(h);
      return h;
    });
  }

  predict(X: Matrix): number[] {
    return this.predictProba(X).map(argmax);
  }

  /**
   * Eval-mode BatchNorm folded into the preceding Linear layer: W' = W·γ/√(σ²+ε),
   * b' = (b − μ)·γ/√(σ²+ε) + β. With a scaler, standardisation folds into the first layer too,
   * so the exported model takes the raw embedding.
   */
  foldedLayers(scaler?: {mean: ArrayLike<number>; scale: ArrayLike<number>}): FoldedLayer[] {
    const s = this.fitted();
    const p = s.parameters;
    const layers: FoldedLayer[] = [];
    let rows = s.shape.input;
    s.shape.hidden.forEach((h, l) => {
      const W = new Float32Array(rows * h),
        b = new Float32Array(h);
      for (let j = 0; j < h; j++) {
        const f = p[`gamma${l}`][j] / Math.sqrt(s.running[l].var[j] + BN_EPS);
        for (let r = 0; r < rows; r++) W[r * h + j] = p[`W${l}`][r * h + j] * f;
        b[j] = (p[`b${l}`][j] - s.running[l].mean[j]) * f + p[`beta${l}`][j];
      }
      layers.push({W, b, rows, cols: h});
      rows = h;
    });
    layers.push({W: Float32Array.from(p.W_out), b: Float32Array.from(p.b_out), rows, cols: s.shape.classes});
    if (scaler) foldStandardization(layers[0], scaler);
    return layers;
  }

  /** ONNX of the trained head (BatchNorm folded; scaler folded when given). */
  toOnnx(meta: Record<string, string> = {}, scaler?: {mean: ArrayLike<number>; scale: ArrayLike<number>}): Uint8Array {
    return exportGraph(this.foldedLayers(scaler), meta);
  }

  private fitted(): HeadState {
    if (!this.state) throw new Error("NeuralHead: not fitted");
    return this.state;
  }

  toJSON(): HeadState {
    return this.fitted();
  }

  static fromJSON(s: HeadState): NeuralHead {
    if (s.name !== "NeuralHead") throw new Error(`not a NeuralHead: ${s.name}`);
    const m = new NeuralHead(s.params);
    m.state = s;
    return m;
  }
}
