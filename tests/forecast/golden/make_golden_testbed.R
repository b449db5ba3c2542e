#!/usr/bin/Rscript
# Test bed for the automatic order selection: series from R's `datasets` package (whole, log, and
# windows of them) plus a few seeded simulations, each with the order forecast::auto.arima chooses
# (R 4.2, forecast 8.20, default arguments). tst_autoarima reports how often AutoArima agrees and
# fails below a floor; bench_forecast times the selection on them. Development machines only:
#   Rscript tests/forecast/golden/make_golden_testbed.R
# Writes tests/forecast/golden/autoarima_testbed.json (R is never needed to build or run the tests).
suppressMessages(library(forecast))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("--file=", "", args[grep("--file=", args)]))
out_file <- file.path(dirname(script), "autoarima_testbed.json")

cases <- list()
add <- function(name, x) {
  x <- as.ts(x)
  fit <- tryCatch(auto.arima(x), error = function(e) NULL)
  if (is.null(fit)) return(invisible())
  o <- arimaorder(fit)
  m <- frequency(x)
  ord <- if (length(o) == 7) as.integer(o[1:6]) else c(as.integer(o[1:3]), 0L, 0L, 0L)
  constant <- any(names(coef(fit)) %in% c("intercept", "drift"))
  cases[[length(cases) + 1]] <<- list(name = name, period = as.integer(round(m)),
    values = as.numeric(x), order = ord, constant = constant, aicc = fit$aicc,
    coef = as.list(coef(fit)))
}
windows <- function(name, x, lengths) {
  n <- length(x)
  m <- frequency(x)
  for (L in lengths) {
    if (L >= n) next
    add(sprintf("%s[1:%d]", name, L), ts(as.numeric(x)[1:L], frequency = m))
    add(sprintf("%s[%d:%d]", name, n - L + 1, n), ts(as.numeric(x)[(n - L + 1):n], frequency = m))
  }
}

# Monthly
monthly <- list(AirPassengers = AirPassengers, logAirPassengers = log(AirPassengers), co2 = co2,
  fdeaths = fdeaths, ldeaths = ldeaths, mdeaths = mdeaths, nottem = nottem,
  UKDriverDeaths = UKDriverDeaths, USAccDeaths = USAccDeaths,
  Seatbelts.front = Seatbelts[, "front"], Seatbelts.rear = Seatbelts[, "rear"],
  Seatbelts.kms = Seatbelts[, "kms"], Seatbelts.PetrolPrice = Seatbelts[, "PetrolPrice"],
  Seatbelts.VanKilled = Seatbelts[, "VanKilled"],
  sunspot.month = window(sunspot.month, start = c(1900, 1), end = c(1919, 12)))
for (nm in names(monthly)) {
  add(nm, monthly[[nm]])
  windows(nm, monthly[[nm]], c(60, 96, 132))
}
# Quarterly
quarterly <- list(austres = austres, freeny.y = freeny.y, JohnsonJohnson = JohnsonJohnson,
  logJohnsonJohnson = log(JohnsonJohnson), UKgas = UKgas, logUKgas = log(UKgas),
  presidents = ts(zoo::na.approx(presidents), frequency = 4))
for (nm in names(quarterly)) {
  add(nm, quarterly[[nm]])
  windows(nm, quarterly[[nm]], c(32, 48, 64))
}
# Yearly
yearly <- list(airmiles = airmiles, BJsales = BJsales, BJsales.lead = BJsales.lead,
  discoveries = discoveries, LakeHuron = LakeHuron, lh = lh, lynx = lynx, loglynx = log(lynx),
  nhtemp = nhtemp, Nile = Nile, sunspot.year = sunspot.year, WWWusage = WWWusage,
  uspop = ts(as.numeric(uspop)), treering = ts(treering[7000:7980]))
for (nm in names(yearly)) {
  add(nm, yearly[[nm]])
  windows(nm, yearly[[nm]], c(30, 50, 80))
}
# Seeded simulations (the generators are R's; the seeds fix them)
set.seed(20)
for (i in 1:6) {
  add(sprintf("sim.ar2.%d", i), ts(cumsum(arima.sim(list(ar = c(0.5, -0.3)), n = 60)) + 100))
  add(sprintf("sim.ma1.%d", i), ts(arima.sim(list(order = c(0, 1, 1), ma = -0.6), n = 80)[-1] + 50))
  add(sprintf("sim.ima.monthly.%d", i), ts(10 + arima.sim(list(order = c(0, 1, 1), ma = -0.4),
    n = 120)[-1], frequency = 12))
}

writeLines(toJSON(list(forecast_version = as.character(packageVersion("forecast")),
                       r_version = R.version.string, cases = cases),
                  auto_unbox = TRUE, digits = NA), out_file)
cat(length(cases), "cases\n")
