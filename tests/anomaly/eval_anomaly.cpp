// Detector quality on the labeled set of labeledseries.h (seed 20261207, 40 series) and on pure
// Gaussian noise: window recall, precision, false flags per 1,000 points and share of points flagged,
// for the new default and the old defaults (not a pass/fail test; tst_seasonalesd pins the goals).
// Then the same for the real-like families of realisticseries.h (12 series each), new default against
// the trailing z of window 30, and the share the default flags on clean real-like noise.
// --dump-flags FILE writes the default's flags on the labeled set (series,index,kind,score), the golden
// tst_seasonalesd::flagsMatchGolden compares with (tests/data/anomaly/stl_labeled_flags.csv).
// Run: build/tests/anomaly/eval_anomaly [--write DIR] [--families-only] [--dump-flags FILE]   (DIR: one CSV per series +
// labels.csv, for `smartdata anomalies --series`)

#include "labeledseries.h"
#include "realisticseries.h"

#include "anomaly/anomalydetector.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>

#include <cstdio>
#include <functional>

using namespace Anomaly;

namespace {

struct Config final
{
    const char *name;
    AnomalyParams params;
};

// Flag counts by kind, for the families' table (where the false flags come from).
qint64 g_flagsByKind[4] = {};

std::vector<bool> flagsOf(const DailySeries &series, const AnomalyParams &params)
{
    std::vector<bool> flags(size_t(series.size()), false);
    auto result = AnomalyDetector::run(series, params);
    if (!result)
        return flags;
    for (qsizetype i = 0; i < result->points.size(); ++i) {
        flags[size_t(i)] = result->points.at(i).isOutlier;
        if (flags[size_t(i)])
            ++g_flagsByKind[int(result->points.at(i).kind)];
    }
    return flags;
}

Anomaly::DailySeries noiseSeries(int n)
{
    const std::vector<double> v = Labeled::pureNoise(7, n);
    QList<DailyPoint> points;
    for (int i = 0; i < n; ++i) {
        DailyPoint p;
        p.day = QDate(2010, 1, 1).addDays(i);
        p.valueSum = v[size_t(i)];
        points.append(p);
    }
    return *DailySeries::fromPoints(points);
}

void write(const std::vector<Labeled::Series> &set, const QString &dir)
{
    QDir().mkpath(dir);
    QFile labels(dir + QStringLiteral("/labels.csv"));
    if (!labels.open(QIODevice::WriteOnly | QIODevice::Text))
        return;
    QTextStream l(&labels);
    l << "series,kind,first_date,last_date\n";
    for (const Labeled::Series &s : set) {
        QFile f(dir + QLatin1Char('/') + s.name + QStringLiteral(".csv"));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Text))
            return;
        QTextStream out(&f);
        out << "date,value\n";
        for (size_t i = 0; i < s.values.size(); ++i)
            out << s.start.addDays(qint64(i)).toString(Qt::ISODate) << ',' << QString::number(s.values[i], 'g', 10) << '\n';
        for (const Labeled::Window &w : s.windows)
            l << s.name << ',' << Labeled::kindName(w.kind) << ',' << s.start.addDays(w.first).toString(Qt::ISODate) << ','
              << s.start.addDays(w.last).toString(Qt::ISODate) << '\n';
    }
}

void dumpFlags(const std::vector<Labeled::Series> &set, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return;
    QTextStream out(&file);
    out << "series,index,kind,score\n";
    for (const Labeled::Series &s : set) {
        const auto result = AnomalyDetector::run(s.daily(), AnomalyParams::defaults(AnomalyParams::kDefaultMethod));
        for (qsizetype i = 0; i < result->points.size(); ++i) {
            const AnomalyPoint &p = result->points.at(i);
            if (p.isOutlier)
                out << s.name << ',' << i << ',' << kindName(p.kind) << ',' << QString::number(*p.score, 'g', 9) << '\n';
        }
    }
}

