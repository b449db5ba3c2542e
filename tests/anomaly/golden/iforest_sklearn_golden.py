#!/usr/bin/python3
"""Golden figures for tests/anomaly/tst_isolationforest.cpp from scikit-learn's IsolationForest.

Run once (Debian 12: apt-get install python3-sklearn, scikit-learn 1.2.1), from the repository root:
    /usr/bin/python3 tests/anomaly/golden/iforest_sklearn_golden.py tests/data/anomaly
It writes the input data sets and, per data point, the mean and standard deviation of score_samples
over many random_state values, so the C++ forest (which cannot reproduce sklearn's random streams)
is compared statistically. The data sets are drawn from fixed numpy seeds, so re-running gives the
same files.
"""
import csv
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/data/anomaly"


def write_rows(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([repr(float(v)) for v in r])


def score_stats(X, seeds, contamination=None):
    scores = []
    offsets = []
    for s in range(seeds):
        kw = {} if contamination is None else {"contamination": contamination}
        clf = IsolationForest(random_state=s, **kw).fit(X)
        scores.append(clf.score_samples(X))
        offsets.append(clf.offset_)
    scores = np.array(scores)
    return scores.mean(axis=0), scores.std(axis=0, ddof=1), np.array(offsets)


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = [["sklearn_version", sklearn.__version__]]

    # 1. The docstring example of sklearn.ensemble.IsolationForest.
    X = np.array([[-1.1], [0.3], [0.5], [100]])
    clf = IsolationForest(random_state=0).fit(X)
    seed0 = clf.score_samples(X)
    meta.append(["docstring_predict_0.1_0_90", " ".join(str(v) for v in clf.predict([[0.1], [0], [90]]))])
    mean, sd, _ = score_stats(X, 500)
    write_rows("iforest_docstring_sklearn.csv", ["x", "score_mean", "score_sd", "score_seed0"],
               [(X[i, 0], mean[i], sd[i], seed0[i]) for i in range(len(X))])

    # 2. Two features, 56 normal points and 4 outliers; n < 256 so every tree sees every row.
    rng = np.random.RandomState(42)
    X2 = np.vstack([rng.normal(0, 1, size=(56, 2)), [[4, 4], [-4, 3], [5, -5], [0, 6]]])
    write_rows("iforest_parity2d_input.csv", ["x0", "x1"], X2)
    mean, sd, offsets = score_stats(X2, 300, contamination=0.1)
    write_rows("iforest_parity2d_sklearn.csv", ["score_mean", "score_sd"], zip(mean, sd))
    meta.append(["parity2d_seeds", 300])
    meta.append(["parity2d_offset_c0.1_mean", repr(float(offsets.mean()))])
    meta.append(["parity2d_offset_c0.1_sd", repr(float(offsets.std(ddof=1)))])

    # 3. Three features, 600 rows (max_samples = 256: subsampling without replacement), 12 outliers.
    rng = np.random.RandomState(7)
    X3 = rng.normal(0, 1, size=(600, 3))
    X3[:, 1] = 0.5 * X3[:, 0] + 0.5 * X3[:, 1]
    X3[::50] += rng.choice([-1, 1], size=(12, 3)) * 4.0
    write_rows("iforest_parity600_input.csv", ["x0", "x1", "x2"], X3)
    mean, sd, _ = score_stats(X3, 100)
    write_rows("iforest_parity600_sklearn.csv", ["score_mean", "score_sd"], zip(mean, sd))
    meta.append(["parity600_seeds", 100])

    # 4. Constant data: no split is possible, every tree is a single leaf.
    Xc = np.full((10, 2), 3.0)
    meta.append(["constant_score", repr(float(IsolationForest(random_state=0).fit(Xc).score_samples(Xc)[0]))])

    with open(os.path.join(OUT, "iforest_sklearn_meta.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "value"])
        w.writerows(meta)


if __name__ == "__main__":
    main()
