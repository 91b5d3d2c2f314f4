import assert from "node:assert/strict";
import {test} from "node:test";
import {foldRows, groupedSplit, groupKFold, linkGroups, paperSplit, SPLITS, stratifiedKFold} from "../../loaders/eval/split.ts";

const count = (xs: string[], v: string) => xs.filter((x) => x === v).length;

test("paper split reproduces the paper's sizes for its class counts (2655/996/986/2002)", () => {
  const labels = [...Array(1798).fill(0), ...Array(1163).fill(1), ...Array(3678).fill(2)];
  const s = paperSplit(labels, 42);
  assert.deepEqual(
    SPLITS.map((n) => count(s, n)),
    [2655, 996, 986, 2002]
  );
  // Stratified: each split keeps the class proportions within one sample per successive split.
  for (const name of SPLITS) {
    const idx = s.flatMap((x, i) => (x === name ? [i] : []));
    const pain = idx.filter((i) => labels[i] === 0).length / idx.length;
    assert.ok(Math.abs(pain - 1798 / 6639) < 0.003, `${name}: Pain share ${pain}`);
  }
  assert.deepEqual(paperSplit(labels, 42), s, "same seed, same split");
  assert.notDeepEqual(paperSplit(labels, 7), s, "another seed, another split");
});

test("stratified split refuses a class with a single sample", () => {
  assert.throws(() => paperSplit([0, 0, 0, 0, 1, 0, 0, 0]), /class 1 has 1 sample/);
});

test("grouped split never puts one group in two splits and stays near the target fractions", () => {
  const n = 1200;
  const labels = Array.from({length: n}, (_, i) => (i % 7 === 0 ? 1 : i % 3 === 0 ? 2 : 0));
  const groups = Array.from({length: n}, (_, i) => `inst${Math.floor(i / 4)}`);
  const s = groupedSplit(labels, groups, 42);
  const splitOf = new Map<string, string>();
  s.forEach((name, i) => {
    const g = groups[i];
    assert.ok(!splitOf.has(g) || splitOf.get(g) === name, `group ${g} split across ${splitOf.get(g)} and ${name}`);
    splitOf.set(g, name);
  });
  const frac = SPLITS.map((x) => count(s, x) / n);
  [0.4, 0.15, 0.15, 0.3].forEach((f, i) => assert.ok(Math.abs(frac[i] - f) < 0.02, `${SPLITS[i]} fraction ${frac[i]}`));
});

test("linkGroups joins installations and duplicate pairs transitively", () => {
  const g = linkGroups(5, [[1, 3]], ["a", "a", "b", "c", "d"]);
  assert.equal(g[0], g[1]);
  assert.equal(g[1], g[3]);
  assert.notEqual(g[2], g[0]);
  assert.notEqual(g[4], g[0]);
});

test("k-fold: stratified folds are balanced; grouped folds never split a group", async () => {
  const {stratifiedKFold, groupKFold} = await import("../../loaders/eval/split.ts");
  const labels = Array.from({length: 103}, (_, i) => (i < 80 ? 0 : 1));
  const f = stratifiedKFold(labels, 5, 42);
  for (let k = 0; k < 5; k++) {
    const ones = labels.filter((l, i) => f[i] === k && l === 1).length;
    assert.ok(ones === 4 || ones === 5, `fold ${k}: ${ones} of class 1`);
  }
  const groups = Array.from({length: 103}, (_, i) => `g${Math.floor(i / 3)}`);
  const g = groupKFold(groups, 5, 42);
  groups.forEach((grp, i) => assert.equal(g[i], g[groups.indexOf(grp)]));
  assert.throws(() => groupKFold(["a", "a", "b"], 5), /2 groups for 5 folds/);
});

