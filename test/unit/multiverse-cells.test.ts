import assert from "node:assert/strict";
import {test} from "node:test";
import {rocCurve, trapezoid} from "../../loaders/eval/metrics.ts";
import {rng} from "../../loaders/lib/random.ts";
import {thinCurve} from "../../loaders/pipeline/multiverse-cells.ts";

test("a thinned ROC curve keeps its ends and corners and loses only points on straight runs: the same area", () => {
  assert.deepEqual(thinCurve([0, 0, 0, 0.5, 1], [0, 0.5, 1, 1, 1]), {x: [0, 0, 1], y: [0, 1, 1]});
  const random = rng(3);
  const y = Array.from({length: 400}, () => (random() < 0.3 ? 1 : 0));
  const s = y.map((v) => Math.round((v * 0.4 + random()) * 20) / 20);
  const r = rocCurve(y, s);
  const t = thinCurve(r.x, r.y);
  assert.ok(t.x.length < r.x.length, `${t.x.length} of ${r.x.length} points kept`);
  assert.ok(Math.abs(trapezoid(t.x, t.y) - trapezoid(r.x, r.y)) < 1e-12);
  assert.deepEqual([t.x[0], t.y[0], t.x.at(-1), t.y.at(-1)], [0, 0, 1, 1]);
});

test("cells that differ only in the copies choice are one holdout fit: the cell searched in itself is kept, else the paper's option", async () => {
  const {sameHoldoutFitAs} = await import("../../loaders/pipeline/multiverse-choices.ts");
  const {COPIES, SEARCHED_HERE} = await import("../../loaders/pipeline/multiverse.ts");
  const [paper, kept] = COPIES;
  const borrowed = "reused from the search of the paper run (S)";
  const cell = (copies: string, model: string, computed = true, hyperparameters = borrowed) => ({
    labelling: "L",
    split: "S",
    copies,
    augmentation: "A",
    encoder: "E",
    model,
    computed,
    hyperparameters
  });
  const cells = [
    cell(kept, "svm"), // 0: its twin (2) has the paper's option, so it repeats 2
    cell(kept, "head"), // 1: no twin: its own fit
    cell(paper, "svm"), // 2: kept
    cell(paper, "lr", false), // 3: not computed
    cell(kept, "lr"), // 4: its twin is not computed: its own fit
    {...cell(paper, "svm"), split: "T"}, // 5: another split: its own fit
    cell(paper, "rf"), // 6: its twin (7) was searched in itself, so 6 repeats 7
    cell(kept, "rf", true, SEARCHED_HERE) // 7: kept, though its copies option is not the paper's
  ];
  assert.deepEqual(sameHoldoutFitAs(cells), [2, null, null, null, null, null, 7, null]);
});
