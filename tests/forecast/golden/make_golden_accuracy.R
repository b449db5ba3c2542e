#!/usr/bin/Rscript
# Accuracy test bed for the automatic model choice (issue 20): monthly, quarterly and yearly series
# from R's `datasets` package (whole, earlier cut-offs, and monthly series aggregated to quarters and
# years) plus seeded simulations, each with its last 18 / 8 / 6 values held out and the forecasts of
# forecast::auto.arima, ets and thetaf (R 4.2, forecast 8.20, default arguments) with 80/95% intervals.
# eval_forecast compares SmartData's models with them. Development machines only:
#   Rscript tests/forecast/golden/make_golden_accuracy.R
# Writes tests/forecast/golden/accuracy_testbed.json (R is never needed to build or run the tests).
suppressMessages(library(forecast))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("--file=", "", args[grep("--file=", args)]))
out_file <- file.path(dirname(script), "accuracy_testbed.json")

horizons <- c("1" = 6L, "4" = 8L, "12" = 18L)
cases <- list()
pack <- function(fc) list(mean = as.numeric(fc$mean), lower80 = as.numeric(fc$lower[, 1]),
  upper80 = as.numeric(fc$upper[, 1]), lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2]))
add <- function(name, x) {
  x <- as.ts(x)
  m <- frequency(x)
  h <- horizons[[as.character(m)]]
  n <- length(x)
  if (any(is.na(x)) || n < h + max(2 * m, 10) + 2) return(invisible())
  train <- ts(as.numeric(x)[1:(n - h)], frequency = m)
  test <- as.numeric(x)[(n - h + 1):n]
  out <- list(name = name, period = as.integer(m), train = as.numeric(train), test = test)
  r <- tryCatch(list(
    arima = pack(forecast(auto.arima(train), h = h)),
    ets = pack(forecast(ets(train), h = h)),
    theta = pack(thetaf(train, h = h)),
    snaive = pack(snaive(train, h = h))), error = function(e) NULL)
  if (is.null(r)) return(invisible())
  out$r <- r
  cases[[length(cases) + 1]] <<- out
}
# The whole series, and the series cut `cuts` periods earlier (a different held-out stretch).
variants <- function(name, x, cuts) {
  add(name, x)
  m <- frequency(x)
  for (k in cuts) {
    n <- length(x) - k * m
    if (n < 4 * m + 10) next
    add(sprintf("%s[1:%d]", name, n), ts(as.numeric(x)[1:n], frequency = m))
  }
}
agg <- function(x, nf) aggregate(x, nfrequency = nf)

monthly <- list(AirPassengers = AirPassengers, co2 = co2, fdeaths = fdeaths, ldeaths = ldeaths,
  mdeaths = mdeaths, nottem = nottem, UKDriverDeaths = UKDriverDeaths, USAccDeaths = USAccDeaths,
  Seatbelts.front = Seatbelts[, "front"], Seatbelts.rear = Seatbelts[, "rear"],
  Seatbelts.kms = Seatbelts[, "kms"], Seatbelts.PetrolPrice = Seatbelts[, "PetrolPrice"],
  Seatbelts.VanKilled = Seatbelts[, "VanKilled"], Seatbelts.drivers = Seatbelts[, "drivers"],
  sunspot.month = window(sunspot.month, start = c(1900, 1), end = c(1929, 12)),
  sunspot.month2 = window(sunspot.month, start = c(1960, 1), end = c(1983, 12)))
for (nm in names(monthly)) variants(nm, monthly[[nm]], c(2, 4))

quarterly <- list(austres = austres, JohnsonJohnson = JohnsonJohnson, UKgas = UKgas,
  presidents = ts(zoo::na.approx(presidents), frequency = 4))
for (nm in names(monthly)) quarterly[[paste0(nm, ".q")]] <- agg(monthly[[nm]], 4)
for (nm in names(quarterly)) variants(nm, quarterly[[nm]], c(3))

yearly <- list(airmiles = airmiles, discoveries = discoveries, LakeHuron = LakeHuron,
  lynx = lynx, nhtemp = nhtemp, Nile = Nile, sunspot.year = ts(as.numeric(window(sunspot.year, 1900))),
  WWWusage = WWWusage, lh = lh, BJsales = BJsales, treering = ts(treering[7900:7980]),
  co2.y = agg(co2, 1), nottem.y = agg(nottem, 1), UKgas.y = agg(UKgas, 1),
  austres.y = agg(austres, 1), JohnsonJohnson.y = agg(JohnsonJohnson, 1))
for (nm in names(yearly)) variants(nm, yearly[[nm]], c(8, 16))

# Seeded simulations (R's generators, fixed seeds): positive seasonal and trending series.
set.seed(2020)
for (i in 1:10) {
  lvl <- 200 + cumsum(rnorm(120, 0.5, 2))
  seas <- rep(20 * sin(2 * pi * (1:12) / 12) * runif(1, 0.3, 1.5), 10)
  add(sprintf("sim.monthly.%d", i), ts(lvl + seas + rnorm(120, 0, 4), frequency = 12))
  mult <- exp(cumsum(rnorm(48, 0.01, 0.03))) * rep(c(1, 1.2, 0.9, 0.8) , 12)
  add(sprintf("sim.quarterly.%d", i), ts(100 * mult * exp(rnorm(48, 0, 0.03)), frequency = 4))
  add(sprintf("sim.yearly.%d", i), ts(50 + cumsum(arima.sim(list(ar = 0.5), n = 40) + 0.8)))
}

writeLines(toJSON(list(forecast_version = as.character(packageVersion("forecast")),
                       r_version = R.version.string, cases = cases),
                  auto_unbox = TRUE, digits = NA), out_file)
cat(length(cases), "cases\n")
