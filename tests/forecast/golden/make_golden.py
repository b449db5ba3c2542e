#!/usr/bin/python3
"""Golden figures for tst_sarimax from Debian's python3-statsmodels (development machines only).

    /usr/bin/python3 tests/forecast/golden/make_golden.py

Writes tests/data/forecast/airline_gaps.csv (log AirPassengers with three values removed) and
tests/data/forecast/golden_statsmodels.json. Never needed at build or test time.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.simplefilter("ignore")
here = os.path.dirname(os.path.abspath(__file__))
data_dir = os.path.normpath(os.path.join(here, "..", "..", "data", "forecast"))

air = pd.read_csv(os.path.join(data_dir, "AirPassengers.csv"))
y = np.log(air["value"].to_numpy(dtype=float))
gaps = [30, 31, 100]
yg = y.copy()
yg[gaps] = np.nan
pd.DataFrame({"date": air["date"], "value": yg}).to_csv(
    os.path.join(data_dir, "airline_gaps.csv"), index=False, na_rep="")

out = {"statsmodels_version": statsmodels.__version__, "gaps": gaps}


def airline(series, **kw):
    return SARIMAX(series, order=(0, 1, 1), seasonal_order=(0, 1, 1, 12), **kw)


# Default statsmodels conventions (state differencing, approximate diffuse, sigma2 estimated).
res = airline(yg).fit(disp=False)
fc = res.get_forecast(3)
out["gaps_default"] = {
    "params": dict(zip(res.model.param_names, map(float, res.params))),
    "llf": float(res.llf),
    "forecast_mean": list(map(float, fc.predicted_mean)),
    "forecast_se": list(map(float, fc.se_mean)),
}
# Concentrated scale, as our engine estimates.
resc = airline(yg, concentrate_scale=True).fit(disp=False)
fcc = resc.get_forecast(3)
out["gaps_concentrated"] = {
    "params": dict(zip(resc.model.param_names, map(float, resc.params))),
    "llf": float(resc.llf),
    "scale": float(resc.scale),
    "forecast_mean": list(map(float, fcc.predicted_mean)),
    "forecast_se": list(map(float, fcc.se_mean)),
}
# Likelihood at fixed parameters on the gappy series (filter check without optimisation).
fixed = [-0.4, -0.55]
out["gaps_llf_at_fixed"] = {"params": fixed,
                            "llf": float(airline(yg, concentrate_scale=True).loglike(fixed))}

# The complete series for reference.
resf = airline(y, concentrate_scale=True).fit(disp=False)
out["airline_concentrated"] = {
    "params": dict(zip(resf.model.param_names, map(float, resf.params))),
    "llf": float(resf.llf), "aic": float(resf.aic), "bic": float(resf.bic), "hqic": float(resf.hqic),
}

with open(os.path.join(data_dir, "golden_statsmodels.json"), "w") as f:
    json.dump(out, f, indent=2, sort_keys=True)
print(json.dumps(out, indent=2, sort_keys=True))
