// Accuracy of the model families against R's forecast package on the test bed of
// golden/make_golden_accuracy.R (R `datasets` series and seeded simulations; last 18/8/6 values of
// monthly/quarterly/yearly series held out). Prints, per frequency, the mean MASE (scaled by the
// in-sample seasonal-naive MAE, lag 1 for yearly) and mean sMAPE of SmartData's auto, arima, ets,
// theta and combo against R's auto.arima, ets, thetaf and snaive, the 80/95% interval coverage, and
// the mean time of SmartData's automatic choice. Not a pass/fail test.
//   eval_forecast [--transform when-needed|always|never] [--margin F] [--origins K] [--no-calibrate] [--verbose] [--by-horizon] [--per-origin F]
//                 [--ets-states optimized|fixed (default)] [--ets-polish N] [--refit-each-origin]
//                 [--arima-approximation -1|0|1] [--arima-tolerance T] [--ets-tolerance T] [--shortcut N]

#include "forecast/forecaster.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

using namespace Forecast;

namespace {

struct Tally
{
    double mase = 0.0, smape = 0.0;
    int series = 0;
    int points = 0, in80 = 0, in95 = 0;
    int negative = 0; // forecasts with a negative mean or bound on a never-negative series
    std::vector<int> pointsAt, in80At, in95At; // by horizon step
};

std::vector<double> toVector(const QJsonValue &value)
{
    std::vector<double> out;
    for (const QJsonValue &v : value.toArray())
        out.push_back(v.isDouble() ? v.toDouble() : NAN);
    return out;
}

void add(Tally &t, const std::vector<double> &train, const std::vector<double> &test, int period,
         const std::vector<double> &mean, const std::vector<double> &lo80, const std::vector<double> &hi80,
         const std::vector<double> &lo95, const std::vector<double> &hi95)
{
    const int lag = period > 1 ? period : 1;
    double scale = 0.0;
    int count = 0;
    for (size_t i = size_t(lag); i < train.size(); ++i) {
        scale += std::abs(train[i] - train[i - size_t(lag)]);
        ++count;
    }
    scale = count > 0 ? scale / count : 1.0;
    double mae = 0.0, smape = 0.0;
    bool nonNegative = true;
    for (double v : train)
        nonNegative = nonNegative && v >= 0.0;
    bool negative = false;
    for (size_t h = 0; h < test.size(); ++h) {
        mae += std::abs(test[h] - mean[h]);
        smape += 200.0 * std::abs(test[h] - mean[h]) / (std::abs(test[h]) + std::abs(mean[h]));
        if (!lo80.empty()) {
            t.in80 += (test[h] >= lo80[h] && test[h] <= hi80[h]) ? 1 : 0;
            t.in95 += (test[h] >= lo95[h] && test[h] <= hi95[h]) ? 1 : 0;
            ++t.points;
            if (t.pointsAt.size() <= h) {
                t.pointsAt.resize(h + 1);
                t.in80At.resize(h + 1);
                t.in95At.resize(h + 1);
            }
            ++t.pointsAt[h];
            t.in80At[h] += (test[h] >= lo80[h] && test[h] <= hi80[h]) ? 1 : 0;
            t.in95At[h] += (test[h] >= lo95[h] && test[h] <= hi95[h]) ? 1 : 0;
            negative = negative || mean[h] < 0.0 || lo95[h] < 0.0;
        }
    }
    t.mase += mae / double(test.size()) / scale;
    t.smape += smape / double(test.size());
    ++t.series;
    t.negative += (nonNegative && negative) ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    ModelSelectionOptions selection;
    bool verbose = false;
    bool byHorizon = false;
    int arimaApproximation = -1;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--transform") && i + 1 < args.size()) {
            const QString v = args[++i];
            selection.transform = v == QLatin1String("always") ? TransformPolicy::Always
                : v == QLatin1String("never")                  ? TransformPolicy::Never
                                                               : TransformPolicy::WhenNeeded;
        } else if (args[i] == QLatin1String("--margin") && i + 1 < args.size()) {
            selection.comboMargin = args[++i].toDouble();
        } else if (args[i] == QLatin1String("--origins") && i + 1 < args.size()) {
            selection.origins = args[++i].toInt();
        } else if (args[i] == QLatin1String("--prior") && i + 1 < args.size()) {
            selection.calibrationPrior = args[++i].toDouble();
        } else if (args[i] == QLatin1String("--min-scale") && i + 1 < args.size()) {
            selection.minIntervalScale = args[++i].toDouble();
        } else if (args[i] == QLatin1String("--ets-evaluations") && i + 1 < args.size()) {
            selection.etsMaxEvaluations = args[++i].toInt();
        } else if (args[i] == QLatin1String("--trim") && i + 1 < args.size()) {
            selection.comboTrim = args[++i].toDouble();
        } else if (args[i] == QLatin1String("--ets-states") && i + 1 < args.size()) {
            selection.etsOptimizeStates = args[++i] == QLatin1String("optimized");
        } else if (args[i] == QLatin1String("--ets-polish") && i + 1 < args.size()) {
            selection.etsPolishEvaluations = args[++i].toInt();
        } else if (args[i] == QLatin1String("--arima-approximation") && i + 1 < args.size()) {
            arimaApproximation = args[++i].toInt();
        } else if (args[i] == QLatin1String("--arima-tolerance") && i + 1 < args.size()) {
            selection.arimaSearchTolerance = args[++i].toDouble();
        } else if (args[i] == QLatin1String("--ets-tolerance") && i + 1 < args.size()) {
            selection.etsTolerance = args[++i].toDouble();
        } else if (args[i] == QLatin1String("--shortcut") && i + 1 < args.size()) {
            selection.arimaSeasonalMaShortcut = args[++i].toInt();
        } else if (args[i] == QLatin1String("--refit-each-origin")) {
            selection.refitEachOrigin = true;
        } else if (args[i] == QLatin1String("--no-calibrate")) {
            selection.calibrateIntervals = false;
        } else if (args[i] == QLatin1String("--per-origin") && i + 1 < args.size()) {
            selection.effectivePerOrigin = args[++i].toDouble();
        } else if (args[i] == QLatin1String("--by-horizon")) {
            byHorizon = true;
        } else if (args[i] == QLatin1String("--verbose")) {
            verbose = true;
        }
    }
    QFile file(QStringLiteral(SMARTDATA_TEST_DATA_DIR "/../forecast/golden/accuracy_testbed.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(file.fileName()));
        return 1;
    }
    const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
    const QStringList ours{QStringLiteral("auto"), QStringLiteral("arima"), QStringLiteral("ets"), QStringLiteral("theta"),
                           QStringLiteral("combo")};
    const QStringList theirs{QStringLiteral("arima"), QStringLiteral("ets"), QStringLiteral("theta"), QStringLiteral("snaive")};
    std::map<int, std::map<QString, Tally>> tallies; // period → "sd:auto" / "r:arima" → tally
    std::map<int, double> autoSeconds, selectSeconds, refitSeconds;
    std::map<int, std::map<QString, double>> choiceSeconds;
    std::map<int, std::map<QString, int>> chosen;
    for (const QJsonValue &cv : cases) {
        const QJsonObject c = cv.toObject();
        const int period = c.value(QStringLiteral("period")).toInt();
        const std::vector<double> train = toVector(c.value(QStringLiteral("train")));
        const std::vector<double> test = toVector(c.value(QStringLiteral("test")));
        const int h = int(test.size());
        const QJsonObject r = c.value(QStringLiteral("r")).toObject();
        for (const QString &m : theirs) {
            const QJsonObject f = r.value(m).toObject();
            Tally &tally = tallies[period][QStringLiteral("r:") + m];
            if (verbose) {
                Tally one;
                add(one, train, test, period, toVector(f.value(QStringLiteral("mean"))), {}, {}, {}, {});
                std::printf("  %-28s r:%-7s MASE %.3f\n", qPrintable(c.value(QStringLiteral("name")).toString()), qPrintable(m), one.mase);
            }
            add(tally, train, test, period, toVector(f.value(QStringLiteral("mean"))),
                toVector(f.value(QStringLiteral("lower80"))), toVector(f.value(QStringLiteral("upper80"))),
                toVector(f.value(QStringLiteral("lower95"))), toVector(f.value(QStringLiteral("upper95"))));
        }
        {
            QElapsedTimer timer;
            timer.start();
            SarimaxData data;
            data.y = train;
            const AutoArimaResult selected = AutoArima::select(data, period, [&] { AutoArimaOptions o; o.approximation = arimaApproximation; return o; }());
            selectSeconds[period] += double(timer.nsecsElapsed()) * 1e-9;
            timer.restart();
            if (selected.ok) {
                SarimaxOptions o;
                o.startParams = selected.model.params;
                o.computeStandardErrors = false;
                o.computeDiagnostics = false;
                data.y.resize(data.y.size() - size_t(h));
                Sarimax::fit(selected.model.spec, data, o);
            }
            refitSeconds[period] += double(timer.nsecsElapsed()) * 1e-9;
        }
        for (const QString &m : ours) {
            const std::optional<ModelChoice> choice = ModelSelection::parseChoice(m);
            if (*choice == ModelChoice::Ets && !ModelSelection::etsAvailable())
                continue;
            ForecastRequest request;
            request.data.y = train;
            request.period = period;
            request.horizon = h;
            request.model = *choice;
            request.selection = selection;
            request.autoOptions.approximation = arimaApproximation;
            QElapsedTimer timer;
            timer.start();
            const ForecastOutcome out = Forecaster::run(request);
            choiceSeconds[period][m] += double(timer.nsecsElapsed()) * 1e-9;
            if (*choice == ModelChoice::Auto) {
                autoSeconds[period] += double(timer.nsecsElapsed()) * 1e-9;
                chosen[period][out.family.isEmpty() ? QStringLiteral("fallback") : out.family] += 1;
            }
            std::vector<double> mean, lo80, hi80, lo95, hi95;
            for (const ForecastPoint &p : out.points) {
                mean.push_back(p.mean);
                lo80.push_back(p.lower80);
                hi80.push_back(p.upper80);
                lo95.push_back(p.lower95);
                hi95.push_back(p.upper95);
            }
            Tally &tally = tallies[period][QStringLiteral("sd:") + m];
            const double before = tally.mase;
            add(tally, train, test, period, mean, lo80, hi80, lo95, hi95);
            if (verbose)
                std::printf("  %-28s sd:%-6s MASE %.3f %s\n", qPrintable(c.value(QStringLiteral("name")).toString()), qPrintable(m),
                            tally.mase - before, qPrintable(out.methodName + QStringLiteral(" ") + out.transform));
            if (qEnvironmentVariableIsSet("EVAL_MISSES") && *choice == ModelChoice::Auto) {
                int miss80 = 0, miss95 = 0;
                for (size_t i = 0; i < test.size() && i < mean.size(); ++i) {
                    miss80 += (test[i] < lo80[i] || test[i] > hi80[i]) ? 1 : 0;
                    miss95 += (test[i] < lo95[i] || test[i] > hi95[i]) ? 1 : 0;
                }
                if (miss95 > 0)
                    std::printf("MISS p%d %-28s 80:%d 95:%d of %zu  %s | scale %.2f/%.2f\n", period, qPrintable(c.value(QStringLiteral("name")).toString()),
                                miss80, miss95, test.size(), qPrintable(out.choiceReason.left(60)), out.intervalScale, out.intervalScale95);
            }
            if (verbose && *choice == ModelChoice::Auto)
                std::printf("%-28s %-8s %s | %s\n", qPrintable(c.value(QStringLiteral("name")).toString()), qPrintable(out.family),
                            qPrintable(out.choiceReason), qPrintable(out.transform));
        }
    }
    const std::map<int, const char *> names{{12, "monthly"}, {4, "quarterly"}, {1, "yearly"}};
    std::printf("mean MASE (mean sMAPE) [80%%/95%% coverage]\n");
    std::printf("%-10s %4s", "frequency", "n");
    for (const QString &m : ours)
        std::printf(" | %-26s", qPrintable(QStringLiteral("SD ") + m));
    for (const QString &m : theirs)
        std::printf(" | %-26s", qPrintable(QStringLiteral("R ") + m));
    std::printf("\n");
    for (const auto &[period, byModel] : tallies) {
        std::printf("%-10s %4d", names.count(period) ? names.at(period) : "other", byModel.begin()->second.series);
        auto cell = [](const Tally &t) {
            return QStringLiteral("%1 (%2) [%3/%4]")
                .arg(t.mase / t.series, 0, 'f', 3)
                .arg(t.smape / t.series, 0, 'f', 2)
                .arg(100.0 * t.in80 / std::max(1, t.points), 0, 'f', 1)
                .arg(100.0 * t.in95 / std::max(1, t.points), 0, 'f', 1);
        };
        for (const QString &m : ours) {
            const auto it = byModel.find(QStringLiteral("sd:") + m);
            std::printf(" | %-26s", it == byModel.end() ? "n/a" : qPrintable(cell(it->second)));
        }
        for (const QString &m : theirs)
            std::printf(" | %-26s", qPrintable(cell(byModel.at(QStringLiteral("r:") + m))));
        std::printf("\n");
    }
    if (byHorizon) {
        std::printf("SD auto coverage by horizon step (80%%/95%%):\n");
        for (const auto &[period, byModel] : tallies) {
            const Tally &a = byModel.at(QStringLiteral("sd:auto"));
            std::printf("%-10s", names.count(period) ? names.at(period) : "other");
            for (size_t h = 0; h < a.pointsAt.size(); ++h)
                std::printf(" h%zu %.0f/%.0f", h + 1, 100.0 * a.in80At[h] / std::max(1, a.pointsAt[h]),
                            100.0 * a.in95At[h] / std::max(1, a.pointsAt[h]));
            std::printf("\n");
        }
    }
    for (const auto &[period, byModel] : tallies) {
        const Tally &a = byModel.at(QStringLiteral("sd:auto"));
        double bestMase = HUGE_VAL, bestSmape = HUGE_VAL;
        for (const char *m : {"r:arima", "r:ets", "r:theta"}) {
            const Tally &t = byModel.at(QLatin1String(m));
            bestMase = std::min(bestMase, t.mase / t.series);
            bestSmape = std::min(bestSmape, t.smape / t.series);
        }
        QStringList picks;
        for (const auto &[family, n] : chosen[period])
            picks << QStringLiteral("%1 %2").arg(family).arg(n);
        std::printf("%-10s auto/best-R MASE %.3f, sMAPE %.2f vs %.2f; auto picks: %s; negative forecasts of never-negative "
                    "series: %d; auto mean %.2f ms\n",
                    names.count(period) ? names.at(period) : "other", a.mase / a.series / bestMase, a.smape / a.series,
                    bestSmape, qPrintable(picks.join(QStringLiteral(", "))), a.negative,
                    1000.0 * autoSeconds[period] / a.series);
    }
    for (const auto &[period, byChoice] : choiceSeconds) {
        std::printf("%-10s mean ms per series:", names.count(period) ? names.at(period) : "other");
        for (const auto &[m, seconds] : byChoice)
            std::printf(" %s %.2f", qPrintable(m), 1000.0 * seconds / tallies[period][QStringLiteral("sd:auto")].series);
        std::printf(" | AutoArima::select %.2f, one refit %.2f\n", 1000.0 * selectSeconds[period] / tallies[period][QStringLiteral("sd:auto")].series,
                    1000.0 * refitSeconds[period] / tallies[period][QStringLiteral("sd:auto")].series);
    }
    return 0;
}
