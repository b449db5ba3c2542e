#pragma once
// A labeled set of daily KPI series with planted anomalies of five kinds, to measure detectors by
// window recall and precision (eval_anomaly) and in tst_seasonalesd. Deterministic for a seed.
//
// Each series: a level between 20 and 20,000, a weekly pattern of 0–35 % amplitude, a slow trend,
// Gaussian noise of 2–8 % of the level (a quarter of the series: Student t with 4 dof, heavy tails),
// 1–3 years long. Planted, each at least 30 days from the next and none in the first 35 days:
//   spike           1–2 days, +5..10 noise sd
//   dip             1–3 days, −5..10 noise sd
//   level_shift     a step of ±5..10 noise sd that stays; labeled on its first 3 days
//   trend_change    the slope changes so that the series departs by 8..14 noise sd within 21 days,
//                   then the new level stays; labeled on those 21 days
//   seasonal_break  the weekly pattern inverts for 14–28 days (series with amplitude ≥ 15 % only);
//                   labeled on its days
// A window counts as found when a flag falls within it, or within kTolerance days after it.

#include "anomaly/dailyseries.h"

#include <QDate>
#include <QString>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace Labeled {

enum class Kind { Spike, Dip, LevelShift, TrendChange, SeasonalBreak };
inline constexpr int kKindCount = 5;
inline constexpr int kTolerance = 2;

inline const char *kindName(Kind kind)
{
    switch (kind) {
    case Kind::Spike: return "spike";
    case Kind::Dip: return "dip";
    case Kind::LevelShift: return "level_shift";
    case Kind::TrendChange: return "trend_change";
    case Kind::SeasonalBreak: return "seasonal_break";
    }
    return "";
}

struct Window final
{
    Kind kind;
    int first; // index of the first labeled point
    int last;  // index of the last labeled point
};

struct Series final
{
    QString name;
    QDate start;
    std::vector<double> values;
    std::vector<Window> windows;

    Anomaly::DailySeries daily() const
    {
        QList<Anomaly::DailyPoint> points;
        points.reserve(qsizetype(values.size()));
        for (size_t i = 0; i < values.size(); ++i) {
            Anomaly::DailyPoint p;
            p.day = start.addDays(qint64(i));
            p.valueSum = values[i];
            points.append(p);
        }
        return *Anomaly::DailySeries::fromPoints(points);
    }
};

