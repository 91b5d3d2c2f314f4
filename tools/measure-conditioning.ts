/**
 * `npx tsx tools/measure-conditioning.ts`: the measurement behind YAMNET_CONDITIONING. Runs the
 * paper's preprocessing on every corpus recording, scales each clip three ways (none, by its peak,
 * min-max onto [-1, 1]) and feeds the unconditioned YAMNet graph; prints, per way and source, how
 * often the cry rule the page used then (a cry class scoring ≥ 0.1 or in the top 5) passes and how often YAMNet's top class is a cry or "Speech".
 * About 4 minutes on 2 cores; not part of the build (the build shows none vs the chosen way).
 */
import {join} from "node:path";
import * as ort from "onnxruntime-node";
import {resolveDataDir} from "../data/corpus.ts";
import {decodeCached} from "../loaders/audio/decode-cached.ts";
import {preprocess} from "../loaders/audio/preprocess.ts";
import {stack} from "../loaders/audio/clips.ts";
import {loadEncoder} from "../loaders/encoders/registry.ts";
import {cachedInventory} from "../loaders/pipeline/inventory-cached.ts";
import {clipEvidence, passes} from "../loaders/cry/rule.ts";
import {ENCODER_SESSION_OPTIONS} from "../loaders/onnx/session-options.ts";

/** The page's rule when this was measured (before the rule was chosen on a non-cry set). */
const oldRule = (scores: Float32Array) => {
  const e = clipEvidence(scores);
  return passes({kind: "audioset-score", threshold: 0.1}, [e]) || passes({kind: "audioset-top-k", k: 5}, [e]);
};

const dir = resolveDataDir();
const rows = (await cachedInventory(dir)).filter((r) => r.status === "ok");
const enc = await loadEncoder("yamnet-unconditioned");
const s = await ort.InferenceSession.create(enc.onnx, {...ENCODER_SESSION_OPTIONS, intraOpNumThreads: 1});
const cond = {
  none: (c: Float32Array) => c,
  peak: (c: Float32Array) => {
    let m = 0;
    for (const v of c) m = Math.max(m, Math.abs(v));
    return m > 0 ? c.map((v) => v / m) : c;
  },
  minmax: (c: Float32Array) => {
    let lo = Infinity,
      hi = -Infinity;
    for (const v of c) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    return hi > lo ? c.map((v) => (2 * v - hi - lo) / (hi - lo)) : c.map(() => 0);
  }
};
const stats: Record<string, Record<string, {n: number; pass: number; topCry: number; topSpeech: number}>> = {};
let k = 0;
for (const r of rows) {
  const d = await decodeCached(join(dir, r.path), r.sha256);
  if (!d.ok) continue;
  let sel: ReturnType<typeof preprocess>;
  try {
    sel = preprocess(d.samples);
  } catch {
    continue;
  }
  const group = r.source === "cleaned" ? "cleaned" : "raw upload";
  for (const [name, f] of Object.entries(cond)) {
    const clips = sel.clips.map((c) => f(Float32Array.from(c)));
    const batch = stack(clips);
    const out = await s.run({audio: new ort.Tensor("float32", batch, [clips.length, 32000])});
    const sc = out.scores.data as Float32Array,
      D = out.scores.dims[1] as number;
    let pass = false;
    const mean = new Float32Array(D);
    for (let i = 0; i < clips.length; i++) {
      const row = sc.slice(i * D, (i + 1) * D);
      if (oldRule(row)) pass = true;
      for (let j = 0; j < D; j++) mean[j] += row[j] / clips.length;
    }
    let top = 0;
    for (let j = 1; j < D; j++) if (mean[j] > mean[top]) top = j;
    const st = ((stats[name] ??= {})[group] ??= {n: 0, pass: 0, topCry: 0, topSpeech: 0});
    st.n++;
    if (pass) st.pass++;
    if (top === 19 || top === 20) st.topCry++;
    if (top === 0) st.topSpeech++;
  }
  if (++k % 200 === 0) process.stderr.write(`${k}/${rows.length}\n`);
}
for (const [name, g] of Object.entries(stats))
  for (const [group, st] of Object.entries(g))
    console.log(
      `${name.padEnd(7)} ${group.padEnd(11)} n ${st.n}  cry rule passes ${((st.pass / st.n) * 100).toFixed(1)}%  top class cry ${((st.topCry / st.n) * 100).toFixed(1)}%  top class Speech ${((st.topSpeech / st.n) * 100).toFixed(1)}%`
    );
