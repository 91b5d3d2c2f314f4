/**
 * The `acoustic` encoder: an ONNX graph with no learned weights, built here. A log-mel front-end
 * (opset-17 STFT and MelWeightMatrix, so onnxruntime-node and -web compute it the same way) with
 * pooled statistics, plus the descriptors cry research relies on — the eGeMAPS families: F0 in
 * semitones and its variability, voicing and harmonics-to-noise ratio (Boersma's autocorrelation
 * method, as Praat does it), loudness contour, spectral centroid / bandwidth / roll-off /
 * flatness / flux. It is the transparent baseline beside YAMNet: every dimension has a name.
 */
import {GraphBuilder} from "../../onnx/builder.ts";
import {encodeModel} from "../../onnx/proto.ts";
import {SAMPLE_RATE} from "../../audio/rate.ts";

export const ACOUSTIC_PARAMS = {
  sampleRate: SAMPLE_RATE,
  clip: 32000,
  window: 512, // 32 ms Hann
  dft: 1024, // zero-padded to twice the window, so the autocorrelation is not circular
  hop: 160,
  melBands: 64,
  melLow: 50,
  melHigh: 8000,
  f0Min: 150,
  f0Max: 1600,
  voicingThreshold: 0.45, // Praat's default
  octaveCost: 0.01, // Praat's default: per octave, favours the shorter of two equally good lags
  activeRangeDb: 40, // frames within 40 dB of the clip's loudest count as active
  version: 1
};

export const DESCRIPTORS = [
  "f0_mean_semitones", // re 27.5 Hz, over voiced frames
  "f0_sd_semitones",
  "f0_range_semitones",
  "f0_mean_abs_step_semitones", // frame-to-frame F0 change over voiced pairs: a jitter proxy
  "voiced_fraction",
  "voicing_strength_mean",
  "hnr_mean_db", // over voiced frames
  "loudness_mean_db",
  "loudness_sd_db",
  "loudness_max_db",
  "spectral_centroid_mean_khz", // over active frames
  "spectral_centroid_sd_khz",
  "spectral_bandwidth_mean_khz",
  "spectral_rolloff85_mean_khz",
  "spectral_flatness_mean",
  "spectral_flux_mean"
];

export const ACOUSTIC_DIM = 3 * ACOUSTIC_PARAMS.melBands + DESCRIPTORS.length;

export const ACOUSTIC_DIMENSIONS = `0–63 mean log-mel (64 bands, 50–8000 Hz), 64–127 its SD over frames, 128–191 mean |Δ log-mel|, 192–207 descriptors: ${DESCRIPTORS.join(", ")}`;

/** Normalised autocorrelation of the analysis window, to undo its taper (Boersma 1993). */
function windowAutocorrelation(w: Float64Array, lags: number): Float64Array {
  const r = new Float64Array(lags);
  for (let l = 0; l < lags; l++) for (let i = 0; i + l < w.length; i++) r[l] += w[i] * w[i + l];
  const r0 = r[0];
  return r.map((v) => v / r0);
}

