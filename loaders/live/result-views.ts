/**
 * What the classifier page draws from one result, as pure functions so that they are tested in Node
 * and the page holds no arithmetic of its own: the waveform's envelope, the recording's place on the
 * report's embedding map, and the window of that map the page shows.
 */

export {peakEnvelope, type PeakBlock as EnvelopePoint} from "../audio/envelope.ts";

/** The embedding map's projection as the build exports it: the training scaler, then PCA's first two axes. */
export interface MapProjection {
  mean: ArrayLike<number>;
  scale: ArrayLike<number>;
  pcaMean: ArrayLike<number>;
  pc1: ArrayLike<number>;
  pc2: ArrayLike<number>;
}

export interface MapPoint {
  pc1: number;
  pc2: number;
}

/** The map's coordinates of an embedding: standardise as the build's scaler, centre on PCA's mean, project. */
export function projectOnMap(embedding: ArrayLike<number>, P: MapProjection): MapPoint {
  if (embedding.length !== P.mean.length) throw new Error(`projectOnMap: embedding has ${embedding.length} values, the map's scaler ${P.mean.length}`);
  let pc1 = 0,
    pc2 = 0;
  for (let j = 0; j < embedding.length; j++) {
    const z = (embedding[j] - P.mean[j]) / P.scale[j] - P.pcaMean[j];
    pc1 += z * P.pc1[j];
    pc2 += z * P.pc2[j];
  }
  return {pc1, pc2};
}

/** Linear-interpolation quantile of sorted values (d3's quantileSorted, numpy's default). */
function quantileSorted(v: number[], p: number): number {
  const i = (v.length - 1) * p,
    i0 = Math.floor(i);
  return i0 + 1 < v.length ? v[i0] + (v[i0 + 1] - v[i0]) * (i - i0) : v[i0];
}

export interface MapWindow {
  domain: {pc1: [number, number]; pc2: [number, number]};
  /** The point, moved onto the window's edge where it lies outside. */
  shown: MapPoint;
  outside: boolean;
}

/**
 * The part of the map the page shows: the central 1 − 2·tail of the corpus on each axis (the map's
 * first axis has a long tail, so its full range would squash the corpus into a sliver). A point
 * outside is drawn on the edge and flagged, so the page can say where it really is.
 */
export function mapWindow(map: MapPoint[], point: MapPoint, tail: number): MapWindow {
  if (!(tail >= 0 && tail < 0.5)) throw new Error(`mapWindow: tail ${tail} is not in [0, 0.5)`);
  const axis = (k: keyof MapPoint): [number, number] => {
    const v = map
      .map((d) => d[k])
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    if (!v.length) throw new Error("mapWindow: the map has no finite coordinates");
    return [quantileSorted(v, tail), quantileSorted(v, 1 - tail)];
  };
  const domain = {pc1: axis("pc1"), pc2: axis("pc2")};
  const clamp = (k: keyof MapPoint) => Math.max(domain[k][0], Math.min(domain[k][1], point[k]));
  const shown = {pc1: clamp("pc1"), pc2: clamp("pc2")};
  return {domain, shown, outside: shown.pc1 !== point.pc1 || shown.pc2 !== point.pc2};
}
