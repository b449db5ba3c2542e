// Timing harness for the automatic ETS choice (prints figures; not a pass/fail test).
//   bench_ets [--repeats N] [--restarts N] [--threads N]
// Times Ets::fitAuto (all 15 candidates for positive monthly data) on every monthly series of the R
// golden file (golden/ets_goldens.json) and prints the mean per series, wall clock and the process's
// CPU time (the machine is shared: CPU time is the steadier figure), next to R's ets() time
// measured by golden/ets_goldens.R on the machine that wrote the goldens; then synthetic daily
// series of 150, 365 and 730 points with a weekly season.

#include "forecast/ets.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

using namespace Forecast;

namespace {

double processCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int repeats = 20;
    const QStringList args = app.arguments();
    const qsizetype r = args.indexOf(QStringLiteral("--repeats"));
    if (r >= 0 && r + 1 < args.size())
        repeats = std::max(1, args.at(r + 1).toInt());
    EtsOptions options;
    const qsizetype rs = args.indexOf(QStringLiteral("--restarts"));
    if (rs >= 0 && rs + 1 < args.size())
        options.restarts = std::max(0, args.at(rs + 1).toInt());
    const qsizetype th = args.indexOf(QStringLiteral("--threads"));
    if (th >= 0 && th + 1 < args.size())
        options.threads = std::max(1, args.at(th + 1).toInt());

    QFile file(QStringLiteral(SMARTDATA_TEST_DATA_DIR "/../forecast/golden/ets_goldens.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(file.fileName()));
        return 1;
    }
    const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
    double totalMs = 0.0, totalCpu = 0.0, totalR = 0.0;
    int series = 0;
    long long evaluations = 0;
    for (const QJsonValue &v : cases) {
        const QJsonObject c = v.toObject();
        if (c.value(QStringLiteral("period")).toInt() != 12)
            continue;
        std::vector<double> y;
        for (const QJsonValue &x : c.value(QStringLiteral("values")).toArray())
            y.push_back(x.toDouble());
        EtsFit fit = Ets::fitAuto(y, 12, options); // warm-up
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = processCpuMs();
        for (int i = 0; i < repeats; ++i)
            fit = Ets::fitAuto(y, 12, options);
        const double cpuMs = (processCpuMs() - cpu0) / repeats;
        const double ms = double(timer.nsecsElapsed()) / 1e6 / repeats;
        long long evals = 0;
        for (const EtsSpec &spec : Ets::candidates(y, 12))
            evals += Ets::fit(y, 12, spec, options).evaluations;
        const double rMs = c.value(QStringLiteral("r_auto_ms")).toDouble();
        std::printf("%-16s n=%3zu %-5s %7.2f ms wall %7.2f ms cpu (%lld likelihood evaluations; R ets() %.0f ms)\n",
                    qPrintable(c.value(QStringLiteral("name")).toString()), y.size(), qPrintable(fit.spec.code()), ms,
                    cpuMs, evals, rMs);
        totalMs += ms;
        totalCpu += cpuMs;
        totalR += rMs;
        evaluations += evals;
        ++series;
    }
    if (series == 0)
        return 1;
    std::printf("mean auto-ETS time over %d monthly series (restarts %d, threads %d): %.2f ms wall, %.2f ms cpu "
                "(%lld evaluations per series; R %.0f ms)\n",
                series, options.restarts, options.threads, totalMs / series, totalCpu / series, evaluations / series, totalR / series);

    // A daily KPI with a weekly season (period 7), as the batch refit sees it: a random-walk level
    // with a ±20% weekly pattern and noise, fixed seed. The cost grows linearly with the length.
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0.0, 1.0);
    for (int n : {150, 365, 730}) {
        std::vector<double> y;
        double level = 1000.0;
        for (int t = 0; t < n; ++t) {
            level += 5.0 * noise(rng);
            y.push_back(level * (1.0 + 0.2 * std::sin(2.0 * M_PI * t / 7.0)) + 20.0 * noise(rng));
        }
        EtsFit fit = Ets::fitAuto(y, 7, options);
        const double cpu0 = processCpuMs();
        for (int i = 0; i < repeats; ++i)
            fit = Ets::fitAuto(y, 7, options);
        std::printf("daily n=%3d period 7: %-5s %7.2f ms cpu per automatic fit\n", n, qPrintable(fit.spec.code()),
                    (processCpuMs() - cpu0) / repeats);
    }
    return 0;
}
