// The encoders side by side: card, coverage, PCA size, and the same logistic-regression evaluation on each.
import {analyseEmbeddings} from "../../loaders/pipeline/embedding-analysis.ts";
import {classicalEval} from "../../loaders/pipeline/classical-eval.ts";
import {rowsToArrow} from "../../loaders/pipeline/arrow.ts";

const rows = [];
for (const name of ["yamnet", "acoustic"]) {
  const a = await analyseEmbeddings(name);
  const c = await classicalEval(name);
  for (const m of c.metrics.filter((m) => m.split === "holdout" && ["accuracy", "balanced accuracy", "majority-class accuracy"].includes(m.metric) || m.metric.startsWith("ROC AUC") && m.split === "holdout"))
    rows.push({encoder: name, dim: a.card.dim, licence: a.card.licence, sha256: a.card.sha256, embedded: a.embedded, files: a.files, components95: a.components95,
      protocol: m.protocol, metric: m.metric, value: m.value, lo: m.lo, hi: m.hi, n: m.n});
}
process.stdout.write(rowsToArrow(rows));
