// Classical models against scikit-learn fits on the same fixture (test/fixtures/make_model_fixtures.py),
// determinism of fitted state, and the bad inputs every estimator must refuse clearly.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {stratifiedKFold} from "../../loaders/eval/split.ts";
import {GradientBoosting} from "../../loaders/models/boosting.ts";
import type {Classifier} from "../../loaders/models/estimator.ts";
import {RandomForest} from "../../loaders/models/forest.ts";
import {LogisticRegression} from "../../loaders/models/logistic.ts";
import {fromRows, matrix} from "../../loaders/models/matrix.ts";
import {gridPoints, randomizedSearch, sampleGrid, takeRows} from "../../loaders/models/search.ts";
import {gramOf, SVC} from "../../loaders/models/svm.ts";
import {SoftVoting} from "../../loaders/models/voting.ts";
import {rng} from "../../loaders/lib/random.ts";

const f = JSON.parse(readFileSync(new URL("../fixtures/models.json", import.meta.url), "utf8"));
const Xtr = fromRows(f.Xtr),
  Xte = fromRows(f.Xte);
const acc = (pred: number[], truth: number[]) => pred.filter((p, i) => p === truth[i]).length / truth.length;

function pearson(a: number[], b: number[]): number {
  const n = a.length,
    ma = a.reduce((s, v) => s + v, 0) / n,
    mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let i = 0; i < n; i++) (ab += (a[i] - ma) * (b[i] - mb)), (aa += (a[i] - ma) ** 2), (bb += (b[i] - mb) ** 2);
  return ab / Math.sqrt(aa * bb);
}

