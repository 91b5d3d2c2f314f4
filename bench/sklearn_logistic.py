#!/usr/bin/env python3
"""scikit-learn side of `npm run bench logistic`: times LogisticRegression(C=1, lbfgs, multinomial)
single-threaded on the float64 matrix and int32 labels the bench wrote, and prints JSON."""
import json, os, sys, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

rows, cols, xpath, ypath = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
X = np.fromfile(xpath, dtype="<f8").reshape(rows, cols)
y = np.fromfile(ypath, dtype="<i4")
best = float("inf")
for _ in range(2):
    t = time.perf_counter(); m = LogisticRegression(C=1.0, max_iter=1000).fit(X, y); best = min(best, time.perf_counter() - t)
print(json.dumps({"sklearn": sklearn.__version__, "fit": best, "iterations": int(m.n_iter_[0]), "accuracy": float((m.predict(X) == y).mean())}))
