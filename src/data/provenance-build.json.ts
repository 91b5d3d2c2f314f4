// What this build ran on: package versions from the lockfile, seeds, parameters, machine and time.
import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {cpus, totalmem} from "node:os";
import {join} from "node:path";
import {PROJECT_ROOT} from "../../data/corpus.ts";
import {PREPROCESS_PARAMS} from "../../loaders/audio/preprocess.ts";
import {DECODER_ID} from "../../loaders/audio/decode.ts";
import {MATCH_CORRELATION} from "../../loaders/corpus/duplicates.ts";
import {BOOTSTRAP} from "../../loaders/pipeline/evaluate.ts";
import {DUPLICATE_CV, LOGISTIC_GRID, VARIANCE_SEEDS} from "../../loaders/pipeline/sensitivity.ts";
import {PRIMARY_LABELLING} from "../../loaders/pipeline/corpus-analysis.ts";
import {SPLIT_SEED} from "../../loaders/pipeline/corpus-analysis.ts";
import {AUGMENT_PARAMS} from "../../loaders/audio/augment.ts";
import {AUGMENT_SEED} from "../../loaders/pipeline/embed.ts";
import {CV, GRIDS, HEAD_SEARCH, SEARCH} from "../../loaders/pipeline/paper-run.ts";

const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, "package-lock.json"), "utf8"));
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));
const direct = Object.keys({...pkg.dependencies, ...pkg.devDependencies});
const packages = direct.map((name) => ({name, version: lock.packages[`node_modules/${name}`]?.version ?? "?"}));
let commit = "not a git checkout";
try {
  commit = execFileSync("git", ["rev-parse", "HEAD"], {cwd: PROJECT_ROOT}).toString().trim();
} catch {}
process.stdout.write(JSON.stringify({
  commit,
  builtAt: new Date().toISOString(),
  node: process.version,
  machine: {cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", memoryGiB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}`},
  packages,
  seeds: {split: SPLIT_SEED, bootstrap: BOOTSTRAP.seed, augmentation: AUGMENT_SEED, search: SEARCH.seed, head: HEAD_SEARCH.seed, cv: CV.seed},
  parameters: {decoder: DECODER_ID, preprocess: PREPROCESS_PARAMS, duplicates: {threshold: MATCH_CORRELATION},
    augmentation: AUGMENT_PARAMS, randomizedSearch: SEARCH, grids: GRIDS, neuralHead: HEAD_SEARCH, paperCv: CV,
    labelling: PRIMARY_LABELLING, sensitivity: {logisticGrid: LOGISTIC_GRID, seeds: VARIANCE_SEEDS, duplicatesCv: DUPLICATE_CV}, bootstrapResamples: BOOTSTRAP.B}
}));