export function buildAcousticEncoder(): Uint8Array {
  const P = ACOUSTIC_PARAMS;
  const g = new GraphBuilder();
  const {node, f64} = {node: g.node.bind(g), f64: g.f64.bind(g)};
  const scalar = (name: string, v: number) => f64(name, [], [v]);
  const axes = (name: string, a: number[]) => g.i64(name, a);
  const mean = (x: string, axis: number, out: string, keep = 0) => node("ReduceMean", [x], out, {axes: [axis], keepdims: keep});
  const sum = (x: string, axis: number, out: string, keep = 0) => node("ReduceSum", [x, axes(`${out}__axes`, [axis])], out, {keepdims: keep});
  const max = (x: string, axis: number, out: string, keep = 0) => node("ReduceMax", [x], out, {axes: [axis], keepdims: keep});
  const min = (x: string, axis: number, out: string, keep = 0) => node("ReduceMin", [x], out, {axes: [axis], keepdims: keep});
  const bin = (op: string) => (a: string, b: string, out: string) => node(op, [a, b], out);
  const [add, sub, mul, div] = [bin("Add"), bin("Sub"), bin("Mul"), bin("Div")];
  const eps = scalar("eps", 1e-9);
  const one = scalar("one", 1);

  // Spectrum: [batch, frames, bins] power.
  const hann = new Float64Array(P.window).map((_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / P.window));
  const win = new Float64Array(P.dft);
  win.set(hann);
  // Everything runs in float64 and is cast to float32 at the end: the F0 interpolation, square roots
  // of near-zero variances and logs of near-silent bands amplify float32 rounding, which differs
  // between onnxruntime's native and wasm kernels by more than the 1e-4 the page promises.
  const audio64 = node("Cast", ["audio"], "audio_f64", {to: 11});
  const signal = node("Unsqueeze", [audio64, axes("signal_axis", [2])], "signal");
  const spec = node("STFT", [signal, g.i64("hop", [P.hop], true), f64("window", [P.dft], win), g.i64("dft", [P.dft], true)], "stft", {onesided: 1});
  const power = sum(mul(spec, spec, "stft_sq"), -1, "power");
  const bins = P.dft / 2 + 1;
  const binHz = P.sampleRate / P.dft;

  // Log-mel and its pooled statistics.
  // MelWeightMatrix has float32 kernels only (its edges are float inputs); the weights are cast.
  const melW32 = node(
    "MelWeightMatrix",
    [g.i64("n_mel", [P.melBands], true), "dft", g.i64("sr", [P.sampleRate], true), g.f32("mel_lo", [], [P.melLow]), g.f32("mel_hi", [], [P.melHigh])],
    "mel_weights_f32"
  );
  const melW = node("Cast", [melW32], "mel_weights", {to: 11});
  const logMel = node("Log", [add(node("MatMul", [power, melW], "mel"), scalar("mel_floor", 1e-6), "mel_floored")], "log_mel_f64");
  const melMean = mean(logMel, 1, "mel_mean");
  const melCentred = sub(logMel, mean(logMel, 1, "mel_mean_k", 1), "mel_centred");
  const melSd = node("Sqrt", [mean(mul(melCentred, melCentred, "mel_c2"), 1, "mel_var")], "mel_sd");
  const slice = (x: string, start: number, end: number, axis: number, out: string) =>
    node("Slice", [x, axes(`${out}__start`, [start]), axes(`${out}__end`, [end]), axes(`${out}__axis`, [axis])], out);
  const BIG = 1 << 30;
  const melDelta = sub(slice(logMel, 1, BIG, 1, "mel_next"), slice(logMel, 0, -1, 1, "mel_prev"), "mel_delta");
  const melDeltaMean = mean(node("Abs", [melDelta], "mel_delta_abs"), 1, "mel_delta_mean");

  // Frame energy and the active-frame mask (within 40 dB of the loudest frame).
  const energy = sum(power, -1, "energy");
  const dbScale = scalar("db_scale", 10 / Math.LN10);
  const energyDb = mul(node("Log", [add(energy, scalar("energy_floor", 1e-10), "energy_f")], "energy_ln"), dbScale, "energy_db");
  const loudest = max(energyDb, 1, "energy_db_max", 1);
  const active = node("Cast", [node("Greater", [energyDb, sub(loudest, scalar("active_range", P.activeRangeDb), "active_floor")], "active_b")], "active", {
    to: 11
  });
  const maskedMean = (x: string, mask: string, out: string) =>
    div(sum(mul(x, mask, `${out}_m`), 1, `${out}_s`), add(sum(mask, 1, `${out}_n`), eps, `${out}_d`), out);

  // Autocorrelation per frame from the power spectrum (Wiener–Khinchin), normalised by lag 0 and by
  // the window's own autocorrelation; peak in the F0 range; parabolic interpolation of the peak.
  const lagMin = Math.ceil(P.sampleRate / P.f0Max),
    lagMax = Math.floor(P.sampleRate / P.f0Min);
  const nLags = lagMax + 2;
  const cos = new Float64Array(bins * nLags);
  for (let k = 0; k < bins; k++) {
    const wk = k === 0 || k === bins - 1 ? 1 : 2;
    for (let l = 0; l < nLags; l++) cos[k * nLags + l] = (wk * Math.cos((2 * Math.PI * k * l) / P.dft)) / P.dft;
  }
  const ac = node("MatMul", [power, f64("acf_basis", [bins, nLags], cos)], "acf");
  const r0 = slice(ac, 0, 1, 2, "acf0");
  const wac = windowAutocorrelation(hann, nLags);
  const nac = div(div(ac, add(r0, eps, "acf0_e"), "acf_n"), f64("window_acf", [nLags], wac), "nacf");
  const octaveCost = Float64Array.from({length: lagMax + 1 - lagMin}, (_, i) => P.octaveCost * Math.log2((lagMin + i) / lagMin));
  const search = sub(slice(nac, lagMin, lagMax + 1, 2, "nacf_range"), f64("octave_cost", [octaveCost.length], octaveCost), "nacf_search");
  const peakIdx = node("Add", [node("ArgMax", [search], "peak_rel", {axis: 2, keepdims: 1}), g.i64("lag_min", [lagMin])], "peak_lag");
  const gather = (offset: number, out: string) =>
    node("GatherElements", [nac, node("Add", [peakIdx, g.i64(`${out}_off`, [offset])], `${out}_idx`)], out, {axis: 2});
  const a = gather(-1, "acf_left"),
    b = gather(0, "acf_peak"),
    c = gather(1, "acf_right");
  const den = add(sub(a, mul(scalar("two", 2), b, "b2"), "a_b2"), c, "parab_den");
  const safeDen = node("Where", [node("Less", [node("Abs", [den], "den_abs"), eps], "den_small"), one, den], "parab_den_safe");
  const delta = node(
    "Clip",
    [div(mul(scalar("half", 0.5), sub(a, c, "a_c"), "half_ac"), safeDen, "parab"), scalar("m_half", -0.5), scalar("p_half", 0.5)],
    "parab_c"
  );
  const lag = add(node("Cast", [peakIdx], "peak_lag_f", {to: 11}), delta, "lag");
  const f0 = div(scalar("sr_f", P.sampleRate), lag, "f0");
  const semitones = mul(node("Log", [div(f0, scalar("ref_hz", 27.5), "f0_rel")], "f0_ln"), scalar("st_scale", 12 / Math.LN2), "st3");
  const voicing = node("Squeeze", [node("Clip", [b, scalar("v_lo", 1e-4), scalar("v_hi", 1 - 1e-4)], "voicing3"), axes("sq_axis2", [2])], "voicing");
  const voiced = node(
    "Cast",
    [node("And", [node("Greater", [voicing, scalar("v_thr", P.voicingThreshold)], "voiced_v"), node("Cast", [active], "active_bool", {to: 9})], "voiced_b")],
    "voiced",
    {to: 11}
  );
  const stv = node("Squeeze", [semitones, axes("sq_axis3", [2])], "st");

  const f0Mean = maskedMean(stv, voiced, "f0_mean");
  const f0Dev = sub(stv, node("Unsqueeze", [f0Mean, axes("unsq_f0", [1])], "f0_mean_k"), "f0_dev");
  const f0Sd = node("Sqrt", [maskedMean(mul(f0Dev, f0Dev, "f0_dev2"), voiced, "f0_var")], "f0_sd");
  const big = scalar("big", 1000);
  const unvoiced = sub(one, voiced, "unvoiced");
  const stHi = max(sub(mul(stv, voiced, "st_v"), mul(unvoiced, big, "uv_big"), "st_hi_all"), 1, "st_hi");
  const stLo = min(add(mul(stv, voiced, "st_v2"), mul(unvoiced, big, "uv_big2"), "st_lo_all"), 1, "st_lo");
  const f0Range = node("Relu", [sub(stHi, stLo, "st_span")], "f0_range");
  const pairs = mul(slice(voiced, 1, BIG, 1, "voiced_next"), slice(voiced, 0, -1, 1, "voiced_prev"), "voiced_pairs");
  const step = node("Abs", [sub(slice(stv, 1, BIG, 1, "st_next"), slice(stv, 0, -1, 1, "st_prev"), "st_step")], "st_step_abs");
  const f0Step = maskedMean(step, pairs, "f0_step");
  const voicedFraction = mean(voiced, 1, "voiced_fraction");
  const voicingMean = mean(voicing, 1, "voicing_mean");
  const hnr = mul(node("Log", [div(voicing, sub(one, voicing, "one_m_v"), "v_odds")], "v_ln"), dbScale, "hnr");
  const hnrMean = maskedMean(hnr, voiced, "hnr_mean");

  const loudMean = mean(energyDb, 1, "loud_mean");
  const loudDev = sub(energyDb, mean(energyDb, 1, "loud_mean_k", 1), "loud_dev");
  const loudSd = node("Sqrt", [mean(mul(loudDev, loudDev, "loud_dev2"), 1, "loud_var")], "loud_sd");
  const loudMax = max(energyDb, 1, "loud_max");

  // Spectral shape per frame, averaged over active frames.
  const freqs = Float64Array.from({length: bins}, (_, k) => (k * binHz) / 1000);
  const energyK = node("Unsqueeze", [energy, axes("unsq_e", [2])], "energy_k");
  const energyKe = add(energyK, eps, "energy_ke");
  const centroid3 = div(node("MatMul", [power, f64("freqs_khz", [bins, 1], freqs)], "f_moment1"), energyKe, "centroid3");
  const second = div(
    node(
      "MatMul",
      [
        power,
        f64(
          "freqs_khz2",
          [bins, 1],
          freqs.map((f) => f * f)
        )
      ],
      "f_moment2"
    ),
    energyKe,
    "moment2"
  );
  const bandwidth3 = node("Sqrt", [node("Relu", [sub(second, mul(centroid3, centroid3, "c2"), "spread2")], "spread2_pos")], "bandwidth3");
  const below = node(
    "Cast",
    [node("Less", [node("CumSum", [power, g.i64("cumsum_axis", [2], true)], "cum_power"), mul(energyK, scalar("roll", 0.85), "roll_level")], "below_b")],
    "below",
    {to: 11}
  );
  const rolloff = mul(sum(below, 2, "below_n"), scalar("bin_khz", binHz / 1000), "rolloff");
  const flat = div(
    node("Exp", [mean(node("Log", [add(power, scalar("p_floor", 1e-12), "power_f")], "power_ln"), 2, "power_ln_mean")], "geo_mean"),
    add(mean(power, 2, "arith_mean"), scalar("p_floor2", 1e-12), "arith_mean_f"),
    "flatness"
  );
  const squeeze = (x: string, out: string) => node("Squeeze", [x, axes(`${out}_ax`, [2])], out);
  const centroid = squeeze(centroid3, "centroid"),
    bandwidth = squeeze(bandwidth3, "bandwidth");
  const centroidMean = maskedMean(centroid, active, "centroid_mean");
  const cDev = sub(centroid, node("Unsqueeze", [centroidMean, axes("unsq_c", [1])], "centroid_mean_k"), "c_dev");
  const centroidSd = node("Sqrt", [maskedMean(mul(cDev, cDev, "c_dev2"), active, "c_var")], "centroid_sd");
  const fluxFrames = mean(mul(melDelta, melDelta, "mel_delta2"), 2, "flux_frames");
  const fluxMean = mean(fluxFrames, 1, "flux_mean");

  const descriptors = [
    f0Mean,
    f0Sd,
    f0Range,
    f0Step,
    voicedFraction,
    voicingMean,
    hnrMean,
    loudMean,
    loudSd,
    loudMax,
    centroidMean,
    centroidSd,
    maskedMean(bandwidth, active, "bandwidth_mean"),
    maskedMean(rolloff, active, "rolloff_mean"),
    maskedMean(flat, active, "flatness_mean"),
    fluxMean
  ];
  if (descriptors.length !== DESCRIPTORS.length) throw new Error("descriptor list and graph disagree");
  const cols = descriptors.map((d, i) => node("Unsqueeze", [d, axes(`col${i}_ax`, [1])], `col${i}`));
  g.nodes.push({op: "Concat", inputs: [melMean, melSd, melDeltaMean, ...cols], outputs: ["embedding_f64"], attrs: {axis: 1}});
  node("Cast", ["embedding_f64"], "embedding", {to: 1});
  node("Cast", [logMel], "log_mel", {to: 1});

  return encodeModel({
    name: "acoustic_2s",
    producer: "cry-report acoustic encoder",
    opset: 17,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [{name: "audio", dims: ["batch", P.clip]}],
    outputs: [
      {name: "embedding", dims: ["batch", ACOUSTIC_DIM]},
      {name: "log_mel", dims: ["batch", "frames", P.melBands]}
    ],
    docString: `cry-report acoustic encoder v${P.version}: log-mel statistics and eGeMAPS-style descriptors; no learned weights.`
  });
}
