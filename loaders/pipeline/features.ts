/**
 * The paper's feature step (docs/method.md §3), used by every model of the report: a StandardScaler and a
 * PCA keeping 95% of the variance, both fitted on a training matrix only, then applied to any rows.
 */
import type {Matrix} from "../models/matrix.ts";
import {PCA} from "../models/pca.ts";
import {StandardScaler} from "../models/scaler.ts";

export const PCA_VARIANCE = 0.95;

export interface Features {
  scaler: StandardScaler;
  pca: PCA;
  components: number;
  /** Standardized rows (the neural head's input). */
  standardize: (M: Matrix) => Matrix;
  /** Standardized, then projected on the kept components (the classical models' input). */
  transform: (M: Matrix) => Matrix;
}

export function fitFeatures(Xtrain: Matrix, nComponents = PCA_VARIANCE): Features {
  const scaler = new StandardScaler().fit(Xtrain);
  const pca = new PCA({nComponents}).fit(scaler.transform(Xtrain));
  return {scaler, pca, components: pca.components_.length, standardize: (M) => scaler.transform(M), transform: (M) => pca.transform(scaler.transform(M))};
}
