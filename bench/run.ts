/**
 * `npm run bench [pca|head|logistic|models|encoders|audio|live|pages|build]` (`build` only when named): performance as ratios against references measured in the same run — never a
 * wall-clock assertion. Models against scikit-learn on the same data (when Debian's python3-sklearn
 * is installed); encoders in onnxruntime-node and -web against real time and against each other;
 * preprocessing and augmentation per second of audio.
 */
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import * as ortNode from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import {pitchShift} from "../loaders/audio/augment.ts";
import {preprocess} from "../loaders/audio/preprocess.ts";
import {SAMPLE_RATE} from "../loaders/audio/rate.ts";
import {timeStretch} from "../loaders/audio/time-stretch.ts";
import {loadEncoder, hearAvailable} from "../loaders/encoders/registry.ts";
import {accuracy} from "../loaders/eval/metrics.ts";
import {rng} from "../loaders/lib/random.ts";
import {GradientBoosting} from "../loaders/models/boosting.ts";
import type {Classifier} from "../loaders/models/estimator.ts";
import {RandomForest} from "../loaders/models/forest.ts";
import {LogisticRegression} from "../loaders/models/logistic.ts";
import {fromRows} from "../loaders/models/matrix.ts";
import {SVC} from "../loaders/models/svm.ts";
import {encodeModel} from "../loaders/onnx/proto.ts";
import {ENCODER_SESSION_OPTIONS} from "../loaders/onnx/session-options.ts";

const only = process.argv.slice(2);
const want = (section: string) => !only.length || only.includes(section);
const seconds = async (f: () => unknown | Promise<unknown>) => {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
};
const fmt = (x: number, d = 2) => x.toFixed(d);
/** The best of `runs` timings — the protocol the Python reference uses for the same measurement. */
const bestOf = async (runs: number, f: () => unknown | Promise<unknown>) => {
  let best = Infinity;
  for (let r = 0; r < runs; r++) best = Math.min(best, await seconds(f));
  return best;
};

function findPython(): string | null {
  for (const py of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(py, ["-c", "import sklearn"], {stdio: "ignore"});
    if (r.status === 0) return py;
  }
  return null;
}

/** Runs a Python reference script on one thread and parses the JSON it prints. */
function pythonReference(py: string, script: string, args: string[], what: string) {
  const r = spawnSync(py, [new URL(script, import.meta.url).pathname, ...args], {env: {...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1"}});
  if (r.status !== 0) throw new Error(`the ${what} benchmark failed: ${r.stderr}`);
  return JSON.parse(r.stdout.toString());
}

/** Typed arrays written as raw little-endian files for a Python reference to read; returns their paths. */
function writeArrays(prefix: string, arrays: Record<string, Float64Array | Int32Array>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), `cry-bench-${prefix}-`));
  return Object.fromEntries(
    Object.entries(arrays).map(([name, a]) => {
      const file = join(dir, name);
      writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      return [name, file];
    })
  );
}

/**
 * The rate of dense float64 multiply-adds, measured in the same run: our rowDots (A·Bᵀ; the
 * WebAssembly SIMD kernel where it compiles — the products of PCA, the SVM's kernel and logistic
 * regression) and the same blocks in JavaScript (its fallback), against numpy's BLAS on one
 * thread. Said beside a miss.
 */
let rates: {simd: number; scalar: number; blas: number; numpy: string} | null = null;
async function denseRates(py: string) {
  if (rates) return rates;
  const {rowDots, scalarRowDots} = await import("../loaders/models/dots.ts");
  const n = 512,
    random = rng(7);
  const A = Float64Array.from({length: n * n}, random),
    B = Float64Array.from({length: n * n}, random);
  const simd = n ** 3 / (await bestOf(5, () => rowDots(A, n, B, n, n))) / 1e9;
  const scalar = n ** 3 / (await bestOf(3, () => scalarRowDots(A, n, B, n, n))) / 1e9;
  const ref = pythonReference(py, "./numpy_matmul.py", [], "numpy matmul");
  return (rates = {simd, scalar, blas: ref.gmacs, numpy: ref.numpy});
}
const ratesText = (r: NonNullable<typeof rates>) =>
  `dense float64 multiply-adds on one thread: numpy ${r.numpy}'s BLAS ${fmt(r.blas, 2)} GMAC/s, our WebAssembly SIMD kernel ${fmt(r.simd, 2)}, scalar JavaScript ${fmt(r.scalar, 2)}`;