void evaluateLabeledSet(const std::vector<Labeled::Series> &set, const std::vector<Config> &configs)
{
    qint64 totalPoints = 0;
    for (const Labeled::Series &s : set)
        totalPoints += qint64(s.values.size());
    std::printf("labeled set: %zu series, %lld points, seed 20261207; noise: 5000 Gaussian points, seed 7\n\n", set.size(),
                static_cast<long long>(totalPoints));
    std::printf("%-32s %9s %9s %10s %9s %12s\n", "detector", "recall", "precision", "false/1000", "flagged", "noise flagged");
    const DailySeries noise = noiseSeries(5000);
    for (const Config &c : configs) {
        Labeled::Score score;
        for (const Labeled::Series &s : set)
            Labeled::score(s, flagsOf(s.daily(), c.params), score);
        const std::vector<bool> noiseFlags = flagsOf(noise, c.params);
        const double noiseShare = double(std::count(noiseFlags.begin(), noiseFlags.end(), true)) / double(noiseFlags.size());
        std::printf("%-32s %4d/%-4d %9.3f %10.2f %8.2f%% %11.2f%%\n", c.name, score.found, score.windows, score.precision(),
                    score.falsePer1000(), 100.0 * score.shareFlagged(), 100.0 * noiseShare);
        if (&c == &configs.front()) {
            std::printf("    by kind:");
            for (int k = 0; k < Labeled::kKindCount; ++k)
                std::printf(" %s %d/%d", Labeled::kindName(Labeled::Kind(k)), score.foundByKind[k], score.windowsByKind[k]);
            std::printf("\n");
        }
    }
}

// Share of points the default flags on clean series of real-like noise (nothing planted): 10 series
// of 5,000 points each, seed 99.
void evaluateCleanNoise()
{
    std::printf("\nclean series, nothing planted (10 x 5,000 points each, seed 99): share flagged by the default\n");
    std::mt19937_64 rng(99);
    const auto run = [&](const char *name, const std::function<double(size_t)> &value) {
        qint64 flags = 0;
        qint64 points = 0;
        for (int s = 0; s < 10; ++s) {
            std::vector<double> v(5000);
            for (size_t i = 0; i < v.size(); ++i)
                v[i] = value(i);
            QList<DailyPoint> daily;
            for (size_t i = 0; i < v.size(); ++i) {
                DailyPoint p;
                p.day = QDate(2000, 1, 1).addDays(qint64(i));
                p.valueSum = v[i];
                daily.append(p);
            }
            const std::vector<bool> flagged = flagsOf(*DailySeries::fromPoints(daily), AnomalyParams::defaults(AnomalyParams::kDefaultMethod));
            flags += std::count(flagged.begin(), flagged.end(), true);
            points += qint64(v.size());
        }
        std::printf("  %-38s %6.3f%%\n", name, 100.0 * double(flags) / double(points));
    };
    run("Gaussian", [&](size_t) { return 100.0 + 10.0 * Labeled::gaussian(rng); });
    run("Student t, 3 dof", [&](size_t) { return 100.0 + 10.0 * Realistic::studentT3(rng); });
    run("log-normal, sd of log 0.5", [&](size_t) { return std::exp(3.0 + 0.5 * Labeled::gaussian(rng)); });
    run("Poisson, rate 0.3", [&](size_t) { return Realistic::poisson(rng, 0.3); });
    run("Poisson, rate 3", [&](size_t) { return Realistic::poisson(rng, 3.0); });
    run("Poisson, rate 30", [&](size_t) { return Realistic::poisson(rng, 30.0); });
    double walk = 0.0;
    run("random walk (sd 2) + noise (sd 10)", [&](size_t) {
        walk += 2.0 * Labeled::gaussian(rng);
        return 1000.0 + walk + 10.0 * Labeled::gaussian(rng);
    });
    run("wave of 24 (amplitude 6 sd) + noise", [&](size_t i) { return 100.0 + 30.0 * std::sin(6.2832 * double(i) / 24.0) + 5.0 * Labeled::gaussian(rng); });
    run("wave of 288 (amplitude 6 sd) + noise", [&](size_t i) { return 100.0 + 30.0 * std::sin(6.2832 * double(i) / 288.0) + 5.0 * Labeled::gaussian(rng); });
}

