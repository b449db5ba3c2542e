#!/usr/bin/Rscript
# Golden figures for tst_autoarima from Debian's r-cran-forecast (development machines only):
#   Rscript tests/forecast/golden/make_golden.R
# Writes tests/data/forecast/golden_r.json and tests/data/forecast/wwwusage.csv.
suppressMessages(library(forecast))
suppressMessages(library(urca))
args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("--file=", "", args[grep("--file=", args)]))
out_dir <- normalizePath(file.path(dirname(script), "..", "..", "data", "forecast"))

write.csv(data.frame(value = as.numeric(WWWusage)), file.path(out_dir, "wwwusage.csv"), row.names = FALSE)
kp <- ur.kpss(WWWusage, type = "mu", use.lag = trunc(3 * sqrt(length(WWWusage)) / 13))@teststat
la <- log(AirPassengers)
fit <- auto.arima(la)
wpi <- read.csv(file.path(out_dir, "wpi1.csv"))$value
fitw <- auto.arima(ts(wpi, frequency = 4))
fitu <- auto.arima(WWWusage)
j <- function(x) paste0("[", paste(x, collapse = ","), "]")
lines <- c(
  "{",
  sprintf('  "forecast_version": "%s",', as.character(packageVersion("forecast"))),
  sprintf('  "kpss_wwwusage": %.10f,', kp),
  sprintf('  "ndiffs_wwwusage": %d,', ndiffs(WWWusage)),
  sprintf('  "nsdiffs_log_airpassengers": %d,', nsdiffs(la)),
  sprintf('  "ndiffs_log_airpassengers_after_seasonal": %d,', ndiffs(diff(la, lag = 12))),
  sprintf('  "auto_log_airpassengers": %s,', j(arimaorder(fit))),
  sprintf('  "auto_log_airpassengers_aicc": %.6f,', fit$aicc),
  sprintf('  "auto_wpi": %s,', j(arimaorder(fitw))),
  sprintf('  "auto_wwwusage": %s', j(arimaorder(fitu))),
  "}")
writeLines(lines, file.path(out_dir, "golden_r.json"))
cat(lines, sep = "\n")
