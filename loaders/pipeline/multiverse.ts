/**
 * The multiverse (specification curve) of the study: every combination of the choices the paper
 * made — labelling, split, where augmented copies sit in the CV folds, augmentation, encoder,
 * model — as one row, with holdout accuracy beside the majority baseline of the same holdout,
 * balanced accuracy, macro-F1 and per-class AUC (each with a bootstrap interval over the split's
 * independent units), and — for every classical model and their soft-voting ensemble — 3-fold CV
 * accuracy on the cell's training rows and CV − holdout.
 *
 * What makes it affordable: a cell reuses the hyper-parameters its model's randomized search chose
 * in the paper run of the same split (one fit per cell, no search), the feature step is fitted
 * once per distinct training matrix, and the four classical models' holdout and fold fits serve
 * the soft-voting ensemble too. The copies choice only moves the CV folds (by row, or by the split's
 * unit): with the hyper-parameters fixed, both copies cells share one holdout fit. Cells that are
 * not computed carry their reason.
 */
import {CLASSES} from "../corpus/labels.ts";
import {bootstrapCIs, bootstrapDifference, type Interval} from "../eval/bootstrap.ts";
import {accuracy, rocAucOfResamples} from "../eval/metrics.ts";
import {foldRows, groupKFold, stratifiedKFold} from "../eval/split.ts";
import {hearAvailable} from "../encoders/registry.ts";
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {codeHash} from "../lib/code-hash.ts";
import type {Claim} from "../lib/claims.ts";
import {NAMES} from "../lib/names.ts";
import {argmax, type Classifier} from "../models/estimator.ts";
import type {Matrix} from "../models/matrix.ts";
import {takeRows, type Params} from "../models/search.ts";
import {SVC} from "../models/svm.ts";
import {SoftVoting} from "../models/voting.ts";
import {AUGMENT_PARAMS} from "../audio/augment.ts";
import {LABELLING, LABELLINGS, PRIMARY_LABELLING, type Labelling} from "./corpus-analysis.ts";
import {
  augmentedTrainingSet,
  GROUPED_PROTOCOL,
  loadDataset,
  PAPER_PROTOCOL,
  PROTOCOLS,
  RESAMPLED_UNIT,
  splitIndices,
  unitsOf,
  type Dataset,
  type Protocol
} from "./dataset.ts";
import {AUGMENT_SEED} from "./embed.ts";
import {BOOTSTRAP, majorityShare, reportPerResample, toClassColumns} from "./evaluate.ts";
import {fitFeatures} from "./features.ts";
import {GRIDS, makeClassical, paperRuns, SEARCH, type ClassicalName, type PaperRun} from "./paper-run.ts";
import {MODEL} from "../models/names.ts";

const VOTING = MODEL.voting,
  HEAD = MODEL.head;
/**
 * The CV that the copies choice changes: three folds, as the paper's search used, for the two cheap
 * models only. Refitting the forest (200 trees) and the boosting model on three folds under both
 * copies choices of every data cell cost about 75 CPU-seconds, some 40 s of a fresh-clone CI run
 * that must finish in 15 minutes on two cores; where copies go is a property of the folds, which
 * any model shows. Every model keeps its holdout fit in every cell, and the paper runs
 * cross-validate as the paper did.
 */
export const MULTIVERSE = {cvFolds: 3, cvSeed: 42, cvModels: [MODEL.logistic, MODEL.svm] as ClassicalName[]};
/** The copies and augmentation choices by id (code picks one by id, never by position); the lists give the grid's order, the paper's first. */
/** A cell whose hyper-parameters were searched in itself: a paper run's own cell. */
export const SEARCHED_HERE = "searched in this cell (the paper run)";
export const COPY = NAMES.copies;
export const COPIES = [COPY.anyFold, COPY.withRecording] as const;
export const AUGMENTATION = NAMES.augmentation;
export const AUGMENTATIONS = [AUGMENTATION.paper, AUGMENTATION.none] as const;
export const MULTIVERSE_ENCODERS = ["yamnet", "acoustic", "hear"] as const;
export const MULTIVERSE_MODELS = [...(Object.keys(GRIDS) as ClassicalName[]), VOTING, HEAD];
/** Encoders whose augmented copies the build embeds (YAMNet's, for the paper's runs); others cost minutes more. */
const AUGMENTED_ENCODERS = new Set(["yamnet"]);

