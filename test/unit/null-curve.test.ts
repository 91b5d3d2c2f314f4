// The multiverse's null: labels permuted among recordings. On synthetic recordings stored twice
// (two files of one recording, nearly the same features) with labels that carry no information,
// a split that separates the two files of a recording lets a model recognise the recording and
// score above chance; a split that keeps them together sits at chance. And the joint tests'
// p-values on grids with no signal and with a strong one.
import assert from "node:assert/strict";
import {test} from "node:test";
import {jointTest, nullCurve, permutationNull, quantile, type NullCell} from "../../loaders/pipeline/null-curve.ts";
import {rng} from "../../loaders/lib/random.ts";
import {matrix} from "../../loaders/models/matrix.ts";
import {LogisticRegression} from "../../loaders/models/logistic.ts";
import {argmax} from "../../loaders/models/estimator.ts";

/** `n` recordings, each stored twice (features: the recording's own vector + small noise), random labels in 3 classes. */
function recordings(n: number, dim: number, seed: number) {
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const files: {rec: string; x: number[]; y: number}[] = [];
  for (let r = 0; r < n; r++) {
    const base = Array.from({length: dim}, gauss),
      y = Math.floor(random() * 3);
    for (let copy = 0; copy < 2; copy++) files.push({rec: `rec${r}`, x: base.map((v) => v + 0.05 * gauss()), y});
  }
  return files;
}

function nullOf(files: ReturnType<typeof recordings>, inHoldout: (f: {rec: string}, i: number) => boolean) {
  const tr = files.filter((f, i) => !inHoldout(f, i)),
    ho = files.filter((f, i) => inHoldout(f, i));
  const M = (rows: typeof files) => matrix(rows.length, rows[0].x.length, Float64Array.from(rows.flatMap((f) => f.x)));
  return permutationNull(
    {
      F: M(tr),
      Fho: M(ho),
      yTrain: tr.map((f) => f.y),
      truth: ho.map((f) => f.y),
      trainRecordings: tr.map((f) => f.rec),
      holdoutRecordings: ho.map((f) => f.rec),
      classes: 3,
      fitPredict: (F, y, Fho) => new LogisticRegression({C: 10, maxIter: 200, nClasses: 3}).fit(F, y).predictProba(Fho).map(argmax)
    },
    {permutations: 30, seed: 1}
  );
}

test("permuted labels score above chance when a recording's two files straddle the split, and at chance when they stay together", () => {
  const files = recordings(90, 120, 3);
  // By file: the second file of every other recording goes to the holdout (its twin stays in training).
  const byFile = nullOf(files, (_, i) => i % 4 === 1);
  // Grouped: every file of every fourth recording goes to the holdout.
  const grouped = nullOf(files, (f) => Number(f.rec.slice(3)) % 4 === 1);
  const med = (xs: number[]) =>
    quantile(
      xs.filter(Number.isFinite).sort((a, b) => a - b),
      0.5
    );
  assert.ok(med(byFile.draws) > 0.8, `split by file: the null median ${med(byFile.draws)} is far above chance`);
  assert.ok(Math.abs(med(grouped.draws) - 1 / 3) < 0.1, `grouped: the null median ${med(grouped.draws)} is at chance`);
  assert.equal(byFile.draws.length, 30);
  // Deterministic for a seed.
  assert.deepEqual(nullOf(files, (_, i) => i % 4 === 1).draws, byFile.draws);
});

function grid(observedShift: number, seed: number): NullCell[] {
  const random = rng(seed);
  return Array.from({length: 12}, (_, k) => {
    const draws = Array.from({length: 99}, () => 1 / 3 + 0.04 * (random() - 0.5));
    return {
      model: "m",
      encoder: "e",
      labelling: `l${k}`,
      split: "s",
      augmentation: "a",
      classes: 3,
      observed: 1 / 3 + observedShift + 0.04 * (random() - 0.5),
      draws,
      straddling: 0,
      holdout: 100
    };
  });
}

test("joint tests: a grid with no signal is not significant; a strong one has the smallest p-value a permutation test can give", () => {
  const none = jointTest(grid(0, 5), "s", "m");
  assert.ok(none.pMedian > 0.05, `no signal: p ${none.pMedian}`);
  const strong = jointTest(grid(0.2, 5), "s", "m");
  assert.equal(strong.pMedian, 1 / 100);
  assert.equal(strong.pShare, 1 / 100, "every cell above chance, which about half of each permutation's cells are");
  assert.equal(strong.shareAbove, 1);
  assert.ok(Math.abs(strong.nullMedian) < 0.03, "the null's median excess over chance is near zero");
  assert.ok(strong.nullLo <= strong.nullMedian && strong.nullMedian <= strong.nullHi);
  const curve = nullCurve(grid(0.2, 5), "s", "m");
  assert.equal(curve.length, 12);
  assert.ok(
    curve.every((r, i) => i === 0 || r.observed >= curve[i - 1].observed),
    "sorted by the observed value"
  );
  assert.ok(curve.every((r) => r.nullLo <= r.nullMedian && r.nullMedian <= r.nullHi && r.observed > r.nullHi));
});