/** A ratio against its target, in words. */
const versus = (ratio: number, target: number) => `${fmt(ratio, 1)}× ${ratio <= target ? "(within" : "(misses"} the ${target}× target)`;

async function models() {
  console.log("\n## Classical models vs scikit-learn (2000 × 100 train, 1000 test, 3 classes, one thread)");
  const py = findPython();
  if (!py) {
    console.log("python3-sklearn is not installed: no reference in this run, so no ratios (apt-get install python3-sklearn).");
    return;
  }
  const file = join(mkdtempSync(join(tmpdir(), "cry-bench-")), "models.json");
  const r = spawnSync(py, [new URL("./sklearn_models.py", import.meta.url).pathname, file], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1"}
  });
  if (r.status !== 0) throw new Error("the scikit-learn benchmark failed");
  const ref = JSON.parse(readFileSync(file, "utf8"));
  const Xtr = fromRows(ref.Xtr),
    Xte = fromRows(ref.Xte);
  const ours: Record<string, () => Classifier> = {
    "SVM (RBF, C 10, probabilities)": () => new SVC({C: 10, gamma: "scale", seed: 0}),
    "Logistic regression (C 1)": () => new LogisticRegression({C: 1}),
    "Random forest (200 trees)": () => new RandomForest({nEstimators: 200, seed: 0}),
    "Gradient boosting (100 × depth 3)": () => new GradientBoosting({nEstimators: 100, maxDepth: 3, learningRate: 0.1})
  };
  console.log(`scikit-learn ${ref.sklearn}; ratio = ours / scikit-learn (below 1: faster); target: fit ≤ 1.5×`);
  console.log("| model | fit s (ours / sklearn) | fit ratio | predict ratio | accuracy (ours / sklearn) |\n|---|---|---|---|---|");
  const misses: string[] = [];
  for (const [name, make] of Object.entries(ours)) {
    // Best of three, as bench/sklearn_models.py times scikit-learn (a fresh estimator each fit).
    let m = make();
    const fit = await bestOf(3, () => (m = make()).fit(Xtr, ref.ytr));
    let pred: number[] = [];
    const predict = await bestOf(3, () => (m.predictProba(Xte), (pred = m.predict(Xte))));
    const s = ref.timings[name];
    const acc = accuracy(ref.yte, pred);
    const note = name.startsWith("Gradient") ? " (both histogram-based: sklearn's HistGradientBoostingClassifier)" : "";
    const ratio = fit / s.fit;
    console.log(
      `| ${name}${note} | ${fmt(fit)} / ${fmt(s.fit)} | ${fmt(ratio)}× ${ratio <= 1.5 ? "(within)" : "(misses)"} | ${fmt(predict / s.predict)}× | ${fmt(acc, 3)} / ${fmt(s.accuracy, 3)} |`
    );
    if (ratio > 1.5) misses.push(name);
  }
  for (const name of misses)
    console.log(
      name.startsWith("Logistic")
        ? `why ${name} misses: not measured part by part here — each evaluation is one pass over the data in blocks (logits and gradient on the SIMD kernels, the softmax in JavaScript); ${ratesText(await denseRates(py))}.`
        : `why ${name} misses: not established by this bench (its histograms, their subtraction and the split scan run in WebAssembly, the trees, partitions and per-stage probabilities in JavaScript).`
    );
  const h = ref.timings["(exact GradientBoosting, for reference)"];
  console.log(`(scikit-learn's exact GradientBoostingClassifier on the same data: fit ${fmt(h.fit)} s, accuracy ${fmt(h.accuracy, 3)})`);
}

/** A reference in the same run: the machine's single-thread matrix-multiply rate in onnxruntime. */
async function matmulRate(): Promise<number> {
  const n = 512;
  const model = encodeModel({
    name: "mm",
    producer: "bench",
    opset: 17,
    nodes: [{op: "MatMul", inputs: ["a", "b"], outputs: ["c"]}],
    initializers: [],
    inputs: [
      {name: "a", dims: [n, n]},
      {name: "b", dims: [n, n]}
    ],
    outputs: [{name: "c", dims: [n, n]}]
  });
  const s = await ortNode.InferenceSession.create(model, {intraOpNumThreads: 1});
  const r = rng(1);
  const a = new ortNode.Tensor("float32", Float32Array.from({length: n * n}, r), [n, n]);
  await s.run({a, b: a});
  const reps = 20;
  const t = await seconds(async () => {
    for (let i = 0; i < reps; i++) await s.run({a, b: a});
  });
  return (2 * n ** 3 * reps) / t / 1e9;
}

