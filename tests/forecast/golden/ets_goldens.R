#!/usr/bin/Rscript
# forecast::ets (forecast 8.20, R 4.2) on published series, for tst_ets and bench_ets (development
# machines only):  Rscript tests/forecast/golden/ets_goldens.R
# Writes tests/forecast/golden/ets_goldens.json: for every series its values and period, the model
# ets() picks by AICc (components, parameters, initial states, loglik, AIC, AICc, BIC, sigma2, the
# forecasts with 80/95% intervals) and the same figures for every model of the default candidate set
# fitted with a fixed model string. R's loglik is its own -0.5 * (n log SSE [+ 2 sum log|yhat|]),
# without the Gaussian constants; AIC etc. are built on it.
suppressMessages(library(forecast))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("--file=", "", args[grep("--file=", args)]))
out_file <- file.path(dirname(script), "ets_goldens.json")

sig <- function(x) signif(as.numeric(x), 12)

fit_record <- function(fit, h) {
  f <- forecast(fit, h = h, level = c(80, 95))
  comp <- fit$components
  list(model = paste0(comp[1], comp[2], ifelse(comp[4] == "TRUE", "d", ""), comp[3]),
       alpha = sig(fit$par["alpha"]),
       beta = if (comp[2] != "N") sig(fit$par["beta"]) else NULL,
       gamma = if (comp[3] != "N") sig(fit$par["gamma"]) else NULL,
       phi = if (comp[4] == "TRUE") sig(fit$par["phi"]) else NULL,
       initial_states = sig(fit$initstate),
       loglik = sig(fit$loglik), aic = sig(fit$aic), aicc = sig(fit$aicc), bic = sig(fit$bic),
       sigma2 = sig(fit$sigma2), mse = sig(fit$mse),
       fitted_head = sig(head(fitted(fit), 5)), residuals_head = sig(head(residuals(fit), 5)),
       mean = sig(f$mean), lower80 = sig(f$lower[, 1]), upper80 = sig(f$upper[, 1]),
       lower95 = sig(f$lower[, 2]), upper95 = sig(f$upper[, 2]))
}

model_string <- function(code) {
  # "AAdM" -> model "AAM", damped TRUE
  damped <- grepl("d", code)
  list(model = gsub("d", "", code), damped = damped)
}

ets_case <- function(name, x) {
  m <- frequency(x)
  h <- if (m > 1) 2 * m else 10
  t0 <- proc.time()[["elapsed"]]
  for (rep in 1:3) auto <- ets(x)
  r_ms <- 1000 * (proc.time()[["elapsed"]] - t0) / 3
  positive <- min(x) > 0
  seasonal <- m > 1 && m <= 24 && length(x) > m
  codes <- c("ANN", "AAN", "AAdN")
  if (seasonal) codes <- c(codes, "ANA", "AAA", "AAdA")
  if (positive) {
    codes <- c(codes, "MNN", "MAN", "MAdN")
    if (seasonal) codes <- c(codes, "MNA", "MAA", "MAdA", "MNM", "MAM", "MAdM")
  }
  fixed <- list()
  for (code in codes) {
    s <- model_string(code)
    fit <- try(ets(x, model = s$model, damped = s$damped), silent = TRUE)
    if (!inherits(fit, "try-error")) fixed[[length(fixed) + 1]] <- fit_record(fit, h)
  }
  cat(sprintf("%-22s n=%3d m=%2d auto=%s aicc=%.4f R %.1f ms\n", name, length(x), m,
              fit_record(auto, h)$model, auto$aicc, r_ms))
  list(name = name, period = as.integer(m), h = as.integer(h), values = as.numeric(x),
       r_auto_ms = r_ms, auto = fit_record(auto, h), fixed = fixed)
}

cases <- list(
  ets_case("AirPassengers", AirPassengers),
  ets_case("USAccDeaths", USAccDeaths),
  ets_case("ldeaths", ldeaths),
  ets_case("mdeaths", mdeaths),
  ets_case("fdeaths", fdeaths),
  ets_case("nottem", nottem),
  ets_case("UKDriverDeaths", UKDriverDeaths),
  ets_case("wineind", wineind),
  ets_case("co2[1:156]", ts(co2[1:156], frequency = 12)),
  ets_case("nottem_celsius", (nottem - 32) * 5 / 9),
  ets_case("UKgas", UKgas),
  ets_case("JohnsonJohnson", JohnsonJohnson),
  ets_case("austres", austres),
  ets_case("woolyrnq", woolyrnq),
  ets_case("WWWusage", WWWusage),
  ets_case("Nile", Nile),
  ets_case("LakeHuron", LakeHuron),
  ets_case("airmiles", airmiles),
  ets_case("sunspot.year", sunspot.year),
  ets_case("diff_LakeHuron", diff(LakeHuron))
)
writeLines(toJSON(list(r_version = R.version.string,
                       forecast_version = as.character(packageVersion("forecast")), cases = cases),
                  auto_unbox = TRUE, digits = NA, null = "null"), out_file)