inline double gaussian(std::mt19937_64 &rng)
{
    const double u1 = (double(rng() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = double(rng() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

inline double uniform(std::mt19937_64 &rng, double lo, double hi)
{
    return lo + (hi - lo) * double(rng() >> 11) * 0x1.0p-53;
}

// Student t with 4 dof, scaled to unit variance.
inline double heavyTail(std::mt19937_64 &rng)
{
    double chi = 0.0;
    for (int k = 0; k < 4; ++k) {
        const double g = gaussian(rng);
        chi += g * g;
    }
    return gaussian(rng) / std::sqrt(chi / 4.0) / std::sqrt(2.0);
}

inline Series generate(std::mt19937_64 &rng, int index)
{
    Series s;
    s.name = QStringLiteral("labeled_%1").arg(index, 2, 10, QLatin1Char('0'));
    s.start = QDate(2022, 1, 3).addDays(qint64(rng() % 7));
    const int n = 365 + int(rng() % 731);
    const double level = std::exp(uniform(rng, std::log(20.0), std::log(20000.0)));
    const double amplitude = uniform(rng, 0.0, 0.35);
    const double trend = uniform(rng, -0.3, 0.5) / 365.0; // share of the level per day
    const double noiseShare = uniform(rng, 0.02, 0.08);
    const bool heavy = rng() % 4 == 0;
    const double sd = noiseShare * level;
    double weekly[7];
    for (double &w : weekly)
        w = uniform(rng, -1.0, 1.0);
    double mean = 0.0;
    for (double w : weekly)
        mean += w / 7.0;
    for (double &w : weekly)
        w = (w - mean) * amplitude * level;

    // Plant the windows.
    std::vector<double> shift(size_t(n), 0.0);
    std::vector<bool> inverted(size_t(n), false);
    std::vector<double> spike(size_t(n), 0.0);
    int t = 35 + int(rng() % 30);
    while (t < n - 30) {
        Kind kind = Kind(rng() % kKindCount);
        if (kind == Kind::SeasonalBreak && amplitude < 0.15)
            kind = Kind::Spike;
        const double sign = rng() % 2 ? 1.0 : -1.0;
        Window w{kind, t, t};
        switch (kind) {
        case Kind::Spike: {
            const int len = 1 + int(rng() % 2);
            for (int k = 0; k < len; ++k)
                spike[size_t(t + k)] += uniform(rng, 5.0, 10.0) * sd;
            w.last = t + len - 1;
            break;
        }
        case Kind::Dip: {
            const int len = 1 + int(rng() % 3);
            for (int k = 0; k < len; ++k)
                spike[size_t(t + k)] -= uniform(rng, 5.0, 10.0) * sd;
            w.last = t + len - 1;
            break;
        }
        case Kind::LevelShift: {
            const double step = sign * uniform(rng, 5.0, 10.0) * sd;
            for (int k = t; k < n; ++k)
                shift[size_t(k)] += step;
            w.last = t + 2;
            break;
        }
        case Kind::TrendChange: {
            const double total = sign * uniform(rng, 8.0, 14.0) * sd;
            for (int k = t; k < n; ++k)
                shift[size_t(k)] += total * std::min(1.0, double(k - t + 1) / 21.0);
            w.last = t + 20;
            break;
        }
        case Kind::SeasonalBreak: {
            const int len = 14 + int(rng() % 15);
            for (int k = t; k < t + len; ++k)
                inverted[size_t(k)] = true;
            w.last = t + len - 1;
            break;
        }
        }
        s.windows.push_back(w);
        t = w.last + 30 + int(rng() % 60);
    }

    s.values.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
        const int weekday = s.start.addDays(i).dayOfWeek() - 1;
        const double season = inverted[size_t(i)] ? -weekly[weekday] : weekly[weekday];
        const double noise = (heavy ? heavyTail(rng) : gaussian(rng)) * sd;
        s.values[size_t(i)] = level * (1.0 + trend * i) + season + shift[size_t(i)] + spike[size_t(i)] + noise;
    }
    return s;
}

// The labeled set: `count` series from one seed.
inline std::vector<Series> generateSet(quint64 seed = 20261207, int count = 40)
{
    std::mt19937_64 rng(seed);
    std::vector<Series> out;
    for (int i = 0; i < count; ++i)
        out.push_back(generate(rng, i));
    return out;
}

// Gaussian noise around 100 with sd 10, nothing planted.
inline std::vector<double> pureNoise(quint64 seed, int n)
{
    std::mt19937_64 rng(seed);
    std::vector<double> v(static_cast<size_t>(n));
    for (double &x : v)
        x = 100.0 + 10.0 * gaussian(rng);
    return v;
}

struct Score final
{
    int windows = 0;
    int found = 0;
    int foundByKind[kKindCount] = {};
    int windowsByKind[kKindCount] = {};
    qint64 points = 0;
    qint64 flags = 0;
    qint64 trueFlags = 0;

    double recall() const { return windows ? double(found) / windows : 0.0; }
    double precision() const { return flags ? double(trueFlags) / double(flags) : 0.0; }
    double falsePer1000() const { return points ? 1000.0 * double(flags - trueFlags) / double(points) : 0.0; }
    double shareFlagged() const { return points ? double(flags) / double(points) : 0.0; }
};

// Adds one series' flags (one bool per value) to the score.
inline void score(const Series &s, const std::vector<bool> &flagged, Score &out)
{
    out.points += qint64(s.values.size());
    std::vector<bool> inWindow(s.values.size(), false);
    for (const Window &w : s.windows) {
        const int last = std::min(int(s.values.size()) - 1, w.last + kTolerance);
        bool found = false;
        for (int i = w.first; i <= last; ++i) {
            inWindow[size_t(i)] = true;
            found = found || flagged[size_t(i)];
        }
        ++out.windows;
        ++out.windowsByKind[int(w.kind)];
        if (found) {
            ++out.found;
            ++out.foundByKind[int(w.kind)];
        }
    }
    for (size_t i = 0; i < flagged.size(); ++i) {
        if (!flagged[i])
            continue;
        ++out.flags;
        if (inWindow[i])
            ++out.trueFlags;
    }
}

} // namespace Labeled
