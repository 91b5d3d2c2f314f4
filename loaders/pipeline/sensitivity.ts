/**
 * How much a number owes to things other than the model: the luck of one split (the whole
 * split → features → fit pipeline under other seeds), duplicates across cross-validation folds,
 * and the encoder. Logistic regression (the paper's C grid, chosen on validation) on clean
 * embeddings, the fastest of the paper's models, through the same feature step and metric rows as
 * the paper's run. Each analysis is cached under its inputs and this code.
 */
import {accuracy, classificationReport} from "../eval/metrics.ts";
import {foldRows, groupedSplit, groupKFold, paperSplit, stratifiedKFold, type SplitName} from "../eval/split.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {codeHash} from "../lib/code-hash.ts";
import {LogisticRegression} from "../models/logistic.ts";
import {takeRows} from "../models/search.ts";
import {BOOTSTRAP, evaluate, toClassColumns, type MetricRow} from "./evaluate.ts";
import {GROUPED_PROTOCOL, loadDataset, PAPER_PROTOCOL, splitIndices, unitsOf, type Dataset, type Protocol} from "./dataset.ts";
import {fitFeatures} from "./features.ts";
import {MODEL} from "../models/names.ts";

export const LOGISTIC_GRID = [0.01, 0.1, 1, 10];
export const VARIANCE_SEEDS = [42, 1, 2, 3, 4];
export const DUPLICATE_CV = {folds: 5, C: 10, seed: 42};

const log = (msg: string) => process.stderr.write(`sensitivity: ${msg}\n`);

async function cached<T>(name: string, d: Dataset, params: unknown, compute: () => T | Promise<T>): Promise<T> {
  const key = cacheKey(
    codeHash(import.meta.url),
    name,
    d.enc.card.sha256,
    d.labelling,
    params,
    BOOTSTRAP,
    d.labelled.map((s) => s.path + s.label + s.group + s.recording + s.paperSplit + s.groupedSplit)
  );
  const hit = await readCached("analysis", key, ".json");
  if (hit) return JSON.parse(hit.toString());
  const out = await compute();
  await writeCached("analysis", key, ".json", JSON.stringify(out));
  return out;
}

/** Logistic regression with C chosen on the validation rows; probabilities over all CLASSES. */
function fitLogistic(d: Dataset, tr: number[], val: number[]) {
  const f = fitFeatures(takeRows(d.X, tr));
  const pos = (c: number) => d.present.indexOf(c);
  const Ftr = f.transform(takeRows(d.X, tr)),
    Fval = f.transform(takeRows(d.X, val));
  let best: LogisticRegression | null = null,
    bestAcc = -1;
  for (const C of LOGISTIC_GRID) {
    const m = new LogisticRegression({C, nClasses: d.present.length}).fit(
      Ftr,
      tr.map((i) => pos(d.y[i]))
    );
    const acc = accuracy(
      val.map((i) => pos(d.y[i])),
      m.predict(Fval)
    );
    if (acc > bestAcc) (bestAcc = acc), (best = m);
  }
  const proba = (ix: number[]) => toClassColumns(best!.predictProba(f.transform(takeRows(d.X, ix))), d.present);
  return {proba, components: f.components};
}

export interface SeedRow {
  protocol: string;
  seed: number;
  metric: string;
  value: number;
}

/** The whole pipeline (split, features, C search, fit) under each seed; holdout metrics. */
export async function seedVariance(encoderName = "yamnet"): Promise<SeedRow[]> {
  const d = await loadDataset(encoderName);
  return cached("seeds", d, {VARIANCE_SEEDS, LOGISTIC_GRID}, () => {
    const rows: SeedRow[] = [];
    for (const seed of VARIANCE_SEEDS) {
      log(`seed ${seed}`);
      const assignments: [Protocol, SplitName[]][] = [
        [PAPER_PROTOCOL, paperSplit(d.y, seed)],
        [GROUPED_PROTOCOL, groupedSplit(d.y, d.groups, seed)]
      ];
      for (const [protocol, split] of assignments) {
        const idx = (name: SplitName) => d.y.flatMap((_, i) => (split[i] === name ? [i] : []));
        const ho = idx("holdout");
        const proba = fitLogistic(d, idx("train"), idx("val")).proba(ho);
        const e = evaluate(
          {protocol, model: MODEL.logistic, split: "holdout"},
          ho.map((i) => d.y[i]),
          proba,
          unitsOf(d, protocol, ho)
        );
        for (const m of e.metrics.filter((m) => ["accuracy", "balanced accuracy", "macro F1"].includes(m.metric) || m.metric.startsWith("ROC AUC")))
          rows.push({protocol, seed, metric: `holdout ${m.metric}`, value: m.value});
      }
    }
    return rows;
  });
}

export interface FoldRow {
  protocol: string;
  fold: number;
  accuracy: number;
  balancedAccuracy: number;
  n: number;
}

/**
 * 5-fold CV of logistic regression (C 10) on clean embeddings, three ways: folds by file (a raw
 * upload and its cleaned copy can land in different folds), by recording (duplicates together),
 * and by installation group.
 */
export async function duplicatesCV(encoderName = "yamnet"): Promise<FoldRow[]> {
  const d = await loadDataset(encoderName);
  return cached("duplicates-cv", d, DUPLICATE_CV, () => {
    const {folds: K, C, seed} = DUPLICATE_CV;
    const pos = (c: number) => d.present.indexOf(c);
    const ways: [string, number[]][] = [
      ["5-fold by file (duplicates may straddle folds)", stratifiedKFold(d.y, K, seed)],
      ["5-fold by recording (duplicates together)", groupKFold(d.recordings, K, seed)],
      ["5-fold by installation group", groupKFold(d.groups, K, seed)]
    ];
    const rows: FoldRow[] = [];
    for (const [protocol, fold] of ways) {
      const folds = foldRows(fold, K);
      for (let k = 0; k < K; k++) {
        log(`${protocol}: fold ${k + 1}/${K}`);
        const {train: tr, test: te} = folds[k];
        const f = fitFeatures(takeRows(d.X, tr));
        const m = new LogisticRegression({C, nClasses: d.present.length}).fit(
          f.transform(takeRows(d.X, tr)),
          tr.map((i) => pos(d.y[i]))
        );
        const truth = te.map((i) => pos(d.y[i])),
          pred = m.predict(f.transform(takeRows(d.X, te)));
        rows.push({
          protocol,
          fold: k + 1,
          accuracy: accuracy(truth, pred),
          balancedAccuracy: classificationReport(truth, pred, d.present.length).balancedAccuracy,
          n: te.length
        });
      }
    }
    return rows;
  });
}

/** The same logistic-regression evaluation on one encoder's embeddings, both protocols, holdout. */
export async function encoderEvaluation(encoderName: string): Promise<{components: number; metrics: MetricRow[]}> {
  const d = await loadDataset(encoderName);
  return cached("encoder", d, {LOGISTIC_GRID}, () => {
    const metrics: MetricRow[] = [];
    let components = 0;
    for (const protocol of [PAPER_PROTOCOL, GROUPED_PROTOCOL] as Protocol[]) {
      const ho = splitIndices(d, protocol, "holdout");
      const fit = fitLogistic(d, splitIndices(d, protocol, "train"), splitIndices(d, protocol, "val"));
      if (protocol === PAPER_PROTOCOL) components = fit.components;
      metrics.push(
        ...evaluate(
          {protocol, model: MODEL.logistic, split: "holdout"},
          ho.map((i) => d.y[i]),
          fit.proba(ho),
          unitsOf(d, protocol, ho)
        ).metrics
      );
    }
    return {components, metrics};
  });
}
