// The exact binomial interval against scipy.stats.beta (fixture made by
// test/fixtures/make_binomial_fixtures.py), and the closed forms it must meet.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {betaCdf, clopperPearson} from "../../loaders/eval/binomial-interval.ts";

const fx = JSON.parse(readFileSync(new URL("../fixtures/binomial.json", import.meta.url), "utf8"));

test("Clopper–Pearson bounds equal scipy's Beta quantiles; the Beta CDF equals scipy's", () => {
  for (const c of fx.clopperPearson) {
    const r = clopperPearson(c.x, c.n);
    assert.ok(Math.abs(r.lo - c.lo) < 1e-9, `${c.x}/${c.n} lower ${r.lo} vs ${c.lo}`);
    assert.ok(Math.abs(r.hi - c.hi) < 1e-9, `${c.x}/${c.n} upper ${r.hi} vs ${c.hi}`);
  }
  for (const c of fx.betaCdf) assert.ok(Math.abs(betaCdf(c.x, c.a, c.b) - c.cdf) < 1e-10, `I_${c.x}(${c.a}, ${c.b})`);
});

test("Clopper–Pearson closed forms: no success is not [0, 0] (upper = 1 − (α/2)^(1/n)); all successes mirror it; bad counts throw", () => {
  const n = 60,
    r = clopperPearson(0, n);
  assert.equal(r.lo, 0);
  assert.ok(r.hi > 0);
  assert.ok(Math.abs(r.hi - (1 - 0.025 ** (1 / n))) < 1e-12);
  const all = clopperPearson(n, n);
  assert.equal(all.hi, 1);
  assert.ok(Math.abs(all.lo - 0.025 ** (1 / n)) < 1e-12);
  assert.throws(() => clopperPearson(3, 2), /not a count/);
  assert.throws(() => clopperPearson(0, 0), /not a count/);
});
