/** Dense row-major matrices over Float64Array: the few operations the estimators need. */
export {rowDots} from "./dots.ts";

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function matrix(rows: number, cols: number, data = new Float64Array(rows * cols)): Matrix {
  if (data.length !== rows * cols) throw new Error(`matrix: ${data.length} values for ${rows}×${cols}`);
  return {rows, cols, data};
}

export function fromRows(rows: ArrayLike<number>[]): Matrix {
  if (!rows.length) throw new Error("fromRows: no rows");
  const cols = rows[0].length;
  const m = matrix(rows.length, cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`fromRows: row ${i} has ${r.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) {
      const v = r[j];
      if (!Number.isFinite(v)) throw new Error(`non-finite feature at row ${i}, column ${j}`);
      m.data[i * cols + j] = v;
    }
  });
  return m;
}

export function toRows(m: Matrix): Float64Array[] {
  return Array.from({length: m.rows}, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols));
}