async function encoders() {
  console.log("\n## Encoders: clips per second (batch 8, one thread), onnxruntime-node and -web (wasm, in Node)");
  const gflops = await matmulRate();
  console.log(`reference: onnxruntime MatMul 512³ on one thread = ${fmt(gflops, 1)} GFLOP/s`);
  ortWeb.env.wasm.numThreads = 1;
  const r = rng(2);
  const batch = 8;
  const audio = Float32Array.from({length: batch * 32000}, () => r() - 0.5);
  console.log("| encoder | node clips/s | web clips/s | web / node time | × real time (node) |\n|---|---|---|---|---|");
  for (const name of ["yamnet", "acoustic", ...(hearAvailable() ? ["hear"] : [])]) {
    const enc = await loadEncoder(name);
    const rates: number[] = [];
    for (const ort of [ortNode, ortWeb] as unknown as (typeof ortNode)[]) {
      const s = await ort.InferenceSession.create(enc.onnx, {...ENCODER_SESSION_OPTIONS, intraOpNumThreads: 1});
      const input = {[s.inputNames[0]]: new ort.Tensor("float32", audio, [batch, 32000])};
      await s.run(input);
      const reps = 3;
      const t = await seconds(async () => {
        for (let i = 0; i < reps; i++) await s.run(input);
      });
      rates.push((batch * reps) / t);
    }
    console.log(`| ${name} | ${fmt(rates[0], 1)} | ${fmt(rates[1], 1)} | ${fmt(rates[0] / rates[1])}× | ${fmt(rates[0] * 2, 0)}× |`);
  }
}

async function audio() {
  console.log("\n## Preprocessing and augmentation, per second of 16 kHz audio (one thread)");
  const r = rng(3);
  const x = Float32Array.from({length: SAMPLE_RATE * 60}, (_, i) => 0.3 * Math.sin(i / 20) + 0.1 * (r() - 0.5));
  const rows: [string, number][] = [
    ["Wiener + Gaussian + RMS + clips (the paper's preprocessing)", await seconds(() => preprocess(x))],
    ["time stretch ×0.9 (phase vocoder)", await seconds(() => timeStretch(x, 0.9))],
    ["pitch shift +3 semitones (stretch + sinc resampling)", await seconds(() => pitchShift(x, 3))]
  ];
  console.log("| step | seconds per second of audio | × real time |\n|---|---|---|");
  for (const [name, t] of rows) console.log(`| ${name} | ${(t / 60).toExponential(2)} | ${fmt(60 / t, 0)}× |`);
}

