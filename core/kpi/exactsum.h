#pragma once
// The exact sum of doubles, rounded once at the end. Its value does not depend on the order the
// numbers were added in, so a day's value_sum is the same bit for bit whether it was computed from
// all of the day's events at once (a full recompute) or from the stored sum plus an import's new
// events (KpiService::applyInserted), and sums of many values lose nothing to cancellation.
//
// The exact value is kept as non-overlapping partial sums (Shewchuk's algorithm, as Python's
// math.fsum): usually one to three doubles for real data. They are stored with the day's row
// (metric_daily.value_sum_parts) so that later imports can add to them.
//
// A sum whose partials overflow (values near the largest double) is no longer exact: it goes on as
// a plain running sum and has no stored form.

#include <QByteArray>
#include <QtEndian>

#include <array>
#include <cmath>
#include <cstring>
#include <utility>

namespace Kpi {

class ExactSum final
{
public:
    // Non-overlapping doubles cover at most 2,098 bits of exponent range, 53 bits each.
    static constexpr int MaxParts = 48;

    void add(double x)
    {
        m_plain += x;
        if (!m_exact)
            return;
        int kept = 0;
        for (int i = 0; i < m_count; ++i) {
            double y = m_parts[i];
            if (std::fabs(x) < std::fabs(y))
                std::swap(x, y);
            const double hi = x + y;
            const double lo = y - (hi - x);
            if (lo != 0.0)
                m_parts[kept++] = lo;
            x = hi;
        }
        if (!std::isfinite(x) || kept == MaxParts) {
            m_exact = false;
            return;
        }
        if (x != 0.0)
            m_parts[kept++] = x;
        m_count = kept;
    }

    void add(const ExactSum &other)
    {
        if (!other.m_exact) {
            m_exact = false;
            m_plain += other.m_plain;
            return;
        }
        const double plain = m_plain + other.m_plain;
        for (int i = 0; i < other.m_count; ++i)
            add(other.m_parts[i]);
        m_plain = plain;
    }

    bool isExact() const { return m_exact; }

    // The exact sum correctly rounded to the nearest double (ties to even); the plain running sum
    // once the partials overflowed.
    double value() const
    {
        if (!m_exact)
            return m_plain;
        int n = m_count;
        double hi = 0.0;
        double lo = 0.0;
        if (n > 0) {
            hi = m_parts[--n];
            while (n > 0) {
                const double x = hi;
                const double y = m_parts[--n];
                hi = x + y;
                lo = y - (hi - x);
                if (lo != 0.0)
                    break;
            }
            // Round half to even across partials: when the rest has the sign of lo, the true value
            // is beyond the halfway point that hi + lo rounded to.
            if (n > 0 && ((lo < 0.0 && m_parts[n - 1] < 0.0) || (lo > 0.0 && m_parts[n - 1] > 0.0))) {
                const double y = lo * 2.0;
                const double x = hi + y;
                if (y == x - hi)
                    hi = x;
            }
        }
        return hi;
    }

    // The partials as little-endian doubles; empty when the sum is not exact (nothing to store).
    // The empty sum is one zero, so that "no stored form" and "zero" stay apart.
    QByteArray serialized() const
    {
        if (!m_exact)
            return {};
        const int parts = m_count > 0 ? m_count : 1;
        QByteArray bytes(parts * qsizetype(sizeof(double)), Qt::Uninitialized);
        for (int i = 0; i < parts; ++i) {
            const double part = m_count > 0 ? m_parts[i] : 0.0;
            quint64 bits;
            std::memcpy(&bits, &part, sizeof bits);
            qToLittleEndian(bits, bytes.data() + i * sizeof(double));
        }
        return bytes;
    }

    // Reads what serialized() wrote; nullopt-like false when the bytes are not such a sum.
    static bool deserialize(const char *data, qsizetype size, ExactSum &sum)
    {
        sum = ExactSum();
        if (size <= 0 || size % qsizetype(sizeof(double)) != 0 || size / qsizetype(sizeof(double)) > MaxParts)
            return false;
        for (qsizetype i = 0; i < size / qsizetype(sizeof(double)); ++i) {
            const quint64 bits = qFromLittleEndian<quint64>(data + i * sizeof(double));
            double part;
            std::memcpy(&part, &bits, sizeof part);
            if (!std::isfinite(part))
                return false;
            sum.add(part);
        }
        return sum.m_exact;
    }

private:
    std::array<double, MaxParts> m_parts;
    int m_count = 0;
    bool m_exact = true;
    double m_plain = 0.0;
};

} // namespace Kpi
