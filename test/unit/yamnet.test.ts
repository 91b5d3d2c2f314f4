// YAMNet converted by our own code: front-end against an independent numpy reference, AudioSet
// sanity on signals whose class a listener knows, batching, and the encoder contract.
import assert from "node:assert/strict";
import {existsSync, readFileSync} from "node:fs";
import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {test} from "node:test";
import * as ort from "onnxruntime-node";
import {loadEncoder, type Encoder} from "../../loaders/encoders/registry.ts";
import {convertYamnet} from "../../loaders/encoders/yamnet/convert.ts";
import {readYamnetClassNames, readYamnetTflite, yamnetDir} from "../../loaders/encoders/yamnet/source.ts";
import {encodeModel} from "../../loaders/onnx/proto.ts";
import {embedFile, openEncoder} from "../../loaders/pipeline/embed.ts";
import type {InventoryRow} from "../../loaders/corpus/inventory.ts";
import {createHash} from "node:crypto";
import {sine, tempDir, wavBytes, writeFixture} from "../helpers/signals.ts";
import {ENCODER_SESSION_OPTIONS} from "../../loaders/onnx/session-options.ts";

const skip = !existsSync(join(yamnetDir(), "yamnet.tflite")) && `no YAMNet TFLite at ${yamnetDir()}`;
const CLIP = 32000;

async function session(name = "yamnet"): Promise<{s: ort.InferenceSession; names: string[]}> {
  const enc = await loadEncoder(name);
  return {s: await ort.InferenceSession.create(enc.onnx, ENCODER_SESSION_OPTIONS), names: readYamnetClassNames()};
}

async function run(s: ort.InferenceSession, clips: Float32Array[]) {
  const batch = new Float32Array(clips.length * CLIP);
  clips.forEach((c, i) => batch.set(c, i * CLIP));
  return s.run({audio: new ort.Tensor("float32", batch, [clips.length, CLIP])});
}

test("log-mel front-end matches an independent numpy implementation", {skip}, async () => {
  // The reference transcribes YAMNet's own front-end, which starts after our input conditioning.
  const {s} = await session("yamnet-unconditioned");
  const f = JSON.parse(readFileSync(new URL("../fixtures/yamnet_logmel.json", import.meta.url), "utf8"));
  for (const c of f.cases as {name: string; input: number[]; log_mel: number[][]}[]) {
    const x = new Float32Array(CLIP);
    x.set(c.input);
    const lm = (await run(s, [x])).log_mel.data as Float32Array;
    let sum = 0,
      maxStrong = 0;
    c.log_mel.forEach((row, i) =>
      row.forEach((ref, j) => {
        const d = Math.abs(lm[i * 64 + j] - ref);
        sum += d;
        // Bins with mel energy above 0.1: away from the floor that the int8 DFT weights leave.
        if (ref > Math.log(0.1)) maxStrong = Math.max(maxStrong, d);
      })
    );
    const mean = sum / (96 * 64);
    if (c.name === "noise") assert.ok(mean < 0.01, `${c.name}: mean |Δ| ${mean}`);
    assert.ok(maxStrong < 0.3, `${c.name}: max |Δ| on strong bins ${maxStrong}`);
  }
});

test("AudioSet sanity: a sine, white noise and silence get the classes a listener expects", {skip}, async () => {
  const {s, names} = await session();
  let seed = 1;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const sig = (f: (i: number) => number) => Float32Array.from({length: CLIP}, (_, i) => f(i));
  const out = await run(s, [sig((i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000)), sig(() => 0.3 * rnd()), new Float32Array(CLIP)]);
  const scores = out.scores.data as Float32Array;
  const top = (b: number, k: number) =>
    [...Array(521).keys()]
      .sort((x, y) => scores[b * 521 + y] - scores[b * 521 + x])
      .slice(0, k)
      .map((i) => names[i]);
  assert.ok(top(0, 2).includes("Sine wave"), `sine → ${top(0, 3)}`);
  // Scaled to peak 1, uniform noise is heard as AudioSet's "Noise" first, with "White noise" close behind.
  assert.ok(["White noise", "Noise"].includes(top(1, 1)[0]) && top(1, 3).includes("White noise"), `noise → ${top(1, 3)}`);
  assert.equal(top(2, 1)[0], "Silence");
  assert.deepEqual(out.embedding.dims, [3, 1024]);
});

test("a clip gives the same embedding alone or in a batch", {skip}, async () => {
  const {s} = await session();
  const a = Float32Array.from({length: CLIP}, (_, i) => Math.sin(i / 7) * 0.3);
  const b = Float32Array.from({length: CLIP}, (_, i) => Math.sin(i / 3) * 0.2);
  const alone = (await run(s, [b])).embedding.data as Float32Array;
  const batched = ((await run(s, [a, b])).embedding.data as Float32Array).slice(1024);
  for (let i = 0; i < 1024; i++) assert.ok(Math.abs(alone[i] - batched[i]) < 1e-4);
});

test("input conditioning: the graph scales each clip by its peak, and a constant, silent or huge clip gives finite output", {skip}, async () => {
  const {s} = await session("yamnet");
  const {s: raw} = await session("yamnet-unconditioned");
  // A clip as the paper's unit-RMS step leaves it (peaks near 10), and the same clip scaled by hand.
  const x = Float32Array.from(sine(440, 16000, 2, 0.5), (v, i) => 9 * v + (i % 7 === 0 ? 3 : 0));
  const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const [a, b] = [await run(s, [x]), await run(raw, [x.map((v) => v / peak)])];
  const ea = a.embedding.data as Float32Array,
    eb = b.embedding.data as Float32Array;
  assert.ok(
    ea.every((v, i) => Math.abs(v - eb[i]) < 1e-4),
    "conditioned graph = unconditioned graph on the peak-scaled clip"
  );
  // Scale does not matter any more.
  const big = await run(s, [x.map((v) => v * 1e5)]);
  assert.ok(
    (big.embedding.data as Float32Array).every((v, i) => Math.abs(v - ea[i]) < 1e-4),
    "1e5 × louder gives the same embedding"
  );
  for (const clip of [new Float32Array(CLIP), new Float32Array(CLIP).fill(0.25)]) {
    const out = await run(s, [clip]);
    assert.ok(
      (out.embedding.data as Float32Array).every(Number.isFinite) && (out.scores.data as Float32Array).every(Number.isFinite),
      "no NaN for a constant clip"
    );
  }
  const card = (await loadEncoder("yamnet")).card;
  assert.match(card.conditioning, /\[-1, 1\]/);
});

