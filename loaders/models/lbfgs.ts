/**
 * Limited-memory BFGS (two-loop recursion, memory 10) with a backtracking Armijo line search.
 * Stops like scipy's L-BFGS-B as scikit-learn calls it: when the largest |gradient| entry is at
 * most `gtol`, or after `maxIter` iterations (reported, not hidden).
 */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

export function lbfgs(
  fg: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  {maxIter = 1000, gtol = 1e-4, memory = 10}: {maxIter?: number; gtol?: number; memory?: number} = {}
): LbfgsResult {
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  const S: Float64Array[] = [],
    Y: Float64Array[] = [],
    rho: number[] = [];
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i] * b[i];
    return s;
  };
  const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  let it = 0;
  for (; it < maxIter && maxAbs(g) > gtol; it++) {
    // Two-loop recursion: d = −H·g.
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], q);
      for (let i = 0; i < n; i++) q[i] -= alpha[k] * Y[k][i];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, maxAbs(g));
    for (let i = 0; i < n; i++) q[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = rho[k] * dot(Y[k], q);
      for (let i = 0; i < n; i++) q[i] += S[k][i] * (alpha[k] - b);
    }
    const d = q.map((v) => -v);
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction (curvature lost): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = dot(g, d);
    }
    let step = 1;
    const xNew = new Float64Array(n),
      gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let ls = 0; ls < 50; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f) && !(fNew <= f)) break;
    const s = xNew.map((v, i) => v - x[i]);
    const y = gNew.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > memory) S.shift(), Y.shift(), rho.shift();
    }
    x = xNew.slice();
    g = gNew.slice();
    f = fNew;
  }
  return {x, f, iterations: it, converged: maxAbs(g) <= gtol};
}
