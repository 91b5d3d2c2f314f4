/**
 * Runs the whole study once, before `observable build`, with progress on stderr: corpus analysis,
 * embeddings for every shipped encoder, the classical evaluations, and the paper's full modelling
 * pipeline under both protocols. Every step is cached by content, so the data loaders that
 * Framework then runs (possibly several at once) only read results; a warm rebuild redoes nothing.
 */
import {analyseCorpus} from "../loaders/pipeline/corpus-analysis.ts";
import {analyseEmbeddings} from "../loaders/pipeline/embedding-analysis.ts";
import {duplicatesCV, encoderEvaluation, seedVariance} from "../loaders/pipeline/sensitivity.ts";
import {spawn} from "node:child_process";
import {availableParallelism} from "node:os";
import {PROTOCOLS} from "../loaders/pipeline/dataset.ts";
import {paperRuns} from "../loaders/pipeline/paper-run.ts";
import {cryCheckCorpus} from "../loaders/pipeline/cry-check-corpus.ts";

const t0 = Date.now();
const step = async (name: string, f: () => Promise<unknown>) => {
  const t = Date.now();
  process.stderr.write(`pipeline: ${name}…\n`);
  await f();
  process.stderr.write(`pipeline: ${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
};
await step("corpus analysis", () => analyseCorpus());
// yamnet-unconditioned: YAMNet without its input conditioning, for the before/after comparison only.
for (const encoder of ["yamnet", "yamnet-unconditioned", "acoustic"]) {
  await step(`${encoder} embeddings`, () => analyseEmbeddings(encoder));
  await step(`${encoder} logistic-regression evaluation`, () => encoderEvaluation(encoder));
}
await step("seed variance (logistic regression, 5 seeds)", () => seedVariance("yamnet"));
await step("duplicates in cross-validation folds", () => duplicatesCV("yamnet"));
await step("the live page's cry check on the corpus", () => cryCheckCorpus());
// The two protocols are independent: with two cores, run them as two processes at once.
const runOne = (protocol: string) =>
  new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", new URL("./paper-run-one.ts", import.meta.url).pathname, protocol], {stdio: ["ignore", "inherit", "inherit"]});
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`paper run (${protocol}) exited with ${code}`))));
  });
await step("the paper's pipeline (YAMNet, both protocols)", async () => {
  if (availableParallelism() > 1) await Promise.all(Object.keys(PROTOCOLS).map(runOne));
  await paperRuns("yamnet");
});
process.stderr.write(`pipeline: all done in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