// Per family of realisticseries.h: the new default and, for comparison, the trailing z of window 30.
void evaluateFamilies(const Config &stl, const Config &z30)
{
    std::printf("\nreal-like families (realisticseries.h, seed 20261207, 12 series each)\n");
    std::printf("%-12s %-30s %7s %9s %9s %10s %9s\n", "family", "detector", "points", "recall", "precision", "false/1000",
                "flagged");
    Labeled::Score all;
    for (Realistic::Family family : Realistic::kFamilies) {
        const std::vector<Labeled::Series> set = Realistic::generateFamily(family);
        for (const Config *c : {&stl, &z30}) {
            Labeled::Score score;
            std::fill(std::begin(g_flagsByKind), std::end(g_flagsByKind), 0);
            for (const Labeled::Series &s : set) {
                const std::vector<bool> flags = flagsOf(s.daily(), c->params);
                Labeled::score(s, flags, score);
                if (c == &stl)
                    Labeled::score(s, flags, all);
            }
            std::printf("%-12s %-30s %7lld %4d/%-4d %9.3f %10.2f %8.2f%%   flags: %lld spike, %lld dip, %lld shift\n",
                        Realistic::familyName(family), c->name, static_cast<long long>(score.points), score.found,
                        score.windows, score.precision(), score.falsePer1000(), 100.0 * score.shareFlagged(),
                        static_cast<long long>(g_flagsByKind[1]), static_cast<long long>(g_flagsByKind[2]),
                        static_cast<long long>(g_flagsByKind[3]));
            if (c == &stl) {
                std::printf("    found by kind:");
                for (int k = 0; k < Labeled::kKindCount; ++k) {
                    if (score.windowsByKind[k])
                        std::printf(" %s %d/%d", Labeled::kindName(Labeled::Kind(k)), score.foundByKind[k], score.windowsByKind[k]);
                }
                std::printf("\n");
            }
        }
    }
    std::printf("%-12s %-30s %7lld %4d/%-4d %9.3f %10.2f %8.2f%%\n", "all", stl.name, static_cast<long long>(all.points),
                all.found, all.windows, all.precision(), all.falsePer1000(), 100.0 * all.shareFlagged());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const std::vector<Labeled::Series> set = Labeled::generateSet();
    const QStringList args = app.arguments();
    if (const qsizetype at = args.indexOf(QStringLiteral("--write")); at >= 0 && at + 1 < args.size())
        write(set, args.at(at + 1));
    if (const qsizetype at = args.indexOf(QStringLiteral("--dump-flags")); at >= 0 && at + 1 < args.size()) {
        dumpFlags(set, args.at(at + 1));
        return 0;
    }

    std::vector<Config> configs = {
        {"stl (new default)", AnomalyParams::defaults(Method::SeasonalEsd)},
        {"zscore w7 |z|>=3 (old default)", AnomalyParams::predecessorDefaults(Method::RollingZ)},
        {"mad w7 3.5 (old)", AnomalyParams::predecessorDefaults(Method::RobustZ)},
        {"iforest auto (old)", AnomalyParams::predecessorDefaults(Method::IsolationForest)},
        {"zscore w7 (warm-up, floors)", AnomalyParams::defaults(Method::RollingZ)},
        {"mad w7 (warm-up, floors)", AnomalyParams::defaults(Method::RobustZ)},
        {"iforest 0.01 (new)", AnomalyParams::defaults(Method::IsolationForest)},
    };
    AnomalyParams z30 = AnomalyParams::defaults(Method::RollingZ);
    z30.window = 30;
    configs.push_back({"zscore w30 (warm-up, floors)", z30});

    if (!args.contains(QStringLiteral("--families-only")))
        evaluateLabeledSet(set, configs);
    evaluateFamilies(configs.front(), configs.back());
    evaluateCleanNoise();
    return 0;
}