export interface Estimate {
  value: number | null;
  lo: number | null;
  hi: number | null;
}
const NONE: Estimate = {value: null, lo: null, hi: null};

export interface CellRow {
  labelling: string;
  split: string;
  copies: string;
  augmentation: string;
  encoder: string;
  model: string;
  computed: boolean;
  /** Why the cell, or one of its numbers, is missing ("" when nothing is). */
  reason: string;
  /** "searched in this cell (the paper run)" or where its hyper-parameters came from. */
  hyperparameters: string;
  params: string;
  accuracy: Estimate;
  majority: Estimate;
  balancedAccuracy: Estimate;
  macroF1: Estimate;
  auc: Record<string, Estimate>;
  cvAccuracy: Estimate;
  cvMinusHoldout: Estimate;
  holdoutRecordings: number;
  holdoutUnits: number;
  unit: string;
  trainRows: number;
  components: number;
  /** Recall of each class present in the holdout, with its interval (opening a cell on /multiverse). */
  recall: Record<string, Estimate>;
  /** The holdout as this cell's model answered it: files, actual and predicted classes (CLASSES indices), probabilities per CLASSES entry. */
  holdout: CellHoldout | null;
}

export interface CellHoldout {
  paths: string[];
  truth: number[];
  pred: number[];
  proba: number[][];
}

export const dimensionsOf = (r: CellRow) => [r.labelling, r.split, r.copies, r.augmentation, r.encoder, r.model];

const log = (msg: string) => process.stderr.write(`multiverse: ${msg}\n`);

/** The data choices of one fit: each gives a training matrix, one feature step and one holdout. */
export interface DataCell {
  encoder: string;
  labelling: Labelling;
  split: Protocol;
  augmentation: (typeof AUGMENTATIONS)[number];
}

export function dataCells(): DataCell[] {
  const out: DataCell[] = [];
  for (const encoder of MULTIVERSE_ENCODERS)
    for (const labelling of LABELLINGS)
      for (const split of Object.keys(PROTOCOLS) as Protocol[]) for (const augmentation of AUGMENTATIONS) out.push({encoder, labelling, split, augmentation});
  return out;
}

/** The paper run each cell takes its hyper-parameters from, and whether it is that run's own setting. */
const isPaperRunCell = (c: DataCell, copies: string) =>
  c.encoder === "yamnet" &&
  c.labelling === PRIMARY_LABELLING &&
  c.augmentation === AUGMENTATION.paper &&
  (c.split === PAPER_PROTOCOL ? copies === COPY.anyFold : copies === COPY.withRecording);

function blank(c: DataCell, copies: string, model: string, reason: string): CellRow {
  return {
    labelling: c.labelling,
    split: c.split,
    copies,
    augmentation: c.augmentation,
    encoder: c.encoder,
    model,
    computed: false,
    reason,
    hyperparameters: "",
    params: "",
    accuracy: NONE,
    majority: NONE,
    balancedAccuracy: NONE,
    macroF1: NONE,
    auc: {},
    cvAccuracy: NONE,
    cvMinusHoldout: NONE,
    holdoutRecordings: 0,
    holdoutUnits: 0,
    unit: RESAMPLED_UNIT[c.split],
    trainRows: 0,
    components: 0,
    recall: {},
    holdout: null
  };
}

/** Why a data cell is not computed at all, or null. */
export function notComputed(c: DataCell): string | null {
  if (c.encoder === "hear" && !hearAvailable())
    return "HeAR's weights are gated (Health AI Developer Foundations terms) and were not supplied: place an ONNX export at models/hear/hear.onnx to compute it";
  if (c.augmentation === AUGMENTATION.paper && !AUGMENTED_ENCODERS.has(c.encoder))
    return `augmented copies are embedded with ${[...AUGMENTED_ENCODERS].join(", ")} only: two more copies of every training file through this encoder would not fit the build's time budget`;
  return null;
}

/** An interval, or a null estimate when the bootstrap could not give one (its reason goes to `notes`). */
function estimate(ci: Interval | Error | undefined, notes: string[], what: string): Estimate {
  if (ci instanceof Error) notes.push(`${what}: ${ci.message}`);
  return ci && !(ci instanceof Error) && Number.isFinite(ci.estimate) ? {value: ci.estimate, lo: ci.lo, hi: ci.hi} : NONE;
}

