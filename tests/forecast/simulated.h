#pragma once
// Seeded series for the forecast tests and benchmarks: a linear congruential generator with
// Box–Muller normals (the same numbers on every platform and standard library), and the two-year
// daily KPI the benchmarks time: trend, a fixed weekly pattern and MA(1) noise.

#include <QtGlobal>

#include <cmath>
#include <vector>

namespace Simulated {

class Normal
{
public:
    explicit Normal(quint32 seed)
        : m_seed(seed)
    {
    }
    double operator()()
    {
        m_seed = m_seed * 1664525u + 1013904223u;
        const double u1 = ((m_seed >> 8) + 1.0) / double(1 << 24);
        m_seed = m_seed * 1664525u + 1013904223u;
        const double u2 = (m_seed >> 8) / double(1 << 24);
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }

private:
    quint32 m_seed;
};

// level ~1000 + seed % 97 drifting up 0.3 a day, weekday effects, noise e_t + 0.5 e_{t−1} (sd 8).
inline std::vector<double> dailyKpi(int days, quint32 seed)
{
    std::vector<double> y(static_cast<size_t>(days));
    Normal noise(seed);
    double level = 1000.0 + (seed % 97), e1 = 0.0;
    const double weekly[7] = {0.0, 12.0, 15.0, 14.0, 10.0, -20.0, -31.0};
    for (int t = 0; t < days; ++t) {
        const double e = noise() * 8.0;
        level += 0.3 + 0.2 * noise();
        y[size_t(t)] = level + weekly[t % 7] + e + 0.5 * e1;
        e1 = e;
    }
    return y;
}

} // namespace Simulated
