#pragma once
// How far a forecast can be trusted: accuracy metrics, a rolling-origin backtest and a 0–100 score
// with a letter grade, plus the predecessor system's two score formulas for continuity.
//
// Conventions (Hyndman & Koehler 2006; FORECASTING.md §7):
// - MAPE = mean |100·e/y| over actuals that are not zero (|y| < 1e-12 is "zero"); zero actuals are
//   counted in zeroActuals and excluded. With only zero actuals MAPE is undefined (NaN, mapeDefined
//   false) — it is never divided by an epsilon.
// - sMAPE (M4) = mean 200·|e| / (|y| + |ŷ|); a term with y = ŷ = 0 is 0.
// - MASE = MAE / mean |y_t − y_{t−m}| over the training data, m the period (1 if not seasonal);
//   undefined (NaN, maseDefined false) when that scale is 0.
// - score = clamp(100 − sMAPE − 20·max(0, MASE − 1), 0, 100) (MASE term dropped when undefined);
//   grade A ≥ 85, B ≥ 70, C ≥ 55, else D.

#include <QChar>
#include <QString>

#include <functional>
#include <vector>

namespace Forecast {

struct AccuracyMetrics
{
    int count = 0; // pairs with a finite actual and forecast
    double mae = 0.0;
    double rmse = 0.0;
    double mape = 0.0;
    bool mapeDefined = false;
    int zeroActuals = 0;
    double smape = 0.0;
    double mase = 0.0;
    bool maseDefined = false;
};

struct BacktestOptions
{
    int folds = 5;
    int horizon = 7;
    int window = 0; // training window length; 0 = expanding (all history before the origin)
    int period = 1; // for MASE
};

struct BacktestFold
{
    int origin = 0; // index of the first forecast value
    int trainingSize = 0;
    AccuracyMetrics metrics;
};

struct BacktestResult
{
    std::vector<BacktestFold> folds;
    AccuracyMetrics overall; // pooled over all folds
    double score = 0.0;
    QChar grade = QLatin1Char('D');
};

class Reliability final
{
public:
    // Forecast function: training values (NaN = missing) and horizon → point forecasts.
    using ForecastFunction = std::function<std::vector<double>(const std::vector<double> &, int)>;

    static AccuracyMetrics metrics(const std::vector<double> &actual, const std::vector<double> &predicted,
                                   const std::vector<double> &training = {}, int period = 1);
    static double score(const AccuracyMetrics &metrics);
    static QChar grade(double score);

    // Rolling origin: fold k of F forecasts the (F − k + 1)-th block of `horizon` values from the end.
    static BacktestResult backtest(const std::vector<double> &y, const ForecastFunction &forecast,
                                   const BacktestOptions &options);

    // --- the predecessor (SmartDataPipeline) formulas, kept for continuity
    // Its MAPE: mean |a − p| / max(|a|, 1e-6) · 100.
    static double predecessorMape(const std::vector<double> &actual, const std::vector<double> &predicted);
    // Its "sMAPE" is half the M4 sMAPE: mean 100·|a − p| / (|a| + |p|) (denominator 0 → 1).
    static double predecessorHalfSmape(const std::vector<double> &actual, const std::vector<double> &predicted);
    // Backtest score: 100 − (avg MAPE + avg half-sMAPE)/2, clamped to 0..100.
    static double predecessorBacktestScore(double averageMape, double averageHalfSmape);
    // Stored reliability run: 100 − avg MAPE/2 − (max − min fold MAPE)/10, clamped to 0..100 and
    // truncated to an integer as the predecessor stored it.
    static int predecessorStoredRunScore(const std::vector<double> &foldMapes);
};

} // namespace Forecast
