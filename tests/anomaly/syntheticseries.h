#pragma once
// A synthetic year of daily KPIs with known anomalies, to measure precision and recall of the
// detectors: weekly seasonality (busy Fridays, quiet weekends), a slow trend, multiplicative noise
// and injected spikes and dips whose days are returned as labels. Deterministic for a seed.

#include "anomaly/dailyseries.h"

#include <QDate>

#include <cmath>
#include <random>
#include <set>
#include <vector>

namespace Synthetic {

struct LabelledSeries final
{
    Anomaly::DailySeries series;
    std::vector<bool> isAnomaly; // per point of series
};

struct Options final
{
    QDate start = QDate(2025, 1, 1);
    int days = 365;
    int spikes = 8;
    int dips = 6;
    double noise = 0.04;   // sd of the multiplicative noise
    int burnIn = 35;       // no anomaly in the first five weeks, so every detector has history
};

inline double normal(std::mt19937_64 &rng)
{
    const double u1 = (double(rng() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = double(rng() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

inline double uniform(std::mt19937_64 &rng, double lo, double hi)
{
    return lo + (hi - lo) * double(rng() >> 11) * 0x1.0p-53;
}

inline LabelledSeries generateYear(quint64 seed, const Options &o = {})
{
    std::mt19937_64 rng(seed);
    static constexpr double kWeekday[7] = {1.0, 1.05, 1.1, 1.05, 1.25, 0.6, 0.45}; // Monday first
    std::set<int> spikeDays;
    std::set<int> dipDays;
    std::set<int> taken;
    const auto pick = [&](std::set<int> &into, int count) {
        while (int(into.size()) < count) {
            const int d = o.burnIn + int(rng() % quint64(o.days - o.burnIn));
            // Keep anomalies at least 8 days apart so each one is judged against a clean window.
            bool clear = true;
            for (int t : taken)
                clear = clear && std::abs(t - d) >= 8;
            if (clear) {
                into.insert(d);
                taken.insert(d);
            }
        }
    };
    pick(spikeDays, o.spikes);
    pick(dipDays, o.dips);

    LabelledSeries out;
    QList<Anomaly::DailyPoint> points;
    for (int i = 0; i < o.days; ++i) {
        const QDate day = o.start.addDays(i);
        const double level = 1000.0 * (1.0 + 0.2 * i / 365.0) * kWeekday[day.dayOfWeek() - 1];
        double factor = 1.0 + o.noise * normal(rng);
        if (spikeDays.count(i))
            factor *= uniform(rng, 1.5, 2.2);
        if (dipDays.count(i))
            factor *= uniform(rng, 0.3, 0.6);
        const double sum = std::round(level * factor * 100.0) / 100.0;
        const double avgTicket = 25.0 * (1.0 + 0.03 * normal(rng));
        const double count = std::max(1.0, std::round(sum / avgTicket));
        const double distinct = std::max(1.0, std::round(count * uniform(rng, 0.65, 0.75)));
        points.append(Anomaly::DailyPoint{day, sum, count, sum / count, distinct});
        out.isAnomaly.push_back(spikeDays.count(i) || dipDays.count(i));
    }
    out.series = *Anomaly::DailySeries::fromPoints(points);
    return out;
}

} // namespace Synthetic
