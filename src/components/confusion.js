// A confusion matrix as a chart, and the sentence that says what it shows: how often the model gives
// each answer against how often that class really occurs. Used by /models and /head.
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";

/** Cells {protocol, actual, predicted, count} → a heat map per protocol with the counts written in; `short` names a panel (namesOf(method).short). */
export function confusionPlot(cells, {protocols, classes, width, short = (p) => p}) {
  const max = d3.max(cells, (c) => c.count);
  return Plot.plot({
    width,
    height: 210,
    marginLeft: 100,
    marginBottom: 40,
    fx: {domain: protocols, label: null, tickFormat: short},
    x: {domain: classes, label: "predicted →", labelAnchor: "right"},
    y: {domain: classes, label: "↑ actual", labelAnchor: "top"},
    color: {scheme: "blues", legend: true, label: "recordings"},
    marks: [
      Plot.cell(cells, {fx: "protocol", x: "predicted", y: "actual", fill: "count", tip: true}),
      Plot.text(cells, {fx: "protocol", x: "predicted", y: "actual", text: "count", fill: (d) => (d.count > max / 2 ? "white" : "black")})
    ]
  });
}

/**
 * "answers Hunger for 398 of 421 holdout recordings (95%), where 80% are Hunger" — the model's most
 * frequent answer and its share, against that class's real share, for one protocol's cells.
 */
export function answerSentence(cells, protocol) {
  const mine = cells.filter((c) => c.protocol === protocol);
  const n = d3.sum(mine, (c) => c.count);
  if (!n) return "no holdout recordings";
  const [top, count] = d3.greatest(
    d3.rollups(
      mine,
      (v) => d3.sum(v, (c) => c.count),
      (c) => c.predicted
    ),
    ([, k]) => k
  );
  const real = d3.sum(
    mine.filter((c) => c.actual === top),
    (c) => c.count
  );
  const pct = (x) => `${Math.round((100 * x) / n)}%`;
  return `answers ${top} for ${count} of ${n} holdout recordings (${pct(count)}), where ${pct(real)} really are ${top}`;
}
