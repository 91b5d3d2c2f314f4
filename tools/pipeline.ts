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
import {cpuSeconds} from "../loaders/lib/cpu-time.ts";
import {mkdtempSync, rmSync} from "node:fs";
import {availableParallelism, tmpdir} from "node:os";
import {join} from "node:path";
import {PROTOCOLS} from "../loaders/pipeline/dataset.ts";
import {paperRuns} from "../loaders/pipeline/paper-run.ts";
import {cryCheck} from "../loaders/pipeline/cry-check.ts";
import {dataCellsToCompute, multiverse, paperRunsByProtocol} from "../loaders/pipeline/multiverse.ts";
import {nullCells, nullCellsToCompute, nullDataCells} from "../loaders/pipeline/null-curve.ts";
import {BUILD_TIMINGS, cacheWritesSince, freshStages, paperRunTimingsFile, writeBuildTimings, type BuildStage} from "./build-timings.ts";

const t0 = Date.now();
/** Where the two processes of a shared step claim its tasks (loaders/lib/claims.ts); one folder per step, removed at the end. */
const claims = mkdtempSync(join(tmpdir(), "cry-report-claims-"));
process.on("exit", () => rmSync(claims, {recursive: true, force: true}));
/**
 * The V8 heap flags this process was started with (package.json's build gives it
 * --initial-old-space-size=256), passed on to its worker processes. Why: onnxruntime's Node binding
 * hands back a fresh copy of every output even when the output was preallocated — for the neural
 * head's gradients, 6.7 MB a training step — and with V8's default limits that garbage started a
 * full mark-compact every ten-odd steps (~860 in one paper run, ~15% of its CPU in marking). With
 * 256 MB allowed before the first old-generation limit: 46, and the run's CPU 187 → 169 s. When
 * garbage is collected changes no result.
 */
const HEAP_FLAGS = process.execArgv.filter((a) => /^--(initial-old-space-size|max-old-space-size|max-semi-space-size)=/.test(a));
/**
 * Runs a tools/ script in its own process (a function declaration, so the first steps can use it);
 * resolves with the CPU seconds it used, which the process reports on file descriptor 3.
 */
function runTool(script: string, args: string[]): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [...HEAP_FLAGS, "--import", "tsx", "--import", new URL("./report-cpu.ts", import.meta.url).pathname, new URL(script, import.meta.url).pathname, ...args],
      {stdio: ["ignore", "inherit", "inherit", "pipe"]}
    );
    let report = "";
    p.stdio[3]?.on("data", (b: Buffer) => (report += b.toString()));
    p.on("close", (code) => (code === 0 ? resolve(Number.parseFloat(report) || 0) : reject(new Error(`${script} ${args.join(" ")} exited with ${code}`))));
  });
}
const timings: BuildStage[] = [];
/** CPU seconds of the processes that run beside the steps (listening copies, paper runs), as they end. */
let backgroundCpu = 0;
const inBackground = (p: Promise<number>) => p.then((cpu) => ((backgroundCpu += cpu), cpu));
/** The step running in other processes while this process's steps run ("" when none). */
let meanwhile = "";
/** A step of this process; `exclude` names cache kinds that a concurrent process may be writing. */
const step = async (name: string, f: () => Promise<unknown>, exclude: string[] = []) => {
  const t = Date.now(),
    c = cpuSeconds() - backgroundCpu;
  process.stderr.write(`pipeline: ${name}…\n`);
  await f();
  // A background process that ended meanwhile adds its CPU to ours (it was waited for): not this step's.
  const cpu = cpuSeconds() - backgroundCpu - c;
  // The listening copies' process writes its own cache kind throughout; no step here writes it.
  const seconds = (Date.now() - t) / 1000,
    writes = await cacheWritesSince(t, [...exclude, "listen"]);
  timings.push({stage: name, parent: "", seconds, cpuSeconds: cpu, computed: writes > 0, ...(meanwhile ? {overlaps: meanwhile} : {})});
  process.stderr.write(`pipeline: ${name} ${writes > 0 ? "computed" : "read from cache"} in ${seconds.toFixed(0)} s (CPU ${cpu.toFixed(0)} s)\n`);
  return t;
};
await step("corpus analysis", () => analyseCorpus());
// The MP3 listening copies are encoded from the samples the corpus analysis decoded into the cache:
// their own process, started now, uses the core that YAMNet's embeddings (one thread) leave idle.
const tListen = Date.now();
let listenSeconds = 0;
const listening = inBackground(runTool("./encode-listen.ts", [])).then((cpu) => ((listenSeconds = (Date.now() - tListen) / 1000), cpu));
await step("yamnet embeddings", () => analyseEmbeddings("yamnet"));

