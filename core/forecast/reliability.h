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
// - score (0–100) = 0.6·accuracy + 0.4·skill, both from the same backtest folds and horizons:
//   accuracy = 100·max(0, 1 − sMAPE/50) (absolute error: sMAPE 5% → 90, 25% → 50, ≥ 50% → 0);
//   skill = 100·clamp(1 − r/2, 0, 1) with r = MAE / MAE of a seasonal-naive forecast (naive when the
//   series is not seasonal) made at the same origins for the same horizons (r = 1, as good as seasonal
//   naive → 50; r = 0.5 → 75; r ≥ 2 → 0). Without a usable seasonal-naive MAE the score is the accuracy
//   alone. Grade A ≥ 85, B ≥ 70, C ≥ 55, else D. MASE (scaled by one-step in-sample errors) is reported
//   but no longer scores: it penalised multi-step backtests of good forecasts (a 60-day series with
//   MAPE 4.4% got 0 and D).

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
    AccuracyMetrics seasonalNaive; // the seasonal-naive forecasts of the same folds, pooled
    double relativeMae = 0.0;      // overall.mae / seasonalNaive.mae (NaN when undefined)
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
    // The score without a seasonal-naive reference: the accuracy term alone.
    static double score(const AccuracyMetrics &metrics);
    // The score: accuracy from metrics.smape, skill from the MAE relative to seasonalNaive's.
    static double score(const AccuracyMetrics &metrics, const AccuracyMetrics &seasonalNaive);
    static QChar grade(double score);
    // The formula in words, for the grade's tooltip and the README.
    static QString formulaText();

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
