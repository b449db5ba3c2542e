#!/usr/bin/python3
"""Times statsmodels (Debian python3-statsmodels) on the fits bench_forecast times, for comparison.

    /usr/bin/python3 tests/forecast/golden/bench_statsmodels.py [series=20]

statsmodels has no automatic order selection (pmdarima is not packaged in Debian), so the batch row
times a fixed SARIMA(1,1,1)(1,1,1,7) per metric and extrapolates to 1,000 metrics on two processes.
"""
import math
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.simplefilter("ignore")
here = os.path.dirname(os.path.abspath(__file__))
data_dir = os.path.normpath(os.path.join(here, "..", "..", "data", "forecast"))


def daily_series(days, seed):
    """The generator of bench_forecast.cpp (same LCG, same numbers)."""
    seed &= 0xFFFFFFFF
    y = np.empty(days)
    level = 1000.0 + (seed % 97)
    e1 = 0.0
    weekly = [0.0, 12.0, 15.0, 14.0, 10.0, -20.0, -31.0]

    def noise():
        nonlocal seed
        seed = (seed * 1664525 + 1013904223) & 0xFFFFFFFF
        u1 = ((seed >> 8) + 1.0) / float(1 << 24)
        seed = (seed * 1664525 + 1013904223) & 0xFFFFFFFF
        u2 = (seed >> 8) / float(1 << 24)
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    for t in range(days):
        e = noise() * 8.0
        level += 0.3 + 0.2 * noise()
        y[t] = level + weekly[t % 7] + e + 0.5 * e1
        e1 = e
    return y


def median_ms(repeats, fn):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    times.sort()
    return times[len(times) // 2]


n_series = int(sys.argv[1]) if len(sys.argv) > 1 else 20
air = np.log(pd.read_csv(os.path.join(data_dir, "AirPassengers.csv"))["value"].to_numpy(dtype=float))
airline = lambda: SARIMAX(air, order=(0, 1, 1), seasonal_order=(0, 1, 1, 12)).fit(disp=False)
print("statsmodels airline fit n=144 (defaults):                 %8.1f ms" % median_ms(5, airline))
airline_c = lambda: SARIMAX(air, order=(0, 1, 1), seasonal_order=(0, 1, 1, 12), concentrate_scale=True).fit(disp=False)
print("statsmodels airline fit n=144 (concentrate_scale=True):   %8.1f ms" % median_ms(5, airline_c))
daily = daily_series(1095, 42)
weekly = lambda: SARIMAX(daily, order=(1, 1, 1), seasonal_order=(1, 1, 1, 7)).fit(disp=False)
print("statsmodels daily n=1095 SARIMA(1,1,1)(1,1,1,7) fit:      %8.1f ms" % median_ms(3, weekly))
t0 = time.perf_counter()
for i in range(n_series):
    SARIMAX(daily_series(730, 1000 + i), order=(1, 1, 1), seasonal_order=(1, 1, 1, 7)).fit(disp=False)
per = (time.perf_counter() - t0) / n_series
print("statsmodels fixed SARIMA(1,1,1)(1,1,1,7), n=730:          %8.1f ms per metric -> %.0f s for 1,000 on 2 cores"
      % (per * 1000.0, per * 1000 / 2))
