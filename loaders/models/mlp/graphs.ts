/**
 * ONNX graphs of the paper's neural head (Linear → BatchNorm → ReLU → Dropout per hidden layer,
 * then Linear → logits). Training runs its forward and backward passes as one ONNX graph in
 * onnxruntime — the TypeScript optimiser (AdamW, clipping, schedules, mixup) feeds it parameters,
 * dropout masks and target weights, and gets the loss and every gradient back. A pure-JS matrix
 * product runs at ~2.5 GFLOP/s here; MLAS is an order of magnitude faster, which turns the paper's
 * 10-trial search from half an hour into minutes.
 */
import {GraphBuilder} from "../../onnx/builder.ts";
import {encodeModel, type ValueInfo} from "../../onnx/proto.ts";

export const BN_EPS = 1e-5;

export interface HeadShape {
  input: number;
  hidden: number[];
  classes: number;
}

/** Parameter names and shapes in a fixed order: per hidden layer W, b, gamma, beta; then W_out, b_out. */
export function parameterShapes(s: HeadShape): {name: string; dims: number[]}[] {
  const out: {name: string; dims: number[]}[] = [];
  let prev = s.input;
  s.hidden.forEach((h, l) => {
    out.push({name: `W${l}`, dims: [prev, h]}, {name: `b${l}`, dims: [h]}, {name: `gamma${l}`, dims: [h]}, {name: `beta${l}`, dims: [h]});
    prev = h;
  });
  out.push({name: "W_out", dims: [prev, s.classes]}, {name: "b_out", dims: [s.classes]});
  return out;
}

/**
 * One training step. Inputs: x [B, D], targets [B, K] (weights whose sum over the batch is the
 * loss normaliser: loss = −Σ targets · log softmax), mask{l} [B, H_l] (dropout mask already scaled
 * by 1/(1−p)), and the parameters. Outputs: loss, grad_<param> for every parameter, their global
 * L2 norm grad_norm (float32, for clip_grad_norm_), and the batch mean / biased variance of every
 * BatchNorm (the optimiser updates running statistics).
 */
export function trainingStepGraph(s: HeadShape): Uint8Array {
  const g = new GraphBuilder();
  const n = g.node.bind(g);
  const ax0 = g.i64("axis0", [0]),
    ax1 = g.i64("axis1", [1]);
  const eps = g.f32("bn_eps", [], [BN_EPS]);
  const zero = g.f32("zero", [], [0]);
  const mean0 = (x: string, out: string) => n("ReduceMean", [x], out, {axes: [0], keepdims: 1});
  const sum0 = (x: string, out: string, keep = 0) => n("ReduceSum", [x, ax0], out, {keepdims: keep});
  const T = (x: string, out: string) => n("Transpose", [x], out, {perm: [1, 0]});

  const cache: {h: string; xh: string; inv: string; y: string}[] = [];
  let h = "x";
  s.hidden.forEach((_, l) => {
    const z = n("Add", [n("MatMul", [h, `W${l}`], `mm${l}`), `b${l}`], `z${l}`);
    const mu = mean0(z, `batch_mean${l}`);
    const d = n("Sub", [z, mu], `d${l}`);
    const v = mean0(n("Mul", [d, d], `d2_${l}`), `batch_var${l}`);
    const inv = n("Reciprocal", [n("Sqrt", [n("Add", [v, eps], `ve${l}`)], `sd${l}`)], `inv${l}`);
    const xh = n("Mul", [d, inv], `xh${l}`);
    const y = n("Add", [n("Mul", [xh, `gamma${l}`], `gx${l}`), `beta${l}`], `y${l}`);
    const r = n("Relu", [y], `r${l}`);
    cache.push({h, xh, inv, y});
    h = n("Mul", [r, `mask${l}`], `h${l}`);
  });
  const logits = n("Add", [n("MatMul", [h, "W_out"], "mm_out"), "b_out"], "logits");
  const logp = n("LogSoftmax", [logits], "logp", {axis: 1});
  n("Neg", [n("ReduceSum", [n("Mul", ["targets", logp], "t_logp")], "sum_t_logp", {keepdims: 0})], "loss");

  // Backward. d loss / d logits = p · Σ_c targets − targets, row by row.
  const rowSum = n("ReduceSum", ["targets", ax1], "target_rowsum", {keepdims: 1});
  let dh = n("Sub", [n("Mul", [n("Exp", [logp], "p"), rowSum], "p_s"), "targets"], "dlogits");
  n("MatMul", [T(h, "h_last_T"), dh], "grad_W_out");
  sum0(dh, "grad_b_out");
  dh = n("MatMul", [dh, T("W_out", "W_out_T")], "dh_last");
  for (let l = s.hidden.length - 1; l >= 0; l--) {
    const c = cache[l];
    const dr = n("Mul", [dh, `mask${l}`], `dr${l}`);
    const dy = n("Where", [n("Greater", [c.y, zero], `pos${l}`), dr, zero], `dy${l}`);
    sum0(n("Mul", [dy, c.xh], `dy_xh${l}`), `grad_gamma${l}`);
    sum0(dy, `grad_beta${l}`);
    const dxh = n("Mul", [dy, `gamma${l}`], `dxh${l}`);
    // BatchNorm with batch statistics: dz = inv · (dxh − mean(dxh) − xh · mean(dxh · xh)).
    const inner = n(
      "Sub",
      [n("Sub", [dxh, mean0(dxh, `m_dxh${l}`)], `c_dxh${l}`), n("Mul", [c.xh, mean0(n("Mul", [dxh, c.xh], `dxh_xh${l}`), `m_dxh_xh${l}`)], `xh_m${l}`)],
      `inner${l}`
    );
    const dz = n("Mul", [inner, c.inv], `dz${l}`);
    n("MatMul", [T(c.h, `h_in_T${l}`), dz], `grad_W${l}`);
    sum0(dz, `grad_b${l}`);
    if (l > 0) dh = n("MatMul", [dz, T(`W${l}`, `W${l}_T`)], `dh${l - 1}`);
  }
  const params = parameterShapes(s);
  const squares = params.map((p) => n("ReduceSumSquare", [`grad_${p.name}`], `grad_sq_${p.name}`, {keepdims: 0}));
  n("Sqrt", [n("Sum", squares, "grad_sq_total")], "grad_norm");
  const inputs: ValueInfo[] = [
    {name: "x", dims: ["batch", s.input]},
    {name: "targets", dims: ["batch", s.classes]},
    ...s.hidden.map((hd, l) => ({name: `mask${l}`, dims: ["batch", hd]})),
    ...params.map((p) => ({name: p.name, dims: p.dims}))
  ];
  const outputs: ValueInfo[] = [
    {name: "loss", dims: []},
    ...params.map((p) => ({name: `grad_${p.name}`, dims: p.dims})),
    {name: "grad_norm", dims: []},
    ...s.hidden.flatMap((hd, l) => [
      {name: `batch_mean${l}`, dims: [1, hd]},
      {name: `batch_var${l}`, dims: [1, hd]}
    ])
  ];
  return encodeModel({name: "head_train_step", producer: "cry-report neural head", opset: 17, nodes: g.nodes, initializers: g.initializers, inputs, outputs});
}

