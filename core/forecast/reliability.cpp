#include "reliability.h"

#include "baseline.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace Forecast {

namespace {
constexpr double kZero = 1e-12;
}

AccuracyMetrics Reliability::metrics(const std::vector<double> &actual, const std::vector<double> &predicted,
                                     const std::vector<double> &training, int period)
{
    AccuracyMetrics m;
    const size_t n = std::min(actual.size(), predicted.size());
    double sumAbs = 0.0, sumSq = 0.0, sumApe = 0.0, sumSape = 0.0;
    int apeCount = 0;
    for (size_t i = 0; i < n; ++i) {
        const double a = actual[i];
        const double p = predicted[i];
        if (!std::isfinite(a) || !std::isfinite(p))
            continue;
        const double e = a - p;
        ++m.count;
        sumAbs += std::abs(e);
        sumSq += e * e;
        if (std::abs(a) < kZero) {
            ++m.zeroActuals;
        } else {
            sumApe += std::abs(100.0 * e / a);
            ++apeCount;
        }
        const double denom = std::abs(a) + std::abs(p);
        if (denom > 0.0)
            sumSape += 200.0 * std::abs(e) / denom;
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (m.count == 0) {
        m.mae = m.rmse = m.smape = m.mape = m.mase = nan;
        return m;
    }
    m.mae = sumAbs / m.count;
    m.rmse = std::sqrt(sumSq / m.count);
    m.smape = sumSape / m.count;
    m.mapeDefined = apeCount > 0;
    m.mape = m.mapeDefined ? sumApe / apeCount : nan;
    const int lag = std::max(period, 1);
    double scaleSum = 0.0;
    int scaleCount = 0;
    for (size_t t = size_t(lag); t < training.size(); ++t) {
        if (std::isfinite(training[t]) && std::isfinite(training[t - size_t(lag)])) {
            scaleSum += std::abs(training[t] - training[t - size_t(lag)]);
            ++scaleCount;
        }
    }
    const double scale = scaleCount > 0 ? scaleSum / scaleCount : 0.0;
    m.maseDefined = scale > kZero;
    m.mase = m.maseDefined ? m.mae / scale : nan;
    return m;
}

double Reliability::score(const AccuracyMetrics &m)
{
    if (m.count == 0 || !std::isfinite(m.smape))
        return 0.0;
    return 100.0 * std::clamp(1.0 - m.smape / 50.0, 0.0, 1.0);
}

double Reliability::score(const AccuracyMetrics &m, const AccuracyMetrics &seasonalNaive)
{
    const double accuracy = score(m);
    if (m.count == 0 || !std::isfinite(m.mae) || seasonalNaive.count == 0 || !std::isfinite(seasonalNaive.mae)
        || !(seasonalNaive.mae > kZero))
        return accuracy;
    const double skill = 100.0 * std::clamp(1.0 - 0.5 * m.mae / seasonalNaive.mae, 0.0, 1.0);
    return std::clamp(0.6 * accuracy + 0.4 * skill, 0.0, 100.0);
}

QString Reliability::formulaText()
{
    return QStringLiteral("score = 0.6 × accuracy + 0.4 × skill, over the backtest's folds and horizons.\n"
                          "accuracy = 100 × max(0, 1 − sMAPE / 50%).\n"
                          "skill = 100 × clamp(1 − r / 2, 0, 1), r = MAE / MAE of a seasonal-naive forecast from the "
                          "same origins (r = 1 gives 50).\n"
                          "A ≥ 85, B ≥ 70, C ≥ 55, else D.");
}

QChar Reliability::grade(double score)
{
    if (score >= 85.0)
        return QLatin1Char('A');
    if (score >= 70.0)
        return QLatin1Char('B');
    if (score >= 55.0)
        return QLatin1Char('C');
    return QLatin1Char('D');
}

BacktestResult Reliability::backtest(const std::vector<double> &y, const ForecastFunction &forecast,
                                     const BacktestOptions &options)
{
    BacktestResult result;
    const int n = int(y.size());
    const int h = std::max(1, options.horizon);
    const int folds = std::max(0, std::min(options.folds, (n - 2) / h));
    std::vector<double> allActual, allPredicted, allNaive, lastTraining;
    for (int k = 0; k < folds; ++k) {
        const int origin = n - (folds - k) * h;
        const int begin = options.window > 0 ? std::max(0, origin - options.window) : 0;
        if (origin - begin < 2)
            continue;
        const std::vector<double> train(y.begin() + begin, y.begin() + origin);
        const std::vector<double> actual(y.begin() + origin, y.begin() + std::min(n, origin + h));
        std::vector<double> predicted = forecast ? forecast(train, int(actual.size())) : std::vector<double>{};
        predicted.resize(actual.size(), std::numeric_limits<double>::quiet_NaN());
        BacktestFold fold;
        fold.origin = origin;
        fold.trainingSize = origin - begin;
        fold.metrics = metrics(actual, predicted, train, options.period);
        result.folds.push_back(fold);
        allActual.insert(allActual.end(), actual.begin(), actual.end());
        allPredicted.insert(allPredicted.end(), predicted.begin(), predicted.end());
        // The reference for skill: seasonal naive (naive when there is no full season) on the same fold.
        const int period = std::max(options.period, 1);
        const BaselineMethod reference = period > 1 && Baseline::applicable(BaselineMethod::SeasonalNaive, train, period)
            ? BaselineMethod::SeasonalNaive
            : BaselineMethod::Naive;
        const std::vector<ForecastPoint> naive = Baseline::forecast(reference, train, period, int(actual.size()));
        for (size_t i = 0; i < actual.size(); ++i)
            allNaive.push_back(i < naive.size() ? naive[i].mean : std::numeric_limits<double>::quiet_NaN());
        lastTraining = train;
    }
    result.overall = metrics(allActual, allPredicted, lastTraining, options.period);
    result.seasonalNaive = metrics(allActual, allNaive, lastTraining, options.period);
    result.relativeMae = result.seasonalNaive.count > 0 && result.seasonalNaive.mae > kZero ? result.overall.mae / result.seasonalNaive.mae
                                                                                            : std::numeric_limits<double>::quiet_NaN();
    result.score = score(result.overall, result.seasonalNaive);
    result.grade = grade(result.score);
    return result;
}

double Reliability::predecessorMape(const std::vector<double> &actual, const std::vector<double> &predicted)
{
    const size_t n = std::min(actual.size(), predicted.size());
    if (n == 0)
        return 100.0;
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i)
        sum += std::abs(actual[i] - predicted[i]) / std::max(std::abs(actual[i]), 1e-6);
    return 100.0 * sum / double(n);
}

double Reliability::predecessorHalfSmape(const std::vector<double> &actual, const std::vector<double> &predicted)
{
    const size_t n = std::min(actual.size(), predicted.size());
    if (n == 0)
        return 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i) {
        double denom = std::abs(actual[i]) + std::abs(predicted[i]);
        if (denom == 0.0)
            denom = 1.0;
        sum += std::abs(actual[i] - predicted[i]) / denom;
    }
    return 100.0 * sum / double(n);
}

double Reliability::predecessorBacktestScore(double averageMape, double averageHalfSmape)
{
    const double value = 100.0 - (averageMape + averageHalfSmape) / 2.0;
    return std::isfinite(value) ? std::clamp(value, 0.0, 100.0) : 0.0;
}

int Reliability::predecessorStoredRunScore(const std::vector<double> &foldMapes)
{
    std::vector<double> values;
    for (double v : foldMapes)
        if (std::isfinite(v))
            values.push_back(v);
    if (values.empty())
        return 0;
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const double instability = values.size() >= 2 ? (*hi - *lo) / 10.0 : 0.0;
    const double value = std::clamp(100.0 - mean / 2.0 - instability, 0.0, 100.0);
    return int(value);
}

} // namespace Forecast