function assertParity(name: string, m: Classifier, ref: {accuracy: number; proba: number[][]}, minCorr = 0.95) {
  const a = acc(m.predict(Xte), f.yte);
  assert.ok(Math.abs(a - ref.accuracy) <= 0.015, `${name}: accuracy ${a} vs scikit-learn ${ref.accuracy}`);
  const p = m.predictProba(Xte);
  for (let c = 0; c < 3; c++) {
    const r = pearson(
      p.map((v) => v[c]),
      ref.proba.map((v) => v[c])
    );
    assert.ok(r > minCorr, `${name}: class ${c} probabilities correlate ${r.toFixed(4)} with scikit-learn's`);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the fixture is JSON written by make_model_fixtures.py; each test reads its own fields.
for (const [name, ref] of Object.entries<any>(f.models)) {
  if (name.startsWith("svc")) {
    test(`SVC ${JSON.stringify(ref.params)}: libsvm's solution (support vectors, intercepts, predictions) and Platt probabilities`, () => {
      const m = new SVC({...ref.params, seed: 0}).fit(Xtr, f.ytr);
      assertParity(name, m, ref, 0.99);
      const s = m.toJSON();
      // Same optimisation problem, same solver: the intercepts agree to the solver tolerance.
      s.pairs.forEach((p, q) => assert.ok(Math.abs(p.rho + ref.intercept[q]) < 0.02, `pair ${q}: rho ${p.rho} vs −intercept ${-ref.intercept[q]}`));
      assert.equal(
        s.supportVectors.length,
        ref.n_support.reduce((a: number, b: number) => a + b, 0)
      );
      assert.ok(acc(m.predict(Xte), ref.predict) >= 0.99, "predictions agree with scikit-learn's on ≥ 99% of rows");
    });
  } else if (name.startsWith("forest")) {
    test(`random forest ${JSON.stringify(ref.params)}: accuracy within 1.5 points of scikit-learn's`, () => {
      assertParity(name, new RandomForest({...ref.params, seed: 0}).fit(Xtr, f.ytr), ref);
    });
  } else {
    test(`gradient boosting (histogram splits) ${JSON.stringify(ref.params)}: accuracy within 1.5 points of scikit-learn's exact GradientBoostingClassifier`, () => {
      assertParity(name, new GradientBoosting(ref.params).fit(Xtr, f.ytr), ref);
    });
  }
}

test("SVC given its rows' kernel (gramOf, shared by a permutation test's refits) fits exactly as without it; a kernel of other rows or another gamma is refused", () => {
  const params = {C: 2, gamma: "scale" as const, probability: false, seed: 0};
  const gram = gramOf(Xtr, params.gamma);
  // Two label orders on one kernel, as the null refits them.
  for (const y of [f.ytr, [...f.ytr].reverse()]) {
    const plain = new SVC(params).fit(Xtr, y),
      shared = new SVC(params).fit(Xtr, y, gram);
    assert.deepEqual(shared.toJSON(), plain.toJSON());
    assert.deepEqual(shared.predict(Xte), plain.predict(Xte));
  }
  assert.throws(() => new SVC(params).fit(takeRows(Xtr, [0, 1, 2, 3, 4, 5]), f.ytr.slice(0, 6), gram), /other rows or another gamma/);
  assert.throws(() => new SVC({...params, gamma: 0.5}).fit(Xtr, f.ytr, gram), /other rows or another gamma/);
});

test("SVC on two classes returns Platt's probabilities directly, as libsvm does", () => {
  const keep = f.ytr.flatMap((y: number, i: number) => (y < 2 ? [i] : []));
  const test_ = f.yte.flatMap((y: number, i: number) => (y < 2 ? [i] : []));
  const m = new SVC({C: 1, gamma: "scale", seed: 0}).fit(
    takeRows(Xtr, keep),
    keep.map((i: number) => f.ytr[i])
  );
  const p = m.predictProba(takeRows(Xte, test_));
  // scikit-learn flips a binary SVC's sign (intercept_ = rho, where three classes give −rho): the same solver, so the same rho.
  assert.ok(
    Math.abs(m.toJSON().pairs[0].rho - f.svc_binary.intercept[0]) < 1e-6,
    `rho ${m.toJSON().pairs[0].rho} vs scikit-learn's ${f.svc_binary.intercept[0]}`
  );
  assert.ok(
    pearson(
      p.map((v) => v[1]),
      f.svc_binary.proba.map((v: number[]) => v[1])
    ) > 0.99
  );
  assert.ok(
    Math.abs(
      acc(
        m.predict(takeRows(Xte, test_)),
        test_.map((i: number) => f.yte[i])
      ) - f.svc_binary.accuracy
    ) <= 0.015
  );
});

test("same seed, same data → byte-identical fitted JSON; a JSON round trip predicts the same", () => {
  // biome-ignore lint/suspicious/noExplicitAny: each model's fromJSON takes its own state type.
  const makers: [string, () => Classifier, (s: any) => Classifier][] = [
    ["svc", () => new SVC({C: 10, seed: 3}), (s) => SVC.fromJSON(s)],
    ["forest", () => new RandomForest({nEstimators: 20, seed: 3}), (s) => RandomForest.fromJSON(s)],
    ["boosting", () => new GradientBoosting({nEstimators: 20}), (s) => GradientBoosting.fromJSON(s)],
    ["logistic", () => new LogisticRegression({C: 1}), (s) => LogisticRegression.fromJSON(s)]
  ];
  for (const [name, make, revive] of makers) {
    const a = JSON.stringify(make().fit(Xtr, f.ytr)),
      b = JSON.stringify(make().fit(Xtr, f.ytr));
    assert.equal(a, b, `${name}: two fits differ`);
    const m = make().fit(Xtr, f.ytr);
    assert.deepEqual(revive(JSON.parse(a)).predictProba(Xte), m.predictProba(Xte), `${name}: round trip`);
  }
  assert.notEqual(
    JSON.stringify(new RandomForest({nEstimators: 5, seed: 1}).fit(Xtr, f.ytr)),
    JSON.stringify(new RandomForest({nEstimators: 5, seed: 2}).fit(Xtr, f.ytr))
  );
});

test("randomized search: grid order, distinct draws, fold scores, best refitted; soft voting averages", () => {
  const grid = {C: [0.1, 1, 10, 100], gamma: ["scale", "auto", 0.01, 0.001]};
  assert.equal(gridPoints(grid).length, 16);
  assert.deepEqual(gridPoints({b: [1, 2], a: ["x", "y"]}), [
    {a: "x", b: 1},
    {a: "x", b: 2},
    {a: "y", b: 1},
    {a: "y", b: 2}
  ]);
  const draws = sampleGrid(grid, 10, 42);
  assert.equal(new Set(draws.map((d) => JSON.stringify(d))).size, 10);
  assert.deepEqual(sampleGrid(grid, 10, 42), draws);
  assert.equal(sampleGrid(grid, 50, 42).length, 16);
  const sub = Array.from({length: 240}, (_, i) => i);
  const X = takeRows(Xtr, sub),
    y = sub.map((i) => f.ytr[i]);
  const out = randomizedSearch({
    make: (p) => new SVC({...(p as object), probability: false}),
    grid,
    nIter: 4,
    seed: 42,
    X,
    y,
    folds: stratifiedKFold(y, 3, 42)
  });
  assert.equal(out.results.length, 4);
  for (const r of out.results) assert.equal(r.foldScores.length, 3);
  assert.equal(out.best.mean, Math.max(...out.results.map((r) => r.mean)));
  const vote = new SoftVoting([new LogisticRegression({C: 1}), new GradientBoosting({nEstimators: 10})]).fit(Xtr, f.ytr);
  const [a, b] = vote.members.map((m) => m.predictProba(Xte));
  const p = vote.predictProba(Xte);
  assert.ok(Math.abs(p[0][1] - (a[0][1] + b[0][1]) / 2) < 1e-12);
});

test("an ensemble cut to its first n estimators predicts as the fit with n; the search shares one fit among configurations that differ only in nEstimators", () => {
  const sub = Array.from({length: 180}, (_, i) => i);
  const X = takeRows(Xtr, sub),
    y = sub.map((i) => f.ytr[i]);
  const same = (a: Float64Array[], b: Float64Array[]) => a.every((row, i) => row.every((v, c) => Object.is(v, b[i][c])));
  const forest = new RandomForest({nEstimators: 12, maxDepth: 4, seed: 3}).fit(X, y);
  assert.ok(same(forest.firstEstimators(5).predictProba(Xte), new RandomForest({nEstimators: 5, maxDepth: 4, seed: 3}).fit(X, y).predictProba(Xte)));
  assert.ok(!same(forest.firstEstimators(5).predictProba(Xte), forest.predictProba(Xte)), "five trees of twelve predict differently from twelve");
  const boost = new GradientBoosting({nEstimators: 9, maxDepth: 2, learningRate: 0.1}).fit(X, y);
  assert.ok(
    same(boost.firstEstimators(4).predictProba(Xte), new GradientBoosting({nEstimators: 4, maxDepth: 2, learningRate: 0.1}).fit(X, y).predictProba(Xte))
  );
  assert.throws(() => forest.firstEstimators(13), /cannot keep 13 of 12 trees/);
  // The search's scores with sharing equal each configuration fitted on its own, fold by fold.
  const folds = stratifiedKFold(y, 3, 42);
  let fits = 0;
  const make = (p: object) => {
    const m = new RandomForest({...p, seed: 5});
    const fit = m.fit.bind(m);
    m.fit = (A, b) => (fits++, fit(A, b));
    return m;
  };
  const grid = {nEstimators: [3, 7], maxDepth: [2, 3]};
  const out = randomizedSearch({make, grid, nIter: 4, seed: 1, X, y, folds});
  assert.equal(fits, 2 * 3 + 1, "one fit per fold for each maxDepth, and the refit of the best");
  const split = [0, 1, 2].map((k) => ({train: sub.filter((i) => folds[i] !== k), test: sub.filter((i) => folds[i] === k)}));
  for (const r of out.results) {
    const alone = split.map(({train, test}) => {
      const m = new RandomForest({...r.params, seed: 5}).fit(
        takeRows(X, train),
        train.map((i) => y[i])
      );
      return acc(
        m.predict(takeRows(X, test)),
        test.map((i) => y[i])
      );
    });
    assert.deepEqual(r.foldScores, alone, JSON.stringify(r.params));
  }
});

test("bad input: one class, NaN, mismatched lengths, too few samples for the folds, a class absent from a fold", () => {
  const X = matrix(4, 2, Float64Array.of(0, 1, 1, 0, 2, 2, 3, 1));
  for (const make of [
    () => new SVC(),
    () => new RandomForest({nEstimators: 2}),
    () => new GradientBoosting({nEstimators: 2}),
    () => new LogisticRegression()
  ]) {
    assert.throws(() => make().fit(X, [1, 1, 1, 1]), /single class/);
    assert.throws(() => make().fit(matrix(4, 2, Float64Array.of(0, 1, NaN, 0, 2, 2, 3, 1)), [0, 1, 0, 1]), /non-finite feature at row 1, column 0/);
    assert.throws(() => make().fit(X, [0, 1, 0]), /4 rows but 3 labels/);
    // Trained without class 2 but told there are three: column 2 exists and is 0 (or tiny).
    const withK = make() as Classifier & {params: {nClasses?: number}};
    (withK.params as {nClasses?: number}).nClasses = 3;
    const p = withK.fit(X, [0, 1, 0, 1]).predictProba(X);
    assert.equal(p[0].length, 3);
    assert.ok(p.every((row) => row[2] < 1e-3 && Number.isFinite(row[0])));
  }
  assert.throws(() => stratifiedKFold([0, 1], 3), /2 samples for 3 folds/);
  assert.throws(
    () => randomizedSearch({make: () => new LogisticRegression(), grid: {C: [1]}, nIter: 1, seed: 1, X, y: [0, 1, 0, 1], folds: [0, 0, 0, 0]}),
    /at least two folds/
  );
  // A constant feature is harmless: no split on it, no NaN.
  const Xc = matrix(6, 2, Float64Array.of(5, 0, 5, 1, 5, 2, 5, 3, 5, 4, 5, 5));
  for (const m of [new RandomForest({nEstimators: 3}), new GradientBoosting({nEstimators: 3}), new SVC()]) {
    const p = m.fit(Xc, [0, 0, 0, 1, 1, 1]).predictProba(Xc);
    assert.ok(p.every((row) => row.every(Number.isFinite)));
    assert.deepEqual(m.predict(Xc), [0, 0, 0, 1, 1, 1], `${m.constructor.name} separates on the varying feature`);
    // No tree splits on the constant feature (column 0).
    const features = JSON.stringify(m.toJSON()).match(/"feature":\[[^\]]*\]/g) ?? [];
    for (const list of features) assert.ok(!JSON.parse(list.slice('"feature":'.length)).includes(0), `${m.constructor.name}: a split on the constant column`);
  }
  assert.throws(() => new GradientBoosting({maxBins: 300}).fit(Xc, [0, 0, 0, 1, 1, 1]), /maxBins 300 must be an integer from 2 to 256/);
});

test("boosting's WebAssembly histogram kernels equal plain loops: a node's histogram, the three roots of a stage in one pass, parent − sibling, and the best split by Friedman's improvement (empty bins, minimum leaf size, a feature of one bin)", async () => {
  const {Histograms} = await import("../../loaders/models/histogram-kernels.ts");
  const random = rng(99);
  const n = 301,
    cols = 7;
  const nbins = Int32Array.from({length: cols}, (_, j) => [255, 3, 1, 40, 255, 2, 17][j]);
  const colBins = Uint8Array.from({length: n * cols}, (_, t) => Math.floor(random() * nbins[Math.floor(t / n)]));
  const residuals = [0, 1, 2].map(() => Float64Array.from({length: n}, () => random() - 0.5));
  const hs = new Histograms(colBins, n, cols, nbins, 3, 2);
  const read = (h: number) => new Float64Array((hs as unknown as {memory: WebAssembly.Memory}).memory.buffer, h, cols * 512).slice();
  const plain = (r: Float64Array, rows: ArrayLike<number>) => {
    const H = new Float64Array(cols * 512);
    for (let j = 0; j < cols; j++) for (const i of Array.from(rows)) (H[j * 512 + 2 * colBins[j * n + i]] += r[i]), H[j * 512 + 2 * colBins[j * n + i] + 1]++;
    return H;
  };
  hs.setResiduals(residuals);
  const all = Array.from({length: n}, (_, i) => i),
    roots = hs.roots(Int32Array.from(all));
  roots.forEach((h, t) => assert.deepEqual(read(h), plain(residuals[t], all), `root histogram ${t}`));
  const some = Int32Array.from(all.filter((i) => i % 3 !== 1));
  const part = hs.build(1, some);
  assert.deepEqual(read(part), plain(residuals[1], some), "a node's histogram");
  hs.subtract(roots[1], part);
  const rest = plain(residuals[1], all),
    sub = plain(residuals[1], some);
  assert.deepEqual(
    read(roots[1]),
    rest.map((v, k) => v - sub[k]),
    "parent − sibling"
  );
  for (const [rows, t, minLeaf] of [
    [all, 0, 1],
    [Array.from(some), 1, 1],
    [all, 2, 40],
    [all.slice(0, 5), 0, 3]
  ] as [number[], number, number][]) {
    const r = residuals[t],
      H = plain(r, rows),
      m = rows.length,
      total = rows.reduce((s, i) => s + r[i], 0);
    let best = {gain: 1e-12, feature: -1, bin: 0, left: 0};
    for (let j = 0; j < cols; j++) {
      let sl = 0,
        nl = 0;
      for (let b = 0; b < nbins[j] - 1; b++) {
        sl += H[j * 512 + 2 * b];
        nl += H[j * 512 + 2 * b + 1];
        const nr = m - nl;
        if (H[j * 512 + 2 * b + 1] === 0 || nl < minLeaf || nr < minLeaf) continue;
        const gain = ((nl * nr) / m) * (sl / nl - (total - sl) / nr) ** 2;
        if (gain > best.gain * (1 + 1e-12)) best = {gain, feature: j, bin: b, left: nl};
      }
    }
    const h = hs.build(t, Int32Array.from(rows)),
      got = hs.bestSplit(h, m, total, minLeaf);
    hs.release(h);
    assert.deepEqual(got, {feature: best.feature, bin: best.bin, left: best.left}, `best split of ${m} rows, residuals ${t}, min leaf ${minLeaf}`);
  }
});

test("random forest: trees grown on rank-packed integer sorts equal the trees grown on value sorts, ties included", async () => {
  const {featureRanks, growGiniTree} = await import("../../loaders/models/forest.ts");
  // Rounded values make many ties, the case where the two sorts order rows differently.
  const r = rng(5),
    n = 300,
    p = 12;
  const X = matrix(
    n,
    p,
    Float64Array.from({length: n * p}, () => Math.round((r() - 0.5) * 8) / 4)
  );
  const y = Array.from({length: n}, (_, i) => (X.data[i * p] + X.data[i * p + 1] > 0 ? 1 : 0) + (X.data[i * p + 2] > 0.5 ? 1 : 0));
  const params = {nEstimators: 1, maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: "sqrt" as const, bootstrap: true, seed: 0};
  const ranked = featureRanks(X);
  assert.ok(ranked, "300 rows pack");
  for (let t = 0; t < 5; t++) {
    const w = new Float64Array(n);
    const draw = rng(100 + t);
    for (let i = 0; i < n; i++) w[Math.floor(draw() * n)]++;
    const a = growGiniTree({X, y, weight: w, classes: 3, params, random: rng(t), ranked}),
      b = growGiniTree({X, y, weight: w, classes: 3, params, random: rng(t), ranked: null});
    assert.deepEqual(a, b, `tree ${t}`);
    assert.ok(a.feature.length > 10, "a tree with splits");
  }
});

test("radix sort of packed integers orders them as the engine's sort does, at every length and key width", async () => {
  const {sortPackedInts} = await import("../../loaders/models/sort.ts");
  const r = rng(8);
  for (const m of [0, 1, 5, 63, 64, 65, 300, 1662, 5000])
    for (const keyBits of [1, 7, 8, 9, 16, 22, 31]) {
      const a = Int32Array.from({length: m + 3}, () => Math.floor(r() * 2 ** keyBits));
      const want = a.slice(0, m).sort();
      const tail = a.slice(m);
      sortPackedInts(a, m, keyBits, new Int32Array(m + 3));
      assert.deepEqual(a.subarray(0, m), want, `${m} values of ${keyBits} bits`);
      assert.deepEqual(a.subarray(m), tail, "values past m are untouched");
    }
});
