// The live classifier's application: loads the models on first use (with progress), decodes a
// recording in the page, classifies it with the build's own code (live.js), and reports each step
// as a state the page draws. Also the drop zone and the recorder that feed it.
import {html} from "npm:htl";
import {ort, parseWav, isWav, nativeSampleRate, toMono16k, classifySamples, needsHead, ENCODER_SESSION_OPTIONS, SAMPLE_RATE} from "./live.js";
import {encoderPool} from "./encoder-pool.js";

async function fetchWithProgress(file, label, onProgress) {
  const response = await fetch(file.href);
  if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
  const total = Number(response.headers.get("content-length")) || 0;
  const reader = response.body.getReader();
  const parts = [];
  let got = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    parts.push(value);
    got += value.length;
    onProgress(label, got, total);
  }
  const out = new Uint8Array(got);
  let o = 0;
  for (const p of parts) out.set(p, o), (o += p.length);
  return out;
}

/**
 * The phone formats of the corpus itself — 3GP with AMR-NB (the Android app) and CAF with IMA4
 * ADPCM (the iOS app) — and anything else the browser cannot decode go through ffmpeg's
 * single-thread WebAssembly build (@ffmpeg/core), served by this site and fetched only the first
 * time such a file is chosen. It decodes at the file's own rate; resampling and the channel mean
 * are then the page's own, as for every other format.
 */
const ascii = (bytes, at, n) => String.fromCharCode(...bytes.subarray(at, at + n));
export const needsFfmpeg = (bytes) =>
  ascii(bytes, 0, 4) === "caff" || ascii(bytes, 0, 5) === "#!AMR" || (ascii(bytes, 4, 4) === "ftyp" && ascii(bytes, 8, 3) === "3gp");

let ffmpegCore = null;
function loadFfmpeg(files, onProgress) {
  ffmpegCore ??= (async () => {
    const wasmBinary = await fetchWithProgress(files.ffmpegWasm, "ffmpeg's decoder for 3GP/CAF", onProgress);
    const {default: createCore} = await import(files.ffmpegJs.href);
    return createCore({wasmBinary, locateFile: (path) => path});
  })();
  // A failed load (offline, blocked) is tried again with the next file.
  ffmpegCore.catch(() => (ffmpegCore = null));
  return ffmpegCore;
}

/** Decodes with ffmpeg to interleaved float32 at the native rate; the rate and channels come from ffmpeg's description of its output. */
async function decodeWithFfmpeg(bytes, name, files, onProgress) {
  const core = await loadFfmpeg(files, onProgress);
  const log = [];
  core.setLogger(({message}) => log.push(message));
  const input = `input${name.includes(".") ? name.slice(name.lastIndexOf(".")).replace(/[^.\w]/g, "") : ""}`;
  core.FS.writeFile(input, bytes);
  try {
    const rc = core.exec("-hide_banner", "-i", input, "-vn", "-map", "0:a:0", "-f", "f32le", "-acodec", "pcm_f32le", "output.raw");
    const out = log.join("\n").split("Output #0")[1] ?? "";
    const stream = /Audio: pcm_f32le, (\d+) Hz, (mono|stereo|(\d+) channels|[\w.()]+)/.exec(out);
    if (rc !== 0 || !stream) {
      const reason = log
        .filter((l) => /Invalid data|could not find|does not contain|Error|error/i.test(l))
        .slice(-2)
        .join("; ");
      throw new Error(
        `neither this browser nor ffmpeg could decode “${name}” as audio${reason ? ` (ffmpeg: ${reason})` : ""} — it is not an audio file, or it is corrupt`
      );
    }
    const rate = Number(stream[1]);
    const channels = stream[2] === "mono" ? 1 : stream[2] === "stereo" ? 2 : Number(stream[3]) || Number(/(\d+)(?:\.(\d))? ?ch/.exec(stream[2])?.[1]) || 1;
    const raw = core.FS.readFile("output.raw");
    const all = new Float32Array(raw.buffer, raw.byteOffset, Math.floor(raw.byteLength / 4));
    const frames = Math.floor(all.length / channels);
    const split = Array.from({length: channels}, (_, c) => Float32Array.from({length: frames}, (_, i) => all[i * channels + c]));
    const decoded = toMono16k(split, rate, channels);
    decoded.warnings.unshift("decoded by the site's ffmpeg (WebAssembly)");
    return decoded;
  } finally {
    for (const f of [input, "output.raw"])
      try {
        core.FS.unlink(f);
      } catch {}
    core.reset();
  }
}

