// PCA against scikit-learn on the shapes the build meets: wide (fewer rows than columns), a constant
// column, rank-deficient. Fixture from test/fixtures/make_pca_fixtures.py.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {fromRows, toRows} from "../../loaders/models/matrix.ts";
import {PCA} from "../../loaders/models/pca.ts";
import {rng} from "../../loaders/lib/random.ts";

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

test("leadingEigen: the full decomposition's eigenvalues bit for bit and its leading eigenvectors (up to sign); repeated and zero eigenvalues give an orthonormal eigenbasis", async () => {
  const {leadingEigen, symmetricEigen} = await import("../../loaders/models/eigen.ts");
  const {matrix} = await import("../../loaders/models/matrix.ts");
  const random = rng(9);
  const check = (A: ReturnType<typeof matrix>, k: number, compareVectors: boolean) => {
    const n = A.rows,
      full = symmetricEigen(A),
      lead = leadingEigen(A, () => k);
    assert.deepEqual(Array.from(lead.values), Array.from(full.values));
    assert.equal(lead.vectors.length, k);
    lead.vectors.forEach((v, c) => {
      for (let r = 0; r < n; r++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += A.data[r * n + j] * v[j];
        assert.ok(Math.abs(av - lead.values[c] * v[r]) < 1e-12 * Math.max(1, Math.abs(full.values[0])), `residual, vector ${c}`);
      }
      lead.vectors.slice(0, c + 1).forEach((w, c2) => {
        const dot = v.reduce((s, x, i) => s + x * w[i], 0);
        assert.ok(Math.abs(dot - (c === c2 ? 1 : 0)) < 1e-12, `orthonormal ${c}, ${c2}`);
      });
      if (compareVectors) {
        const sign = Math.sign(v.reduce((s, x, r) => s + x * full.vectors.data[r * n + c], 0));
        for (let r = 0; r < n; r++) assert.ok(Math.abs(v[r] - sign * full.vectors.data[r * n + c]) < 1e-10, `vector ${c}[${r}]`);
      }
    });
  };
  const n = 120,
    X = Float64Array.from({length: 150 * n}, () => random() - 0.5);
  const C = matrix(n, n);
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let i = 0; i < 150; i++) s += (X[i * n + a] * X[i * n + b]) / (1 + a / 10) / (1 + b / 10);
      C.data[a * n + b] = C.data[b * n + a] = s / 150;
    }
  check(C, 30, true);
  // diag(3, 3, 3, 2, 2, 1/(i+1)…) rotated by a Householder reflection: repeated eigenvalues.
  const m = 20,
    u = Float64Array.from({length: m}, () => random() - 0.5),
    uu = u.reduce((s, x) => s + x * x, 0);
  const R = Array.from({length: m * m}, (_, t) => (Math.floor(t / m) === t % m ? 1 : 0) - (2 * u[Math.floor(t / m)] * u[t % m]) / uu);
  const D = Array.from({length: m}, (_, i) => (i < 3 ? 3 : i < 5 ? 2 : 1 / (i + 1)));
  const A = matrix(m, m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) for (let i = 0; i < m; i++) A.data[a * m + b] += R[a * m + i] * D[i] * R[b * m + i];
  check(A, 6, false);
  // Rank 2 of 12: eigenvectors asked beyond the rank (eigenvalue 0).
  const w = Float64Array.from({length: 24}, () => random() - 0.5),
    Z = matrix(12, 12);
  for (let a = 0; a < 12; a++) for (let b = 0; b < 12; b++) Z.data[a * 12 + b] = w[a * 2] * w[b * 2] + w[a * 2 + 1] * w[b * 2 + 1];
  check(Z, 5, false);
});

