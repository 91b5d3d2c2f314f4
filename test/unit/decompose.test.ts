import assert from "node:assert/strict";
import {test} from "node:test";
import {decisionSensitivity, decompose, verdictOf, type GridRow} from "../../loaders/eval/decompose.ts";

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

/** A full 3 × 2 × 4 grid with y = a[i] + b[j] (+ an interaction when asked); c has no effect. */
function grid(interaction = 0): GridRow[] {
  const a = [0, 1, 2],
    b = [0, 3];
  const rows: GridRow[] = [];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 2; j++)
      for (let k = 0; k < 4; k++) rows.push({levels: [`a${i}`, `b${j}`, `c${k}`], y: a[i] + b[j] + (i === 2 && j === 1 ? interaction : 0)});
  return rows;
}

test("variance decomposition: a grid built with known main effects gets their shares back, and nothing for a choice without effect", () => {
  const r = decompose(grid(), ["a", "b", "c"]);
  // Balanced: var(a) = 2/3, var(b) = 9/4, so the shares are (2/3) / (2/3 + 9/4) and (9/4) / (…).
  const va = 2 / 3,
    vb = 9 / 4;
  close(r.dimensions[0].eta2, va / (va + vb), "a's η²");
  close(r.dimensions[0].unique, va / (va + vb), "a's unique share");
  close(r.dimensions[1].unique, vb / (va + vb), "b's unique share");
  close(r.dimensions[2].eta2, 0, "c's η²");
  close(r.dimensions[2].unique, 0, "c's unique share");
  close(r.explained, 1, "main effects explain everything");
  assert.deepEqual(
    r.dimensions.map((d) => d.options),
    [3, 2, 4]
  );
});

test("variance decomposition: an interaction is left as residual; a confounded pair shares its variance (η² each, unique for neither)", () => {
  const r = decompose(grid(5), ["a", "b", "c"]);
  assert.ok(r.residual > 0.05 && r.residual < 1, `residual ${r.residual}`);
  close(r.explained + r.residual, 1, "explained + residual");
  // d copies a exactly: each explains a's share alone, but neither adds anything the other lacks.
  const rows = grid().map((x) => ({levels: [...x.levels, x.levels[0].replace("a", "d")], y: x.y}));
  const c = decompose(rows, ["a", "b", "c", "d"]);
  close(c.dimensions[0].eta2, c.dimensions[3].eta2, "η² of the twins");
  close(c.dimensions[0].unique, 0, "a's unique share");
  close(c.dimensions[3].unique, 0, "d's unique share");
  close(c.explained, 1, "explained");
  assert.throws(
    () =>
      decompose(
        [
          {levels: ["x"], y: NaN},
          {levels: ["y"], y: 1}
        ],
        ["a"]
      ),
    /not a finite number/
  );
  assert.throws(() => decompose([{levels: ["x"], y: 1}], ["a", "b"]), /needs 2 levels/);
});

test("decision sensitivity: pairs differing in one choice alone, how far the outcome moves, and how often the conclusion flips", () => {
  const rows = [
    {levels: ["m1", "s1"], y: 0.5, verdict: verdictOf(0.45, 0.55, 0.4)},
    {levels: ["m2", "s1"], y: 0.3, verdict: verdictOf(0.25, 0.42, 0.4)},
    {levels: ["m1", "s2"], y: 0.6, verdict: verdictOf(0.55, 0.65, 0.4)},
    {levels: ["m2", "s2"], y: 0.7, verdict: verdictOf(0.65, 0.75, 0.4)}
  ];
  const [model, split] = decisionSensitivity(rows, ["model", "split"]);
  assert.equal(model.pairs, 2);
  close(model.meanAbs, 0.15, "model's mean |Δ|");
  close(model.maxAbs, 0.2, "model's largest |Δ|");
  assert.equal(model.judged, 2);
  assert.equal(model.flips, 1, "m1 → m2 under s1 loses 'above'");
  close(model.flipShare, 0.5, "model's flip share");
  assert.equal(split.pairs, 2);
  close(split.medianAbs, (0.1 + 0.4) / 2, "split's median |Δ|");
  assert.equal(split.flips, 1);
  assert.deepEqual([verdictOf(0.5, 0.6, 0.4), verdictOf(0.1, 0.2, 0.4), verdictOf(0.3, 0.5, 0.4)], [1, -1, 0]);
  // Without a reference nothing is judged: the share is NaN, not 0.
  assert.ok(
    Number.isNaN(
      decisionSensitivity(
        [
          {levels: ["a"], y: 1, verdict: null},
          {levels: ["b"], y: 2, verdict: null}
        ],
        ["x"]
      )[0].flipShare
    )
  );
});
