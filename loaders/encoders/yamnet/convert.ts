/**
 * Convert Google's YAMNet TFLite file into an ONNX encoder of this project's contract:
 *   input  `audio`     float32 [batch, 32000]  (2 s of 16 kHz mono)
 *   output `embedding` float32 [batch, 1024]   (global average pool, mean of three 0.975 s windows)
 *   output `scores`    float32 [batch, 521]    (AudioSet class scores, mean of the three windows)
 *   output `log_mel`   float32 [batch·3, 96, 64] (the log-mel patch of every window, for checks)
 * Before anything else the graph conditions each 2 s clip into the range YAMNet was trained on
 * (waveforms in [-1, 1]; see YAMNET_CONDITIONING), so that every path that runs the ONNX — build,
 * page, command line — feeds it the same signal. The three windows start at samples 0, 8200 and 16400. The TFLite graph is batch-1 NHWC; the ONNX
 * graph is batched NCHW with the same weights. Weights stored as int8 ("hybrid" dynamic-range
 * quantization) are dequantized to float32 (scale·(q − zero point)); the TFLite runtime would also
 * quantize activations on the fly in those layers, so scores differ slightly from the TFLite kernels.
 */
import {GraphBuilder} from "../../onnx/builder.ts";
import {encodeModel, type Graph} from "../../onnx/proto.ts";
import {readTflite, TensorType, type TfliteModel, type TfliteOperator} from "./tflite.ts";

export const WINDOW = 15600;
export const WINDOW_OFFSETS = [0, 8200, 16400];
export const CLIP = 32000;

export class ConversionError extends Error {}

/**
 * How a clip is scaled before YAMNet: "peak" divides by the clip's largest |sample| (zero stays
 * zero, so zero padding and silence stay silent); "min-max" maps [min, max] onto [-1, 1] as HeAR's
 * front-end does; "none" feeds the clip as it comes (after the paper's unit-RMS step its peaks reach
 * ~10). The divisor is floored at 1e-12, so an all-zero clip stays zero: never a division by zero.
 */
export type Conditioning = "peak" | "min-max" | "none";
export const YAMNET_CONDITIONING: Conditioning = "peak";
const TINY = 1e-12;

function floatData(m: TfliteModel, index: number): Float32Array {
  const t = m.tensors[index];
  if (!t.data) throw new ConversionError(`tensor ${index} (${t.name}) has no constant data`);
  const d = t.data;
  if (t.type === TensorType.FLOAT32) return new Float32Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
  if (t.type === TensorType.INT8) {
    const q = new Int8Array(d.buffer, d.byteOffset, d.byteLength);
    const n = q.length;
    if (t.scale.length === 1) return Float32Array.from(q, (v) => t.scale[0] * (v - (t.zeroPoint[0] ?? 0)));
    // Per-channel: channel = index along the quantized dimension.
    const inner = t.shape.slice(t.quantizedDimension + 1).reduce((a, b) => a * b, 1);
    const channels = t.shape[t.quantizedDimension];
    return Float32Array.from({length: n}, (_, i) => {
      const c = Math.floor(i / inner) % channels;
      return t.scale[c] * (q[i] - (t.zeroPoint[c] ?? 0));
    });
  }
  throw new ConversionError(`tensor ${index} (${t.name}): unsupported constant type ${t.type}`);
}

function intData(m: TfliteModel, index: number): number[] {
  const d = m.tensors[index].data;
  if (!d || m.tensors[index].type !== TensorType.INT32) throw new ConversionError(`tensor ${index} is not a constant int32 tensor`);
  return Array.from(new Int32Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength)));
}

/** Transpose a row-major array of `shape` by `perm`. */
function transpose(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const out = new Float32Array(data.length);
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const idx = new Array(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let rem = o,
      src = 0;
    for (let k = outShape.length - 1; k >= 0; k--) {
      idx[k] = rem % outShape[k];
      rem = Math.floor(rem / outShape[k]);
    }
    for (let k = 0; k < perm.length; k++) src += idx[k] * strides[perm[k]];
    out[o] = data[src];
  }
  return out;
}