/** A recording's bytes → 16 kHz mono samples, with what was converted on the way. */
async function decode(bytes, name, files, onProgress) {
  if (!bytes.length) throw new Error("the file is empty (0 bytes)");
  if (isWav(bytes)) {
    const pcm = parseWav(bytes);
    return toMono16k([pcm.samples], pcm.sampleRate, pcm.channels);
  }
  if (needsFfmpeg(bytes)) return decodeWithFfmpeg(bytes, name, files, onProgress);
  // Decode at the file's own rate, so the browser does not resample before our resampler does
  // (the command line decodes at the native rate too).
  const native = nativeSampleRate(bytes);
  const rate = native && native >= 3000 && native <= 768000 ? native : 48000;
  const ctx = new OfflineAudioContext(1, 1, rate);
  let buffer;
  try {
    buffer = await ctx.decodeAudioData(bytes.slice().buffer);
  } catch {
    // What the browser cannot decode, ffmpeg may (its error then says what failed).
    return decodeWithFfmpeg(bytes, name, files, onProgress);
  }
  const channels = Array.from({length: buffer.numberOfChannels}, (_, c) => buffer.getChannelData(c));
  const out = toMono16k(channels, buffer.sampleRate, buffer.numberOfChannels);
  if (rate !== native)
    out.warnings.push(
      `its sample rate could not be read from the header, so the browser decoded it at ${rate} Hz and the result may differ slightly from the command line's`
    );
  return out;
}

/**
 * `run(bytes, name)` classifies one recording; `setState` receives {phase: idle | loading |
 * working | done | error, run, …} — every state carries the number of the run it belongs to
 * (the browser tests wait on it). The models load once, on the first run.
 */
export function classifierRunner({files, manifest, setState: emit}) {
  let runCount = 0,
    sessions = null;
  const setState = (s) => emit({...s, run: runCount});
  async function loadModels() {
    if (sessions) return sessions;
    const t0 = performance.now();
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = {wasm: files.wasm.href};
    const progress = (label, got, total) =>
      setState({
        phase: "loading",
        message: `Loading ${label}: ${(got / 1e6).toFixed(1)}${total ? ` of ${(total / 1e6).toFixed(1)}` : ""} MB`,
        fraction: total ? got / total : null
      });
    const enc = await fetchWithProgress(files.encoder, "the encoder", progress);
    const head = await fetchWithProgress(files.head, "the classifier head", progress);
    // The cry head is fetched only when the shipped cry rule is the head's.
    const needsCryHead = needsHead((await manifest).cryRule);
    const cryHead = needsCryHead ? await fetchWithProgress(files.cryHead, "the cry head", progress) : null;
    setState({phase: "loading", message: "Starting onnxruntime-web…", fraction: null});
    const wrap = (s, input) => async (data, dims) => s.run({[input]: new ort.Tensor("float32", data, dims)});
    // The encoder — nearly all of the work — on one worker per core (two at most); the heads here.
    // Where workers cannot run it (no module workers), the encoder runs here, on one thread.
    let encoder,
      workers = Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1));
    try {
      encoder = (await encoderPool({workerUrl: files.worker.href, model: enc, wasmUrl: new URL(files.wasm.href, location.href).href, count: workers})).run;
    } catch (e) {
      console.warn(`the encoder runs on the page's thread: ${e.message}`);
      encoder = wrap(await ort.InferenceSession.create(enc, ENCODER_SESSION_OPTIONS), "audio");
      workers = 0;
    }
    const headSession = await ort.InferenceSession.create(head);
    sessions = {encoder, head: wrap(headSession, "embedding"), workers, loadMs: performance.now() - t0};
    if (cryHead) sessions.cryHead = wrap(await ort.InferenceSession.create(cryHead), "embedding");
    return sessions;
  }

  async function run(bytes, name) {
    runCount++;
    try {
      const loadedNow = !sessions;
      const models = await loadModels();
      setState({phase: "working", message: `Decoding ${name}…`});
      const tChosen = performance.now();
      const progress = (label, got, total) =>
        setState({
          phase: "working",
          message: `Loading ${label}: ${(got / 1e6).toFixed(1)}${total ? ` of ${(total / 1e6).toFixed(1)}` : ""} MB`,
          fraction: total ? got / total : null
        });
      const {samples, warnings} = await decode(bytes, name, files, progress);
      // What the conversion did (a cut, a downmix, a resampling) is said while the work runs, not only after it.
      setState({
        phase: "working",
        message: `Classifying ${(samples.length / SAMPLE_RATE).toFixed(1)} s of audio${warnings.length ? ` (${warnings.join("; ")})` : ""}…`
      });
      await new Promise((r) => setTimeout(r, 0));
      const m = await manifest;
      const result = await classifySamples(samples, models, m.audioSetNames, m.head.classes, m.cryRule);
      setState({phase: "done", name, result, samples, warnings, ms: performance.now() - tChosen, loadMs: models.loadMs, loadedNow});
    } catch (e) {
      setState({phase: "error", name, message: e.message ?? String(e)});
    }
  }
  return run;
}

