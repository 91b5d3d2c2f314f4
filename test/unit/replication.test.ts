// The claims audit's verdict rule: standardisation to another class mix, the replication test on a
// difference (consistent / lower / higher / inconclusive), Holm's adjustment by hand, the paper's
// standard errors, and the paired, clustered bootstrap that feeds "ours".
import assert from "node:assert/strict";
import {test} from "node:test";
import {bootstrapCI, clusteredReplicates} from "../../loaders/eval/bootstrap.ts";
import {classificationReport, confusionMatrix} from "../../loaders/eval/metrics.ts";
import {binomialSE, compare, f1SE, hanleyMcNeilSE, holm, judgeFamily, meanSE, normalCdf, normalQuantile} from "../../loaders/eval/replication.ts";
import {standardise} from "../../loaders/eval/standardise.ts";
import {rng} from "../../loaders/lib/random.ts";

const close = (a: number, b: number, tol = 1e-12, what = "") => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

test("standardise: with the sample's own class mix every value equals scikit-learn's raw metric", () => {
  const random = rng(5),
    truth: number[] = [],
    pred: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = random() < 0.6 ? 1 : random() < 0.5 ? 0 : 2;
    truth.push(t);
    pred.push(random() < 0.55 ? t : Math.floor(random() * 3));
  }
  const cm = confusionMatrix(truth, pred, 3),
    own = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const s = standardise(cm, own),
    r = classificationReport(truth, pred, 3);
  close(s.accuracy, truth.filter((t, i) => t === pred[i]).length / truth.length, 1e-12, "accuracy");
  r.precision.forEach((p, c) => close(s.precision[c], p, 1e-12, `precision ${c}`));
  r.f1.forEach((f, c) => close(s.f1[c], f, 1e-12, `F1 ${c}`));
  close(s.macroF1, r.macro.f1, 1e-12, "macro F1");
  close(s.weightedF1, r.weighted.f1, 1e-12, "weighted F1");
  close(s.balancedAccuracy, r.balancedAccuracy, 1e-12, "balanced accuracy");
});

test("standardise: accuracy and precision re-weighted to another mix, against a hand computation", () => {
  // Two classes. Class 0: 80 items, 60 right (recall 0.75, FPR of class 1 = 20/80). Class 1: 20 items, 10 right.
  const cm = [
    [60, 20],
    [10, 10]
  ];
  const s = standardise(cm, [0.3, 0.7]);
  // accuracy = Σ π·recall = 0.3·0.75 + 0.7·0.5
  close(s.accuracy, 0.3 * 0.75 + 0.7 * 0.5);
  // precision₀ = π₀·TPR₀ / (π₀·TPR₀ + π₁·FPR) with FPR = 10/20 (class 1 predicted as 0)
  close(s.precision[0], (0.3 * 0.75) / (0.3 * 0.75 + 0.7 * 0.5));
  close(s.precision[1], (0.7 * 0.5) / (0.7 * 0.5 + 0.3 * 0.25));
  const p1 = s.precision[1];
  close(s.f1[1], (2 * p1 * 0.5) / (p1 + 0.5));
  // Recall does not depend on the mix.
  assert.deepEqual(s.recall, [0.75, 0.5]);
  assert.throws(
    () =>
      standardise(
        [
          [1, 0],
          [0, 0]
        ],
        [0.5, 0.5]
      ),
    /class 1 has a target share but no sample/
  );
});

test("normal CDF and quantile: published values", () => {
  close(normalCdf(1.959963984540054), 0.975, 2e-7);
  close(normalCdf(0), 0.5, 1e-9);
  close(normalCdf(-1), 0.15865525393145707, 2e-7);
  close(normalQuantile(0.975), 1.959963984540054, 1e-8);
  close(normalQuantile(0.001), -3.090232306167813, 1e-7);
});

test("Holm's adjustment on a small family, by hand", () => {
  // p = (0.01, 0.04, 0.03, 0.005), m = 4: sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max so far 0.06.
  assert.deepEqual(
    holm([0.01, 0.04, 0.03, 0.005]).map((x) => +x.toFixed(10)),
    [0.03, 0.06, 0.06, 0.02]
  );
  // 0.5·2 = 1.0, then 0.9·1 = 0.9 but never below the step before it: [1, 1].
  assert.deepEqual(holm([0.5, 0.9]), [1, 1]);
  assert.deepEqual(holm([0.02, 0.9]), [0.04, 0.9]);
});