// The paper's pipeline needs only the corpus, YAMNet's clean embeddings and the augmented copies.
// The copies are embedded first, in two processes (both protocols train on mostly the same files);
// then the two protocols run as two processes (the bulk of the build's work) while this process
// does the other analyses, so both cores stay busy; those steps' times overlap the paper runs'.
const parallel = availableParallelism() > 1;
await step("augmented training copies (two processes)", async () => {
  if (parallel) await Promise.all([0, 1].map(() => runTool("./augment-copies.ts", [join(claims, "augment")])));
});
const runOne = (protocol: string) => inBackground(runTool("./paper-run-one.ts", [protocol]));
const paperStep = "the paper's pipeline (both protocols; the steps below overlap it)";
const tPaper = Date.now();
// Listed before the steps that overlap it; its time and verdict are filled in when it ends.
const paperEntry: BuildStage = {stage: paperStep, parent: "", seconds: 0, computed: false};
timings.push(paperEntry);
const children: Promise<number[]> = parallel ? Promise.all(Object.keys(PROTOCOLS).map(runOne)) : Promise.resolve([]);
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
const paperCpu = (await children).reduce((a, b) => a + b, 0);
const cMain = cpuSeconds();
await paperRuns("yamnet");
paperEntry.cpuSeconds = paperCpu + cpuSeconds() - cMain;
const inner = (await Promise.all(Object.keys(PROTOCOLS).map((p) => freshStages(paperRunTimingsFile(p), tPaper)))).flat();
paperEntry.seconds = (Date.now() - tPaper) / 1000;
paperEntry.computed = inner.length > 0 || (await cacheWritesSince(tPaper, [], ["paper-run"])) > 0;
for (const s of inner) timings.push({stage: s.stage, parent: paperStep, seconds: s.seconds, cpuSeconds: s.cpuSeconds, computed: true});
// The multiverse reuses the paper runs' searches, so it follows them, in two processes; each then
// computes its share of the null (the cells' logistic regression on permuted labels).
await step("multiverse and its null (every combination of the paper's choices; labels permuted; two processes)", async () => {
  const byProtocol = await paperRunsByProtocol();
  if (parallel && (await dataCellsToCompute(byProtocol)) + (await nullCellsToCompute(byProtocol)) > 0)
    await Promise.all([0, 1].map(() => runTool("./multiverse-share.ts", [join(claims, "multiverse")])));
  await multiverse(byProtocol);
  await nullCells(nullDataCells(), byProtocol);
});
const listenCpu = await listening;
timings.push({
  stage: "MP3 listening copies",
  parent: "",
  seconds: listenSeconds,
  cpuSeconds: listenCpu,
  computed: (await cacheWritesSince(tListen, [], ["listen"])) > 0,
  overlaps: "the steps after the corpus analysis"
});
const total = (Date.now() - t0) / 1000,
  totalCpu = cpuSeconds();
await writeBuildTimings(timings, total, totalCpu);
process.stderr.write(`pipeline: all done in ${total.toFixed(0)} s, CPU ${totalCpu.toFixed(0)} s on all cores (stage timings: ${BUILD_TIMINGS})\n`);
