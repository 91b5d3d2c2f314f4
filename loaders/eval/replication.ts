/**
 * The verdict rule of the claims audit, from replication statistics. A claim is a number the paper
 * measured on its sample; ours is the same quantity measured here on ours. Both carry sampling
 * error, so a verdict is a test on the difference D = ours − paper with the standard error of both:
 *
 *   SE_D = √(SE_ours² + SE_paper²)           (the two samples are independent)
 *
 * (Patil, Peng & Leek 2016: a replication is judged against an interval that carries both studies'
 * error.) Two families of tests run over the judged rows, each adjusted by Holm's step-down method:
 *
 * - difference, H0: D = 0, two-sided — rejected: "lower here" / "higher here";
 * - equivalence (Lakens 2017, two one-sided tests), H0: |D| ≥ margin — rejected: "consistent";
 * - neither rejected: "inconclusive". (Both can be rejected when a difference is real but smaller
 *   than the margin; the row then reads "consistent", the difference is stated beside it.)
 *
 * The tests use the normal approximation with these standard errors; ours comes from the clustered
 * bootstrap (with the refit seeds' spread), the paper's from its stated sample sizes.
 */

/** The equivalence margin: a difference of at most this much (on the metric's 0–1 scale) counts as the same result. */
export const EQUIVALENCE_MARGIN = 0.05;
/** The family-wise error rate each family of tests (difference, equivalence) is held to. */
export const FAMILY_ALPHA = 0.05;

export const OUTCOMES = ["consistent", "lower here", "higher here", "inconclusive"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Standard normal CDF (Zelen & Severo 26.2.17 via erfc, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Inverse of normalCdf (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p = ${p} is not in (0, 1)`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lowTail = 0.02425;
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lowTail) return -normalQuantile(1 - p);
  const q = p - 0.5,
    r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Holm's step-down adjusted p-values (Holm 1979): sort ascending, p₍ᵢ₎·(m − i + 1), running maximum, capped at 1. */
export function holm(p: number[]): number[] {
  const m = p.length,
    order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, p[i] * (m - rank)));
    out[i] = running;
  });
  return out;
}

/** A measured value with its standard error and, in words, where the error comes from. */
export interface Estimate {
  value: number;
  se: number;
  how: string;
}

/** One judged row's test statistics before the family is adjusted. */
export interface Comparison {
  difference: number;
  se: number;
  lo: number;
  hi: number;
  /** Two-sided p of H0: D = 0. */
  pDifference: number;
  /** TOST p of H0: |D| ≥ margin (the larger of the two one-sided p-values). */
  pEquivalence: number;
}

export function compare(ours: Estimate, paper: Estimate, margin = EQUIVALENCE_MARGIN, level = 0.95): Comparison {
  const difference = ours.value - paper.value,
    se = Math.hypot(ours.se, paper.se);
  if (!(se > 0)) throw new Error(`compare: the difference has no standard error (ours ${ours.se}, paper ${paper.se})`);
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    difference,
    se,
    lo: difference - z * se,
    hi: difference + z * se,
    pDifference: 2 * normalCdf(-Math.abs(difference) / se),
    pEquivalence: Math.max(1 - normalCdf((difference + margin) / se), normalCdf((difference - margin) / se))
  };
}

export interface Judged extends Comparison {
  pDifferenceHolm: number;
  pEquivalenceHolm: number;
  outcome: Outcome;
  /**
   * The smallest margin at which this row would read "consistent" at the strictest Holm step
   * (α / m, which Holm never asks more than): |D| + z₁₋α/ₘ·SE.
   */
  minMargin: number;
}

/** Judges a family of comparisons together: Holm within each family of tests, then the outcome of each row. */
export function judgeFamily(rows: Comparison[], alpha = FAMILY_ALPHA): Judged[] {
  const pd = holm(rows.map((r) => r.pDifference)),
    pe = holm(rows.map((r) => r.pEquivalence));
  const zStrict = rows.length ? normalQuantile(1 - alpha / rows.length) : 0;
  return rows.map((r, i) => ({
    ...r,
    pDifferenceHolm: pd[i],
    pEquivalenceHolm: pe[i],
    outcome: pe[i] < alpha ? "consistent" : pd[i] < alpha ? (r.difference < 0 ? "lower here" : "higher here") : "inconclusive",
    minMargin: Math.abs(r.difference) + zStrict * r.se
  }));
}

// ——— The paper's standard errors, from its stated sizes (its files treated as independent). ———

/** Binomial SE of a proportion p measured on n items. */
export const binomialSE = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

/** Hanley & McNeil (1982) SE of a ROC AUC with nPos positives and nNeg negatives. */
export function hanleyMcNeilSE(auc: number, nPos: number, nNeg: number): number {
  const q1 = auc / (2 - auc),
    q2 = (2 * auc * auc) / (1 + auc);
  return Math.sqrt((auc * (1 - auc) + (nPos - 1) * (q1 - auc * auc) + (nNeg - 1) * (q2 - auc * auc)) / (nPos * nNeg));
}

/**
 * Approximate SE of a per-class F1. F1 = 2TP / (2TP + FP + FN) is treated as a proportion over
 * n_eff = 2TP + FP + FN items, with TP = recall·n (n: the class's true members), so n_eff = 2TP / F1.
 * There is no exact SE without the paper's confusion matrix; this one is stated as approximate.
 */
export function f1SE(f1: number, recall: number, n: number): number {
  const tp = recall * n,
    nEff = (2 * tp) / f1;
  return binomialSE(f1, nEff);
}

/** SE of a mean of independent estimates (macro averages, balanced accuracy). */
export const meanSE = (ses: number[]) => Math.sqrt(ses.reduce((s, x) => s + x * x, 0)) / ses.length;
