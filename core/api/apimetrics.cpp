#include "apimetrics.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace Api {

namespace {

QByteArray escapeLabel(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = p * double(values.size() - 1);
    const auto low = size_t(std::floor(rank));
    const auto high = size_t(std::ceil(rank));
    return values[low] + (values[high] - values[low]) * (rank - double(low));
}

} // namespace

void ApiMetrics::record(const QString &path, const QString &method, int status, double seconds)
{
    QMutexLocker lock(&m_mutex);
    ++m_requests[path + QLatin1Char('\n') + method + QLatin1Char('\n') + QString::number(status)];
    Histogram &h = m_durations[path + QLatin1Char('\n') + method];
    for (size_t i = 0; i < Buckets.size(); ++i)
        if (seconds <= Buckets[i])
            ++h.counts[i];
    ++h.count;
    h.sum += seconds;
    Samples &s = m_latency[path];
    if (int(s.ms.size()) < LatencySamplesKept) {
        s.ms.push_back(seconds * 1000.0);
    } else {
        s.ms[s.next] = seconds * 1000.0;
        s.next = (s.next + 1) % s.ms.size();
    }
}

void ApiMetrics::add(const QString &counter, double amount)
{
    QMutexLocker lock(&m_mutex);
    m_counters[counter] += amount;
}

QByteArray ApiMetrics::prometheusText() const
{
    QMutexLocker lock(&m_mutex);
    QByteArray out;
    out += "# HELP http_requests_total HTTP requests by route, method and status.\n"
           "# TYPE http_requests_total counter\n";
    QStringList keys = m_requests.keys();
    keys.sort();
    for (const QString &key : std::as_const(keys)) {
        const QStringList p = key.split(QLatin1Char('\n'));
        out += "http_requests_total{path=\"" + escapeLabel(p.at(0)) + "\",method=\"" + escapeLabel(p.at(1))
             + "\",status=\"" + p.at(2).toLatin1() + "\"} " + QByteArray::number(m_requests.value(key)) + '\n';
    }
    out += "# HELP http_request_duration_seconds Time from the complete request to the reply.\n"
           "# TYPE http_request_duration_seconds histogram\n";
    keys = m_durations.keys();
    keys.sort();
    for (const QString &key : std::as_const(keys)) {
        const QStringList p = key.split(QLatin1Char('\n'));
        const Histogram &h = m_durations[key];
        const QByteArray labels = "path=\"" + escapeLabel(p.at(0)) + "\",method=\"" + escapeLabel(p.at(1)) + '"';
        for (size_t i = 0; i < Buckets.size(); ++i)
            out += "http_request_duration_seconds_bucket{" + labels + ",le=\"" + QByteArray::number(Buckets[i]) + "\"} "
                 + QByteArray::number(h.counts[i]) + '\n';
        out += "http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + QByteArray::number(h.count) + '\n';
        out += "http_request_duration_seconds_sum{" + labels + "} " + QByteArray::number(h.sum, 'g', 9) + '\n';
        out += "http_request_duration_seconds_count{" + labels + "} " + QByteArray::number(h.count) + '\n';
    }
    keys = m_counters.keys();
    keys.sort();
    for (const QString &key : std::as_const(keys)) {
        const QByteArray name = "smartdata_" + key.toLatin1() + "_total";
        out += "# TYPE " + name + " counter\n" + name + ' ' + QByteArray::number(m_counters.value(key), 'g', 15) + '\n';
    }
    return out;
}

QJsonObject ApiMetrics::latencyJson() const
{
    QMutexLocker lock(&m_mutex);
    QStringList paths = m_latency.keys();
    paths.sort();
    QJsonArray out;
    for (const QString &path : std::as_const(paths)) {
        const Samples &s = m_latency[path];
        out.append(QJsonObject{{QStringLiteral("path"), path},
                               {QStringLiteral("p50_ms"), percentile(s.ms, 0.50)},
                               {QStringLiteral("p95_ms"), percentile(s.ms, 0.95)},
                               {QStringLiteral("sample_size"), qint64(s.ms.size())}});
    }
    return QJsonObject{{QStringLiteral("paths"), out}};
}

} // namespace Api