async function live() {
  console.log("\n## Live classifier: 10 s of audio, file chosen → result, after the models loaded");
  const {existsSync} = await import("node:fs");
  const {writeFile} = await import("node:fs/promises");
  const {ROOT, openPage, startSession} = await import("../test/browser/harness.ts");
  if (!existsSync(join(ROOT, "dist", "classify.html"))) {
    console.log("no built site (dist/classify.html): run `npm run build` first");
    return;
  }
  const {wavBytes} = await import("../test/helpers/signals.ts");
  const {liveBundle} = await import("../loaders/pipeline/live-bundle.ts");
  const {liveModels, readAudio} = await import("../tools/cli.ts");
  const {toMono16k} = await import("../loaders/audio/live-input.ts");
  const {classifySamples} = await import("../loaders/live/classify.ts");
  type LiveModels = import("../loaders/live/classify.ts").LiveModels;
  // A cry-like 10 s test signal: a gliding harmonic tone with an envelope.
  const r = rng(9);
  let phase = 0;
  const x = Float64Array.from({length: 10 * SAMPLE_RATE}, (_, i) => {
    phase += (2 * Math.PI * (420 + 120 * Math.sin(i / 4000))) / SAMPLE_RATE;
    return 0.3 * Math.abs(Math.sin(i / 9000)) * (Math.sin(phase) + 0.5 * Math.sin(2 * phase)) + 0.01 * (r() - 0.5);
  });
  const file = join(mkdtempSync(join(tmpdir(), "cry-bench-")), "ten-seconds.wav");
  await writeFile(file, wavBytes(x, SAMPLE_RATE));
  // onnxruntime-node, same files and code.
  const bundle = await liveBundle();
  let models!: LiveModels;
  const load = await seconds(async () => (models = await liveModels(bundle)));
  let clips = 0;
  const classifyNode = async () => {
    const a = await readAudio(file);
    const {samples} = toMono16k(a.channels, a.sampleRate, a.originalChannels);
    clips = (await classifySamples(samples, models, bundle.manifest.audioSetNames, bundle.manifest.head.classes, bundle.manifest.cryRule)).clips.length;
  };
  await classifyNode();
  const node = (await seconds(classifyNode)) * 1000;
  // Headless Chromium, single-threaded wasm.
  const s = await startSession();
  try {
    const log = await openPage(s, "/classify");
    const times: {ms: number; load: number}[] = [];
    for (let k = 0; k < 3; k++) {
      const prev = await log.page.textContent("#status");
      await log.page.setInputFiles("#file-input", file);
      await log.page.waitForFunction(
        (p) => /^Classified/.test(document.querySelector("#status")?.textContent ?? "") && document.querySelector("#status")?.textContent !== p,
        prev,
        {timeout: 120000}
      );
      // The first run also says how long the models took to load; later runs give their time only.
      const status = (await log.page.textContent("#status")) ?? "";
      const m = /\) in (\d+) ms(?: after the models loaded \((\d+) ms to load them\))?\./.exec(status);
      if (!m) throw new Error(`the page's status does not give the run's time: ${JSON.stringify(status)}`);
      times.push({ms: Number(m[1]), load: Number(m[2] ?? NaN)});
    }
    const warm = Math.min(...times.slice(1).map((t) => t.ms));
    // The page runs the encoder on one worker per core, two at most (src/components/classifier.js).
    const workers = Math.max(1, Math.min(2, await log.page.evaluate(() => navigator.hardwareConcurrency || 1)));
    console.log("| runtime | model load | 10 s recording → result |\n|---|---|---|");
    console.log(
      `| Chromium, onnxruntime-web (wasm; the encoder on ${workers} worker${workers > 1 ? "s" : ""} of one thread each) | ${times[0].load} ms (download + sessions) | ${warm} ms (first: ${times[0].ms} ms) |`
    );
    console.log(`| Node, onnxruntime-node (1 thread) | ${fmt(load * 1000, 0)} ms (sessions) | ${fmt(node, 0)} ms |`);
    // Issue 22's target for the warm page: 10 s of audio → result in at most 150 ms.
    const target = 150;
    console.log(
      `ratio web / node: ${fmt(warm / node)}×; warm page time / the ${target} ms target: ${fmt(warm / target)}× → ${warm <= target ? "within" : "over"}`
    );
    if (warm > target) {
      // What explains a miss, measured here: the encoder's time per clip in onnxruntime-web's wasm
      // (one thread, in Node) against onnxruntime-node's, for the clips the page embeds.
      const embedded = 2 * clips; // the classifier's clips and the cry check's, one encoder call
      const perWorker = Math.ceil(embedded / workers);
      const batch = Float32Array.from({length: perWorker * 32000}, (_, i) => x[i % x.length]);
      const perClip: number[] = [];
      for (const ort of [ortNode, ortWeb] as unknown as (typeof ortNode)[]) {
        if (ort === (ortWeb as unknown)) ortWeb.env.wasm.numThreads = 1;
        const s = await ort.InferenceSession.create(bundle.encoderOnnx, {...ENCODER_SESSION_OPTIONS, intraOpNumThreads: 1});
        const input = {audio: new ort.Tensor("float32", batch, [perWorker, 32000])};
        await s.run(input);
        perClip.push((await bestOf(3, () => s.run(input))) / perWorker);
      }
      console.log(
        `why: 10 s give ${clips} clips, embedded twice (the classifier's filtered clips and the cry check's decoded ones): ${embedded} encoder clips, ${perWorker} per worker. ` +
          `onnxruntime-web's wasm runs this encoder at ${fmt(perClip[1] * 1000, 1)} ms a clip on one thread here, onnxruntime-node at ${fmt(perClip[0] * 1000, 1)} ms ` +
          `(${fmt(perClip[1] / perClip[0])}×), so the workers' encoder alone needs about ${fmt(perWorker * perClip[1] * 1000, 0)} ms of the ${warm} ms.`
      );
    }
  } finally {
    await s.close();
  }
}

/**
 * PCA fit (the 95% cut) against scikit-learn's full-SVD PCA on the same matrices: the shapes of the
 * build — the corpus map (1,600 × 1,024) and a clean training split (556 × 1,024, fewer rows than
 * columns). Target: ≤ 1.5× scikit-learn.
 */
