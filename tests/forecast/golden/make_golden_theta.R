#!/usr/bin/Rscript
# forecast::thetaf (forecast 8.20) on series of R's datasets package, for tst_theta (development
# machines only):  Rscript tests/forecast/golden/make_golden_theta.R
# Writes tests/forecast/golden/golden_theta.json.
suppressMessages(library(forecast))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("--file=", "", args[grep("--file=", args)]))
out_file <- file.path(dirname(script), "golden_theta.json")

theta_case <- function(name, x) {
  f <- thetaf(x)
  m <- frequency(x)
  seasonal <- FALSE
  n <- length(x)
  if (m > 1 && !is.constant(x) && n > 2 * m) {
    r <- as.numeric(acf(x, lag.max = m, plot = FALSE)$acf)[-1]
    seasonal <- abs(r[m]) / sqrt((1 + 2 * sum(r[-m]^2)) / n) > qnorm(0.95)
  }
  list(name = name, period = as.integer(m), values = as.numeric(x), h = length(f$mean),
       seasonal = seasonal, alpha = as.numeric(f$model$alpha), drift = as.numeric(f$model$drift),
       sigma2 = as.numeric(f$model$sigma), mean = as.numeric(f$mean),
       lower80 = as.numeric(f$lower[, 1]), upper80 = as.numeric(f$upper[, 1]),
       lower95 = as.numeric(f$lower[, 2]), upper95 = as.numeric(f$upper[, 2]))
}
cases <- list(
  theta_case("Nile", Nile),
  theta_case("LakeHuron", LakeHuron),
  theta_case("WWWusage", WWWusage),
  theta_case("airmiles", airmiles),
  theta_case("AirPassengers", AirPassengers),
  theta_case("USAccDeaths", USAccDeaths),
  theta_case("nottem", nottem),
  theta_case("UKgas", UKgas),
  theta_case("JohnsonJohnson", JohnsonJohnson),
  theta_case("austres", austres),
  theta_case("co2[1:100]", ts(co2[1:100], frequency = 12))
)
writeLines(toJSON(list(forecast_version = as.character(packageVersion("forecast")), cases = cases),
                  auto_unbox = TRUE, digits = NA), out_file)
for (c in cases) cat(c$name, c$seasonal, c$alpha, c$drift, c$mean[1], "\n")
