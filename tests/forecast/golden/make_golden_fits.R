#!/usr/bin/Rscript
# Reference fits from R's stats::arima for tst_sarimax (development machines only):
#   Rscript tests/forecast/golden/make_golden_fits.R
# Writes tests/forecast/golden/golden_fits.json. Each case fits a model where the data are already
# differenced (no diffuse prior), so R's log-likelihood is the exact one SmartData computes.
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("--file=", "", args[grep("--file=", args)]))
out_file <- file.path(dirname(script), "golden_fits.json")

fit_case <- function(name, x, order, seasonal = c(0, 0, 0), period = 1, xreg = NULL, include.mean = TRUE) {
  f <- arima(x, order = order, seasonal = list(order = seasonal, period = period), xreg = xreg,
             include.mean = include.mean, method = "ML", optim.control = list(reltol = 1e-12, maxit = 1000))
  list(name = name, values = as.numeric(x), period = period, order = order, seasonal = seasonal,
       xreg = if (is.null(xreg)) NULL else as.numeric(xreg), include_mean = include.mean,
       coef = as.list(coef(f)), loglik = f$loglik, sigma2 = f$sigma2)
}
cases <- list(
  # A pure seasonal AR: the covariance of the first s - 1 steps does not change.
  fit_case("fdeaths_sar2", diff(fdeaths, lag = 12), c(0, 0, 0), c(2, 0, 0), 12, include.mean = FALSE),
  fit_case("UKgas_sar1_ar1", diff(log(UKgas), lag = 4), c(1, 0, 0), c(1, 0, 0), 4, include.mean = TRUE),
  # ?arima's example: AR(2) errors near the unit root around a linear trend, on a centred time index
  # and on the raw years (the intercept then lies far from the data).
  fit_case("LakeHuron_ar2_trend", LakeHuron, c(2, 0, 0), xreg = time(LakeHuron) - 1920),
  fit_case("LakeHuron_ar2_years", LakeHuron, c(2, 0, 0), xreg = as.numeric(time(LakeHuron))),
  fit_case("LakeHuron_arma11_years", LakeHuron, c(1, 0, 1), xreg = as.numeric(time(LakeHuron))),
  fit_case("Nile_ar1_trend", Nile, c(1, 0, 0), xreg = as.numeric(time(Nile))),
  fit_case("uspop_ar2_trend", log(uspop), c(2, 0, 0), xreg = as.numeric(time(uspop)))
)
writeLines(toJSON(list(r_version = R.version.string, cases = cases), auto_unbox = TRUE, digits = NA), out_file)
for (c in cases) cat(c$name, c$loglik, unlist(c$coef), "\n")
