import assert from "node:assert/strict";
import {test} from "node:test";
import {mapWindow, peakEnvelope, projectOnMap} from "../../loaders/live/result-views.ts";
import {fromRows} from "../../loaders/models/matrix.ts";
import {PCA} from "../../loaders/models/pca.ts";
import {StandardScaler} from "../../loaders/models/scaler.ts";
import {rng} from "../../loaders/lib/random.ts";

test("peak envelope: each block's largest |sample|, at the block's start time", () => {
  const x = Float32Array.from([0, -3, 1, 2, 0.5, -0.25, 4, 0]);
  assert.deepEqual(peakEnvelope(x, 4, 4), [
    {t: 0, m: 3},
    {t: 0.5, m: 2},
    {t: 1, m: 0.5},
    {t: 1.5, m: 4}
  ]);
  // Fewer samples than points: one sample per block.
  assert.deepEqual(peakEnvelope([0.5, -1], 2, 10), [
    {t: 0, m: 0.5},
    {t: 0.5, m: 1}
  ]);
  assert.throws(() => peakEnvelope(x, 0), /sample rate/);
});

test("the page's map projection equals the build's scaler + PCA transform", () => {
  const random = rng(7);
  const rows = Array.from({length: 60}, () => Array.from({length: 6}, (_, j) => (j + 1) * (random() - 0.5) + (j === 2 ? 5 : 0)));
  const scaler = new StandardScaler();
  const Z = scaler.fitTransform(fromRows(rows));
  const pca = new PCA({nComponents: 2}).fit(Z);
  const P = {mean: scaler.mean_, scale: scaler.scale_, pcaMean: pca.mean_, pc1: pca.components_[0], pc2: pca.components_[1]};
  const fresh = Array.from({length: 6}, () => random() * 3);
  const T = pca.transform(scaler.transform(fromRows([fresh])));
  const me = projectOnMap(fresh, P);
  assert.ok(Math.abs(me.pc1 - T.data[0]) < 1e-12 && Math.abs(me.pc2 - T.data[1]) < 1e-12, `${JSON.stringify(me)} vs ${T.data[0]}, ${T.data[1]}`);
  assert.throws(() => projectOnMap([1, 2], P), /embedding has 2 values/);
});

test("map window: the central share of the corpus by linear-interpolation quantiles (as d3 and numpy); a point outside is clamped and flagged", () => {
  const map = Array.from({length: 101}, (_, i) => ({pc1: i * i, pc2: -i}));
  const inside = mapWindow(map, {pc1: 100, pc2: -50}, 0.02);
  // 101 points: the 2% quantile sits exactly on the third sorted value, the 98% on the 99th.
  assert.deepEqual(inside.domain.pc1, [4, 9604]);
  assert.deepEqual(inside.domain.pc2, [-98, -2]);
  // Between two values it interpolates: at 2.5% the position is 2.5, half-way from 2² to 3².
  assert.deepEqual(mapWindow(map, {pc1: 100, pc2: -50}, 0.025).domain.pc1, [6.5, 97.5 * 97.5 + 0.25]);
  assert.equal(inside.outside, false);
  assert.deepEqual(inside.shown, {pc1: 100, pc2: -50});
  const far = mapWindow(map, {pc1: 1e6, pc2: -50}, 0.02);
  assert.equal(far.outside, true);
  assert.deepEqual(far.shown, {pc1: inside.domain.pc1[1], pc2: -50});
  assert.throws(() => mapWindow(map, {pc1: 0, pc2: 0}, 0.5), /tail/);
  assert.throws(() => mapWindow([{pc1: NaN, pc2: NaN}], {pc1: 0, pc2: 0}, 0.1), /no finite/);
});
