// Helpers every page of the report uses: Arrow rows as plain objects, numbers as the report prints
// them, and the dot-and-interval marks that show an estimate with its 95% interval.
import * as Plot from "npm:@observablehq/plot";

/** An Arrow table's rows as plain objects. */
export const arrowRows = (table) => table.toArray().map((r) => r.toJSON());

/** Three decimals; a missing number as a dash (never "NaN" in prose). */
export const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3).replace(/^-(0\.000)$/, "$1") : "—");

/** A count as a count ("6,639"), anything else with three decimals: a count is never printed as "6639.000". */
export const num = (x) => (Number.isInteger(x) ? x.toLocaleString("en-US") : f3(x));

/** A proportion as a percentage with one decimal. */
export const pct = (x) => `${(100 * x).toFixed(1)}%`;

/** An estimate with its interval: "0.812 [0.780, 0.843]". */
export const ci = (m) => (m ? `${f3(m.value)} [${f3(m.lo)}, ${f3(m.hi)}]` : "—");

/**
 * An estimate ("value") as a dot on a bar from "lo" to "hi", along x; `y`/`fy` place the rows.
 * `channels` add to the tooltip, which always shows the interval.
 */
export function dotInterval(data, {y, fy, x = "value", color = "#4e79a7", channels = {}, strokeWidth = 3} = {}) {
  return [
    Plot.ruleY(data, {y, fy, x1: "lo", x2: "hi", stroke: color, strokeWidth}),
    Plot.dot(data, {y, fy, x, fill: color, r: 4, tip: true, channels: {"95% CI": (d) => `[${f3(d.lo)}, ${f3(d.hi)}]`, ...channels}})
  ];
}