async function pca() {
  console.log("\n## PCA (95%) vs scikit-learn's PCA(svd_solver='full'), one thread");
  const py = findPython();
  if (!py) return console.log("python3-sklearn is not installed: no reference in this run, so no ratios (apt-get install python3-sklearn).");
  const {PCA} = await import("../loaders/models/pca.ts");
  const {matrix} = await import("../loaders/models/matrix.ts");
  const shapes: [number, number][] = [
    [1600, 1024],
    [556, 1024]
  ];
  const random = rng(5);
  const mats = shapes.map(([n, p]) => {
    // A decaying spectrum, like embeddings: column j scaled by 1 / (1 + j / 40).
    const data = Float64Array.from({length: n * p}, (_, i) => (random() - 0.5) / (1 + (i % p) / 40));
    return {n, p, data, file: writeArrays("pca", {[`${n}x${p}.f64`]: data})[`${n}x${p}.f64`]};
  });
  const ref = pythonReference(
    py,
    "./sklearn_pca.py",
    mats.flatMap((m) => [String(m.n), String(m.p), m.file]),
    "scikit-learn PCA"
  );
  let missed = false;
  for (const [i, m] of mats.entries()) {
    let k = 0;
    // Best of three fits, as bench/sklearn_pca.py times scikit-learn.
    const t = await bestOf(3, () => (k = new PCA({nComponents: 0.95}).fit(matrix(m.n, m.p, m.data)).components_.length));
    const s = ref.runs[i];
    console.log(
      `${m.n} × ${m.p}: ours ${fmt(t)} s (${k} components), scikit-learn ${ref.sklearn} ${fmt(s.fit)} s (${s.components}) → ${versus(t / s.fit, 1.5)}`
    );
    missed ||= t / s.fit > 1.5;
  }
  if (missed)
    console.log(
      `why: the covariance or Gram product, the scores, the tridiagonal reduction's rank-2 updates and the eigenvectors' back-transform run on SIMD kernels, the reduction's matrix–vector half and the inverse iteration in scalar JavaScript; ${ratesText(await denseRates(py))}.`
    );
}

/**
 * The neural head's training (the same epochs: batches of 16, AdamW, clipping, per-epoch scoring)
 * against PyTorch on one thread, when Debian's python3-torch is installed. Target: ≤ 2× PyTorch.
 */
async function head() {
  console.log("\n## Neural head training vs PyTorch (3000 × 1024, 3 classes, batches of 16, one thread)");
  const n = 3000,
    epochs = 2;
  const r = spawnSync("/usr/bin/python3", [new URL("./torch_head.py", import.meta.url).pathname, String(n), String(epochs)], {
    env: {...process.env, OMP_NUM_THREADS: "1"}
  });
  if (r.status !== 0)
    return console.log(
      `PyTorch is not available here (apt-get install python3-torch): no reference in this run, so no ratio. ${String(r.stderr).split("\n").filter(Boolean).pop() ?? ""}`
    );
  const ref = JSON.parse(r.stdout.toString());
  const {NeuralHead} = await import("../loaders/models/mlp/head.ts");
  const {matrix} = await import("../loaders/models/matrix.ts");
  const random = rng(3);
  const X = matrix(
      n,
      1024,
      Float64Array.from({length: n * 1024}, () => random() - 0.5)
    ),
    y = Array.from({length: n}, () => Math.floor(random() * 3));
  const Xv = matrix(
      300,
      1024,
      Float64Array.from({length: 300 * 1024}, () => random() - 0.5)
    ),
    yv = Array.from({length: 300}, () => Math.floor(random() * 3));
  for (const [shape, torchSecs] of Object.entries<number>(ref.seconds_per_epoch)) {
    const hidden = shape.split("-").map(Number);
    const t = (await seconds(() => new NeuralHead({hidden, epochs, nClasses: 3}).fit(X, y, Xv, yv))) / epochs;
    console.log(`${shape}: ours ${fmt(t)} s per epoch, PyTorch ${ref.torch} ${fmt(torchSecs)} s → ${versus(t / torchSecs, 2)}`);
  }
}

