#!/usr/bin/env python3
"""numpy side of the bench's dense-product reference: A·Bᵀ for two 512 × 512 float64 matrices on one
thread (the BLAS scikit-learn's PCA and logistic regression run on), best of five; prints JSON."""
import json, os, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np

n = 512
rng = np.random.default_rng(7)
A, B = rng.random((n, n)), rng.random((n, n))
best = float("inf")
for _ in range(5):
    t = time.perf_counter(); A @ B.T; best = min(best, time.perf_counter() - t)
print(json.dumps({"numpy": np.__version__, "seconds": best, "gmacs": n ** 3 / best / 1e9}))
