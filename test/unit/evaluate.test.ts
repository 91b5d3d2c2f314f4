import assert from "node:assert/strict";
import {test} from "node:test";
import {bootstrapCI, bootstrapDifference} from "../../loaders/eval/bootstrap.ts";
import {classificationReport} from "../../loaders/eval/metrics.ts";
import {rng} from "../../loaders/lib/random.ts";
import {evaluate} from "../../loaders/pipeline/evaluate.ts";
import {buildAudit, judge} from "../../loaders/paper/audit.ts";
import {impliedNumbers, PAPER_NUMBERS} from "../../loaders/paper/claims.ts";
import {GROUPED_PROTOCOL, PAPER_PROTOCOL} from "../../loaders/pipeline/dataset.ts";
import type {PaperRun} from "../../loaders/pipeline/paper-run.ts";
import type {MetricRow} from "../../loaders/pipeline/evaluate.ts";

test("macro averages run over the labels in truth ∪ prediction, as scikit-learn's", () => {
  // Two of three classes occur. Class 0: P 1/2, R 1/2; class 1: P 2/3, R 2/3.
  const r = classificationReport([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], 3);
  assert.ok(Math.abs(r.macro.f1 - (0.5 + 2 / 3) / 2) < 1e-15, `macro F1 ${r.macro.f1}`);
  assert.ok(Math.abs(r.macro.precision - (0.5 + 2 / 3) / 2) < 1e-15);
  assert.deepEqual(r.undefinedClasses, [], "a class absent from both sides is not 'undefined'");
  // Class 2 predicted but never true: it counts (precision 0, recall undefined → 0), as sklearn does.
  const s = classificationReport([0, 0, 1, 1], [0, 2, 1, 1], 3);
  assert.ok(Math.abs(s.macro.recall - (0.5 + 1 + 0) / 3) < 1e-15);
  assert.deepEqual(s.undefinedClasses, [2]);
  assert.ok(Math.abs(s.balancedAccuracy - 0.75) < 1e-15, "balanced accuracy averages recall over classes in y_true only");
});

test("bootstrap: an interval that resamples clusters of duplicates is wider than the file-level one", () => {
  // 60 recordings, each stored as 3 identical files (same truth, same prediction).
  const random = rng(7);
  const correct: boolean[] = [], units: string[] = [];
  for (let r = 0; r < 60; r++) {
    const ok = random() < 0.7;
    for (let c = 0; c < 3; c++) (correct.push(ok), units.push(`r${r}`));
  }
  const acc = (sel: number[]) => sel.filter((j) => correct[j]).length / sel.length;
  const files = bootstrapCI(correct.length, acc, {B: 2000, seed: 3});
  const clustered = bootstrapCI(correct.length, acc, {B: 2000, seed: 3, units, unitName: "recording"});
  assert.equal(files.estimate, clustered.estimate);
  assert.equal(clustered.unit, "recording");
  // Triplicated data: the honest interval is about √3 times wider.
  const ratio = (clustered.hi - clustered.lo) / (files.hi - files.lo);
  assert.ok(ratio > 1.4, `ratio ${ratio}`);
  assert.throws(() => bootstrapCI(3, acc, {units: ["a", "b"]}), /2 unit ids for 3 samples/);
});

test("bootstrap of a difference: centred on the difference, seeded", () => {
  const a = {n: 100, metric: (s: number[]) => s.filter((j) => j % 10 < 9).length / s.length};
  const b = {n: 100, metric: (s: number[]) => s.filter((j) => j % 10 < 7).length / s.length};
  const d = bootstrapDifference(a, b, {B: 500, seed: 1});
  assert.ok(Math.abs(d.estimate - 0.2) < 1e-12);
  assert.ok(d.lo < 0.2 && d.hi > 0.2);
  assert.deepEqual(bootstrapDifference(a, b, {B: 500, seed: 1}), d);
});

test("evaluate: every metric row carries its resampled unit; an undefined metric is left out with a reason", () => {
  // Three classes; class 2 has one recording only (two files of it).
  const truth = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2];
  const proba = truth.map((t, i) => {
    const p = new Float64Array(3);
    p[i === 3 ? 1 : t] = 0.8;
    p[(t + 1) % 3] += 0.2;
    return p;
  });
  const ids = ["a", "b", "c", "d", "e", "f", "g", "h", "z", "z"];
  const e = evaluate({protocol: "p", model: "m", split: "holdout"}, truth, proba, {ids, name: "recording"});
  const acc = e.metrics.find((m) => m.metric === "accuracy")!;
  assert.equal(acc.value, 0.9);
  assert.equal(acc.unit, "recording");
  assert.equal(acc.units, 9);
  assert.equal(acc.n, 10);
  for (const m of e.metrics) assert.ok(Number.isFinite(m.value) && Number.isFinite(m.lo) && Number.isFinite(m.hi), m.metric);
  const macro = e.metrics.find((m) => m.metric === "macro F1")!;
  assert.ok(Math.abs(macro.value - classificationReport(truth, proba.map((p) => p.indexOf(Math.max(...p))), 3).macro.f1) < 1e-15);
  // Two units only, one per class: most resamples hold one class, where an AUC does not exist.
  const tiny = evaluate({protocol: "p", model: "m", split: "holdout"}, [0, 1], [Float64Array.of(0.9, 0.1, 0), Float64Array.of(0.2, 0.8, 0)], {ids: ["a", "b"], name: "recording"});
  assert.ok(tiny.metrics.every((m) => Number.isFinite(m.lo) && Number.isFinite(m.hi)));
  assert.ok(!tiny.metrics.some((m) => m.metric.startsWith("ROC AUC")) && tiny.skipped.some((s) => s.startsWith("ROC AUC")), tiny.skipped.join("; "));
});