test("the converter and the model source reject the wrong file with a reason", async () => {
  assert.throws(() => convertYamnet(new TextEncoder().encode("definitely not a flatbuffer")), /not a TFLite model/);
  const dir = await tempDir();
  await writeFile(join(dir, "yamnet.tflite"), "tampered");
  assert.throws(() => readYamnetTflite(dir), /sha256 .* expected 469be6a3/);
  assert.throws(() => readYamnetTflite(join(dir, "nowhere")), /not found .* CRY_YAMNET_DIR/);
});

/**
 * A stand-in encoder of HeAR's contract: [batch, 32000] → [batch, dim] by a fixed projection. Built
 * once per width: its 65 MB of weights took seconds to make, and four tests use it.
 */
const standIns = new Map<number, Encoder>();
function standIn(dim: number): Encoder {
  const made = standIns.get(dim);
  if (made) return made;
  const w = new Float32Array(CLIP * dim);
  for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 0.618) * 1e-3;
  const onnx = encodeModel({
    name: "stand_in",
    producer: "cry-report tests",
    opset: 17,
    nodes: [{op: "MatMul", inputs: ["x", "w"], outputs: ["embedding"]}],
    initializers: [{name: "w", dims: [CLIP, dim], type: "float", values: w}],
    inputs: [{name: "x", dims: ["batch", CLIP]}],
    outputs: [{name: "embedding", dims: ["batch", dim]}]
  });
  const sha256 = createHash("sha256").update(onnx).digest("hex");
  const enc = {
    onnx,
    card: {name: "hear", dim: 512, licence: "test", source: "stand-in", sha256, dimensions: "", outputs: [], conditioning: "none (test stand-in)"}
  };
  standIns.set(dim, enc);
  return enc;
}

test("a HeAR-shaped stand-in passes the contract check; a wrong shape is refused clearly", async () => {
  const s = await openEncoder(standIn(512));
  assert.deepEqual(s.inputNames, ["x"]);
  await assert.rejects(openEncoder(standIn(256)), /breaks the contract: expected output "embedding" of shape \[batch, 512\], got \[1,256\]/);
});

test("HeAR is picked up from CRY_HEAR_ONNX and refused with a reason when absent", async () => {
  const dir = await tempDir();
  const prev = process.env.CRY_HEAR_ONNX;
  process.env.CRY_HEAR_ONNX = join(dir, "hear.onnx");
  try {
    await assert.rejects(loadEncoder("hear"), /HeAR is not available: place an ONNX export/);
    await mkdir(dir, {recursive: true});
    await writeFile(join(dir, "hear.onnx"), standIn(512).onnx);
    const enc = await loadEncoder("hear");
    await openEncoder(enc);
    await assert.rejects(loadEncoder("nope"), /unknown encoder "nope"/);
  } finally {
    if (prev === undefined) delete process.env.CRY_HEAR_ONNX;
    else process.env.CRY_HEAR_ONNX = prev;
  }
});

test("the HeAR stand-in embeds a recording through the build's own path (decode, preprocess, clips, mean pool)", async () => {
  const dir = await tempDir();
  // 5 s at 44.1 kHz stereo: resampled, mixed down, three 2 s clips.
  const f = await writeFixture(dir, "cry.wav", wavBytes(sine(450, 44100, 5), 44100, 2));
  const enc = standIn(512);
  const session = await openEncoder(enc);
  const row = {path: "cry.wav", sha256: f.sha256, status: "ok"} as InventoryRow;
  const e = await embedFile(session, enc, dir, row);
  assert.equal(e.ok, true);
  assert.equal(e.clips, 3);
  assert.equal(e.embedding.length, 512);
  assert.ok(e.embedding.every(Number.isFinite) && e.embedding.some((v) => v !== 0));
  const again = await embedFile(session, enc, dir, row); // from the content-addressed cache
  assert.deepEqual(again.embedding, e.embedding);
});

test("int8 weights dequantized in the graph: a quarter of the bytes, and with the encoder's session options the float32 conversion's outputs bit for bit", {
  skip
}, async () => {
  const tfl = readYamnetTflite();
  const int8 = convertYamnet(tfl),
    float = convertYamnet(tfl, undefined, {int8Weights: false});
  assert.ok(int8.length < 5e6 && float.length > 3 * int8.length, `${int8.length} vs ${float.length} bytes`);
  const a = await ort.InferenceSession.create(float),
    b = await ort.InferenceSession.create(int8, ENCODER_SESSION_OPTIONS);
  const clips = [sine(440, 16000, 2, 0.5), Float32Array.from({length: CLIP}, (_, i) => Math.sin(i * 0.031) * Math.sin(i * 0.0007) * 0.8)].map((c) =>
    Float32Array.from(c)
  );
  const [ra, rb] = [await run(a, clips), await run(b, clips)];
  for (const k of ["embedding", "scores"]) assert.deepEqual(Array.from(rb[k].data as Float32Array), Array.from(ra[k].data as Float32Array), k);
});
