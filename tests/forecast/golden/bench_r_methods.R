# Times R's auto.arima, ets and thetaf on the monthly series of accuracy_testbed.json (n 100-200),
# the same series bench_forecast --only choice times. Run from the repository root:
#   Rscript tests/forecast/golden/bench_r_methods.R
# 2026-12-07 (shared 2-core machine, a build running): auto.arima 6419 ms, ets 836 ms, thetaf 8.2 ms.
suppressMessages({library(forecast); library(jsonlite)})
d <- fromJSON("tests/forecast/golden/accuracy_testbed.json", simplifyVector = FALSE)
times <- c(); ets_t <- c(); th_t <- c()
for (c in d$cases) {
  if (c$period != 12) next
  y <- unlist(lapply(c$train, function(v) if (is.null(v)) NA else v))
  if (length(y) < 100 || length(y) > 200) next
  x <- ts(y, frequency = 12)
  t0 <- proc.time()[["elapsed"]]; invisible(auto.arima(x)); times <- c(times, proc.time()[["elapsed"]] - t0)
  t0 <- proc.time()[["elapsed"]]; invisible(ets(x)); ets_t <- c(ets_t, proc.time()[["elapsed"]] - t0)
  t0 <- proc.time()[["elapsed"]]; invisible(thetaf(x, h = 18)); th_t <- c(th_t, proc.time()[["elapsed"]] - t0)
}
cat(sprintf("R 4.2 forecast %s, %d monthly series (n 100-200): auto.arima mean %.1f ms, ets %.1f ms, thetaf %.1f ms\n",
  packageVersion("forecast"), length(times), 1000*mean(times), 1000*mean(ets_t), 1000*mean(th_t)))
