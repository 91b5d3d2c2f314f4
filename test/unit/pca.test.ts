// PCA against scikit-learn on the shapes the build meets: wide (fewer rows than columns), a constant
// column, rank-deficient. Fixture from test/fixtures/make_pca_fixtures.py.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {fromRows, toRows} from "../../loaders/models/matrix.ts";
import {PCA} from "../../loaders/models/pca.ts";

const f = JSON.parse(readFileSync(new URL("../fixtures/pca.json", import.meta.url), "utf8"));

for (const c of f.cases) {
  test(`PCA equals sklearn ${f.sklearn}: ${c.name}`, () => {
    const p = new PCA({nComponents: c.nComponents}).fit(fromRows(c.X));
    assert.equal(p.components_.length, c.n, "component count");
    const near = (a: ArrayLike<number>, b: number[], tol: number, what: string) => {
      assert.equal(a.length, b.length, `${what}: length`);
      for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
    };
    c.components.forEach((v: number[], i: number) => near(p.components_[i], v, 1e-6, `component ${i}`));
    near(p.explainedVariance_, c.variance, 1e-9, "variance");
    near(p.explainedVarianceRatio_, c.ratio, 1e-9, "ratio");
    toRows(p.transform(fromRows(c.X.slice(0, 5)))).forEach((r, i) => near(r, c.transform[i], 1e-6, `scores ${i}`));
    for (const v of p.components_) assert.ok(v.every(Number.isFinite), "no NaN components");
  });
}
