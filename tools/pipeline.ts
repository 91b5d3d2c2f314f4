/**
 * Runs the whole study once, before `observable build`, with progress on stderr: corpus analysis,
 * embeddings for every shipped encoder, the classical evaluations, and the paper's full modelling
 * pipeline under both protocols. Every step is cached by content, so the data loaders that
 * Framework then runs (possibly several at once) only read results; a warm rebuild redoes nothing.
 * Each step's wall time, and whether it computed or only read the cache, goes to the provenance page.
 */
import {analyseCorpus} from "../loaders/pipeline/corpus-analysis.ts";
import {analyseEmbeddings} from "../loaders/pipeline/embedding-analysis.ts";
import {duplicatesCV, encoderEvaluation, seedVariance} from "../loaders/pipeline/sensitivity.ts";
import {spawn} from "node:child_process";
import {availableParallelism} from "node:os";
import {PROTOCOLS} from "../loaders/pipeline/dataset.ts";
import {paperRuns} from "../loaders/pipeline/paper-run.ts";
import {cryCheck} from "../loaders/pipeline/cry-check.ts";
import {dataCellsToCompute, multiverse, paperRunsByProtocol} from "../loaders/pipeline/multiverse.ts";
import {nullCells, nullCellsToCompute, nullDataCells} from "../loaders/pipeline/null-curve.ts";
import {BUILD_TIMINGS, cacheWritesSince, freshStages, paperRunTimingsFile, writeBuildTimings, type BuildStage} from "./build-timings.ts";

const t0 = Date.now();
/** Runs a tools/ script in its own process (a function declaration, so the first steps can use it). */
function runTool(script: string, args: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", new URL(script, import.meta.url).pathname, ...args], {stdio: ["ignore", "inherit", "inherit"]});
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${script} ${args.join(" ")} exited with ${code}`))));
  });
}
const timings: BuildStage[] = [];
/** The step running in other processes while this process's steps run ("" when none). */
let meanwhile = "";
/** A step of this process; `exclude` names cache kinds that a concurrent process may be writing. */
const step = async (name: string, f: () => Promise<unknown>, exclude: string[] = []) => {
  const t = Date.now();
  process.stderr.write(`pipeline: ${name}…\n`);
  await f();
  // The listening copies' process writes its own cache kind throughout; no step here writes it.
  const seconds = (Date.now() - t) / 1000,
    writes = await cacheWritesSince(t, [...exclude, "listen"]);
  timings.push({stage: name, parent: "", seconds, computed: writes > 0, ...(meanwhile ? {overlaps: meanwhile} : {})});
  process.stderr.write(`pipeline: ${name} ${writes > 0 ? "computed" : "read from cache"} in ${seconds.toFixed(0)} s\n`);
  return t;
};
// The MP3 listening copies need only the corpus files: their own process, started first, uses the
// core that the opening steps (corpus analysis, YAMNet's embeddings: one thread) leave idle.
const tListen = Date.now();
let listenSeconds = 0;
const listening = runTool("./encode-listen.ts", []).then(() => (listenSeconds = (Date.now() - tListen) / 1000));
await step("corpus analysis", () => analyseCorpus());
await step("yamnet embeddings", () => analyseEmbeddings("yamnet"));

// The paper's pipeline needs only the corpus, YAMNet's clean embeddings and the augmented copies.
// The copies are embedded first, in two processes (both protocols train on mostly the same files);
// then the two protocols run as two processes (the bulk of the build's work) while this process
// does the other analyses, so both cores stay busy; those steps' times overlap the paper runs'.
const parallel = availableParallelism() > 1;
await step("augmented training copies (two processes)", async () => {
  if (parallel) await Promise.all([0, 1].map((k) => runTool("./augment-copies.ts", [String(k), "2"])));
});
const runOne = (protocol: string) => runTool("./paper-run-one.ts", [protocol]);
const paperStep = "the paper's pipeline (both protocols; the steps below overlap it)";
const tPaper = Date.now();
// Listed before the steps that overlap it; its time and verdict are filled in when it ends.
const paperEntry: BuildStage = {stage: paperStep, parent: "", seconds: 0, computed: false};
timings.push(paperEntry);
const children = parallel ? Promise.all(Object.keys(PROTOCOLS).map(runOne)) : Promise.resolve([]);
// What the paper runs write while the steps below run; those steps are judged without it.
const busy = ["paper-run", "embeddings"];
meanwhile = paperStep;
try {
  await step("yamnet logistic-regression evaluation", () => encoderEvaluation("yamnet"), busy);
  // yamnet-unconditioned: YAMNet without its input conditioning, for the before/after comparison only.
  for (const encoder of ["yamnet-unconditioned", "acoustic"]) {
    await step(`${encoder} embeddings`, () => analyseEmbeddings(encoder), busy);
    await step(`${encoder} logistic-regression evaluation`, () => encoderEvaluation(encoder), busy);
  }
  await step("seed variance (logistic regression, 5 seeds)", () => seedVariance("yamnet"), busy);
  await step("duplicates in cross-validation folds", () => duplicatesCV("yamnet"), busy);
  await step("cry check (decoded audio, non-cry set, each family left out)", () => cryCheck(), busy);
} finally {
  meanwhile = "";
  await children.catch(() => undefined);
}
await children;
await paperRuns("yamnet");
const inner = (await Promise.all(Object.keys(PROTOCOLS).map((p) => freshStages(paperRunTimingsFile(p), tPaper)))).flat();
paperEntry.seconds = (Date.now() - tPaper) / 1000;
paperEntry.computed = inner.length > 0 || (await cacheWritesSince(tPaper, [], ["paper-run"])) > 0;
for (const s of inner) timings.push({stage: s.stage, parent: paperStep, seconds: s.seconds, computed: true});
// The multiverse reuses the paper runs' searches, so it follows them, in two processes; each then
// computes its share of the null (the cells' logistic regression on permuted labels).
await step("multiverse and its null (every combination of the paper's choices; labels permuted; two processes)", async () => {
  const byProtocol = await paperRunsByProtocol();
  if (parallel && (await dataCellsToCompute(byProtocol)) + (await nullCellsToCompute(byProtocol)) > 0)
    await Promise.all([0, 1].map((k) => runTool("./multiverse-share.ts", [String(k), "2"])));
  await multiverse(byProtocol);
  await nullCells(nullDataCells(), byProtocol);
});
await listening;
timings.push({
  stage: "MP3 listening copies (own process, from the start)",
  parent: "",
  seconds: listenSeconds,
  computed: (await cacheWritesSince(tListen, [], ["listen"])) > 0,
  overlaps: "the steps from the start"
});
const total = (Date.now() - t0) / 1000;
await writeBuildTimings(timings, total);
process.stderr.write(`pipeline: all done in ${total.toFixed(0)} s (stage timings: ${BUILD_TIMINGS})\n`);