test("the paper's implied numbers come from its table", () => {
  const i = impliedNumbers();
  assert.ok(Math.abs(i.balancedAccuracy.value - (0.6624 + 0.5299 + 0.743) / 3) < 1e-12);
  assert.ok(Math.abs(i.macroF1.value - (0.8 + 0.6 + 0.44) / 3) < 1e-12);
  assert.ok(Math.abs(i.cvMinusHoldout.value - (0.8151 - 0.6683)) < 1e-12);
  assert.ok(Math.abs(i.majorityBaseline.value - 3678 / 6639) < 1e-12);
});

test("judge: inside the interval reproduces, outside does not, a missing interval is not testable", () => {
  assert.equal(judge(0.5, {value: 0.52, lo: 0.45, hi: 0.6}).verdict, "reproduced");
  const out = judge(0.8, {value: 0.6, lo: 0.55, hi: 0.65});
  assert.equal(out.verdict, "not reproduced");
  assert.match(out.reason, /0\.800 lies above our 95% interval \[0\.550, 0\.650\]/);
  assert.equal(judge(0.8, undefined).verdict, "not testable here");
  assert.equal(judge(0.8, {value: NaN, lo: NaN, hi: NaN}).verdict, "not testable here");
});

/** A run whose every metric is `value` with interval [value − 0.05, value + 0.05]. */
function fakeRun(protocol: string, values: Record<string, number>, classes = ["Pain", "Hunger", "Neurological"]): PaperRun {
  const row = (model: string, split: string, metric: string, value: number): MetricRow =>
    ({protocol, model, split, metric, value, lo: value - 0.05, hi: value + 0.05, unit: "recording", n: 100, units: 90});
  const metrics: MetricRow[] = [];
  for (const split of ["val", "test", "holdout"])
    for (const [metric, v] of Object.entries(values)) {
      metrics.push(row("Neural head", split, metric, v));
      metrics.push(row("SVM (RBF)", split, metric, v));
      metrics.push(row("Soft-voting ensemble", split, metric, v));
    }
  return {
    protocol, labelling: "as re-packaged", encoder: "test", unit: "recording", classes, sizes: [], augmentation: {recordings: 0, copies: 0, augmentedCopies: 0},
    components: 42, search: [], trials: [], history: [], holdout: [], cv: [1, 2, 3, 4, 5].map((fold) => ({protocol: "5-fold (test)", fold, accuracy: 0.9, n: 10, trainRows: 40})),
    evaluation: {metrics, confusion: [], curves: [], calibration: [], skipped: []},
    gaps: [row("Neural head", "holdout", "train − holdout accuracy", 0.08), row("SVM (RBF)", "holdout", "5-fold CV − holdout accuracy (test)", 0.3)],
    head: {sha256: "", params: {}, bestEpoch: 1, epochs: 1}
  } as unknown as PaperRun;
}

test("audit: base-rate-free claims judged against the same quantity, accuracies not comparable, no literal claims", () => {
  const P = PAPER_NUMBERS;
  const values: Record<string, number> = {
    accuracy: 0.8, "weighted F1": 0.78, "majority-class accuracy": 0.81, "balanced accuracy": 0.64, "macro F1": 0.4,
    "recall Pain": P.notebook.holdoutRecall.Pain, "recall Hunger": 0.95, "recall Neurological": 0.2,
    "ROC AUC Pain vs rest": P.readme.auc.Pain, "ROC AUC Hunger vs rest": 0.6,
    "F1 Pain": 0.6, "F1 Hunger": 0.9, "F1 Neurological": 0.1
  };
  const rows = buildAudit({runs: [fakeRun(PAPER_PROTOCOL, values), fakeRun(GROUPED_PROTOCOL, values)], labelledCounts: {Pain: 10, Hunger: 100, Neurological: 8}});
  const v = (id: string) => rows.find((r) => r.id === id)!;
  assert.equal(v("recall-Pain").verdict, "reproduced");
  assert.equal(v("recall-Hunger").verdict, "not reproduced");
  assert.equal(v("auc-Pain").verdict, "reproduced");
  assert.equal(v("auc-Neurological").verdict, "not testable here", "a metric the run lacks is not testable, never NaN-judged");
  assert.equal(v("balanced-accuracy").verdict, "reproduced"); // 0.645 within [0.59, 0.69]
  assert.equal(v("macro-f1").verdict, "not reproduced");
  assert.equal(v("gap").verdict, "reproduced"); // 0.0797 within [0.03, 0.13]
  assert.equal(v("cv-gap").verdict, "not reproduced"); // 0.147 below [0.25, 0.35]
  for (const id of ["mlp-holdout-accuracy", "mlp-val-f1", "svm-holdout", "ensemble-holdout", "cv"]) {
    assert.equal(v(id).verdict, "not comparable", id);
    assert.ok(v(id).comparable.length > 0, `${id} shows a comparable quantity`);
  }
  assert.equal(v("mlp-holdout-accuracy").majority, 0.81, "accuracy sits beside the majority baseline of the same split");
  assert.equal(v("dataset").verdict, "not testable here");
  // The claim values are the table's.
  assert.equal(v("auc-Neurological").paper, P.readme.auc.Neurological);
  assert.equal(v("macro-f1").paper, impliedNumbers().macroF1.value);
  // Every row's reason is computed: a verdict's reason quotes the interval it was judged against.
  assert.match(v("recall-Hunger").reason, /lies below our 95% interval \[0\.900, 1\.000\]/);
});

