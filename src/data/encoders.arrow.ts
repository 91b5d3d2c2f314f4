// The encoders side by side: card, coverage, PCA size, and the same logistic-regression evaluation on each.
import {analyseEmbeddings} from "../../loaders/pipeline/embedding-analysis.ts";
import {encoderEvaluation} from "../../loaders/pipeline/sensitivity.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
const rows = [];
for (const name of ["yamnet", "yamnet-unconditioned", "acoustic"]) {
  const a = await analyseEmbeddings(name);
  const e = await encoderEvaluation(name);
  for (const m of e.metrics.filter((m) => ["accuracy", "balanced accuracy", "macro F1", "majority-class accuracy"].includes(m.metric) || m.metric.startsWith("ROC AUC")))
    rows.push({encoder: name, conditioning: a.card.conditioning, dim: a.card.dim, licence: a.card.licence, sha256: a.card.sha256, embedded: a.embedded, files: a.files, components95: e.components,
      protocol: m.protocol, metric: m.metric, value: m.value, lo: m.lo, hi: m.hi, n: m.n, unit: m.unit});
}
process.stdout.write(rowsToArrow(rows));
