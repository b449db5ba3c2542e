#pragma once
// `smartdata forecast --series FILE.csv ...`: fit a plain series from a CSV file without a database.
//
//   --series FILE.csv   input with a header row; empty cells are missing values
//   --column C          value column (name or 1-based index; default "value" or the last numeric one)
//   --log               model log(y); forecasts are reported back on the original scale (median)
//   --exog C1,C2        regressor columns; trailing rows with an empty value column supply their
//                       future values (and set the default horizon)
//   --period S          seasonal period (otherwise inferred from a date column: daily 7, monthly 12,
//                       quarterly 4)
//   --model auto|arima|ets|theta|combo   the model family (default auto: the one that backtests best)
//   --order p,d,q  --seasonal P,D,Q,s  --trend n|c   a fixed model instead of --auto (the default)
//   --horizon H         forecast steps (default: the period, or 10 without one)
//   --json              print the ForecastJson object instead of a table
//   -h, --help          print the options
//
// Exit codes: 0 ok, 1 the work failed, 2 bad usage or input (the message says what and where).

#include <QStringList>
#include <QTextStream>

namespace Forecast {

// arguments: everything after the word `forecast`.
int runSeriesCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace Forecast
