import assert from "node:assert/strict";
import {test} from "node:test";
import {rng} from "../../loaders/lib/random.ts";
import {sigmoid, softmax, softmaxInPlace} from "../../loaders/models/softmax.ts";

test("softmax: the hand computation, a sum of 1, no overflow or underflow at large logits", () => {
  // e^−2, e^−1, e^0 over their sum 1.503214724408055 (the max, 3, subtracted first): the doubles nearest
  // the 18-digit values 0.0900305731703804580, 0.244728471054797652 and 0.665240955774821890.
  const p = softmax([1, 2, 3]);
  const hand = [0.09003057317038046, 0.24472847105479764, 0.6652409557748219];
  p.forEach((v, c) => assert.ok(Math.abs(v - hand[c]) < 1e-15, `${v} vs ${hand[c]}`));
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-15);
  // The max subtracted first: a shift of every logit changes nothing, even where e^x overflows.
  assert.deepEqual(softmax([1001, 1002, 1003]), p);
  assert.deepEqual(softmax([-1003, -1002, -1001]), p);
  const wide = softmax([800, 0, -800]);
  assert.deepEqual(Array.from(wide), [1, 0, 0]);
  assert.ok(wide.every(Number.isFinite));
  assert.deepEqual(Array.from(softmax([5])), [1]);
  assert.deepEqual(Array.from(softmax([0.5, 0.5, 0.5, 0.5])), [0.25, 0.25, 0.25, 0.25]);
});

test("softmaxInPlace: only its range changes, and it returns the log normaliser (−log p[c] = returned − z[c])", () => {
  const z = Float64Array.of(9, 1, 2, 3, 9);
  const lse = softmaxInPlace(z, 1, 4);
  assert.equal(z[0], 9);
  assert.equal(z[4], 9);
  assert.deepEqual(z.subarray(1, 4), softmax([1, 2, 3]));
  assert.ok(Math.abs(lse - (3 + Math.log(Math.exp(-2) + Math.exp(-1) + 1))) < 1e-15);
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(-Math.log(z[1 + c]) - (lse - (c + 1))) < 1e-14);
  assert.ok(Number.isFinite(softmaxInPlace(Float64Array.of(1000, 1001, 1002))));
});

test("softmax is bit for bit each copy it replaced (max by Math.max or by >, sums left to right, then division)", () => {
  // The copies as they were in logistic.ts / boosting.ts's fit (loops) and boosting.ts / mlp/head.ts's predictProba (map, reduce).
  const loops = (x: Float64Array) => {
    const z = Float64Array.from(x);
    let max = -Infinity,
      sum = 0;
    for (let c = 0; c < z.length; c++) max = Math.max(max, z[c]);
    for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c] - max);
    for (let c = 0; c < z.length; c++) z[c] /= sum;
    return {p: z, lse: max + Math.log(sum)};
  };
  const mapped = (x: Float64Array) => {
    const max = Math.max(...x);
    const e = x.map((v) => Math.exp(v - max));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const random = rng(11);
  for (let t = 0; t < 2000; t++) {
    const k = 2 + (t % 7),
      scale = [1, 10, 300, 1e-3][t % 4];
    const x = Float64Array.from({length: k}, () => scale * (random() - 0.5) * 2);
    if (t % 50 === 0) x[t % k] = x[(t + 1) % k]; // ties
    if (t % 97 === 0) x.fill(0), (x[0] = -0); // signed zeros
    const z = Float64Array.from(x),
      lse = softmaxInPlace(z);
    const a = loops(x);
    assert.deepEqual(z, a.p, `loops, ${x}`);
    assert.ok(Object.is(lse, a.lse), `log normaliser, ${x}`);
    assert.deepEqual(z, mapped(x), `map/reduce, ${x}`);
  }
});

test("sigmoid is 1 / (1 + e^−x), finite at both ends", () => {
  assert.equal(sigmoid(0), 0.5);
  assert.equal(sigmoid(2), 1 / (1 + Math.exp(-2)));
  assert.equal(sigmoid(-800), 0);
  assert.equal(sigmoid(800), 1);
});
