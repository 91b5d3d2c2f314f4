import assert from "node:assert/strict";
import {test} from "node:test";
import {bootstrapCI, bootstrapDifference} from "../../loaders/eval/bootstrap.ts";
import {accuracy, classificationReport} from "../../loaders/eval/metrics.ts";
import {rng} from "../../loaders/lib/random.ts";
import {evaluate} from "../../loaders/pipeline/evaluate.ts";
import {buildAudit, modelDifferences} from "../../loaders/paper/audit.ts";
import {impliedNumbers, PAPER_NUMBERS} from "../../loaders/paper/claims.ts";
import {GROUPED_PROTOCOL, PAPER_PROTOCOL} from "../../loaders/pipeline/dataset.ts";
import type {PaperRun} from "../../loaders/pipeline/paper-run.ts";

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

test("accuracy: right predictions over rows, over every row or over a resample's rows (repeats counted), the same number as the pipeline's old inline shares", () => {
  const truth = [0, 1, 2, 2, 1, 0, 1],
    pred = [0, 2, 2, 2, 1, 1, 1];
  assert.equal(accuracy(truth, pred), 5 / 7);
  assert.equal(accuracy(truth, pred, [1, 1, 2, 5]), 1 / 4);
  assert.equal(accuracy(truth, pred, [0, 2, 2, 6]), 1);
  assert.throws(() => accuracy(truth, pred, []), /no samples/);
  // The inline shares it replaced in multiverse.ts and paper-run.ts: a count over the selection,
  // divided by its length — on correctness flags or on truth and prediction — give the same double.
  const random = rng(5);
  const t = Array.from({length: 300}, () => Math.floor(random() * 3)),
    p = t.map((v) => (random() < 0.7 ? v : (v + 1) % 3));
  const ok = t.map((v, j) => v === p[j]);
  for (let b = 0; b < 200; b++) {
    const sel = Array.from({length: 1 + Math.floor(random() * 300)}, () => Math.floor(random() * 300));
    const flags = sel.filter((j) => ok[j]).length / sel.length,
      pairs = sel.filter((j) => p[j] === t[j]).length / sel.length;
    assert.ok(Object.is(accuracy(t, p, sel), flags) && Object.is(flags, pairs));
  }
});

