/**
 * `npx tsx tools/check-sklearn.ts`: recomputes the neural head's holdout metrics from the built
 * site's own export (features.arrow: labels and the head's holdout predictions) with scikit-learn
 * (Debian's python3-sklearn), and compares them with the numbers the report shows
 * (paper-metrics.arrow). Exit 1 on any difference above 1e-12. Run after `npm run build`.
 */
import {spawnSync} from "node:child_process";
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {PROJECT_ROOT} from "../data/corpus.ts";
import {PROTOCOL_COLUMN} from "../loaders/pipeline/features-export.ts";

const dir = join(PROJECT_ROOT, "dist", "_file", "data");
/** `archive/stem.arrow` as the build wrote it (Framework adds a content hash to the name). */
const read = (archive: string, stem: string) => {
  const f = readdirSync(join(dir, archive)).find((n) => n.startsWith(`${stem}.`) && n.endsWith(".arrow"));
  if (!f) throw new Error(`no ${archive}/${stem}.arrow in ${dir}: run npm run build first`);
  return tableFromIPC(readFileSync(join(dir, archive, f)))
    .toArray()
    .map((r) => r.toJSON());
};
const features = read("provenance", "features"),
  metrics = read("paper", "metrics");
const script = `
import json, sys
from sklearn import metrics
d = json.load(sys.stdin)
y, p = d["truth"], d["pred"]
labels = ["Pain", "Hunger", "Neurological"]
out = {"accuracy": metrics.accuracy_score(y, p), "balanced accuracy": metrics.balanced_accuracy_score(y, p),
       "macro F1": metrics.f1_score(y, p, average="macro", zero_division=0), "weighted F1": metrics.f1_score(y, p, average="weighted", zero_division=0),
       "macro precision": metrics.precision_score(y, p, average="macro", zero_division=0), "macro recall": metrics.recall_score(y, p, average="macro", zero_division=0)}
for c, f in zip(labels, metrics.f1_score(y, p, labels=labels, average=None, zero_division=0)):
    if c in y: out["F1 " + c] = f
print(json.dumps(out))`;
let bad = 0;
for (const [protocol, column] of Object.entries(PROTOCOL_COLUMN)) {
  const rows = features.filter((r) => r[`head_holdout_prediction_${column}`]);
  const truth = rows.map((r) => r.label_repackaged),
    pred = rows.map((r) => r[`head_holdout_prediction_${column}`]);
  const r = spawnSync("/usr/bin/python3", ["-c", script], {input: JSON.stringify({truth, pred}), encoding: "utf8"});
  if (r.status !== 0) throw new Error(`python3-sklearn failed: ${r.stderr}`);
  const ref: Record<string, number> = JSON.parse(r.stdout);
  for (const [metric, value] of Object.entries(ref)) {
    const ours = metrics.find((m) => m.protocol === protocol && m.model === "Neural head" && m.split === "holdout" && m.metric === metric)?.value;
    const ok = ours !== undefined && Math.abs(ours - value) <= 1e-12;
    if (!ok) bad++;
    console.log(`${ok ? "ok  " : "DIFF"} ${protocol}, ${rows.length} holdout files, ${metric}: report ${ours} · scikit-learn ${value}`);
  }
}
process.exit(bad ? 1 : 0);
