/**
 * `npx cry-report classify <files...> [--json]`: the live classifier on the command line, with the
 * same ONNX files as the page (onnxruntime-node here, -web there) and the same shared code from
 * decoded samples on. Prints, per file, the cry check, the class probabilities and the predicted
 * class as CSV (default) or JSON; exits 1 when any file failed, with the reason in its row.
 */
import {readFile} from "node:fs/promises";
import * as ort from "onnxruntime-node";
import {decodeFile, DecodeError} from "../loaders/audio/decode.ts";
import {parseWav} from "../loaders/audio/wav.ts";
import {isWav, toMono16k} from "../loaders/audio/live-input.ts";
import {classifySamples, type LiveModels, type RunModel} from "../loaders/live/classify.ts";
import {builtLiveBundle, liveBundle, type LiveBundle} from "../loaders/pipeline/live-bundle.ts";
import {ENCODER_SESSION_OPTIONS} from "../loaders/onnx/session-options.ts";

const USAGE = "usage: cry-report classify <audio files...> [--json] [--anyway] [--build]";

const NOT_BUILT = `cry-report: the models are not built for this checkout and corpus yet (nothing in the cache for this code).
  Building them runs the whole study — decoding and embedding every recording, the paper's augmented
  training set, four searched classical models and the neural head under two protocols — which takes
  about 20 minutes on a 2-core machine (README, "Build time").
  Either run \`npm run build\` once (it also builds the site), or add --build to build them now, with
  progress on stderr.
`;

export async function runner(bytes: Uint8Array, input: string): Promise<RunModel> {
  const s = await ort.InferenceSession.create(bytes, {...ENCODER_SESSION_OPTIONS, intraOpNumThreads: 1, interOpNumThreads: 1});
  return async (data, dims) => s.run({[input]: new ort.Tensor("float32", data, dims)});
}

/** Native-rate samples of a file: WAV parsed by the page's own parser, anything else by ffmpeg. */
export async function readAudio(file: string): Promise<{channels: Float32Array[]; sampleRate: number; originalChannels: number}> {
  const bytes = await readFile(file);
  if (isWav(bytes)) {
    const pcm = parseWav(bytes);
    return {channels: [pcm.samples], sampleRate: pcm.sampleRate, originalChannels: pcm.channels};
  }
  const d = await decodeFile(file, 3600, {native: true});
  return {channels: [d.samples], sampleRate: d.sampleRate, originalChannels: d.source.channels};
}

export interface CliRow {
  file: string;
  ok: boolean;
  error: string;
  seconds: number;
  clips: number;
  cryClips: number;
  isCry: boolean;
  /** The highest AudioSet cry score among the decoded recording's kept clips. */
  cryScore: number;
  /** The cry head's P(cry), when the shipped rule is the head's; else null. */
  cryProbability: number | null;
  predicted: string;
  probabilities: Record<string, number>;
  warnings: string[];
  /** Why no class is given (the recording failed the cry check), or "". */
  note: string;
}

/** The bundle's models in onnxruntime-node: encoder, class head and cry head. */
export async function liveModels(bundle: LiveBundle): Promise<LiveModels> {
  return {
    encoder: await runner(bundle.encoderOnnx, "audio"),
    head: await runner(bundle.headOnnx, "embedding"),
    cryHead: await runner(bundle.cryHeadOnnx, "embedding")
  };
}

/** `anyway`: give a class even when the recording does not sound like a cry (as the page's button does). */
export async function classifyFiles(files: string[], bundle: LiveBundle, {anyway = false} = {}): Promise<CliRow[]> {
  const models = await liveModels(bundle);
  const out: CliRow[] = [];
  for (const file of files) {
    const row: CliRow = {
      file,
      ok: false,
      error: "",
      seconds: 0,
      clips: 0,
      cryClips: 0,
      isCry: false,
      cryScore: 0,
      cryProbability: null,
      predicted: "",
      probabilities: {},
      warnings: [],
      note: ""
    };
    try {
      const a = await readAudio(file);
      const {samples, warnings} = toMono16k(a.channels, a.sampleRate, a.originalChannels);
      const r = await classifySamples(samples, models, bundle.manifest.audioSetNames, bundle.manifest.head.classes, bundle.manifest.cryRule);
      Object.assign(row, {
        ok: true,
        seconds: r.seconds,
        clips: r.clips.length,
        cryClips: r.clips.filter((c) => !c.silent && c.isCry).length,
        isCry: r.isCry,
        cryProbability: r.cryProbability,
        cryScore: Math.max(...r.clips.filter((c) => !c.silent).map((c) => c.cryScore)),
        predicted: r.predicted,
        probabilities: Object.fromEntries(r.classes.map((c, i) => [c, r.probabilities[i]])),
        warnings
      });
      if (!r.isCry && !anyway) {
        const heard = r.clips
          .filter((c) => !c.silent)
          .flatMap((c) => c.top.slice(0, 1))
          .sort((a, b) => b.score - a.score)[0];
        Object.assign(row, {
          predicted: "",
          probabilities: {},
          note: `does not sound like a cry (YAMNet hears ${heard ? `${heard.name} ${heard.score.toFixed(2)}` : "nothing"}); no class given — add --anyway to classify it all the same`
        });
      }
    } catch (e) {
      row.error = e instanceof DecodeError ? e.reason : (e as Error).message;
    }
    out.push(row);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "classify") {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const json = rest.includes("--json");
  const files = rest.filter((a) => !a.startsWith("--"));
  if (!files.length) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let bundle = await builtLiveBundle();
  if (!bundle) {
    if (!rest.includes("--build")) {
      process.stderr.write(NOT_BUILT);
      return 3;
    }
    process.stderr.write("cry-report: building the models (the whole study; about 20 minutes on 2 cores); progress follows\n");
    // The models are trained on the WebAssembly kernels, which a fresh checkout has only as source.
    const {assembleKernels} = await import("./assemble-kernels.ts");
    for (const line of await assembleKernels()) process.stderr.write(`cry-report: kernel ${line}\n`);
    bundle = await liveBundle();
  }
  const rows = await classifyFiles(files, bundle, {anyway: rest.includes("--anyway")});
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    const classes = bundle.manifest.head.classes;
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    process.stdout.write(
      `${["file", "ok", "is_cry", "p_cry", "cry_clips", "clips", "predicted", ...classes.map((c) => `p_${c}`), "error", "note"].join(",")}\n`
    );
    for (const r of rows)
      process.stdout.write(
        `${[q(r.file), r.ok, r.isCry, r.cryProbability?.toFixed(6) ?? "", r.cryClips, r.clips, r.predicted, ...classes.map((c) => r.probabilities[c]?.toFixed(6) ?? ""), q(r.error), q(r.note)].join(",")}\n`
      );
  }
  return rows.every((r) => r.ok) ? 0 : 1;
}

if (process.argv[1]?.endsWith("tools/cli.ts")) process.exitCode = await main(process.argv.slice(2));
