#!/usr/bin/python3
"""Times scikit-learn's IsolationForest on the data bench_anomaly.cpp uses (same LCG generator):
fit + score_samples, 100 trees, 10,000 rows x 8 features; and, for scale, a numpy rolling z.
Run: /usr/bin/python3 tests/anomaly/golden/bench_sklearn.py [repeats]
"""
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

MASK = (1 << 64) - 1


def forest_data(rows, cols):
    state = 12345
    X = np.empty((rows, cols))
    for i in range(rows):
        for j in range(cols):
            state = (state * 6364136223846793005 + 1442695040888963407) & MASK
            v = (state >> 11) * 2.0**-53 + 0.5 * np.sin(0.01 * i * (j + 1))
            if i % 500 == 0 and j == (i // 500) % cols:
                v += 5.0
            X[i, j] = v
    return X


def timed(repeats, fn):
    ms = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1000)
    ms.sort()
    return ms[0], ms[len(ms) // 2]


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    X = forest_data(10000, 8)
    result = {}

    def fit_score():
        clf = IsolationForest(n_estimators=100, random_state=0).fit(X)
        result["mean"] = clf.score_samples(X).mean()

    best, median = timed(repeats, fit_score)
    print(f"scikit-learn {sklearn.__version__} IsolationForest fit + score_samples, 100 trees, 10,000 x 8: "
          f"best {best:.1f} ms  median {median:.1f} ms  (mean score {result['mean']:.5f})")

    n, w = 1_000_000, 7
    i = np.arange(n)
    v = 1000.0 + 100.0 * np.sin(i * 0.8975979) + 30.0 * np.random.RandomState(0).rand(n)
    windows = np.lib.stride_tricks.sliding_window_view(v[:-1], w)

    def rolling_z():
        mean = windows.mean(axis=1)
        sd = windows.std(axis=1, ddof=1)
        return (v[w:] - mean) / sd

    def robust_z():
        med = np.median(windows, axis=1)
        mad = np.median(np.abs(windows - med[:, None]), axis=1)
        return (v[w:] - med) / (1.4826 * mad)

    best, median = timed(3, rolling_z)
    print(f"numpy rolling z (sliding_window_view), 1,000,000 points, window 7: best {best:.1f} ms  median {median:.1f} ms")
    best, median = timed(3, robust_z)
    print(f"numpy robust z (sliding_window_view), 1,000,000 points, window 7: best {best:.1f} ms  median {median:.1f} ms")


if __name__ == "__main__":
    main()
