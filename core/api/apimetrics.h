#pragma once
// Request counters and latency for /metrics (Prometheus text) and /api/health/latency, plus the
// pipeline counters the routes bump (rows ingested, forecasts run, ...). Thread-safe.

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <array>
#include <vector>

namespace Api {

class ApiMetrics final
{
public:
    static constexpr std::array<double, 12> Buckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    static constexpr int LatencySamplesKept = 1000; // per path

    // path: the route's pattern ("/api/sources/{id}") or "unmatched", so label values stay few.
    void record(const QString &path, const QString &method, int status, double seconds);
    void add(const QString &counter, double amount = 1.0);

    QByteArray prometheusText() const;
    QJsonObject latencyJson() const;

private:
    struct Histogram
    {
        std::array<quint64, Buckets.size()> counts{};
        quint64 count = 0;
        double sum = 0;
    };
    struct Samples
    {
        std::vector<double> ms;
        size_t next = 0;
    };

    mutable QMutex m_mutex;
    QHash<QString, quint64> m_requests;      // "path\nmethod\nstatus"
    QHash<QString, Histogram> m_durations;   // "path\nmethod"
    QHash<QString, Samples> m_latency;       // path
    QHash<QString, double> m_counters;
};

} // namespace Api