/** Inference with parameters and running statistics as inputs (used for per-epoch evaluation). */
export function evalGraph(s: HeadShape): Uint8Array {
  const g = new GraphBuilder();
  const n = g.node.bind(g);
  const eps = g.f32("bn_eps", [], [BN_EPS]);
  let h = "x";
  s.hidden.forEach((_, l) => {
    const z = n("Add", [n("MatMul", [h, `W${l}`], `mm${l}`), `b${l}`], `z${l}`);
    const xh = n("Div", [n("Sub", [z, `running_mean${l}`], `d${l}`), n("Sqrt", [n("Add", [`running_var${l}`, eps], `ve${l}`)], `sd${l}`)], `xh${l}`);
    h = n("Relu", [n("Add", [n("Mul", [xh, `gamma${l}`], `gx${l}`), `beta${l}`], `y${l}`)], `h${l}`);
  });
  n("Softmax", [n("Add", [n("MatMul", [h, "W_out"], "mm_out"), "b_out"], "logits")], "probabilities", {axis: 1});
  const params = parameterShapes(s);
  return encodeModel({
    name: "head_eval",
    producer: "cry-report neural head",
    opset: 17,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [
      {name: "x", dims: ["batch", s.input]},
      ...params.map((p) => ({name: p.name, dims: p.dims})),
      ...s.hidden.flatMap((hd, l) => [
        {name: `running_mean${l}`, dims: [hd]},
        {name: `running_var${l}`, dims: [hd]}
      ])
    ],
    outputs: [
      {name: "logits", dims: ["batch", s.classes]},
      {name: "probabilities", dims: ["batch", s.classes]}
    ]
  });
}

/** Folded layers of a trained head: per layer W [in, out] and b, ReLU after all but the last. */
export interface FoldedLayer {
  W: Float32Array;
  b: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Folds a StandardScaler into a linear layer (W [in, out], row-major), in place, so the model takes
 * the raw embedding: W' = W / scale (per input row), b' = b − Σ W' · mean.
 */
export function foldStandardization(
  L: {W: Float32Array | Float64Array; b: Float32Array | Float64Array; rows: number; cols: number},
  scaler: {mean: ArrayLike<number>; scale: ArrayLike<number>}
): void {
  for (let j = 0; j < L.cols; j++) {
    let shift = 0;
    for (let r = 0; r < L.rows; r++) {
      const w = L.W[r * L.cols + j] / scaler.scale[r];
      L.W[r * L.cols + j] = w;
      shift += w * scaler.mean[r];
    }
    L.b[j] -= shift;
  }
}

/** The exported classifier: embedding [batch, D] → probabilities [batch, K], BatchNorm folded into the Linear layers. */
export function exportGraph(
  layers: FoldedLayer[],
  meta: Record<string, string>,
  {name = "cry_head", doc = "cry-report neural head (docs/method.md §5), BatchNorm folded into the Linear layers; input: standardized embedding."} = {}
): Uint8Array {
  const g = new GraphBuilder();
  let h = "embedding";
  layers.forEach((L, l) => {
    const z = g.node("Add", [g.node("MatMul", [h, g.f32(`W${l}`, [L.rows, L.cols], L.W)], `mm${l}`), g.f32(`b${l}`, [L.cols], L.b)], `z${l}`);
    h = l < layers.length - 1 ? g.node("Relu", [z], `h${l}`) : z;
  });
  g.node("Identity", [h], "logits");
  g.node("Softmax", [h], "probabilities", {axis: 1});
  const last = layers[layers.length - 1];
  return encodeModel({
    name,
    producer: "cry-report",
    opset: 17,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [{name: "embedding", dims: ["batch", layers[0].rows]}],
    outputs: [
      {name: "probabilities", dims: ["batch", last.cols]},
      {name: "logits", dims: ["batch", last.cols]}
    ],
    docString: doc,
    metadata: meta
  });
}
