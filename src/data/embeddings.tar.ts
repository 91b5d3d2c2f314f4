// The embeddings, read once: every recording on the YAMNet map with YAMNet's own AudioSet verdict
// (map.arrow); the encoder card, explained-variance curve and the PCA cut (summary.json); the
// encoders side by side under one logistic-regression recipe (encoders.arrow); the class-mean
// "barcode" of the standardized YAMNet embedding (barcode.arrow); the acoustic encoder's named
// descriptors (descriptors.arrow); what YAMNet hears with and without input conditioning
// (conditioning.arrow).
import {analyseEmbeddings} from "../../loaders/pipeline/embedding-analysis.ts";
import {encoderEvaluation} from "../../loaders/pipeline/sensitivity.ts";
import {loadDataset} from "../../loaders/pipeline/dataset.ts";
import {PREPROCESS_PARAMS} from "../../loaders/audio/preprocess.ts";
import {CLASSES} from "../../loaders/corpus/labels.ts";
import {DESCRIPTORS, ACOUSTIC_DIM} from "../../loaders/encoders/acoustic/graph.ts";
import {StandardScaler} from "../../loaders/models/scaler.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";
import {tarFiles} from "../../loaders/lib/tar.ts";

const ENCODERS = ["yamnet", "yamnet-unconditioned", "acoustic"];
const analyses = new Map<string, Awaited<ReturnType<typeof analyseEmbeddings>>>();
for (const name of ENCODERS) analyses.set(name, await analyseEmbeddings(name));
const yamnet = analyses.get("yamnet")!;

const encoders = [];
for (const name of ENCODERS) {
  const a = analyses.get(name)!,
    e = await encoderEvaluation(name);
  for (const m of e.metrics.filter(
    (m) => ["accuracy", "balanced accuracy", "macro F1", "majority-class accuracy"].includes(m.metric) || m.metric.startsWith("ROC AUC")
  ))
    encoders.push({
      encoder: name,
      conditioning: a.card.conditioning,
      dim: a.card.dim,
      licence: a.card.licence,
      sha256: a.card.sha256,
      embedded: a.embedded,
      files: a.files,
      components95: e.components,
      protocol: m.protocol,
      metric: m.metric,
      value: m.value,
      lo: m.lo,
      hi: m.hi,
      n: m.n,
      unit: m.unit
    });
}

const d = await loadDataset("yamnet");
const Z = new StandardScaler().fitTransform(d.X);
const barcode = d.present.flatMap((c) => {
  const members = d.y.flatMap((v, i) => (v === c ? [i] : []));
  return Array.from({length: Z.cols}, (_, j) => ({
    label: CLASSES[c],
    dim: j,
    n: members.length,
    value: members.reduce((s, i) => s + Z.data[i * Z.cols + j], 0) / members.length
  }));
});

const ac = await loadDataset("acoustic");
const offset = ACOUSTIC_DIM - DESCRIPTORS.length;
const descriptors = ac.labelled.flatMap((s, i) =>
  DESCRIPTORS.map((name, j) => ({path: s.path, label: s.label, source: s.source, descriptor: name, value: ac.X.data[i * ac.X.cols + offset + j]}))
);

const conditioning = ["yamnet-unconditioned", "yamnet"].flatMap((name) => {
  const a = analyses.get(name)!;
  return a.map
    .filter((r) => r.status === "ok")
    .map((r) => ({
      encoder: name,
      conditioning: a.card.conditioning,
      path: r.path,
      source: r.source === "cleaned" ? "cleaned WAV" : "raw upload",
      topClass: r.topClass,
      cryScore: r.cryScore
    }));
});

process.stdout.write(
  tarFiles({
    "map.arrow": rowsToArrow(yamnet.map),
    "summary.json": JSON.stringify({
      card: yamnet.card,
      files: yamnet.files,
      embedded: yamnet.embedded,
      components95: yamnet.components95,
      varianceRatio: yamnet.varianceRatio,
      preprocess: PREPROCESS_PARAMS
    }),
    "encoders.arrow": rowsToArrow(encoders),
    "barcode.arrow": rowsToArrow(barcode),
    "descriptors.arrow": rowsToArrow(descriptors),
    "conditioning.arrow": rowsToArrow(conditioning)
  })
);
