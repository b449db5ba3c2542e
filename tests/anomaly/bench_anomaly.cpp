// Timings of the anomaly detectors (not a pass/fail test):
//   the default detector (stl) on 1,000,000 points and on 3 years of days,
//   rolling and robust z over 1,000,000 points (windows 7 and 30),
//   the full AnomalyDetector path over 1,000,000 days,
//   Isolation Forest fit + score, 100 trees, 10,000 rows x 8 features.
// golden/bench_sklearn.py times scikit-learn on the same Isolation Forest data (same generator).
// Run: build/tests/anomaly/bench_anomaly [repeats]

#include "anomaly/anomalydetector.h"
#include "anomaly/isolationforest.h"
#include "anomaly/robustzscore.h"
#include "anomaly/rollingzscore.h"
#include "anomaly/seasonalesd.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <numeric>
#include <vector>

using namespace Anomaly;

namespace {

// The data generator shared with bench_sklearn.py: a 64-bit LCG, 53-bit uniforms.
struct Lcg final
{
    quint64 state = 12345;
    double next()
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(state >> 11) * 0x1.0p-53;
    }
};

std::vector<double> forestData(int rows, int cols)
{
    Lcg lcg;
    std::vector<double> X(size_t(rows) * size_t(cols));
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) {
            double v = lcg.next() + 0.5 * std::sin(0.01 * i * (j + 1));
            if (i % 500 == 0 && j == (i / 500) % cols)
                v += 5.0;
            X[size_t(i) * size_t(cols) + size_t(j)] = v;
        }
    }
    return X;
}

struct Timing final
{
    double best = 0;
    double median = 0;
    double bestCpu = 0; // thread CPU time: less disturbed than wall time on a shared machine
};

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

Timing timeIt(int repeats, const std::function<void()> &work)
{
    std::vector<double> ms;
    std::vector<double> cpu;
    for (int r = 0; r < repeats; ++r) {
        const double c0 = threadCpuMs();
        const auto t0 = std::chrono::steady_clock::now();
        work();
        const auto t1 = std::chrono::steady_clock::now();
        cpu.push_back(threadCpuMs() - c0);
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return {ms.front(), ms[ms.size() / 2], *std::min_element(cpu.begin(), cpu.end())};
}

void report(const char *what, const Timing &t, const char *goal)
{
    std::printf("%-58s wall best %8.2f ms  median %8.2f ms  cpu best %8.2f ms  %s\n", what, t.best, t.median,
                t.bestCpu, goal);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const int repeats = args.size() > 1 ? std::max(1, args.at(1).toInt()) : 7;
    size_t sink = 0; // printed at the end so the work cannot be optimised away

    const size_t n = 1000000;
    std::vector<qint64> positions(n);
    std::iota(positions.begin(), positions.end(), qint64(700000));
    std::vector<double> values(n);
    Lcg lcg;
    for (size_t i = 0; i < n; ++i)
        values[i] = 1000.0 + 100.0 * std::sin(double(i) * 0.8975979) + 30.0 * lcg.next() + (i % 997 == 0 ? 400.0 : 0.0);

    std::printf("anomaly benchmarks, %d repeats\n", repeats);
    for (int window : {7, 30}) {
        const QByteArray rollingName = "rolling z, 1,000,000 points, window " + QByteArray::number(window);
        report(rollingName.constData(), timeIt(repeats, [&] {
                   sink += RollingZScore::score(positions, values, window, 3.0).size();
               }),
               window == 7 ? "(goal < 50 ms)" : "");
        const QByteArray robustName = "robust z, 1,000,000 points, window " + QByteArray::number(window);
        report(robustName.constData(), timeIt(repeats, [&] {
                   sink += RobustZScore::score(positions, values, window, 3.5).size();
               }),
               window == 7 ? "(goal < 50 ms)" : "");
    }

    // The default detector (stl): the core on a plain regular series, and the whole path on days.
    const std::vector<bool> allObserved(n, true);
    report("stl default (SeasonalEsd::detectRegular), 1,000,000 points", timeIt(repeats, [&] {
               sink += SeasonalEsd::detectRegular(values, allObserved, 7, AnomalyParams::kDefaultEsdThreshold).score.size();
           }),
           "(goal < 100 ms)");
    QList<DailyPoint> threeYears;
    for (size_t i = 0; i < 1096; ++i)
        threeYears.append(DailyPoint{QDate(2023, 1, 1).addDays(qint64(i)), values[i], std::nullopt, std::nullopt, std::nullopt});
    const DailySeries threeYearSeries = *DailySeries::fromPoints(threeYears);
    report("AnomalyDetector::run stl default, 3 years of days (1,096)", timeIt(std::max(repeats, 50), [&] {
               sink += AnomalyDetector::run(threeYearSeries, AnomalyParams::defaults(Method::SeasonalEsd))->points.size();
           }),
           "(goal < 1 ms)");

    QList<DailyPoint> points;
    points.reserve(qsizetype(n));
    for (size_t i = 0; i < n; ++i)
        points.append(DailyPoint{QDate::fromJulianDay(positions[i]), values[i], 1.0, values[i], std::nullopt});
    const DailySeries series = *DailySeries::fromPoints(points);
    report("AnomalyDetector::run zscore, 1,000,000 days (whole path)", timeIt(repeats, [&] {
               sink += AnomalyDetector::run(series, AnomalyParams::defaults(Method::RollingZ))->points.size();
           }),
           "");
    report("AnomalyDetector::run stl default, 1,000,000 days (whole path)", timeIt(repeats, [&] {
               sink += AnomalyDetector::run(series, AnomalyParams::defaults(Method::SeasonalEsd))->points.size();
           }),
           "");
    AnomalyParams seasonal = AnomalyParams::defaults(Method::RobustZ);
    seasonal.seasonal = true;
    report("AnomalyDetector::run mad seasonal, 1,000,000 days", timeIt(repeats, [&] {
               sink += AnomalyDetector::run(series, seasonal)->points.size();
           }),
           "");

    const int rows = 10000;
    const int cols = 8;
    const std::vector<double> X = forestData(rows, cols);
    double meanScore = 0;
    report("Isolation Forest fit + score, 100 trees, 10,000 x 8", timeIt(repeats, [&] {
               IsolationForest forest;
               if (!forest.fit(X, rows, cols))
                   std::abort();
               meanScore = std::accumulate(forest.trainingScores().begin(), forest.trainingScores().end(), 0.0) / rows;
           }),
           "(goal < 20 ms)");
    IsolationForest fitted;
    (void)fitted.fit(X, rows, cols);
    report("Isolation Forest score_samples only, 10,000 x 8", timeIt(repeats, [&] {
               sink += fitted.scoreSamples(X, rows).size();
           }),
           "");
    std::printf("Isolation Forest mean score_samples on the bench data: %.5f (seed 0)\n", meanScore);
    std::printf("(checksum %zu)\n", sink);
    return 0;
}