/** Holdout numbers of one model: truth and predictions as CLASSES indices, probabilities per CLASSES entry; one resampling for all. */
function holdoutNumbers(truth: number[], pred: number[], proba: ArrayLike<number>[], units: string[], unitName: string, notes: string[]) {
  const k = CLASSES.length,
    n = truth.length;
  const present = [...new Set(truth)].sort((a, b) => a - b);
  const report = reportPerResample(truth, pred, k);
  const metrics: [string, (sel: number[]) => number][] = [
    ["accuracy", (sel) => accuracy(truth, pred, sel)],
    ["majority", majorityShare(truth, k)],
    ["balanced accuracy", (sel) => report(sel).balancedAccuracy],
    ["macro F1", (sel) => report(sel).macro.f1],
    ...(present.length > 1
      ? present.map(
          (c) =>
            [
              `AUC ${CLASSES[c]}`,
              rocAucOfResamples(
                truth.map((t) => (t === c ? 1 : 0)),
                proba.map((p) => p[c])
              )
            ] as [string, (sel: number[]) => number]
        )
      : []),
    // Last, so that the metrics above keep their draws.
    ...present.map(
      (c) =>
        [
          `recall ${CLASSES[c]}`,
          (sel: number[]) => {
            const mine = sel.filter((j) => truth[j] === c);
            return mine.length ? mine.filter((j) => pred[j] === c).length / mine.length : NaN;
          }
        ] as [string, (sel: number[]) => number]
    )
  ];
  const cis = bootstrapCIs(n, metrics, {...BOOTSTRAP, units, unitName});
  const get = (what: string) => estimate(cis.get(what), notes, what);
  return {
    accuracy: get("accuracy"),
    majority: get("majority"),
    balancedAccuracy: get("balanced accuracy"),
    macroF1: get("macro F1"),
    auc: Object.fromEntries(present.map((c) => [CLASSES[c], present.length > 1 ? get(`AUC ${CLASSES[c]}`) : NONE])),
    recall: Object.fromEntries(present.map((c) => [CLASSES[c], get(`recall ${CLASSES[c]}`)]))
  };
}

/** The classical models `names` with the searched hyper-parameters, and, when all four are fitted, the ensemble of them. */
function fitAll(
  params: Record<ClassicalName, Params>,
  X: Matrix,
  y: number[],
  K: number,
  names = Object.keys(GRIDS) as ClassicalName[]
): [string, Classifier][] {
  const fitted = names.map((name) => makeClassical(name, params[name], K).fit(X, y));
  const all = Object.keys(GRIDS).every((n) => names.includes(n as ClassicalName));
  return [...names.map((n, i) => [n, fitted[i]] as [string, Classifier]), ...(all ? [[VOTING, new SoftVoting(fitted, names)] as [string, Classifier]] : [])];
}

/** Class predictions as the paper run makes them: the SVM by libsvm's votes, the rest by their probabilities. */
const predictionsOf = (m: Classifier, X: Matrix) => ({proba: m.predictProba(X), pred: m instanceof SVC ? m.predict(X) : null});

