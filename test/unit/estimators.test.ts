import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {bootstrapCI} from "../../loaders/eval/bootstrap.ts";
import {accuracy, calibration, classificationReport, confusionMatrix, ovrAuc, precisionRecall} from "../../loaders/eval/metrics.ts";
import {fromRows, toRows} from "../../loaders/models/matrix.ts";
import {PCA} from "../../loaders/models/pca.ts";
import {StandardScaler} from "../../loaders/models/scaler.ts";
import {rng} from "../../loaders/lib/random.ts";

const f = JSON.parse(readFileSync(new URL("../fixtures/sklearn.json", import.meta.url), "utf8"));
const X = fromRows(f.X as number[][]);
const y: number[] = f.y;

function close(a: ArrayLike<number>, b: number[], tol: number, what: string) {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `${what}[${i}]: ${a[i]} vs sklearn ${b[i]}`);
}

test(`StandardScaler equals sklearn ${f.sklearn} (constant column left unscaled)`, () => {
  const s = new StandardScaler().fit(X);
  close(s.mean_, f.scaler.mean, 1e-12, "mean");
  close(s.scale_, f.scaler.scale, 1e-12, "scale");
  assert.equal(s.scale_[5], 1);
  assert.deepEqual(StandardScaler.fromJSON(JSON.parse(JSON.stringify(s))).toJSON(), s.toJSON());
});

test("PCA at 95% variance: same component count, components (signs included), ratios and scores to 1e-5", () => {
  const Z = new StandardScaler().fitTransform(X);
  const p = new PCA({nComponents: 0.95}).fit(Z);
  assert.equal(p.components_.length, f.pca95.n);
  f.pca95.components.forEach((c: number[], i: number) => close(p.components_[i], c, 1e-5, `component ${i}`));
  close(p.explainedVarianceRatio_, f.pca95.ratio, 1e-9, "variance ratio");
  close(p.explainedVariance_, f.pca95.variance, 1e-8, "variance");
  const T = toRows(p.transform(fromRows(toRows(Z).slice(0, 10))));
  T.forEach((r, i) => close(r, f.pca95.transform[i], 1e-5, `score row ${i}`));
});

test("PCA(2) map coordinates equal sklearn's", () => {
  const Z = new StandardScaler().fitTransform(X);
  const T = toRows(new PCA({nComponents: 2}).fitTransform(Z));
  T.forEach((r, i) => close(r, f.pca2.transform[i], 1e-5, `row ${i}`));
});

test("metrics equal sklearn.metrics", () => {
  const pred: number[] = f.pred;
  const m = f.metrics;
  assert.equal(accuracy(y, pred), m.accuracy);
  assert.deepEqual(confusionMatrix(y, pred, 3), m.confusion);
  const r = classificationReport(y, pred, 3);
  close([r.balancedAccuracy], [m.balanced_accuracy], 1e-15, "balanced accuracy");
  close(r.precision, m.per_class[0], 1e-15, "precision");
  close(r.recall, m.per_class[1], 1e-15, "recall");
  close(r.f1, m.per_class[2], 1e-15, "f1");
  close([r.macro.precision, r.macro.recall, r.macro.f1], m.macro, 1e-15, "macro");
  close([r.weighted.precision, r.weighted.recall, r.weighted.f1], m.weighted, 1e-15, "weighted");
  const auc = ovrAuc(y, f.proba, 3);
  close(auc, m.auc_ovr, 1e-9, "ROC AUC (ties present)");
  close([auc.reduce((a, b) => a + b) / 3], [m.auc_macro_ovr], 1e-9, "macro OvR AUC");
  close(
    [0, 1, 2].map(
      (c) =>
        precisionRecall(
          y.map((t) => (t === c ? 1 : 0)),
          f.proba.map((p: number[]) => p[c])
        ).averagePrecision
    ),
    m.average_precision,
    1e-9,
    "average precision"
  );
});

test("metrics refuse to return a silent NaN", () => {
  assert.throws(
    () =>
      ovrAuc(
        [0, 0, 1],
        [
          [0.5, 0.5, 0],
          [0.6, 0.4, 0],
          [0.3, 0.7, 0]
        ],
        3
      ),
    /ROC undefined: 0 positive/
  );
  const r = classificationReport([0, 0, 1], [0, 0, 0], 3);
  // Class 1 is never predicted (precision 0/0); class 2 occurs nowhere, so it is not scored at all.
  assert.deepEqual(r.undefinedClasses, [1]);
  assert.equal(r.macro.f1, (r.f1[0] + r.f1[1]) / 2);
  assert.ok(r.f1.every(Number.isFinite));
  assert.throws(() => accuracy([], []), /no samples/);
});

