/**
 * Which choice of a multiverse matters: a variance decomposition of an outcome over the grid of
 * choices (as specr's `decompose` reports shares of variance), and a decision sensitivity in the
 * spirit of Boba — how far the outcome, and the conclusion drawn from it, moves when one choice
 * alone changes. Pure functions over rows of levels and values.
 *
 * The grid is not full (HeAR is absent, only YAMNet has augmented copies, the head runs in two
 * cells), so the main effects are fitted by least squares rather than read off a balanced table.
 * Each choice gets two numbers:
 * - η², the share of the total sum of squares between its options' means (what it explains alone,
 *   overlapping with any choice it is confounded with);
 * - its unique share, the drop in R² when it is left out of the main-effects model (what no other
 *   choice can explain). On a balanced grid the two agree.
 * What the main effects leave is the interactions between choices (and, within a cell, nothing: a
 * cell has one value).
 */

export interface GridRow {
  /** One level per dimension, in the order of `dims`. */
  levels: string[];
  y: number;
}

export interface DimensionShare {
  dimension: string;
  /** Options of this dimension among the rows. */
  options: number;
  eta2: number;
  unique: number;
}

export interface Decomposition {
  cells: number;
  /** R² of the model with every dimension's main effect. */
  explained: number;
  /** 1 − explained: interactions between choices. */
  residual: number;
  dimensions: DimensionShare[];
}

/** Dummy columns (one per option but the first) of the chosen dimensions, centred. */
function design(rows: GridRow[], dimIndices: number[]): Float64Array[] {
  const cols: Float64Array[] = [];
  for (const d of dimIndices) {
    const options = [...new Set(rows.map((r) => r.levels[d]))].sort();
    for (const option of options.slice(1)) {
      const col = Float64Array.from(rows, (r) => (r.levels[d] === option ? 1 : 0));
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      for (let i = 0; i < col.length; i++) col[i] -= mean;
      cols.push(col);
    }
  }
  return cols;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * R² of centred y on the span of the columns: Gram–Schmidt (twice, for stability), skipping a
 * column that the earlier ones already span (choices confounded in the rows), then the squared
 * length of y's projection over y's.
 */
function rSquared(y: Float64Array, cols: Float64Array[], total: number): number {
  if (total === 0) return 0;
  const basis: Float64Array[] = [];
  for (const c of cols) {
    const v = Float64Array.from(c);
    const norm0 = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++)
      for (const q of basis) {
        const p = dot(q, v);
        for (let i = 0; i < v.length; i++) v[i] -= p * q[i];
      }
    const norm = Math.sqrt(dot(v, v));
    if (norm <= 1e-10 * Math.max(norm0, 1)) continue;
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    basis.push(v);
  }
  let explained = 0;
  for (const q of basis) explained += dot(q, y) ** 2;
  return Math.min(1, explained / total);
}

/** Shares of the outcome's variance over the grid explained by each dimension. */
export function decompose(rows: GridRow[], dims: string[]): Decomposition {
  if (rows.some((r) => r.levels.length !== dims.length)) throw new Error(`decompose: every row needs ${dims.length} levels (${dims.join(", ")})`);
  if (rows.some((r) => !Number.isFinite(r.y))) throw new Error("decompose: an outcome is not a finite number");
  const n = rows.length;
  if (n < 2) throw new Error(`decompose: ${n} cells, at least two needed`);
  const mean = rows.reduce((a, r) => a + r.y, 0) / n;
  const y = Float64Array.from(rows, (r) => r.y - mean);
  const total = dot(y, y);
  const all = dims.map((_, d) => d);
  const full = rSquared(y, design(rows, all), total);
  const dimensions = dims.map((dimension, d) => {
    const groups = new Map<string, number[]>();
    for (const r of rows) groups.set(r.levels[d], [...(groups.get(r.levels[d]) ?? []), r.y]);
    let between = 0;
    for (const g of groups.values()) between += g.length * (g.reduce((a, b) => a + b, 0) / g.length - mean) ** 2;
    const without = rSquared(
      y,
      design(
        rows,
        all.filter((x) => x !== d)
      ),
      total
    );
    return {dimension, options: groups.size, eta2: total === 0 ? 0 : between / total, unique: Math.max(0, full - without)};
  });
  return {cells: n, explained: full, residual: 1 - full, dimensions};
}

export interface SensitivityRow extends GridRow {
  /** The conclusion the cell supports: 1 above the reference, −1 below, 0 neither (its interval holds it). */
  verdict: -1 | 0 | 1 | null;
}

export interface DecisionSensitivity {
  dimension: string;
  /** Pairs of cells that differ in this dimension alone. */
  pairs: number;
  meanAbs: number;
  medianAbs: number;
  maxAbs: number;
  /** Pairs where both cells have a conclusion (both intervals and a reference). */
  judged: number;
  /** Pairs whose two cells support different conclusions, and their share of the judged (NaN without a reference). */
  flips: number;
  flipShare: number;
}

/** A cell's conclusion against a reference value, from its interval. */
export function verdictOf(lo: number, hi: number, reference: number): -1 | 0 | 1 {
  return lo > reference ? 1 : hi < reference ? -1 : 0;
}

/**
 * For each dimension, the cells that differ in it alone, paired: how far the outcome moves (mean,
 * median and largest |Δ|) and how often the conclusion changes with it.
 */
export function decisionSensitivity(rows: SensitivityRow[], dims: string[]): DecisionSensitivity[] {
  return dims.map((dimension, d) => {
    // Cells that agree on every other dimension share a key; within a key, every two options pair.
    const groups = new Map<string, SensitivityRow[]>();
    for (const r of rows) {
      const key = r.levels.filter((_, k) => k !== d).join("\u0000");
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const diffs: number[] = [];
    let flips = 0,
      judged = 0;
    for (const g of groups.values())
      for (let a = 0; a < g.length; a++)
        for (let b = a + 1; b < g.length; b++) {
          if (g[a].levels[d] === g[b].levels[d]) continue;
          diffs.push(Math.abs(g[a].y - g[b].y));
          if (g[a].verdict !== null && g[b].verdict !== null) {
            judged++;
            if (g[a].verdict !== g[b].verdict) flips++;
          }
        }
    const sorted = [...diffs].sort((a, b) => a - b);
    const median = sorted.length ? (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2 : NaN;
    return {
      dimension,
      pairs: diffs.length,
      meanAbs: diffs.length ? diffs.reduce((a, b) => a + b, 0) / diffs.length : NaN,
      medianAbs: median,
      maxAbs: diffs.length ? sorted[sorted.length - 1] : NaN,
      judged,
      flips,
      flipShare: judged ? flips / judged : NaN
    };
  });
}