/** Every cell of one data cell: both copies choices × every model. */
async function computeDataCell(c: DataCell, runs: Record<string, PaperRun>): Promise<CellRow[]> {
  const t0 = Date.now();
  const d: Dataset = await loadDataset(c.encoder, c.labelling);
  const run = runs[c.split];
  const params = Object.fromEntries(
    (Object.keys(GRIDS) as ClassicalName[]).map((name) => [name, JSON.parse(run.search.find((r) => r.model === name && r.chosen)!.params)])
  ) as Record<ClassicalName, Params>;
  const train = splitIndices(d, c.split, "train"),
    ho = splitIndices(d, c.split, "holdout");
  const K = d.present.length,
    pos = (cl: number) => d.present.indexOf(cl);
  const aug = c.augmentation === AUGMENTATION.paper ? await augmentedTrainingSet(d, train) : null;
  const X = aug ? aug.X : takeRows(d.X, train);
  const source = aug ? aug.source : train;
  const y = source.map((i) => pos(d.y[i]));
  const unitIds = c.split === GROUPED_PROTOCOL ? d.groups : d.recordings;
  const unitName = RESAMPLED_UNIT[c.split];
  const feats = fitFeatures(X);
  const F = feats.transform(X),
    Fho = feats.transform(takeRows(d.X, ho));
  const truth = ho.map((i) => d.y[i]),
    hoUnits = unitsOf(d, c.split, ho).ids;
  // Holdout: one fit of every model, shared by both copies choices.
  const holdout = new Map(
    fitAll(params, F, y, K).map(([name, m]) => {
      const {proba, pred} = predictionsOf(m, Fho);
      const probaAll = toClassColumns(proba, d.present);
      const predAll = (pred ?? proba.map(argmax)).map((p) => d.present[p]);
      return [name, {predAll, probaAll}] as const;
    })
  );
  log(`${c.encoder} · ${c.labelling} · ${c.split} · augmentation ${c.augmentation}: holdout fits (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const rows: CellRow[] = [];
  for (const copies of COPIES) {
    // CV over the cell's training rows: folds by row (a recording's copies and duplicates may sit
    // on both sides), or by the split's unit; every row of the held-out fold is scored either way.
    const folds = foldRows(
      copies === COPY.anyFold
        ? stratifiedKFold(y, MULTIVERSE.cvFolds, MULTIVERSE.cvSeed)
        : groupKFold(
            source.map((i) => unitIds[i]),
            MULTIVERSE.cvFolds,
            MULTIVERSE.cvSeed
          ),
      MULTIVERSE.cvFolds
    );
    const predicted = new Map<string, number[]>(),
      cvNotes: string[] = [];
    const order: number[] = [];
    for (let k = 0; k < MULTIVERSE.cvFolds; k++) {
      const {train: a, test: b} = folds[k];
      const ya = a.map((r) => y[r]);
      if (new Set(ya).size < K) {
        cvNotes.push(`CV fold ${k + 1}'s training rows lack a class`);
        break;
      }
      order.push(...b);
      const Fa = takeRows(F, a),
        Fb = takeRows(F, b);
      for (const [name, m] of fitAll(params, Fa, ya, K, MULTIVERSE.cvModels)) {
        const {proba, pred} = predictionsOf(m, Fb);
        const p = pred ?? proba.map(argmax);
        const list = predicted.get(name) ?? [];
        b.forEach((_, t) => list.push(p[t]));
        predicted.set(name, list);
      }
    }
    // Intervals resample installation groups under both splits (the folds above are a method choice; the unit is not).
    const cvUnits = order.map((r) => d.groups[source[r]]),
      cvTruth = order.map((r) => y[r]);
    for (const model of MULTIVERSE_MODELS) {
      const primary = isPaperRunCell(c, copies);
      if (model === HEAD) {
        rows.push(
          primary
            ? headCell(c, copies, run, d)
            : blank(
                c,
                copies,
                model,
                "the neural head is searched and trained only in the paper's two runs (its 10-trial search and final run take minutes per cell)"
              )
        );
        continue;
      }
      const notes: string[] = [];
      const h = holdout.get(model)!;
      const numbers = holdoutNumbers(truth, h.predAll, h.probaAll, Array.from(hoUnits), unitName, notes);
      let cvAccuracy = NONE,
        cvMinusHoldout = NONE;
      const cvPred = predicted.get(model);
      if (cvPred && cvPred.length === y.length) {
        cvAccuracy = estimate(
          bootstrapCIs(cvPred.length, [["CV accuracy", (sel) => accuracy(cvTruth, cvPred, sel)]], {...BOOTSTRAP, units: cvUnits, unitName}).get("CV accuracy"),
          notes,
          "CV accuracy"
        );
        const ci = bootstrapDifference(
          {n: cvPred.length, metric: (sel) => accuracy(cvTruth, cvPred, sel), units: cvUnits},
          {n: truth.length, metric: (sel) => accuracy(truth, h.predAll, sel), units: hoUnits},
          {...BOOTSTRAP, unitName}
        );
        cvMinusHoldout = {value: ci.estimate, lo: ci.lo, hi: ci.hi};
      } else if (cvNotes.length) notes.push(...cvNotes);
      else notes.push(`no CV for this model here (the grid's ${MULTIVERSE.cvFolds}-fold CV runs for ${MULTIVERSE.cvModels.join(" and ")} only)`);
      rows.push({
        labelling: c.labelling,
        split: c.split,
        copies,
        augmentation: c.augmentation,
        encoder: c.encoder,
        model,
        computed: true,
        reason: notes.join("; "),
        hyperparameters: primary ? SEARCHED_HERE : `reused from the search of the paper run (${c.split})`,
        params: model === VOTING ? "mean of the four models' probabilities" : JSON.stringify(params[model as ClassicalName]),
        ...numbers,
        cvAccuracy,
        cvMinusHoldout,
        holdoutRecordings: ho.length,
        holdoutUnits: new Set(hoUnits).size,
        unit: unitName,
        trainRows: X.rows,
        components: feats.components,
        holdout: {paths: ho.map((i) => d.labelled[i].path), truth, pred: h.predAll, proba: h.probaAll.map((p) => Array.from(p))}
      });
    }
  }
  log(`${c.encoder} · ${c.labelling} · ${c.split} · augmentation ${c.augmentation}: done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return rows;
}

/** The head's cell: the paper run's own holdout numbers (it has no CV: the paper cross-validated the SVM only). */
function headCell(c: DataCell, copies: string, run: PaperRun, d: Dataset): CellRow {
  const m = (metric: string): Estimate => {
    const r = run.evaluation.metrics.find((x) => x.model === HEAD && x.split === "holdout" && x.metric === metric);
    return r ? {value: r.value, lo: r.lo, hi: r.hi} : NONE;
  };
  const ho = splitIndices(d, c.split, "holdout");
  const auc = Object.fromEntries(run.classes.map((cls) => [cls, m(`ROC AUC ${cls} vs rest`)]).filter(([, e]) => (e as Estimate).value !== null));
  return {
    ...blank(c, copies, HEAD, "the head has no CV here (the paper cross-validated the SVM only)"),
    computed: true,
    hyperparameters: SEARCHED_HERE,
    params: JSON.stringify(run.head.params),
    accuracy: m("accuracy"),
    majority: m("majority-class accuracy"),
    balancedAccuracy: m("balanced accuracy"),
    macroF1: m("macro F1"),
    auc,
    holdoutRecordings: ho.length,
    holdoutUnits: new Set(unitsOf(d, c.split, ho).ids).size,
    trainRows: run.sizes.find((s) => s.split === "train")!.rows,
    components: run.components,
    recall: Object.fromEntries(run.classes.map((cls) => [cls, m(`recall ${cls}`)]).filter(([, e]) => (e as Estimate).value !== null)),
    holdout: headHoldout(run, d)
  };
}

/** The head's holdout answers in the paper run (its first seed), in the run's holdout order. */
function headHoldout(run: PaperRun, d: Dataset): CellHoldout | null {
  const p = run.predictions.find((x) => x.model === HEAD && x.split === "holdout" && x.seed === run.refitSeeds[0]);
  const files = run.samples.find((x) => x.split === "holdout");
  if (!p || !files) return null;
  const k = CLASSES.length;
  return {
    paths: files.files.map((i) => d.labelled[i].path),
    truth: files.truth,
    pred: p.pred,
    proba: files.files.map((_, j) => p.proba.slice(j * k, (j + 1) * k))
  };
}

/** One data cell's rows, cached under its data, the searched hyper-parameters and this code. */
async function dataCellKey(c: DataCell, runs: Record<string, PaperRun>): Promise<string> {
  const run = runs[c.split];
  const d = await loadDataset(c.encoder, c.labelling);
  return cacheKey(
    codeHash(import.meta.url),
    c,
    MULTIVERSE,
    BOOTSTRAP,
    SEARCH,
    AUGMENT_PARAMS,
    AUGMENT_SEED,
    d.enc.card.sha256,
    run.search.filter((r) => r.chosen),
    run.head,
    run.evaluation.metrics.filter((r) => r.model === HEAD && r.split === "holdout"),
    d.labelled.map((s) => s.path + s.label + s.group + s.recording + s[PROTOCOLS[c.split]])
  );
}

/** How many data cells still have to be computed (a warm build need not start the worker processes). */
export async function dataCellsToCompute(runs: Record<string, PaperRun>): Promise<number> {
  let n = 0;
  for (const c of dataCells()) if (!notComputed(c) && !(await readCached("multiverse", await dataCellKey(c, runs), ".json"))) n++;
  return n;
}

export async function dataCellRows(c: DataCell, runs: Record<string, PaperRun>): Promise<CellRow[]> {
  const skip = notComputed(c);
  if (skip) return COPIES.flatMap((copies) => MULTIVERSE_MODELS.map((model) => blank(c, copies, model, skip)));
  const key = await dataCellKey(c, runs);
  const hit = await readCached("multiverse", key, ".json");
  if (hit) return JSON.parse(hit.toString());
  let rows: CellRow[];
  try {
    rows = await computeDataCell(c, runs);
  } catch (e) {
    // A labelling whose split lacks a class, a fold that cannot be fitted: the cells say why.
    const why = `not computed: ${(e as Error).message}`;
    log(`${c.encoder} · ${c.labelling} · ${c.split} · ${c.augmentation}: ${why}`);
    rows = COPIES.flatMap((copies) => MULTIVERSE_MODELS.map((model) => blank(c, copies, model, why)));
  }
  await writeCached("multiverse", key, ".json", JSON.stringify(rows));
  return rows;
}

/**
 * Data cells in the order processes sharing them should take them: the costliest (augmented, larger
 * labellings) first, so the last cells taken are short and the processes end together.
 */
export function dataCellsByCost(): DataCell[] {
  const cost = (c: DataCell) =>
    notComputed(c) ? 0 : (c.augmentation === AUGMENTATION.paper ? 3 : 1) * (c.labelling === LABELLING.keywords ? 1 : 3) * (c.encoder === "yamnet" ? 2 : 1);
  return dataCells()
    .map((c, i) => ({c, i, w: cost(c)}))
    .sort((a, b) => b.w - a.w || a.i - b.i)
    .map((x) => x.c);
}

/** The paper runs (YAMNet, both protocols), by protocol: where every cell takes its hyper-parameters from. */
export async function paperRunsByProtocol(): Promise<Record<string, PaperRun>> {
  const {runs} = await paperRuns("yamnet");
  return Object.fromEntries(runs.map((r) => [r.protocol, r]));
}

/**
 * Every cell of the grid, computed or with its reason, in the grid's order. With `claim`, this
 * process computes only the cells it claims (costliest first) beside other processes, and returns those.
 */
export async function multiverse(runs: Record<string, PaperRun>, claim?: Claim): Promise<CellRow[]> {
  const cells = claim ? dataCellsByCost() : dataCells();
  const out: CellRow[] = [],
    t0 = Date.now();
  for (const [i, c] of cells.entries()) {
    // Every sharing process walks the same cost order, so a cell's place in it names it.
    if (claim && !claim(`cell-${i}`)) continue;
    out.push(...(await dataCellRows(c, runs)));
    const s = (Date.now() - t0) / 1000;
    log(`${i + 1}/${cells.length} data cells (${s.toFixed(0)} s; ETA ${((s / (i + 1)) * (cells.length - i - 1)).toFixed(0)} s at this pace)`);
  }
  return out;
}

/** The metrics of a cell, as the page names them, with how to read each from a row. */
export const MULTIVERSE_METRICS: [string, (r: CellRow) => Estimate][] = [
  ["holdout accuracy", (r) => r.accuracy],
  ["majority-class accuracy (holdout)", (r) => r.majority],
  ["balanced accuracy", (r) => r.balancedAccuracy],
  ["macro F1", (r) => r.macroF1],
  ...CLASSES.map((c) => [`ROC AUC ${c} vs rest`, (r: CellRow) => r.auc[c] ?? NONE] as [string, (r: CellRow) => Estimate]),
  [`${MULTIVERSE.cvFolds}-fold CV accuracy`, (r) => r.cvAccuracy],
  [`${MULTIVERSE.cvFolds}-fold CV − holdout accuracy`, (r) => r.cvMinusHoldout]
];

/** One row per cell and metric (the page's table): a missing number is null, with the cell's reason. */
export function longRows(cells: CellRow[]) {
  return cells.flatMap((r, cell) => {
    const {
      labelling,
      split,
      copies,
      augmentation,
      encoder,
      model,
      computed,
      reason,
      hyperparameters,
      params,
      holdoutRecordings,
      holdoutUnits,
      unit,
      trainRows,
      components
    } = r;
    return MULTIVERSE_METRICS.map(([metric, get]) => {
      const e = get(r);
      return {
        cell,
        labelling,
        split,
        copies,
        augmentation,
        encoder,
        model,
        computed,
        metric,
        value: e.value,
        lo: e.lo,
        hi: e.hi,
        reason,
        hyperparameters,
        params,
        holdoutRecordings,
        holdoutUnits,
        unit,
        trainRows,
        components
      };
    });
  });
}