/** Page weight on first load, as the last browser test run recorded it (test-output/page-weight/, one file per page). */
async function pages() {
  console.log("\n## Page weight on first load (from the last `npm run test:browser`)");
  const {existsSync, readdirSync} = await import("node:fs");
  const dir = new URL("../test-output/page-weight/", import.meta.url);
  if (!existsSync(dir)) return console.log("no record yet: run `npm run build && npm run test:browser` first.");
  const rows = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as {path: string; bytes: number; budgetMB: number})
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  console.log("| page | MB | budget MB | ratio |\n|---|---|---|---|");
  for (const {path, bytes, budgetMB} of rows) console.log(`| ${path} | ${fmt(bytes / 1e6, 1)} | ${budgetMB} | ${fmt(bytes / 1e6 / budgetMB)} |`);
}

/**
 * `npm run bench build`: runs `npm run build` once and compares its wall time with the budget that
 * applies — a warm rebuild (every pipeline step read the cache) ≤ 45 s, a cold one ≤ 12 min; a
 * partly cached build is held to the cold budget. Only when asked for: it may take minutes.
 */
async function build() {
  console.log("\n## npm run build against its budget (warm ≤ 45 s, cold ≤ 12 min)");
  const {BUILD_TIMINGS} = await import("../tools/build-timings.ts");
  const t = performance.now();
  const r = spawnSync("npm", ["run", "build"], {stdio: ["ignore", "ignore", "inherit"]});
  const secs = (performance.now() - t) / 1000;
  if (r.status !== 0) return console.log(`the build failed (exit ${r.status}); no measurement`);
  const steps = (JSON.parse(readFileSync(BUILD_TIMINGS, "utf8")).stages as {parent: string; computed: boolean}[]).filter((x) => !x.parent);
  const warm = steps.every((x) => !x.computed),
    cold = steps.every((x) => x.computed);
  const budget = warm ? 45 : 720;
  console.log(
    `${warm ? "warm" : cold ? "cold" : "partly cached"} build: ${fmt(secs, 0)} s → ${fmt(secs / budget)} of the ${warm ? "warm 45 s" : "cold 12 min"} budget ${secs <= budget ? "(within)" : "(over)"}`
  );
}

/**
 * Logistic regression on a problem large enough that start-up does not count (20,000 × 200,
 * 3 classes), against scikit-learn's lbfgs on one thread. Target: ≤ 1.5×.
 */
async function logistic() {
  console.log("\n## Logistic regression (C 1) vs scikit-learn on 20,000 × 200, 3 classes, one thread");
  const py = findPython();
  if (!py) return console.log("python3-sklearn is not installed: no reference in this run, so no ratio (apt-get install python3-sklearn).");
  const {matrix} = await import("../loaders/models/matrix.ts");
  const n = 20000,
    p = 200,
    k = 3;
  const random = rng(11);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const W = Float64Array.from({length: k * p}, () => gauss() * 0.3);
  const X = Float64Array.from({length: n * p}, () => gauss());
  const y = Int32Array.from({length: n}, (_, i) => {
    let best = 0,
      bestScore = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = gauss();
      for (let j = 0; j < p; j++) s += W[c * p + j] * X[i * p + j];
      if (s > bestScore) (bestScore = s), (best = c);
    }
    return best;
  });
  const files = writeArrays("lr", {"X.f64": X, "y.i32": y});
  const ref = pythonReference(py, "./sklearn_logistic.py", [String(n), String(p), files["X.f64"], files["y.i32"]], "scikit-learn logistic-regression");
  // Best of two fits, as bench/sklearn_logistic.py times scikit-learn.
  const m = new LogisticRegression({C: 1, maxIter: 1000});
  const t = await bestOf(2, () => m.fit(matrix(n, p, X), Array.from(y)));
  const acc = accuracy(y, m.predict(matrix(n, p, X)));
  console.log(
    `ours ${fmt(t)} s (${m.iterations_} iterations, training accuracy ${fmt(acc, 3)}), scikit-learn ${ref.sklearn} ${fmt(ref.fit)} s (${ref.iterations}, ${fmt(ref.accuracy, 3)}) → ${versus(t / ref.fit, 1.5)}`
  );
  if (t / ref.fit > 1.5)
    console.log(
      `why: not measured part by part here — each evaluation is one pass over the data in blocks (logits and gradient on the SIMD kernels, the softmax in JavaScript); ${ratesText(await denseRates(py))}.`
    );
}

if (only.includes("build")) await build();
if (want("logistic")) await logistic();
if (want("pca")) await pca();
if (want("pages")) await pages();
if (want("head")) await head();
if (want("models")) await models();
if (want("encoders")) await encoders();
if (want("audio")) await audio();
if (want("live")) await live();
