import assert from "node:assert/strict";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

test("Arrow columns keep their types: numbers (null → NaN), booleans, strings; bytes are deterministic", () => {
  const rows = [
    {n: 1.5, b: true, s: "x"},
    {n: null, b: false, s: "y"}
  ];
  const t = tableFromIPC(rowsToArrow(rows));
  const out = t.toArray().map((r) => r.toJSON());
  assert.equal(out[0].b, true);
  assert.equal(out[1].b, false, "a false stays false (a string 'false' would be truthy in a page)");
  assert.ok(Number.isNaN(out[1].n));
  assert.equal(out[1].s, "y");
  assert.deepEqual(rowsToArrow(rows), rowsToArrow(rows));
});