const EXPECTED_FRONT = [
  "RESHAPE",
  "SLICE",
  "RESHAPE",
  "GATHER",
  "RESHAPE",
  "MUL",
  "PAD",
  "FULLY_CONNECTED",
  "MUL",
  "FULLY_CONNECTED",
  "MUL",
  "ADD",
  "SQRT",
  "FULLY_CONNECTED",
  "LOG",
  "STRIDED_SLICE",
  "RESHAPE",
  "GATHER",
  "RESHAPE"
];

/** `int8Weights: false` stores every weight as float32 (the reference the int8 model is tested against). */
export function convertYamnet(
  tflite: Uint8Array,
  conditioning: Conditioning = YAMNET_CONDITIONING,
  {int8Weights = true}: {int8Weights?: boolean} = {}
): Uint8Array {
  const m = readTflite(tflite);
  const ops = m.operators;
  const seq = ops.map((o) => o.op);
  if (EXPECTED_FRONT.some((op, i) => seq[i] !== op) || seq.at(-3) !== "MEAN" || seq.at(-2) !== "FULLY_CONNECTED" || seq.at(-1) !== "LOGISTIC")
    throw new ConversionError(`not the YAMNet graph this converter knows (operators: ${seq.join(", ")})`);
  if (m.tensors[m.inputs[0]].shape.join() !== `1,${WINDOW}`) throw new ConversionError(`unexpected input shape ${m.tensors[m.inputs[0]].shape}`);

  const g = new GraphBuilder();
  const f32 = g.f32.bind(g),
    i64 = (name: string, values: number[]) => g.i64(name, values),
    node = g.node.bind(g);
  // DEQUANTIZE ops only turn constant int8 weights into floats: follow them back to the constant.
  const dequantized = new Map<number, number>();
  for (const o of ops) if (o.op === "DEQUANTIZE") dequantized.set(o.outputs[0], o.inputs[0]);
  const weight = (i: number) => floatData(m, dequantized.get(i) ?? i);
  /**
   * A weight as the graph uses it, transposed to ONNX's layout by `perm`: an int8 weight stays
   * int8 and a DequantizeLinear node in the graph turns it into float32 — per channel, as TFLite
   * stored it — so the model keeps Google's 4 MB instead of 15 MB. The values are the same: both
   * sides round the exact product scale · (q − zero point) to float32 once.
   */
  const weightInput = (i: number, shape: number[], perm: number[], name: string, dims: number[]): string => {
    const t = m.tensors[dequantized.get(i) ?? i];
    if (t.type !== TensorType.INT8 || !int8Weights) return f32(name, dims, transpose(weight(i), shape, perm));
    const d = t.data!;
    const q = Int8Array.from(transpose(Float32Array.from(new Int8Array(d.buffer, d.byteOffset, d.byteLength)), shape, perm));
    const perChannel = t.scale.length > 1,
      qDims = perChannel ? [t.scale.length] : [];
    const inputs = [
      g.i8(`${name}_q`, dims, q),
      f32(`${name}_scale`, qDims, Float32Array.from(t.scale)),
      g.i8(
        `${name}_zero`,
        qDims,
        Int8Array.from(t.scale, (_, k) => t.zeroPoint[k] ?? 0)
      )
    ];
    return node("DequantizeLinear", inputs, name, perChannel ? {axis: perm.indexOf(t.quantizedDimension)} : undefined);
  };

  // Conditioning: per clip (row), into [-1, 1].
  let audio = "audio";
  if (conditioning === "peak") {
    const peak = node("ReduceMax", [node("Abs", [audio], "abs_audio")], "peak", {axes: [1], keepdims: 1});
    audio = node("Div", [audio, node("Max", [peak, f32("tiny", [], Float32Array.of(TINY))], "peak_safe")], "conditioned");
  } else if (conditioning === "min-max") {
    const hi = node("ReduceMax", [audio], "clip_max", {axes: [1], keepdims: 1}),
      lo = node("ReduceMin", [audio], "clip_min", {axes: [1], keepdims: 1});
    const centred = node("Sub", [node("Mul", [audio, f32("two", [], Float32Array.of(2))], "twice"), node("Add", [hi, lo], "hi_plus_lo")], "centred");
    audio = node("Div", [centred, node("Max", [node("Sub", [hi, lo], "range"), f32("tiny", [], Float32Array.of(TINY))], "range_safe")], "conditioned");
  }
  // Front-end: three windows, framing, window function, DFT by matrix product, magnitude, mel, log.
  const windows = WINDOW_OFFSETS.map((off, w) =>
    node(
      "Unsqueeze",
      [node("Slice", [audio, i64(`start${w}`, [off]), i64(`end${w}`, [off + WINDOW]), i64(`axis1_${w}`, [1])], `win${w}`), i64(`unsq${w}`, [1])],
      `win${w}u`
    )
  );
  let x = node("Concat", windows, "windows", {axis: 1});
  const [rows, cols] = intData(m, ops[2].inputs[1]);
  x = node("Reshape", [x, i64("shape_rows", [-1, rows, cols])], "rows");
  const frameIdx = intData(m, ops[3].inputs[1]);
  const [nFrames, perFrame] = m.tensors[ops[3].inputs[1]].shape;
  g.initializers.push({name: "frame_index", dims: [nFrames, perFrame], type: "int64", values: frameIdx});
  x = node("Gather", [x, "frame_index"], "frames4", {axis: 1});
  const frameLen = perFrame * cols;
  x = node("Reshape", [x, i64("shape_frames", [-1, nFrames, frameLen])], "frames");
  x = node("Mul", [x, f32("window", [1, frameLen], floatData(m, ops[5].inputs[1]))], "windowed");
  const pads = intData(m, ops[6].inputs[1]); // [[0,0],[before,after]] on the batch-1 [frames, samples] tensor
  x = node("Pad", [x, i64("pads", [0, 0, pads[2], 0, 0, pads[3]])], "padded");
  const dft = (op: TfliteOperator, name: string) => {
    const [out, inn] = m.tensors[op.inputs[1]].shape;
    return node("MatMul", [x, weightInput(op.inputs[1], [out, inn], [1, 0], `${name}_w`, [inn, out])], name);
  };
  const re = dft(ops[7], "dft_re");
  const im = dft(ops[9], "dft_im");
  const power = node("Add", [node("Mul", [re, re], "re2"), node("Mul", [im, im], "im2")], "power");
  const mag = node("Sqrt", [power], "magnitude");
  const [nMel, nBins] = m.tensors[ops[13].inputs[1]].shape;
  const mel = node("MatMul", [mag, weightInput(ops[13].inputs[1], [nMel, nBins], [1, 0], "mel_w", [nBins, nMel])], "mel");
  const logMel = node("Log", [node("Add", [mel, f32("mel_offset", [nMel], floatData(m, ops[13].inputs[2]))], "mel_plus")], "log_mel");
  // The slice/reshape/gather that follow pick the one 96-frame patch of a 0.975 s window: all frames.
  x = node("Reshape", [logMel, i64("shape_patch", [-1, 1, nFrames, nMel])], "patch");

  // MobileNet body: NHWC TFLite convolutions as NCHW ONNX ones with explicit SAME padding.
  let layer = 0;
  for (const o of ops.slice(EXPECTED_FRONT.length, -3)) {
    if (o.op === "DEQUANTIZE") continue;
    if (o.op !== "CONV_2D" && o.op !== "DEPTHWISE_CONV_2D") throw new ConversionError(`unexpected ${o.op} in the convolution stack`);
    const opt = o.options;
    if (!opt) throw new ConversionError(`${o.op} without options`);
    const depthwise = o.op === "DEPTHWISE_CONV_2D";
    const padding = opt.int(0, 1); // 0 SAME, 1 VALID
    const [sw, sh] = [opt.int(1, 4, true, 1), opt.int(2, 4, true, 1)];
    const act = depthwise ? opt.int(4, 1) : opt.int(3, 1);
    const [, inH, inW] = m.tensors[o.inputs[0]].shape;
    const [, outH, outW, outC] = m.tensors[o.outputs[0]].shape;
    const wShape = m.tensors[dequantized.get(o.inputs[1]) ?? o.inputs[1]].shape; // conv [O,KH,KW,I], depthwise [1,KH,KW,C]
    const [kh, kw] = [wShape[1], wShape[2]];
    const wDims = depthwise ? [wShape[3], 1, kh, kw] : [wShape[0], wShape[3], kh, kw];
    const ph = padding === 0 ? Math.max((outH - 1) * sh + kh - inH, 0) : 0;
    const pw = padding === 0 ? Math.max((outW - 1) * sw + kw - inW, 0) : 0;
    layer++;
    // depthwise [1,KH,KW,C] → [C,1,KH,KW]; conv [O,KH,KW,I] → [O,I,KH,KW]
    const w = weightInput(o.inputs[1], wShape, depthwise ? [3, 0, 1, 2] : [0, 3, 1, 2], `conv${layer}_w`, wDims);
    x = node("Conv", [x, w, f32(`conv${layer}_b`, [outC], floatData(m, o.inputs[2]))], `conv${layer}`, {
      strides: [sh, sw],
      pads: [Math.floor(ph / 2), Math.floor(pw / 2), ph - Math.floor(ph / 2), pw - Math.floor(pw / 2)],
      kernel_shape: [kh, kw],
      group: depthwise ? wShape[3] : 1
    });
    if (act === 1) x = node("Relu", [x], `relu${layer}`);
    else if (act === 3) x = node("Clip", [x, f32(`zero${layer}`, [], Float32Array.of(0)), f32(`six${layer}`, [], Float32Array.of(6))], `relu6_${layer}`);
    else if (act !== 0) throw new ConversionError(`unsupported fused activation ${act}`);
  }
  const pooled = node("ReduceMean", [x], "window_embedding", {axes: [2, 3], keepdims: 0});
  const fc = ops.at(-2)!;
  const [nClasses, dim] = m.tensors[fc.inputs[1]].shape;
  const logits = node(
    "Add",
    [
      node("MatMul", [pooled, weightInput(fc.inputs[1], [nClasses, dim], [1, 0], "dense_w", [dim, nClasses])], "dense"),
      f32("dense_b", [nClasses], floatData(m, fc.inputs[2]))
    ],
    "logits"
  );
  const scores = node("Sigmoid", [logits], "window_scores");
  const nWin = WINDOW_OFFSETS.length;
  node("ReduceMean", [node("Reshape", [pooled, i64("shape_emb", [-1, nWin, dim])], "emb3")], "embedding", {axes: [1], keepdims: 0});
  node("ReduceMean", [node("Reshape", [scores, i64("shape_sc", [-1, nWin, nClasses])], "sc3")], "scores", {axes: [1], keepdims: 0});

  const graph: Graph = {
    name: "yamnet_2s",
    producer: "cry-report yamnet converter",
    opset: 17,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [{name: "audio", dims: ["batch", CLIP]}],
    outputs: [
      {name: "embedding", dims: ["batch", dim]},
      {name: "scores", dims: ["batch", nClasses]},
      {name: "log_mel", dims: ["windows", nFrames, nMel]}
    ],
    docString: `YAMNet (Google, AudioSet, Apache-2.0) converted from its TFLite release by cry-report; input conditioning: ${conditioning}; three 0.975 s windows per 2 s clip, averaged.`
  };
  return encodeModel(graph);
}
