// Everything the live classifier loads, from one build of the bundle: YAMNet's ONNX, the paper's
// head and the cry head, onnxruntime-web's WebAssembly binary (self-hosted from node_modules, no
// CDN), and manifest.json — hashes, class names, AudioSet names, the head's holdout metrics, the
// embedding map with its projection, and the cry check's rule with its measured rates.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {liveBundle} from "../../loaders/pipeline/live-bundle.ts";
import {analyseEmbeddings} from "../../loaders/pipeline/embedding-analysis.ts";
import {cryCheck} from "../../loaders/pipeline/cry-check.ts";
import {needsHead} from "../../loaders/cry/rule.ts";
import {tarFiles} from "../../loaders/lib/tar.ts";
import {classifierExamples} from "../../loaders/pipeline/classifier-examples.ts";

const b = await liveBundle();
const emb = await analyseEmbeddings("yamnet");
const manifest = {
  ...b.manifest,
  cryCheck: (await cryCheck()).check,
  // What the page fetches on first use: the encoder and the class head (the cry head only when the rule needs it).
  modelBytes: b.encoderOnnx.length + b.headOnnx.length + (needsHead(b.manifest.cryRule) ? b.cryHeadOnnx.length : 0),
  projection: emb.projection,
  map: emb.map.filter((r) => r.status === "ok").map((r) => ({pc1: r.pc1, pc2: r.pc2, label: r.repackagedLabel}))
};
const examples = await classifierExamples();
const require = createRequire(import.meta.url);
const ortDist = dirname(require.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"));
// ffmpeg's single-thread WebAssembly build (GPL-2.0-or-later), for 3GP/AMR-NB and CAF/IMA4 uploads.
// (The package exports only its entry points: resolve the CommonJS one and step to the ES module build beside it.)
const ffmpegDist = join(dirname(require.resolve("@ffmpeg/core")), "..", "esm");
process.stdout.write(
  tarFiles({
    "manifest.json": JSON.stringify(manifest),
    "examples.json": JSON.stringify(examples.examples),
    ...examples.files,
    "yamnet.onnx": b.encoderOnnx,
    "head.onnx": b.headOnnx,
    "cry-head.onnx": b.cryHeadOnnx,
    "ort-wasm-simd-threaded.wasm": readFileSync(join(ortDist, "ort-wasm-simd-threaded.wasm")),
    "ffmpeg-core.js": readFileSync(join(ffmpegDist, "ffmpeg-core.js")),
    "ffmpeg-core.wasm": readFileSync(join(ffmpegDist, "ffmpeg-core.wasm"))
  })
);
