// Where everything came from, for the provenance page: the corpus and whether the local copy is the
// pinned commit, file by file (corpus.json); what this build ran on — package versions, seeds,
// parameters, machine, time (build.json); the wall time of every stage of the pipeline and whether it
// computed or read the cache (timings.json: they vary between builds, so they are in no Arrow file);
// the reviewer export of every embedded file (features.arrow) and its size (features-info.json).
import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {cpus, totalmem} from "node:os";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {loadManifest, PROJECT_ROOT, resolveDataDir, verifyCorpus} from "../../data/corpus.ts";
import {AUGMENT_PARAMS} from "../../loaders/audio/augment.ts";
import {DECODER_ID, FFMPEG} from "../../loaders/audio/decode.ts";
import {PREPROCESS_PARAMS} from "../../loaders/audio/preprocess.ts";
import {MATCH_CORRELATION} from "../../loaders/corpus/duplicates.ts";
import {tarFiles} from "../../loaders/lib/tar.ts";
import {PRIMARY_LABELLING, SPLIT_SEED} from "../../loaders/pipeline/corpus-analysis.ts";
import {AUGMENT_SEED} from "../../loaders/pipeline/embed.ts";
import {BOOTSTRAP} from "../../loaders/pipeline/evaluate.ts";
import {featuresTable} from "../../loaders/pipeline/features-export.ts";
import {CV, GRIDS, HEAD_SEARCH, SEARCH} from "../../loaders/pipeline/paper-run.ts";
import {DUPLICATE_CV, LOGISTIC_GRID, VARIANCE_SEEDS} from "../../loaders/pipeline/sensitivity.ts";
import {BUILD_TIMINGS} from "../../tools/build-timings.ts";

const manifest = loadManifest();
const v = await verifyCorpus(resolveDataDir(), manifest);
const ffmpegVersion = execFileSync(FFMPEG, ["-version"]).toString().split("\n")[0];
const corpus = {
  repository: manifest.repository,
  commit: manifest.commit,
  licence: manifest.licence,
  attribution: manifest.attribution,
  manifestFiles: manifest.files.length,
  verified: v.ok.length,
  problems: v.problems,
  extra: v.extra,
  decoder: DECODER_ID,
  ffmpeg: ffmpegVersion
};
const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, "package-lock.json"), "utf8"));
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));
const direct = Object.keys({...pkg.dependencies, ...pkg.devDependencies});
const packages = direct.map((name) => ({name, version: lock.packages[`node_modules/${name}`]?.version ?? "?"}));
let commit = "not a git checkout";
try {
  commit = execFileSync("git", ["rev-parse", "HEAD"], {cwd: PROJECT_ROOT}).toString().trim();
} catch {}
const build = {
  commit,
  builtAt: new Date().toISOString(),
  node: process.version,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`
  },
  packages,
  seeds: {split: SPLIT_SEED, bootstrap: BOOTSTRAP.seed, augmentation: AUGMENT_SEED, search: SEARCH.seed, head: HEAD_SEARCH.seed, cv: CV.seed},
  parameters: {
    decoder: DECODER_ID,
    preprocess: PREPROCESS_PARAMS,
    duplicates: {threshold: MATCH_CORRELATION},
    augmentation: AUGMENT_PARAMS,
    randomizedSearch: SEARCH,
    grids: GRIDS,
    neuralHead: HEAD_SEARCH,
    paperCv: CV,
    labelling: PRIMARY_LABELLING,
    sensitivity: {logisticGrid: LOGISTIC_GRID, seeds: VARIANCE_SEEDS, duplicatesCv: DUPLICATE_CV},
    bootstrapResamples: BOOTSTRAP.B
  }
};
let timings: object;
try {
  timings = {available: true, ...JSON.parse(readFileSync(BUILD_TIMINGS, "utf8"))};
} catch (e) {
  timings = {
    available: false,
    reason: `no stage timings (${(e as Error).message}); they are written by tools/pipeline.ts, which \`npm run build\` runs first`,
    stages: [],
    totalSeconds: 0
  };
}
const features = await featuresTable("yamnet");
const shape = tableFromIPC(features);
process.stdout.write(
  tarFiles({
    "corpus.json": JSON.stringify(corpus),
    "build.json": JSON.stringify(build),
    "timings.json": JSON.stringify(timings),
    "features.arrow": features,
    "features-info.json": JSON.stringify({bytes: features.length, rows: shape.numRows, columns: shape.numCols})
  })
);