test("foldRows: the rows of each fold exactly as the callers' own loops split them before (captured from the old code on this input)", () => {
  // The old code: randomizedSearch's loop and the flatMap pairs of paper-run.ts (5-fold CV by row),
  // multiverse.ts, sensitivity.ts and cry/choose.ts gave these rows (both forms gave the same).
  const y = [0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 2, 1, 0, 1, 2, 0, 1, 0, 2, 1, 0];
  const groups = y.map((_, i) => `g${(i * 7) % 8}`);
  const strat = stratifiedKFold(y, 3, 42),
    grp = groupKFold(groups, 3, 42);
  assert.deepEqual(strat, [0, 2, 1, 2, 0, 2, 0, 0, 0, 0, 2, 2, 1, 2, 0, 2, 1, 1, 1, 1, 1]);
  assert.deepEqual(grp, [1, 0, 2, 0, 1, 0, 2, 2, 1, 0, 2, 0, 1, 0, 2, 2, 1, 0, 2, 0, 1]);
  assert.deepEqual(foldRows(strat, 3), [
    {train: [1, 2, 3, 5, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20], test: [0, 4, 6, 7, 8, 9, 14]},
    {train: [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15], test: [2, 12, 16, 17, 18, 19, 20]},
    {train: [0, 2, 4, 6, 7, 8, 9, 12, 14, 16, 17, 18, 19, 20], test: [1, 3, 5, 10, 11, 13, 15]}
  ]);
  assert.deepEqual(foldRows(grp, 3), [
    {train: [0, 2, 4, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20], test: [1, 3, 5, 9, 11, 13, 17, 19]},
    {train: [1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15, 17, 18, 19], test: [0, 4, 8, 12, 16, 20]},
    {train: [0, 1, 3, 4, 5, 8, 9, 11, 12, 13, 16, 17, 19, 20], test: [2, 6, 7, 10, 14, 15, 18]}
  ]);
  assert.deepEqual(foldRows(grp), foldRows(grp, 3), "k defaults to the largest fold id + 1");
  // paper-run.ts's grouped 5-fold CV (here 3): the folds of an augmented set's source recordings, a
  // fold's test rows its clean copies only.
  const trval = [0, 2, 3, 5, 6, 8, 9, 11, 12, 14];
  const source = [0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 0, 3, 6, 9, 12, 0, 3, 6],
    copy = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2];
  const fold = groupKFold(
    trval.map((i) => groups[i]),
    3,
    42
  );
  const foldOf = new Map(trval.map((i, t) => [i, fold[t]]));
  const rows = foldRows(
    source.map((i) => foldOf.get(i)!),
    3
  ).map(({train, test}) => ({train, test: test.filter((r) => copy[r] === 0)}));
  assert.deepEqual(rows, [
    {train: [0, 1, 2, 5, 6, 7, 10, 11, 13, 15, 16], test: [3, 4, 8, 9]},
    {train: [2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17], test: [0, 1, 5]},
    {train: [0, 1, 3, 4, 5, 8, 9, 10, 12, 14, 15, 17], test: [2, 6, 7]}
  ]);
  // And the old flatMap pair itself on larger seeded fold arrays.
  for (const seed of [1, 2, 3]) {
    const ids = stratifiedKFold(
      Array.from({length: 230}, (_, i) => (i * seed) % 4),
      5,
      seed
    );
    assert.deepEqual(
      foldRows(ids, 5),
      [0, 1, 2, 3, 4].map((k) => ({train: ids.flatMap((_, r) => (ids[r] !== k ? [r] : [])), test: ids.flatMap((_, r) => (ids[r] === k ? [r] : []))}))
    );
  }
});

test("the seeded generator draws mulberry32's numbers (the published unsigned-state form), for any seed", async () => {
  const {rng} = await import("../../loaders/lib/random.ts");
  // Tommy Ettinger's mulberry32 as usually written, with its state unsigned.
  const reference = (seed: number) => {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };
  for (const seed of [0, 42, -1, 2 ** 31, 2 ** 32 + 5, 4294967295, 12345.9]) {
    const a = rng(seed),
      b = reference(seed);
    for (let i = 0; i < 20000; i++) assert.equal(a(), b(), `seed ${seed}, draw ${i}`);
  }
  assert.equal(rng(1)(), 0.6270739405881613, "the first draw of seed 1");
});

test("the generator's fill draws the numbers that as many calls would, and leaves it where they would (interleaved with calls, any length)", async () => {
  const {rng} = await import("../../loaders/lib/random.ts");
  for (const seed of [0, 7, -3, 2 ** 31 + 1]) {
    const a = rng(seed),
      b = rng(seed);
    for (const n of [0, 1, 2, 7, 1000, 16384, 3]) {
      const filled = a.fill(new Float64Array(n));
      for (let i = 0; i < n; i++) assert.equal(filled[i], b(), `seed ${seed}, fill of ${n}, draw ${i}`);
      assert.equal(a(), b(), `seed ${seed}: the call after a fill of ${n}`);
    }
    // A subarray is filled in place, the rest of its buffer untouched.
    const buf = new Float64Array(10).fill(-1);
    a.fill(buf.subarray(2, 5));
    assert.deepEqual(Array.from(buf.subarray(2, 5)), [b(), b(), b()]);
    assert.deepEqual([buf[0], buf[1], buf[5], buf[9]], [-1, -1, -1, -1]);
  }
});