test("rowDots (A·Bᵀ): the WebAssembly SIMD kernel compiles and, with the JavaScript edges, equals plain dot products on every shape (odd lengths, edge rows and columns, the upper triangle)", async () => {
  const {rowDots} = await import("../../loaders/models/matrix.ts");
  const {simdAvailable} = await import("../../loaders/models/simd-dots.ts");
  assert.ok(simdAvailable(), "WebAssembly SIMD is available in Node 20: the kernel must compile");
  const uniform = rng(12345),
    random = () => uniform() - 0.5;
  for (const [m, q, len] of [
    [4, 2, 8],
    [5, 3, 9],
    [13, 7, 31],
    [64, 64, 100],
    [7, 7, 8],
    [9, 9, 17],
    [3, 5, 40],
    [37, 37, 1024]
  ]) {
    for (const upper of [false, true]) {
      if (upper && m !== q) continue;
      const A = Float64Array.from({length: m * len}, random),
        B = upper ? A : Float64Array.from({length: q * len}, random);
      const got = rowDots(A, m, B, q, len, upper);
      for (let u = 0; u < m; u++)
        for (let v = 0; v < q; v++) {
          if (upper && v < u) continue;
          let s = 0;
          for (let i = 0; i < len; i++) s += A[u * len + i] * B[v * len + i];
          assert.ok(
            Math.abs(got[u * q + v] - s) <= 1e-12 * (1 + Math.abs(s)),
            `${m}×${q}×${len}${upper ? " upper" : ""} [${u}][${v}]: ${got[u * q + v]} vs ${s}`
          );
        }
    }
  }
});

test("the tridiagonal reduction's rank-2 update in WebAssembly SIMD equals the JavaScript loop bit for bit (odd and even row lengths)", async () => {
  const {eigenKernels} = await import("../../loaders/models/simd-eigen.ts");
  const n = 37,
    memory = new WebAssembly.Memory({initial: 1});
  const rank2 = eigenKernels(memory)?.rank2;
  assert.ok(rank2, "WebAssembly SIMD is available in Node 20: the kernel must compile");
  const uniform = rng(4242),
    random = () => uniform() - 0.5;
  for (const i of [1, 2, 17, 36]) {
    const W = new Float64Array(memory.buffer, 0, n * n),
      d = new Float64Array(memory.buffer, 8 * n * n, n),
      e = new Float64Array(memory.buffer, 8 * (n * n + n), n);
    for (const a of [W, d, e]) for (let t = 0; t < a.length; t++) a[t] = random();
    const expected = W.slice();
    for (let j = 0; j < i; j++) for (let k = j; k <= i - 1; k++) expected[j * n + k] -= d[j] * e[k] + e[j] * d[k];
    rank2!(0, 8 * n * n, 8 * (n * n + n), n, i);
    assert.deepEqual(Array.from(W), Array.from(expected), `rows and columns below ${i}`);
  }
});

test("the eigenvectors' back-transform through the reflections in WebAssembly SIMD equals the JavaScript loop bit for bit (a zero scale skipped)", async () => {
  const {eigenKernels} = await import("../../loaders/models/simd-eigen.ts");
  const n = 29,
    memory = new WebAssembly.Memory({initial: 1});
  const reflect = eigenKernels(memory)?.reflect;
  assert.ok(reflect, "the kernel compiles");
  const uniform = rng(777),
    random = () => uniform() - 0.5;
  const W = new Float64Array(memory.buffer, 0, n * n),
    h = new Float64Array(memory.buffer, 8 * n * n, n),
    Y = new Float64Array(memory.buffer, 8 * (n * n + n), 4 * n);
  for (const a of [W, h, Y]) for (let t = 0; t < a.length; t++) a[t] = random();
  h[7] = 0;
  const expected = Y.slice();
  for (let i = 0; i < n - 1; i++) {
    const hh = h[i + 1];
    if (hh === 0) continue;
    const g = [0, 0, 0, 0];
    for (let r = 0; r <= i; r++) for (let c = 0; c < 4; c++) g[c] += W[(i + 1) * n + r] * expected[4 * r + c];
    for (let c = 0; c < 4; c++) g[c] /= hh;
    for (let r = 0; r <= i; r++) for (let c = 0; c < 4; c++) expected[4 * r + c] -= g[c] * W[(i + 1) * n + r];
  }
  reflect!(0, 8 * n * n, 8 * (n * n + n), n);
  assert.deepEqual(Array.from(Y), Array.from(expected));
});