test("bootstrap: an interval that resamples clusters of duplicates is wider than the file-level one", () => {
  // 60 recordings, each stored as 3 identical files (same truth, same prediction).
  const random = rng(7);
  const correct: boolean[] = [],
    units: string[] = [];
  for (let r = 0; r < 60; r++) {
    const ok = random() < 0.7;
    for (let c = 0; c < 3; c++) correct.push(ok), units.push(`r${r}`);
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

test("bootstrap of a difference: centred on the difference, seeded, and it needs the units it pairs by", () => {
  const units = Array.from({length: 100}, (_, j) => `u${j}`);
  const a = {n: 100, metric: (s: number[]) => s.filter((j) => j % 10 < 9).length / s.length, units};
  const b = {n: 100, metric: (s: number[]) => s.filter((j) => j % 10 < 7).length / s.length, units};
  assert.throws(() => bootstrapDifference({...a, units: undefined}, b), /need their units/);
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
  assert.ok(
    Math.abs(
      macro.value -
        classificationReport(
          truth,
          proba.map((p) => p.indexOf(Math.max(...p))),
          3
        ).macro.f1
    ) < 1e-15
  );
  // Two units only, one per class: most resamples hold one class, where an AUC does not exist.
  const tiny = evaluate({protocol: "p", model: "m", split: "holdout"}, [0, 1], [Float64Array.of(0.9, 0.1, 0), Float64Array.of(0.2, 0.8, 0)], {
    ids: ["a", "b"],
    name: "recording"
  });
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

/**
 * A run with per-file predictions: `groups` installations of 3 files each, classes drawn from `mix`,
 * and every model right on class c with probability `recall[c]` (wrong answers spread over the other
 * classes); the seeded models get five refits that differ a little.
 */
function fakeRun(
  protocol: string,
  recall: number[],
  {mix = [0.1, 0.8, 0.1], groups = 160, classes = ["Pain", "Hunger", "Neurological"], seed = 1, recallOf = {} as Record<string, number[]>} = {}
): PaperRun {
  const random = rng(seed);
  const present = classes.map((c) => ["Pain", "Hunger", "Neurological"].indexOf(c));
  const draw = () => {
    let u = random(),
      c = 0;
    const w = present.map((k) => mix[k]),
      total = w.reduce((a, b) => a + b, 0);
    while (c < w.length - 1 && (u -= w[c] / total) > 0) c++;
    return present[c];
  };
  const samples = ["train", "val", "test", "holdout"].map((split, k) => {
    const truth: number[] = [],
      g: string[] = [];
    for (let u = 0; u < groups / (k ? 2 : 1); u++) for (let f = 0; f < 3; f++) truth.push(draw()), g.push(`${split}-${u}`);
    return {split, files: truth.map((_, i) => i), truth, groups: g};
  });
  const answer = (t: number, rec: number) => (random() < rec ? t : present.filter((c) => c !== t)[Math.floor(random() * (present.length - 1))]);
  const predictions = [];
  for (const model of ["Neural head", "SVM (RBF)", "Soft-voting ensemble", "Logistic regression"])
    for (const sd of model === "Logistic regression" ? [42] : [42, 43, 44, 45, 46])
      for (const sm of samples) {
        const pred = sm.truth.map((t) => answer(t, (recallOf[model] ?? recall)[t] + (sd - 44) * 0.002));
        const proba = pred.flatMap((p) => [0, 1, 2].map((c) => (c === p ? 0.6 : 0.2) + 0.01 * random()));
        predictions.push({model, split: sm.split, seed: sd, pred, proba});
      }
  const cvTruth = samples[0].truth;
  return {
    protocol,
    labelling: "as re-packaged",
    encoder: "test",
    unit: "installation group",
    classes,
    components: 42,
    samples,
    predictions,
    refitSeeds: [42, 43, 44, 45, 46],
    cvScored: {truth: cvTruth, pred: cvTruth.map((t) => answer(t, 0.9)), groups: samples[0].groups}
  } as unknown as PaperRun;
}

test("audit: each claim judged by the replication test against the same quantity (standardised where the mix matters), the family Holm-adjusted", () => {
  const P = PAPER_NUMBERS;
  // Pain recall exactly the paper's, Hunger far above it, Neurological far below.
  const recall = [P.notebook.holdoutRecall.Pain, 0.95, 0.2];
  const run = fakeRun(PAPER_PROTOCOL, recall);
  const rows = buildAudit({runs: [run, fakeRun(GROUPED_PROTOCOL, recall, {seed: 2})], labelledCounts: {Pain: 10, Hunger: 100, Neurological: 8}});
  const v = (id: string) => rows.find((r) => r.id === id)!;
  assert.equal(v("recall-Hunger").verdict, "higher here");
  assert.equal(v("recall-Neurological").verdict, "lower here");
  assert.ok(["consistent", "inconclusive"].includes(v("recall-Pain").verdict), v("recall-Pain").reason);
  for (const r of rows.filter((r) => r.verdict !== "not testable here")) {
    // The difference interval carries both errors: wider than the paper's SE alone.
    assert.ok(r.diffHi - r.diffLo > 2 * 1.95 * r.paperSE, r.id);
    assert.ok(Math.abs(r.difference - (r.value - r.paper)) < 1e-12, r.id);
    assert.ok(r.minMargin >= Math.abs(r.difference), r.id);
    assert.ok(Number.isFinite(r.grouped) && Number.isFinite(r.protocolDiffLo), `${r.id}: the grouped split beside it`);
  }
  // Accuracy is judged on its twin standardised to the paper's mix: Σ π·recall, not our raw accuracy.
  const acc = v("mlp-holdout-accuracy");
  assert.match(acc.quantity, /standardised to the paper's class mix/);
  const pi = [P.dataset.Pain, P.dataset.Hunger, P.dataset.Neurological].map((x) => x / P.dataset.labelled);
  // By hand from the run's own holdout answers: Σ π·recall of each refit, averaged over the five.
  const truth = run.samples.find((x) => x.split === "holdout")!.truth;
  const perSeed = run.predictions
    .filter((p) => p.model === "Neural head" && p.split === "holdout")
    .map((p) => pi.reduce((s, w, c) => s + (w * truth.filter((t, j) => t === c && p.pred[j] === c).length) / truth.filter((t) => t === c).length, 0));
  const expected = perSeed.reduce((a, b) => a + b, 0) / perSeed.length;
  assert.ok(Math.abs(acc.value - expected) < 1e-12, `standardised accuracy ${acc.value} vs Σ π·recall ${expected}`);
  assert.ok(Math.abs(acc.raw - acc.value) > 0.1, "the raw accuracy (our mix) differs from its twin");
  assert.ok(Number.isFinite(acc.majority), "accuracy sits beside the majority baseline of the same split");
  assert.equal(v("auc-Pain").quantity, "as measured (does not depend on the class mix)");
  // The refit seeds: five for the head, one for logistic regression's kind of model; the spread is reported.
  assert.equal(v("recall-Pain").seeds, 5);
  assert.ok(v("recall-Pain").seedSD > 0);
  assert.equal(v("dataset").verdict, "not testable here");
  assert.equal(v("auc-Neurological").paper, P.readme.auc.Neurological);
  assert.equal(v("macro-f1").paper, impliedNumbers().macroF1.value);
  // Reasons are computed from the numbers they state.
  assert.match(v("recall-Hunger").reason, /^ours is higher by 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] \(difference p [<\d. ]+ after Holm over \d+ rows\)/);
});

test("model against model: a paired difference of balanced accuracy on the same holdout, the refits drawn per resample", () => {
  const run = fakeRun(PAPER_PROTOCOL, [0.3, 0.8, 0.3], {mix: [0.3, 0.4, 0.3], recallOf: {"SVM (RBF)": [0.8, 0.8, 0.8]}});
  const [svm, lr] = modelDifferences([run], ["Neural head", "SVM (RBF)", "Logistic regression"]);
  assert.equal(svm.model, "SVM (RBF)");
  assert.equal(svm.reference, "Neural head");
  assert.ok(svm.lo > 0, `the better model's difference excludes zero: ${svm.value} [${svm.lo}, ${svm.hi}]`);
  assert.ok(lr.lo < lr.value && lr.value < lr.hi);
  // The value is the difference of the two models' balanced accuracies, each the mean over its refits.
  const truth = run.samples.find((x) => x.split === "holdout")!.truth;
  const bal = (pred: number[]) =>
    [0, 1, 2].reduce((s, c) => s + truth.filter((t, j) => t === c && pred[j] === c).length / truth.filter((t) => t === c).length, 0) / 3;
  const meanOf = (model: string) => {
    const sets = run.predictions.filter((p) => p.model === model && p.split === "holdout");
    return sets.reduce((s, p) => s + bal(p.pred), 0) / sets.length;
  };
  assert.ok(Math.abs(svm.value - (meanOf("SVM (RBF)") - meanOf("Neural head"))) < 1e-12);
});

test("audit: a run without Neurological says so instead of failing", () => {
  const rows = buildAudit({runs: [fakeRun(PAPER_PROTOCOL, [0.5, 0.8, 0], {classes: ["Pain", "Hunger"]})], labelledCounts: {}});
  const neuro = rows.filter((r) => r.id.endsWith("Neurological"));
  assert.ok(neuro.length >= 2);
  for (const r of neuro) {
    assert.equal(r.verdict, "not testable here", r.id);
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
  const random = rng(7),
    n = 300;
  const y = Array.from({length: n}, () => (random() < 0.3 ? 1 : 0));
  // Scores on a coarse grid, so many samples tie.
  const s = y.map((v) => Math.round((random() + 0.4 * v) * 20) / 20);
  const auc = rocAucOfResamples(y, s);
  for (let b = 0; b < 50; b++) {
    const sel = Array.from({length: n}, () => Math.floor(random() * n));
    const want = rocAuc(
      sel.map((j) => y[j]),
      sel.map((j) => s[j])
    );
    assert.ok(Math.abs(auc(sel) - want) < 1e-12, `${auc(sel)} vs ${want}`);
  }
  assert.ok(Math.abs(auc(y.map((_, i) => i)) - rocAuc(y, s)) < 1e-12);
  assert.ok(Number.isNaN(auc(y.flatMap((v, i) => (v === 1 ? [i] : [])))));
});

test("bootstrapCIs: the intervals of one bootstrapCI per metric, from one resampling; an undefined metric comes back as its error", async () => {
  const {bootstrapCIs} = await import("../../loaders/eval/bootstrap.ts");
  const random = rng(3),
    n = 120;
  const x = Array.from({length: n}, () => random()),
    units = x.map((_, i) => `u${i % 40}`);
  const mean = (sel: number[]) => sel.reduce((s, j) => s + x[j], 0) / sel.length;
  const high = (sel: number[]) => sel.filter((j) => x[j] > 0.7).length / sel.length;
  const never = () => NaN;
  const all = bootstrapCIs(
    n,
    [
      ["mean", mean],
      ["high", high],
      ["never", never]
    ],
    {B: 300, seed: 9, units, unitName: "u"}
  );
  assert.deepEqual(all.get("mean"), bootstrapCI(n, mean, {B: 300, seed: 9, units, unitName: "u"}));
  assert.deepEqual(all.get("high"), bootstrapCI(n, high, {B: 300, seed: 9, units, unitName: "u"}));
  assert.ok(all.get("never") instanceof Error);
  assert.throws(() => bootstrapCI(n, never, {B: 300, seed: 9, units}));
});
