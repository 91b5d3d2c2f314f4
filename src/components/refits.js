// The spread of a model's holdout numbers over its refit seeds (the paper's run was unseeded, so a
// single fit says nothing about how much a refit moves). Used by /models, /head and /claims.
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";

/**
 * One dot per refit seed, a row per model, a panel per protocol; `metric` is a column of refits.arrow.
 * `protocols` orders the panels and `short` names them (namesOf(method).protocols and .short).
 */
export function refitPlot(rows, {models, protocols, short = (p) => p, metric = "balancedAccuracy", label = "holdout balanced accuracy", width} = {}) {
  const shown = rows.filter((r) => r.split === "holdout" && models.includes(r.model));
  return Plot.plot({
    width,
    height: 60 + 34 * models.length * 2,
    marginLeft: 150,
    marginRight: 110,
    // Inset, so a dot at the end of the range is drawn whole.
    x: {grid: true, inset: 10, label: `${label}, one dot per refit seed`},
    y: {domain: models, label: null},
    fy: {domain: protocols ?? [...new Set(rows.map((r) => r.protocol))], label: null, tickFormat: short},
    marks: [
      Plot.dot(shown, {x: metric, y: "model", fy: "protocol", stroke: "#4e79a7", r: 4, tip: true, channels: {seed: "seed"}}),
      Plot.tickX(shown, Plot.groupY({x: "mean"}, {x: metric, y: "model", fy: "protocol", stroke: "black", strokeWidth: 2}))
    ]
  });
}

/** "Neural head: 5 refits, 0.412–0.455 (SD 0.017)" per model and protocol, computed from the rows. */
export function refitText(rows, {models, metric = "balancedAccuracy", protocol}) {
  return models
    .map((m) => {
      const v = rows.filter((r) => r.split === "holdout" && r.model === m && r.protocol === protocol).map((r) => r[metric]);
      if (!v.length) return `${m}: no refits`;
      return v.length === 1
        ? `${m}: one fit, ${v[0].toFixed(3)}`
        : `${m}: ${v.length} refits, ${d3.min(v).toFixed(3)}–${d3.max(v).toFixed(3)} (SD ${d3.deviation(v).toFixed(3)})`;
    })
    .join("; ");
}