test("verdicts: an equivalent pair reads consistent, a shifted one lower here, a wide one inconclusive", () => {
  const paper = {value: 0.7, se: 0.01, how: "binomial"};
  const rows = [
    compare({value: 0.705, se: 0.008, how: "bootstrap"}, paper), // |D| small, SE small → inside ±0.05
    compare({value: 0.55, se: 0.012, how: "bootstrap"}, paper), // 15 points lower, tight
    compare({value: 0.68, se: 0.09, how: "bootstrap"}, paper), // far too wide to say anything
    compare({value: 0.84, se: 0.015, how: "bootstrap"}, paper) // higher
  ];
  const judged = judgeFamily(rows);
  assert.deepEqual(
    judged.map((j) => j.outcome),
    ["consistent", "lower here", "inconclusive", "higher here"]
  );
  // The difference interval carries both errors.
  close(rows[1].se, Math.hypot(0.012, 0.01));
  close(rows[1].hi - rows[1].lo, 2 * 1.959963984540054 * rows[1].se, 1e-7);
  // The smallest margin that would make the wide row consistent is larger than its |difference| by z·SE.
  assert.ok(judged[2].minMargin > 0.02 + 2 * 0.09);
  // The consistent row would still be consistent at its own smallest margin, and not just below it.
  const at = (m: number) =>
    judgeFamily(
      rows.map((_, i) =>
        compare(
          [
            {value: 0.705, se: 0.008, how: ""},
            {value: 0.55, se: 0.012, how: ""},
            {value: 0.68, se: 0.09, how: ""},
            {value: 0.84, se: 0.015, how: ""}
          ][i],
          paper,
          m
        )
      )
    );
  assert.equal(at(judged[0].minMargin + 1e-9)[0].outcome, "consistent");
  assert.notEqual(at(judged[0].minMargin * 0.8)[0].outcome, "consistent");
});

test("the paper's standard errors: binomial, Hanley–McNeil, the F1 approximation, a mean", () => {
  close(binomialSE(0.5, 100), 0.05);
  // Hanley & McNeil (1982) eq. 2 by hand: A = 0.9, nA = nN = 50; Q1 = 0.9/1.1, Q2 = 1.62/1.9;
  // var = (0.09 + 49·(Q1 − 0.81) + 49·(Q2 − 0.81)) / 2500 = 0.00103194 → SE 0.032124.
  close(hanleyMcNeilSE(0.9, 50, 50), 0.032124, 1e-6);
  // F1 0.5 with recall 0.5 on 100 members: TP 50, n_eff = 200.
  close(f1SE(0.5, 0.5, 100), Math.sqrt(0.25 / 200));
  close(meanSE([0.03, 0.04]), 0.025);
});

/** Per-unit correctness on two sides that share units: each unit has its own skill, on both sides. */
function sharedUnits(nUnits: number, perUnit: number, seed: number) {
  const random = rng(seed),
    a: boolean[] = [],
    b: boolean[] = [],
    ua: string[] = [],
    ub: string[] = [];
  for (let u = 0; u < nUnits; u++) {
    const skill = random() < 0.5 ? 0.9 : 0.3;
    for (let k = 0; k < perUnit; k++) a.push(random() < skill), ua.push(`u${u}`), b.push(random() < skill - 0.1), ub.push(`u${u}`);
  }
  return {a, b, ua, ub};
}
const width = (v: number[]) => {
  const s = v.filter(Number.isFinite).sort((x, y) => x - y);
  return s[Math.round(0.975 * (s.length - 1))] - s[Math.round(0.025 * (s.length - 1))];
};
const share = (ok: boolean[]) => (sel: number[]) => sel.filter((j) => ok[j]).length / sel.length;

test("a gap resampled once over shared units (paired) is narrower than two independent resamples", () => {
  const {a, b, ua, ub} = sharedUnits(80, 4, 9);
  const [paired] = clusteredReplicates([ua, ub], [([sa, sb]) => share(a)(sa) - share(b)(sb)], {B: 2000, seed: 1});
  const [ra] = clusteredReplicates([ua], [([s]) => share(a)(s)], {B: 2000, seed: 2});
  const [rb] = clusteredReplicates([ub], [([s]) => share(b)(s)], {B: 2000, seed: 3});
  const unpaired = ra.map((x, i) => x - rb[i]);
  assert.ok(width(paired) < 0.7 * width(unpaired), `paired ${width(paired)} vs unpaired ${width(unpaired)}`);
});

test("triplicating an installation widens its clustered interval; resampling files would narrow it", () => {
  const {a, ua} = sharedUnits(40, 3, 11);
  // Installation u0 uploads every recording three times (with copies): 9 more rows under its id.
  const first = ua.flatMap((u, i) => (u === "u0" ? [i] : []));
  const tripled = [...a, ...first.flatMap((i) => [a[i], a[i]])],
    units = [...ua, ...first.flatMap(() => ["u0", "u0"])];
  const ci = (ok: boolean[], u?: string[]) => bootstrapCI(ok.length, share(ok), {B: 2000, seed: 4, units: u});
  const clusteredBefore = ci(a, ua),
    clusteredAfter = ci(tripled, units);
  const filesBefore = ci(a),
    filesAfter = ci(tripled);
  assert.ok(
    clusteredAfter.hi - clusteredAfter.lo >= clusteredBefore.hi - clusteredBefore.lo,
    `clustered ${clusteredBefore.hi - clusteredBefore.lo} → ${clusteredAfter.hi - clusteredAfter.lo}`
  );
  assert.ok(filesAfter.hi - filesAfter.lo <= filesBefore.hi - filesBefore.lo, "resampling files treats the copies as new evidence");
});

test("clustered replicates: a refit draw per replicate carries the refits' spread into the distribution", () => {
  const units = Array.from({length: 200}, (_, i) => `u${i}`);
  // Two refits that disagree by 0.2 on every unit: the replicates mix both levels.
  const [v] = clusteredReplicates([units], [(_, u) => (u < 0.5 ? 0.6 : 0.8)], {B: 1000, seed: 7});
  const low = v.filter((x) => x === 0.6).length;
  assert.ok(low > 400 && low < 600, `${low} of 1000 replicates drew the first refit`);
});