test("audit: a run without Neurological says so instead of failing", () => {
  const rows = buildAudit({runs: [fakeRun(PAPER_PROTOCOL, {accuracy: 0.8, "majority-class accuracy": 0.8, "balanced accuracy": 0.5}, ["Pain", "Hunger"])], labelledCounts: {}});
  for (const r of rows.filter((r) => r.id.endsWith("Neurological"))) {
    assert.equal(r.verdict, "not testable here");
    assert.ok(r.reason.length > 0);
  }
});

test("metrics with an absent class equal scikit-learn's (fixture from make_metric_fixtures.py)", async () => {
  const {readFileSync} = await import("node:fs");
  const f = JSON.parse(readFileSync(new URL("../fixtures/metrics_absent.json", import.meta.url), "utf8"));
  for (const c of f.cases) {
    const r = classificationReport(c.y, c.pred, 3);
    const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${c.name}: ${what} ${a} vs sklearn ${b}`);
    [r.macro.precision, r.macro.recall, r.macro.f1].forEach((v, i) => near(v, c.macro[i], `macro[${i}]`));
    [r.weighted.precision, r.weighted.recall, r.weighted.f1].forEach((v, i) => near(v, c.weighted[i], `weighted[${i}]`));
    near(r.balancedAccuracy, c.balanced_accuracy, "balanced accuracy");
  }
});

test("rocAucOfResamples: the same AUC as rocAuc on each resample (repeats, ties), NaN when a resample lacks a class", async () => {
  const {rocAuc, rocAucOfResamples} = await import("../../loaders/eval/metrics.ts");
  const {rng} = await import("../../loaders/lib/random.ts");
  const random = rng(7), n = 300;
  const y = Array.from({length: n}, () => (random() < 0.3 ? 1 : 0));
  // Scores on a coarse grid, so many samples tie.
  const s = y.map((v) => Math.round((random() + 0.4 * v) * 20) / 20);
  const auc = rocAucOfResamples(y, s);
  for (let b = 0; b < 50; b++) {
    const sel = Array.from({length: n}, () => Math.floor(random() * n));
    const want = rocAuc(sel.map((j) => y[j]), sel.map((j) => s[j]));
    assert.ok(Math.abs(auc(sel) - want) < 1e-12, `${auc(sel)} vs ${want}`);
  }
  assert.ok(Math.abs(auc(y.map((_, i) => i)) - rocAuc(y, s)) < 1e-12);
  assert.ok(Number.isNaN(auc(y.flatMap((v, i) => (v === 1 ? [i] : [])))));
});

test("bootstrapCIs: the intervals of one bootstrapCI per metric, from one resampling; an undefined metric comes back as its error", async () => {
  const {bootstrapCIs} = await import("../../loaders/eval/bootstrap.ts");
  const random = rng(3), n = 120;
  const x = Array.from({length: n}, () => random()), units = x.map((_, i) => `u${i % 40}`);
  const mean = (sel: number[]) => sel.reduce((s, j) => s + x[j], 0) / sel.length;
  const high = (sel: number[]) => sel.filter((j) => x[j] > 0.7).length / sel.length;
  const never = () => NaN;
  const all = bootstrapCIs(n, [["mean", mean], ["high", high], ["never", never]], {B: 300, seed: 9, units, unitName: "u"});
  assert.deepEqual(all.get("mean"), bootstrapCI(n, mean, {B: 300, seed: 9, units, unitName: "u"}));
  assert.deepEqual(all.get("high"), bootstrapCI(n, high, {B: 300, seed: 9, units, unitName: "u"}));
  assert.ok(all.get("never") instanceof Error);
  assert.throws(() => bootstrapCI(n, never, {B: 300, seed: 9, units}));
});