/** A drop zone with a file picker, both handing the file's bytes to `run`. */
export function dropzone(run) {
  const fileInput = html`<input type="file" id="file-input" accept="audio/*,.wav,.mp3,.ogg,.opus,.flac,.m4a,.aac,.webm,.3gp,.caf">`;
  fileInput.onchange = async () => {
    const f = fileInput.files[0];
    fileInput.value = ""; // so that choosing the same file again runs again
    if (f) run(new Uint8Array(await f.arrayBuffer()), f.name);
  };
  const drop = html`<div class="dropzone" id="dropzone">Drop an audio file here, or ${fileInput}</div>`;
  drop.ondragover = (e) => (e.preventDefault(), drop.classList.add("over"));
  drop.ondragleave = () => drop.classList.remove("over");
  drop.ondrop = async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const f = e.dataTransfer.files[0];
    if (f) run(new Uint8Array(await f.arrayBuffer()), f.name);
  };
  return drop;
}

/** A record button with a level meter: records up to `maxSeconds` and hands the recording to `run`. */
export function recorder(run, maxSeconds) {
  const recButton = html`<button id="record">● Record (max ${maxSeconds} s)</button>`;
  const meter = html`<meter id="level" min="0" max="1" value="0" style="width: 12rem"></meter>`;
  const recStatus = html`<span class="muted" id="rec-status"></span>`;
  let recorder = null,
    stopTimer = null;
  recButton.onclick = async () => {
    if (recorder) return recorder.stop();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({audio: true});
    } catch (e) {
      recStatus.textContent = `microphone not available: ${e.message}`;
      return;
    }
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const tick = () => {
      if (!recorder) return (meter.value = 0);
      analyser.getFloatTimeDomainData(buf);
      meter.value = Math.min(1, Math.sqrt(buf.reduce((s, v) => s + v * v, 0) / buf.length) * 4);
      requestAnimationFrame(tick);
    };
    const chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.ondataavailable = (e) => chunks.push(e.data);
    recorder.onstop = async () => {
      clearTimeout(stopTimer);
      stream.getTracks().forEach((t) => t.stop());
      ctx.close();
      recorder = null;
      recButton.textContent = `● Record (max ${maxSeconds} s)`;
      recStatus.textContent = "";
      const blob = new Blob(chunks, {type: chunks[0]?.type || "audio/webm"});
      run(new Uint8Array(await blob.arrayBuffer()), "microphone recording");
    };
    recorder.start();
    tick();
    recButton.textContent = "■ Stop";
    recStatus.textContent = "recording…";
    stopTimer = setTimeout(() => recorder?.stop(), maxSeconds * 1000);
  };
  return html`<div class="recorder">${recButton} ${meter} ${recStatus}</div>`;
}
