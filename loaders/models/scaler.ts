/** scikit-learn's StandardScaler: population standard deviation; a constant column keeps scale 1. */
import {matrix, type Matrix} from "./matrix.ts";

export interface ScalerState {
  name: "StandardScaler";
  mean: number[];
  scale: number[];
}

export class StandardScaler {
  mean_: Float64Array = new Float64Array(0);
  scale_: Float64Array = new Float64Array(0);

  fit(X: Matrix): this {
    const {rows: n, cols: p, data} = X;
    if (n === 0) throw new Error("StandardScaler.fit: no samples");
    const mean = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j];
    for (let j = 0; j < p; j++) mean[j] /= n;
    const v = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) v[j] += (data[i * p + j] - mean[j]) ** 2;
    // sklearn treats a variance below 10·eps·mean-ish as zero and leaves such a column unscaled.
    this.scale_ = Float64Array.from(v, (s, j) => {
      const sd = Math.sqrt(s / n);
      return sd < 10 * 2 ** -52 * Math.max(1, Math.abs(mean[j])) ? 1 : sd;
    });
    this.mean_ = mean;
    return this;
  }

  transform(X: Matrix): Matrix {
    const p = this.mean_.length;
    if (X.cols !== p) throw new Error(`StandardScaler.transform: ${X.cols} features, fitted on ${p}`);
    const out = matrix(X.rows, p);
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < p; j++) out.data[i * p + j] = (X.data[i * p + j] - this.mean_[j]) / this.scale_[j];
    return out;
  }

  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  toJSON(): ScalerState {
    return {name: "StandardScaler", mean: Array.from(this.mean_), scale: Array.from(this.scale_)};
  }

  static fromJSON(s: ScalerState): StandardScaler {
    if (s.name !== "StandardScaler") throw new Error(`not a StandardScaler: ${s.name}`);
    const m = new StandardScaler();
    m.mean_ = Float64Array.from(s.mean);
    m.scale_ = Float64Array.from(s.scale);
    return m;
  }
}
