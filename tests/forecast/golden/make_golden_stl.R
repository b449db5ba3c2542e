#!/usr/bin/Rscript
# Golden figures for the seasonal (nsdiffs, STL) and non-seasonal (ndiffs, KPSS) differencing tests of
# tst_autoarima, from Debian's r-base-core and r-cran-forecast (development machines only):
#   Rscript tests/forecast/golden/make_golden_stl.R
# Writes tests/data/forecast/golden_stl.json: the series themselves, stats::stl components for
# s.window = 11 (what forecast::mstl uses for a single period) and "periodic", the seasonal strength of
# forecast's seas.heuristic, nsdiffs(test = "seas"), and ndiffs (KPSS) before and after the seasonal
# difference auto.arima would take.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("--file=", "", args[grep("--file=", args)]))
out_dir <- normalizePath(file.path(dirname(script), "..", "..", "data", "forecast"))

num <- function(x) paste0("[", paste(sprintf("%.15g", as.numeric(x)), collapse = ","), "]")

# Simulated daily KPIs with a weekly pattern of varying strength (seeded, so reproducible).
set.seed(20261126)
days <- 730
weekly <- c(0, 12, 15, 14, 10, -20, -31)
sim <- function(amplitude, noise_sd, drift) {
  e <- rnorm(days, sd = noise_sd)
  level <- 1000 + cumsum(drift + rnorm(days, sd = 0.2))
  ts(level + amplitude * weekly[(seq_len(days) - 1) %% 7 + 1] + e + 0.5 * c(0, head(e, -1)), frequency = 7)
}
seasonal_cases <- list(
  list(name = "log_airpassengers", x = log(AirPassengers)),
  list(name = "usaccdeaths", x = USAccDeaths),
  list(name = "nottem", x = nottem),
  list(name = "co2", x = co2),
  list(name = "ukgas", x = UKgas),
  list(name = "austres", x = austres),
  list(name = "ldeaths", x = ldeaths),
  list(name = "daily_strong", x = sim(1.0, 8, 0.3)),
  list(name = "daily_medium", x = sim(0.25, 8, 0.3)),
  list(name = "daily_border_low", x = sim(0.42, 8, 0.3)),
  list(name = "daily_border_mid", x = sim(0.46, 8, 0.3)),
  list(name = "daily_border_high", x = sim(0.5, 8, 0.3)),
  list(name = "daily_weak", x = sim(0.1, 8, 0.3)),
  list(name = "daily_none", x = sim(0.0, 8, 0.0)),
  list(name = "weekly_random_walk", x = ts(cumsum(rnorm(400)), frequency = 7))
)
entries <- character()
for (case in seasonal_cases) {
  x <- case$x
  m <- frequency(x)
  fit <- stl(x, s.window = 11)
  per <- stl(x, s.window = "periodic")
  strength <- forecast:::seas.heuristic(x)
  D <- nsdiffs(x)
  xd <- if (D > 0) diff(x, lag = m, differences = D) else x
  entries <- c(entries, paste0(
    "    {\"name\": \"", case$name, "\", \"period\": ", m,
    ", \"values\": ", num(x),
    ", \"stl11_seasonal\": ", num(fit$time.series[, "seasonal"]),
    ", \"stl11_trend\": ", num(fit$time.series[, "trend"]),
    ", \"periodic_seasonal\": ", num(per$time.series[, "seasonal"]),
    sprintf(", \"seasonal_strength\": %.17g", strength),
    sprintf(", \"nsdiffs\": %d", D),
    sprintf(", \"ndiffs_after_seasonal\": %d", ndiffs(xd)),
    "}"))
}
ndiffs_cases <- list(
  list(name = "wwwusage", x = WWWusage),
  list(name = "nile", x = Nile),
  list(name = "lynx", x = lynx),
  list(name = "lakehuron", x = LakeHuron),
  list(name = "log_airpassengers", x = as.numeric(log(AirPassengers))),
  list(name = "austres", x = as.numeric(austres)),
  list(name = "white_noise", x = rnorm(200)),
  list(name = "random_walk", x = cumsum(rnorm(300))),
  list(name = "integrated_twice", x = cumsum(cumsum(rnorm(300))))
)
nentries <- character()
for (case in ndiffs_cases) {
  x <- as.numeric(case$x)
  nentries <- c(nentries, sprintf("    {\"name\": \"%s\", \"values\": %s, \"ndiffs\": %d}", case$name, num(x), ndiffs(x)))
}
# Regression with ARIMA errors: auto.arima chooses D and d on the residuals of lm(y ~ xreg). Here the
# weekly pattern is carried by the regressor, so y alone looks seasonal and the residuals do not.
xr <- rep(c(0, 1, 1, 1, 1, 0, 0), length.out = 420)
yr <- ts(200 + cumsum(rnorm(420, sd = 0.5)) + 25 * xr + rnorm(420, sd = 2), frequency = 7)
fitr <- auto.arima(yr, xreg = cbind(x1 = xr))
xreg_case <- paste0(
  "  \"xreg_case\": {\"period\": 7, \"values\": ", num(yr), ", \"x1\": ", num(xr),
  sprintf(", \"nsdiffs_y\": %d, \"nsdiffs_residuals\": %d", nsdiffs(yr), nsdiffs(ts(residuals(lm(yr ~ xr)), frequency = 7))),
  ", \"auto_order\": ", paste0("[", paste(arimaorder(fitr), collapse = ","), "]"), "},")
lines <- c(
  "{",
  xreg_case,
  sprintf('  "r_version": "%s", "forecast_version": "%s",', paste(R.version$major, R.version$minor, sep = "."),
          as.character(packageVersion("forecast"))),
  '  "seasonal": [',
  paste(entries, collapse = ",\n"),
  '  ],',
  '  "ndiffs": [',
  paste(nentries, collapse = ",\n"),
  '  ]',
  "}")
writeLines(lines, file.path(out_dir, "golden_stl.json"))
cat(sprintf("%-20s %s\n", sapply(seasonal_cases, `[[`, "name"),
            sapply(seasonal_cases, function(c) sprintf("%.4f D=%d", forecast:::seas.heuristic(c$x), nsdiffs(c$x)))))
