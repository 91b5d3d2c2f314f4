// The neural head against PyTorch (test/fixtures/make_head_fixtures.py): one training step's loss
// and gradients, mixup, clipping + AdamW, BatchNorm running statistics; then training, determinism
// and the exported ONNX (BatchNorm and scaler folded) against the TypeScript forward pass.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import * as ort from "onnxruntime-node";
import {rng} from "../../loaders/lib/random.ts";
import {matrix} from "../../loaders/models/matrix.ts";
import {parameterShapes, trainingStepGraph} from "../../loaders/models/mlp/graphs.ts";
import {AdamW} from "../../loaders/models/mlp/adamw.ts";
import {dropoutMasks, NeuralHead, normal, targetWeights, updateRunningStats} from "../../loaders/models/mlp/head.ts";

const f = JSON.parse(readFileSync(new URL("../fixtures/head.json", import.meta.url), "utf8"));
const shape = {input: f.D, hidden: f.hidden, classes: f.K};
const B = f.y.length;

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs PyTorch ${b[i]}`);
}

async function step(targets: Float32Array) {
  const s = await ort.InferenceSession.create(trainingStepGraph(shape));
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor("float32", Float32Array.from(f.x), [B, f.D]),
    targets: new ort.Tensor("float32", targets, [B, f.K])
  };
  f.hidden.forEach((h: number, l: number) => (feeds[`mask${l}`] = new ort.Tensor("float32", Float32Array.from(f.masks[l]), [B, h])));
  for (const {name, dims} of parameterShapes(shape)) feeds[name] = new ort.Tensor("float32", Float32Array.from(f.params[name]), dims);
  return s.run(feeds);
}

test("training step = PyTorch: weighted, label-smoothed cross-entropy through BatchNorm (batch statistics), ReLU, dropout", async () => {
  const out = await step(targetWeights(f.y, f.weights, f.K, 0.1));
  close(out.loss.data as Float32Array, [f.loss], 1e-5, "loss");
  for (const {name} of parameterShapes(shape)) close(out[`grad_${name}`].data as Float32Array, f.grads[name], 2e-4, `grad ${name}`);
  f.hidden.forEach((_: number, l: number) => {
    close(out[`batch_mean${l}`].data as Float32Array, f.batch_stats[l][0], 1e-5, `batch mean ${l}`);
    const r = {mean: new Float32Array(f.hidden[l]), var: new Float32Array(f.hidden[l]).fill(1)};
    updateRunningStats(r, out[`batch_mean${l}`].data as Float32Array, out[`batch_var${l}`].data as Float32Array, B);
    close(r.mean, f.running_after[l][0], 1e-5, `running mean ${l}`);
    close(r.var, f.running_after[l][1], 1e-5, `running var ${l}`);
  });
});

test("mixup loss λ·CE(y) + (1−λ)·CE(y[perm]) = PyTorch's, as one target matrix", async () => {
  const ta = targetWeights(f.y, f.weights, f.K, 0.1),
    tb = targetWeights(
      f.perm.map((i: number) => f.y[i]),
      f.weights,
      f.K,
      0.1
    );
  const out = await step(ta.map((v, i) => f.lam * v + (1 - f.lam) * tb[i]));
  close(out.loss.data as Float32Array, [f.mixup_loss], 1e-5, "mixup loss");
  for (const {name} of parameterShapes(shape)) close(out[`grad_${name}`].data as Float32Array, f.mixup_grads[name], 2e-4, `mixup grad ${name}`);
});

/** torch.nn.utils.clip_grad_norm_ then torch.optim.AdamW (β 0.9/0.999, ε 1e-8), transcribed in float64: the reference for the fused graph. */
function referenceStep(
  params: Record<string, Float32Array>,
  grads: Record<string, ArrayLike<number>>,
  m1: Record<string, Float64Array>,
  m2: Record<string, Float64Array>,
  step: number,
  lr: number,
  wd: number,
  maxNorm: number
): void {
  let norm2 = 0;
  for (const g of Object.values(grads)) for (let i = 0; i < g.length; i++) norm2 += g[i] * g[i];
  const scale = Math.min(1, maxNorm / (Math.sqrt(norm2) + 1e-6));
  const bc1 = 1 - 0.9 ** step,
    bc2 = Math.sqrt(1 - 0.999 ** step);
  for (const nm of Object.keys(params)) {
    const p = params[nm],
      g = grads[nm],
      a = m1[nm],
      v = m2[nm];
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] * scale;
      a[i] = 0.9 * a[i] + 0.1 * gi;
      v[i] = 0.999 * v[i] + 0.001 * gi * gi;
      p[i] = p[i] * (1 - lr * wd) - ((lr / bc1) * a[i]) / (Math.sqrt(v[i]) / bc2 + 1e-8);
    }
  }
}

test("the reference clip_grad_norm_(1.0) + AdamW(lr 1e-3, wd 1e-2) = PyTorch's update", () => {
  const params = Object.fromEntries(Object.entries<number[]>(f.params).map(([k, v]) => [k, Float32Array.from(v)]));
  const zeros = () => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float64Array(v.length)]));
  referenceStep(params, f.grads, zeros(), zeros(), 1, 1e-3, 1e-2, 1.0);
  for (const k of Object.keys(params)) close(params[k], f.params_after[k], 1e-6, `param ${k}`);
});

test("the SIMD AdamW (clipping, float32) = PyTorch's first step and the reference over later steps; the graph's grad_norm = the gradients' norm", async () => {
  const plain = await ort.InferenceSession.create(trainingStepGraph(shape));
  const data: Record<string, ort.Tensor> = {
    x: new ort.Tensor("float32", Float32Array.from(f.x), [B, f.D]),
    targets: new ort.Tensor("float32", targetWeights(f.y, f.weights, f.K, 0.1), [B, f.K])
  };
  f.hidden.forEach((h: number, l: number) => (data[`mask${l}`] = new ort.Tensor("float32", Float32Array.from(f.masks[l]), [B, h])));
  const shapes = parameterShapes(shape),
    names = shapes.map((p) => p.name);
  const opt = new AdamW(shapes, Object.fromEntries(names.map((k) => [k, Float32Array.from(f.params[k])])));
  const ref = Object.fromEntries(names.map((k) => [k, Float32Array.from(f.params[k])]));
  const refM = Object.fromEntries(names.map((k) => [k, new Float64Array(ref[k].length)])),
    refV = Object.fromEntries(names.map((k) => [k, new Float64Array(ref[k].length)]));
  // A small max_norm from step 2 on, so clipping is exercised with non-zero moments too.
  for (const [step, lr, maxNorm] of [
    [1, 1e-3, 1.0],
    [2, 5e-4, 0.05],
    [3, 5e-4, 0.05]
  ]) {
    const out = await plain.run({...data, ...Object.fromEntries(shapes.map((p) => [p.name, new ort.Tensor("float32", opt.params[p.name], p.dims)]))});
    const grads = Object.fromEntries(names.map((k) => [k, out[`grad_${k}`].data as Float32Array]));
    let norm2 = 0;
    for (const g of Object.values(grads)) for (const v of g) norm2 += v * v;
    close(out.grad_norm.data as Float32Array, [Math.sqrt(norm2)], 1e-6, "grad_norm");
    referenceStep(ref, grads, refM, refV, step, lr, 1e-2, maxNorm);
    opt.step(grads, (out.grad_norm.data as Float32Array)[0], lr, 1e-2, maxNorm);
    // A Linear bias right before BatchNorm has an exactly-zero gradient (PyTorch's: ~1e-17; ours: float32
    // rounding), and Adam turns any non-zero gradient into a step of about lr: those two are compared
    // with the reference, which sees our gradients, not with PyTorch.
    if (step === 1) for (const k of names.filter((nm) => !/^b\d/.test(nm))) close(opt.params[k], f.params_after[k], 1e-6, `step 1, param ${k} vs PyTorch`);
    for (const k of names) {
      close(opt.params[k], ref[k], 1e-6, `step ${step}, param ${k}`);
      close(opt.state.m[k], refM[k], 1e-6, `step ${step}, first moment ${k}`);
      close(opt.state.v[k], refV[k], 1e-6, `step ${step}, second moment ${k}`);
    }
  }
  assert.throws(() => opt.step({}, 1, 1e-3, 0, 1), /gradient W0 missing/);
});

/** Three Gaussian blobs in 12 dimensions. */
function blobs(n: number, seed: number) {
  const random = rng(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const y = Array.from({length: n}, (_, i) => i % 3);
  const X = matrix(
    n,
    12,
    Float64Array.from({length: n * 12}, (_, t) => g() + (t % 12 === y[Math.floor(t / 12)] * 3 ? 2.5 : 0))
  );
  return {X, y};
}

test("bulk draws of the training loop: normal.fill and dropoutMasks give the one-at-a-time loops' numbers bit for bit, the Box–Muller spare carried across calls", () => {
  const a = rng(11),
    b = rng(11);
  // The one-at-a-time path (a call per normal) is the form the head drew its noise with before.
  const fast = normal(a),
    slow = normal(b);
  // Odd lengths leave a spare for the next call, single calls (mixup's Gamma draws) consume it, and
  // plain uniform draws (the batch order, dropout) come from the same generator in between.
  for (const n of [16384, 7, 1, 0, 259, 2, 3]) {
    const z = fast.fill(new Float64Array(n));
    for (let i = 0; i < n; i++) assert.ok(Object.is(z[i], slow()), `fill of ${n}, normal ${i}`);
    assert.ok(Object.is(fast(), slow()), `the single draw after a fill of ${n}`);
    assert.equal(a(), b(), `the uniform draw after a fill of ${n}`);
  }
  for (const p of [0, 0.3, 0.5, 0.7]) {
    const masks = dropoutMasks(a, [5, 3, 8], 4, p);
    [5, 3, 8].forEach((h, l) => {
      const mask = new Float32Array(4 * h);
      for (let i = 0; i < mask.length; i++) mask[i] = b() >= p ? 1 / (1 - p) : 0;
      assert.deepEqual(masks[l], mask, `dropout ${p}, layer ${l}`);
    });
    assert.ok(masks.every((m) => m.every((v) => Object.is(v, 0) || v === Math.fround(1 / (1 - p)))));
  }
  assert.throws(() => dropoutMasks(a, [4], 2, 1), /dropout 1 is not in \[0, 1\)/);
});

test("the head learns, stops early with patience, is deterministic for a seed, and keeps the best epoch", async () => {
  const tr = blobs(240, 1),
    va = blobs(90, 2);
  const make = () => new NeuralHead({hidden: [32, 16], epochs: 12, dropout: 0.3, lr: 3e-3, seed: 7, mixupAlpha: 0.2, patience: 4});
  const a = await make().fit(tr.X, tr.y, va.X, va.y);
  const b = await make().fit(tr.X, tr.y, va.X, va.y);
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  // Without the per-epoch training scores (the refits): the same model, bit for bit.
  const quiet = await make().fit(tr.X, tr.y, va.X, va.y, undefined, {scoreTraining: false});
  assert.equal(JSON.stringify(quiet.toJSON().parameters), JSON.stringify(a.toJSON().parameters));
  assert.ok(quiet.history.every((r) => Number.isNaN(r.trainAccuracy)) && quiet.history.length === a.history.length);
  const h = a.history;
  assert.ok(h.length >= 1 && h.length <= 12);
  const best = Math.max(...h.map((r) => r.valAccuracy));
  assert.ok(best > 0.85, `validation accuracy ${best}`);
  assert.equal(h[a.toJSON().bestEpoch - 1].valAccuracy, best);
  const pred = a.predict(va.X);
  assert.ok(Math.abs(pred.filter((p, i) => p === va.y[i]).length / va.y.length - best) < 1e-9, "the kept checkpoint is the best epoch's");
  const c = await new NeuralHead({hidden: [32, 16], epochs: 3, seed: 8}).fit(tr.X, tr.y, va.X, va.y);
  assert.notEqual(JSON.stringify(c.toJSON().parameters.W0.slice(0, 5)), JSON.stringify(a.toJSON().parameters.W0.slice(0, 5)));
  await assert.rejects(new NeuralHead().fit(matrix(4, 12), [0, 1, 0, 1], va.X, va.y), /fewer than one batch/);
});

test("exported ONNX (BatchNorm folded, scaler folded) gives the TypeScript forward pass's probabilities", async () => {
  const tr = blobs(120, 3),
    va = blobs(60, 4);
  const head = await new NeuralHead({hidden: [16, 8], epochs: 3, seed: 1}).fit(tr.X, tr.y, va.X, va.y);
  const ts = head.predictProba(va.X);
  const s = await ort.InferenceSession.create(head.toOnnx({encoder: "test"}));
  const out = await s.run({embedding: new ort.Tensor("float32", Float32Array.from(va.X.data), [va.X.rows, 12])});
  const p = out.probabilities.data as Float32Array;
  let worst = 0;
  ts.forEach((row, i) => row.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - p[i * 3 + c])))));
  assert.ok(worst < 1e-5, `max |ONNX − TS| = ${worst}`);
  // A scaler folded into the first layer: raw input to the ONNX = standardized input to the head.
  const scaler = {mean: Array.from({length: 12}, (_, j) => j / 10), scale: Array.from({length: 12}, (_, j) => 1 + j / 5)};
  const raw = Float32Array.from(va.X.data, (v, t) => v * scaler.scale[t % 12] + scaler.mean[t % 12]);
  const s2 = await ort.InferenceSession.create(head.toOnnx({}, scaler));
  const p2 = (await s2.run({embedding: new ort.Tensor("float32", raw, [va.X.rows, 12])})).probabilities.data as Float32Array;
  worst = 0;
  ts.forEach((row, i) => row.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - p2[i * 3 + c])))));
  assert.ok(worst < 1e-4, `scaler folded: max diff ${worst}`);
});
