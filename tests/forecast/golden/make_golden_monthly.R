# R's automatic forecast of AirPassengers on its own monthly scale (not log), the reference for
# tst_forecastservice::monthlySeriesIsForecastByMonth: SmartData imports the CSV as events, finds
# one value per month and forecasts by month with period 12.
#
#   Rscript tests/forecast/golden/make_golden_monthly.R   (R 4.2.2, forecast 8.20; from the repository root)
suppressMessages(library(forecast))
fit <- auto.arima(AirPassengers)
f <- forecast(fit, h = 12, level = c(80, 95))
out <- data.frame(month = format(seq(as.Date("1961-01-01"), by = "month", length.out = 12)),
                  mean = as.numeric(f$mean),
                  lower95 = as.numeric(f$lower[, 2]),
                  upper95 = as.numeric(f$upper[, 2]))
writeLines(paste("#", capture.output(print(fit))[2]), "tests/data/forecast/airpassengers_monthly_r.csv")
suppressWarnings(write.table(out, "tests/data/forecast/airpassengers_monthly_r.csv", sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))
