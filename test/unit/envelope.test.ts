import assert from "node:assert/strict";
import {test} from "node:test";
import {minMaxEnvelope} from "../../loaders/audio/envelope.ts";
import {filterSignal, smoothSignal} from "../../loaders/audio/preprocess.ts";
import {normalizeRms} from "../../loaders/audio/clips.ts";

test("min/max envelope: each block's extremes at its start time; the last block may be short; maxSamples stops early", () => {
  const x = [0, -3, 1, 2, 0.5, -0.25, 4];
  assert.deepEqual(minMaxEnvelope(x, 2, 3), [
    {t: 0, min: -3, max: 1},
    {t: 1.5, min: -0.25, max: 2},
    {t: 3, min: 4, max: 4}
  ]);
  assert.deepEqual(minMaxEnvelope(x, 2, 3, 4), [
    {t: 0, min: -3, max: 1},
    {t: 1.5, min: -0.25, max: 2}
  ]);
  assert.deepEqual(minMaxEnvelope([], 2, 3), []);
  assert.throws(() => minMaxEnvelope(x, 2, 0), /must be positive/);
});

test("the paper's filtering is the two filters then unit RMS, bit for bit", () => {
  const x = Float64Array.from({length: 5000}, (_, i) => Math.sin(i / 7) + 0.1 * Math.sin(i * 1.3));
  assert.deepEqual(filterSignal(x), normalizeRms(smoothSignal(x)));
  assert.throws(() => smoothSignal(new Float64Array(10).fill(0.5)), /silent recording/);
});
