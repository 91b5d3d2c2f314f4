#!/usr/bin/env python3
"""scikit-learn side of `npm run bench pca`: times PCA(0.95, full SVD) single-threaded on the
float64 matrices the bench wrote (rows, cols, path triples), and prints JSON timings."""
import json, os, sys, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import sklearn
from sklearn.decomposition import PCA

out = {"sklearn": sklearn.__version__, "runs": []}
for rows, cols, path in zip(*[iter(sys.argv[1:])] * 3):
    X = np.fromfile(path, dtype="<f8").reshape(int(rows), int(cols))
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter(); p = PCA(n_components=0.95, svd_solver="full").fit(X); best = min(best, time.perf_counter() - t)
    out["runs"].append({"rows": int(rows), "cols": int(cols), "fit": best, "components": int(p.n_components_)})
print(json.dumps(out))
