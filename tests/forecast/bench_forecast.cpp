// Timing harness for the forecasting engine (prints figures; not a pass/fail test).
//   bench_forecast [metrics=1000] [--only airline|auto|testbed|choice|daily|batch] [--repeats N]
//                  [--ets-tolerance T] [--arima-tolerance T] [--shortcut N] [--ets-states optimized|fixed]
// --only and a small --repeats keep instruction counts under valgrind --tool=callgrind short, e.g.
//   valgrind --tool=callgrind bench_forecast 1 --only daily --repeats 1
// Compare with tests/forecast/golden/bench_statsmodels.py, which times the same fits in statsmodels.
// --only testbed times the automatic selection on the R test bed (golden/autoarima_testbed.json).
// --only choice times the automatic model choice (ARIMA, ETS when built, Theta, combination, with the
// backtest) on AirPassengers (144 months) and on the monthly series of golden/accuracy_testbed.json.

#include "forecast/autoarima.h"
#include "forecast/forecaster.h"
#include "forecast/sarimax.h"

#include "simulated.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <thread>
#include <vector>

using namespace Forecast;

namespace {

std::vector<double> logAirPassengers()
{
    std::vector<double> y;
    QFile file(QStringLiteral(SMARTDATA_TEST_DATA_DIR "/forecast/AirPassengers.csv"));
    if (!file.open(QIODevice::ReadOnly))
        return y;
    QTextStream in(&file);
    in.readLine();
    while (!in.atEnd()) {
        const QStringList parts = in.readLine().split(QLatin1Char(','));
        if (parts.size() >= 4)
            y.push_back(std::log(parts.at(3).toDouble()));
    }
    return y;
}

template<typename F>
double medianMs(int repeats, F &&f)
{
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        f();
        times.push_back(double(timer.nsecsElapsed()) * 1e-6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int metrics = 1000;
    int repeats = 0; // 0: the defaults below
    QString only;
    ModelSelectionOptions selection; // the choice's settings (defaults unless given)
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--only") && i + 1 < args.size())
            only = args.at(++i);
        else if (args.at(i) == QLatin1String("--ets-tolerance") && i + 1 < args.size())
            selection.etsTolerance = args.at(++i).toDouble();
        else if (args.at(i) == QLatin1String("--arima-tolerance") && i + 1 < args.size())
            selection.arimaSearchTolerance = args.at(++i).toDouble();
        else if (args.at(i) == QLatin1String("--shortcut") && i + 1 < args.size())
            selection.arimaSeasonalMaShortcut = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--ets-states") && i + 1 < args.size())
            selection.etsOptimizeStates = args.at(++i) == QLatin1String("optimized");
        else if (args.at(i) == QLatin1String("--repeats") && i + 1 < args.size())
            repeats = std::max(1, args.at(++i).toInt());
        else
            metrics = std::max(1, args.at(i).toInt());
    }
    auto wanted = [&](const char *name) { return only.isEmpty() || only == QLatin1String(name); };
    auto times = [&](int defaultRepeats) { return repeats > 0 ? repeats : defaultRepeats; };

    SarimaxData air;
    air.y = logAirPassengers();
    SarimaxSpec airline;
    airline.d = airline.q = airline.D = airline.Q = 1;
    airline.s = 12;
    SarimaxResult fit;
    SarimaxOptions fast;
    fast.computeStandardErrors = false;
    fast.computeDiagnostics = false;
    if (wanted("airline")) {
        const double tAirline = medianMs(times(50), [&] { fit = Sarimax::fit(airline, air); });
        const double tAirlineBare = medianMs(times(50), [&] { Sarimax::fit(airline, air, fast); });
        std::printf("airline ARIMA(0,1,1)(0,1,1)12 fit, n=144:       %8.3f ms (with standard errors and diagnostics), "
                    "%.3f ms (estimate only); llf %.5f, %d evaluations\n",
                    tAirline, tAirlineBare, fit.llf, fit.functionEvaluations);
    }

    if (wanted("auto")) {
        AutoArimaResult selected;
        const double tAuto = medianMs(times(10), [&] { selected = AutoArima::select(air, 12); });
        std::printf("auto selection on log(AirPassengers):           %8.3f ms -> %s (%d models)\n", tAuto,
                    qPrintable(selected.model.spec.toString()), selected.modelsFitted);
    }

    if (wanted("testbed")) {
        QFile file(QStringLiteral(SMARTDATA_TEST_DATA_DIR "/../forecast/golden/autoarima_testbed.json"));
        if (file.open(QIODevice::ReadOnly)) {
            const QJsonArray cases
                = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
            std::map<int, std::pair<double, int>> perPeriod; // period -> (ms, series)
            for (const QJsonValue &v : cases) {
                const QJsonObject c = v.toObject();
                SarimaxData data;
                for (const QJsonValue &x : c.value(QStringLiteral("values")).toArray())
                    data.y.push_back(x.toDouble());
                const int period = c.value(QStringLiteral("period")).toInt();
                const double ms = medianMs(times(3), [&] { AutoArima::select(data, period); });
                perPeriod[period].first += ms;
                ++perPeriod[period].second;
            }
            for (const auto &[period, total] : perPeriod)
                std::printf("auto selection, R test bed, period %2d:         %8.3f ms mean over %d series\n", period,
                            total.first / total.second, total.second);
        }
    }

    if (wanted("choice")) {
        auto choiceMs = [&](const std::vector<double> &y, int period, int horizon) {
            ForecastRequest request;
            request.data.y = y;
            request.period = period;
            request.horizon = horizon;
            request.selection = selection;
            return medianMs(times(5), [&] { Forecaster::run(request); });
        };
        const ForecastOutcome chosen = [&] {
            ForecastRequest request;
            request.data.y = air.y;
            for (double &v : request.data.y)
                v = std::exp(v);
            request.period = 12;
            request.horizon = 18;
            return Forecaster::run(request);
        }();
        std::vector<double> passengers = air.y;
        for (double &v : passengers)
            v = std::exp(v);
        std::printf("auto model choice, AirPassengers (144), h 18:  %8.3f ms; chose %s\n", choiceMs(passengers, 12, 18),
                    qPrintable(chosen.choiceReason));
        {
            // A daily KPI (730 days, weekly season), horizon 14: each family alone and the choice.
            const std::vector<double> y = Simulated::dailyKpi(730, 7);
            for (ModelChoice c : {ModelChoice::Arima, ModelChoice::Ets, ModelChoice::Theta, ModelChoice::Auto}) {
                ForecastRequest request;
                request.data.y = y;
                request.period = 7;
                request.horizon = 14;
                request.model = c;
                request.selection = selection;
                std::printf("daily n=730, h 14, --model %-5s (with its backtest): %8.3f ms\n",
                            qPrintable(ModelSelection::choiceName(c)), medianMs(times(3), [&] { Forecaster::run(request); }));
            }
        }
        QFile file(QStringLiteral(SMARTDATA_TEST_DATA_DIR "/../forecast/golden/accuracy_testbed.json"));
        if (file.open(QIODevice::ReadOnly)) {
            const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
            double total = 0.0;
            int count = 0, lengths = 0;
            for (const QJsonValue &v : cases) {
                const QJsonObject c = v.toObject();
                if (c.value(QStringLiteral("period")).toInt() != 12)
                    continue;
                std::vector<double> y;
                for (const QJsonValue &x : c.value(QStringLiteral("train")).toArray())
                    y.push_back(x.toDouble());
                if (y.size() < 100 || y.size() > 200)
                    continue;
                total += choiceMs(y, 12, 18);
                lengths += int(y.size());
                ++count;
            }
            if (count > 0)
                std::printf("auto model choice, %d monthly series (mean n %d): %8.3f ms mean\n", count, lengths / count,
                            total / count);
        }
    }

    if (wanted("daily")) {
        SarimaxData daily;
        daily.y = Simulated::dailyKpi(3 * 365, 42);
        SarimaxSpec weekly;
        weekly.p = weekly.d = weekly.q = weekly.P = weekly.D = weekly.Q = 1;
        weekly.s = 7;
        SarimaxResult dfit;
        const double tDaily = medianMs(times(20), [&] { dfit = Sarimax::fit(weekly, daily); });
        const double tDailyBare = medianMs(times(20), [&] { Sarimax::fit(weekly, daily, fast); });
        std::printf("daily n=1095 SARIMA(1,1,1)(1,1,1,7) fit:        %8.3f ms (with standard errors), %.3f ms "
                    "(estimate only); %d evaluations, converged %d\n",
                    tDaily, tDailyBare, dfit.functionEvaluations, int(dfit.converged));
    }
    if (!wanted("batch"))
        return 0;

    // 1,000 metrics of two years each, auto selection + forecast, on two threads.
    std::vector<std::vector<double>> series;
    for (int i = 0; i < metrics; ++i)
        series.push_back(Simulated::dailyKpi(730, quint32(1000 + i)));
    std::atomic<int> next{0}, fallbacks{0};
    QElapsedTimer timer;
    timer.start();
    auto worker = [&] {
        for (int i = next++; i < metrics; i = next++) {
            ForecastRequest request;
            request.data.y = series[size_t(i)];
            request.period = 7;
            request.horizon = 14;
            request.selection = selection;
            const ForecastOutcome out = Forecaster::run(request);
            if (!out.fallbackReason.isEmpty())
                ++fallbacks;
        }
    };
    std::thread a(worker), b(worker);
    a.join();
    b.join();
    const double tBatch = double(timer.nsecsElapsed()) * 1e-9;
    std::printf("refit %d metrics x 730 days, auto, 2 threads:  %8.3f s (%.1f ms per metric per thread, %d "
                "fallbacks)\n",
                metrics, tBatch, tBatch * 1000.0 * 2.0 / metrics, fallbacks.load());
    return 0;
}
