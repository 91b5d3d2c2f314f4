/**
 * Which choice of the multiverse matters, per metric, over every computed cell: the variance
 * decomposition and the decision sensitivity of loaders/eval/decompose.ts, on the multiverse's
 * cells. The copies choice changes only the CV folds, so for a holdout metric its two options are
 * one fit counted twice: those metrics keep one row per fit (`sameHoldoutFitAs`, which the curve on
 * /multiverse uses too) and leave the dimension out.
 */
import {decisionSensitivity, decompose, verdictOf} from "../eval/decompose.ts";
import {type CellRow, COPIES, longRows, MULTIVERSE_METRICS, SEARCHED_HERE} from "./multiverse.ts";
import type {NullCell} from "./null-curve.ts";

export const CHOICE_DIMENSIONS = ["labelling", "split", "copies", "augmentation", "encoder", "model"] as const;
const MAJORITY = "majority-class accuracy (holdout)";

/** What a metric's conclusion is judged against, in words (empty: no reference). */
export function referenceName(metric: string): string {
  return metric === "holdout accuracy"
    ? "the cell's majority baseline"
    : metric === "balanced accuracy"
      ? "chance (1 / classes)"
      : metric.startsWith("ROC AUC")
        ? "0.5"
        : "";
}

/**
 * For each cell, the cell whose holdout fit it repeats, or null for a fit of its own (and for a cell
 * not computed). The copies choice changes only the CV folds (each cell's hyper-parameters are fixed),
 * so two computed cells that differ in it alone are one holdout fit. The one kept is the cell whose
 * hyper-parameters were searched in itself (a paper run: under the grouped split that is the one with
 * copies kept with their recording), else the paper's copies option; the other points at it.
 */
export function sameHoldoutFitAs(cells: Pick<CellRow, "computed" | "hyperparameters" | (typeof CHOICE_DIMENSIONS)[number]>[]): (number | null)[] {
  const key = (c: (typeof cells)[number]) =>
    CHOICE_DIMENSIONS.filter((d) => d !== "copies")
      .map((d) => c[d])
      .join("\u0000");
  const rank = (i: number) => copiesRank(cells[i].copies),
    searchedFirst = (i: number) => (cells[i].hyperparameters.startsWith(SEARCHED_HERE) ? 0 : 1);
  const order = cells
    .map((_, i) => i)
    .filter((i) => cells[i].computed)
    .sort((a, b) => searchedFirst(a) - searchedFirst(b) || rank(a) - rank(b) || a - b);
  const kept = new Map<string, number>();
  const out: (number | null)[] = cells.map(() => null);
  for (const i of order) {
    const first = kept.get(key(cells[i]));
    if (first === undefined) kept.set(key(cells[i]), i);
    else out[i] = first;
  }
  return out;
}

const copiesRank = (copies: string) => COPIES.indexOf(copies as (typeof COPIES)[number]);

export function choiceRows(cells: CellRow[], nulls: Pick<NullCell, "labelling" | "classes">[]) {
  const long = longRows(cells);
  const twinOf = sameHoldoutFitAs(cells);
  const chanceOf = new Map(nulls.map((c) => [c.labelling, 1 / c.classes]));
  const majorityOf = new Map(long.filter((r) => r.metric === MAJORITY).map((r) => [r.cell, r.value]));
  const referenceOf = (metric: string, r: (typeof long)[number]): number | null | undefined =>
    metric === "holdout accuracy"
      ? majorityOf.get(r.cell)
      : metric === "balanced accuracy"
        ? chanceOf.get(r.labelling)
        : metric.startsWith("ROC AUC")
          ? 0.5
          : null;
  return MULTIVERSE_METRICS.map(([m]) => m)
    .filter((m) => m !== MAJORITY)
    .flatMap((metric) => {
      const cv = metric.includes("CV");
      const dims = CHOICE_DIMENSIONS.filter((d) => cv || d !== "copies");
      const computed = long.filter((r) => r.metric === metric && r.computed && Number.isFinite(r.value));
      // A holdout metric: one row per fit, the one sameHoldoutFitAs keeps.
      const rows = cv ? computed : computed.filter((r) => twinOf[r.cell] === null);
      if (rows.length < 2) return [];
      const grid = rows.map((r) => {
        const reference = referenceOf(metric, r);
        const judged = reference != null && Number.isFinite(reference) && Number.isFinite(r.lo) && Number.isFinite(r.hi);
        return {levels: dims.map((d) => r[d]), y: r.value as number, verdict: judged ? verdictOf(r.lo as number, r.hi as number, reference) : null};
      });
      const dec = decompose(grid, [...dims]);
      const sens = decisionSensitivity(grid, [...dims]);
      return dec.dimensions.map((d, k) => ({
        metric,
        dimension: d.dimension,
        options: d.options,
        eta2: d.eta2,
        unique: d.unique,
        explained: dec.explained,
        interactions: dec.residual,
        cells: dec.cells,
        pairs: sens[k].pairs,
        meanAbsChange: sens[k].meanAbs,
        medianAbsChange: sens[k].medianAbs,
        maxAbsChange: sens[k].maxAbs,
        conclusionJudged: sens[k].judged,
        conclusionFlips: sens[k].flips,
        conclusionFlipShare: sens[k].flipShare,
        reference: referenceName(metric)
      }));
    });
}
