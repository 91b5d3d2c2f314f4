#!/usr/bin/env python3
"""scikit-learn side of `npm run bench`: makes the benchmark problem, times each model's fit and
predict on it (single-threaded), and writes data and timings as JSON to the path given."""
import json, sys, time, os
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier, GradientBoostingClassifier, HistGradientBoostingClassifier

X, y = make_classification(n_samples=3000, n_features=100, n_informative=30, n_redundant=10, n_classes=3,
                           n_clusters_per_class=2, class_sep=1.0, flip_y=0.03, random_state=1)
X = StandardScaler().fit_transform(X)
Xtr, ytr, Xte, yte = X[:2000], y[:2000], X[2000:], y[2000:]
models = {
    "SVM (RBF, C 10, probabilities)": SVC(C=10, gamma="scale", probability=True, random_state=0),
    "Logistic regression (C 1)": LogisticRegression(C=1, max_iter=1000),
    "Random forest (200 trees)": RandomForestClassifier(n_estimators=200, random_state=0, n_jobs=1),
    # Ours grows histogram trees: the same algorithm as HistGradientBoostingClassifier (255 bins).
    "Gradient boosting (100 × depth 3)": HistGradientBoostingClassifier(max_iter=100, max_depth=3, learning_rate=0.1, early_stopping=False, random_state=0),
}
timings = {}
RUNS = 3  # best of three fits and predictions; the bench times ours the same way
for name, m in models.items():
    fit = predict = float("inf")
    for _ in range(RUNS):
        t = time.perf_counter(); m.fit(Xtr, ytr); fit = min(fit, time.perf_counter() - t)
        t = time.perf_counter(); p = m.predict_proba(Xte); pred = m.predict(Xte); predict = min(predict, time.perf_counter() - t)
    timings[name] = {"fit": fit, "predict": predict, "accuracy": float((pred == yte).mean())}
h = GradientBoostingClassifier(n_estimators=100, max_depth=3, learning_rate=0.1, random_state=0)
t = time.perf_counter(); h.fit(Xtr, ytr); fit = time.perf_counter() - t
t = time.perf_counter(); pred = h.predict(Xte); predict = time.perf_counter() - t
timings["(exact GradientBoosting, for reference)"] = {"fit": fit, "predict": predict, "accuracy": float((pred == yte).mean())}
json.dump({"sklearn": sklearn.__version__, "Xtr": Xtr.tolist(), "ytr": ytr.tolist(), "Xte": Xte.tolist(), "yte": yte.tolist(), "timings": timings}, open(sys.argv[1], "w"))