test("calibration: a perfectly calibrated bin has zero error", () => {
  const c = calibration(
    [0, 0, 1, 1],
    [
      [0.75, 0.25],
      [0.75, 0.25],
      [0.75, 0.25],
      [0.25, 0.75]
    ],
    4
  );
  // Bin [0.75, 1): 4 samples at confidence 0.75, 3 right → |0.75 − 0.75| = 0.
  assert.equal(c.ece, 0);
});

test("bootstrap CI: seeded, contains the estimate, wider when resampling groups", () => {
  const pred: number[] = f.pred;
  const acc = (idx: number[]) => idx.filter((i) => y[i] === pred[i]).length / idx.length;
  const a = bootstrapCI(y.length, acc, {B: 500, seed: 1});
  assert.deepEqual(bootstrapCI(y.length, acc, {B: 500, seed: 1}), a);
  assert.ok(a.lo < a.estimate && a.estimate < a.hi);
  // Large groups of correlated samples: 10 groups of 30 consecutive recordings.
  const g = bootstrapCI(y.length, acc, {B: 500, seed: 1, units: y.map((_, i) => Math.floor(i / 30)), unitName: "group"});
  assert.equal(g.unit, "group");
  assert.ok(g.hi - g.lo > 0);
});

test("logistic regression (multinomial, L2, lbfgs) agrees with sklearn on a held-out fixture", async () => {
  const {LogisticRegression} = await import("../../loaders/models/logistic.ts");
  const Z = toRows(new StandardScaler().fitTransform(X));
  const train = fromRows(Z.slice(0, 200)),
    test = fromRows(Z.slice(200));
  for (const [C, ref] of Object.entries(f.logistic as Record<string, {proba: number[][]; accuracy: number; intercept: number[]}>)) {
    const m = new LogisticRegression({C: Number(C)}).fit(train, y.slice(0, 200));
    assert.ok(m.converged_, `C=${C} converged`);
    const proba = m.predictProba(test);
    const acc = accuracy(y.slice(200), m.predict(test));
    assert.ok(Math.abs(acc - ref.accuracy) <= 0.015, `C=${C}: accuracy ${acc} vs sklearn ${ref.accuracy}`);
    // Same convex objective: probabilities agree closely, not just in correlation.
    const flat = proba.flatMap((p) => Array.from(p)),
      refFlat = ref.proba.flat();
    const maxDiff = Math.max(...flat.map((v, i) => Math.abs(v - refFlat[i])));
    assert.ok(maxDiff < 1e-3, `C=${C}: max |Δp| ${maxDiff}`);
    assert.deepEqual(LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m))).predictProba(test), proba);
  }
});

test("multinomial loss: the blocked pass on the SIMD kernels equals the row-by-row sums, and its gradient the loss's finite differences (odd shapes, many blocks, more than four classes)", async () => {
  const {MultinomialLoss} = await import("../../loaders/models/multinomial-loss.ts");
  const uniform = rng(777),
    random = () => uniform() - 0.5;
  for (const [n, p, k] of [
    [37, 13, 3],
    [1001, 200, 3],
    [9, 9, 2],
    [501, 33, 6],
    [250, 1024, 2]
  ]) {
    const X = Float64Array.from({length: n * p}, random),
      y = Int32Array.from({length: n}, () => Math.floor((random() + 0.5) * k));
    const w = Float64Array.from({length: k * (p + 1)}, random);
    const fast = new MultinomialLoss(X, n, p, y, k),
      plain = new MultinomialLoss(X, n, p, y, k, {simd: false});
    const g = new Float64Array(w.length),
      gRef = new Float64Array(w.length);
    const f = fast.evaluate(w, g),
      fRef = plain.evaluate(w, gRef);
    assert.ok(Math.abs(f - fRef) <= 1e-12 * fRef, `${n}×${p}, ${k} classes: loss ${f} vs ${fRef}`);
    for (let t = 0; t < w.length; t++)
      assert.ok(Math.abs(g[t] - gRef[t]) <= 1e-10 * (1 + Math.abs(gRef[t])), `${n}×${p}, ${k} classes: gradient[${t}] ${g[t]} vs ${gRef[t]}`);
    // The gradient is the loss's: central differences along a few coordinates (weights and intercepts).
    for (const t of [0, p, p + 1, w.length - 2, w.length - 1]) {
      const h = 1e-5,
        wp = w.slice(),
        wm = w.slice();
      (wp[t] += h), (wm[t] -= h);
      const fd = (plain.evaluate(wp, new Float64Array(w.length)) - plain.evaluate(wm, new Float64Array(w.length))) / (2 * h);
      assert.ok(Math.abs(fd - gRef[t]) <= 1e-5 * (1 + Math.abs(fd)), `${n}×${p}, ${k} classes: ∂/∂w[${t}] ${gRef[t]} vs finite difference ${fd}`);
    }
  }
});
