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
// Sums near the largest double: whenever a partial would overflow, 2^1023 is taken out of it and
// counted (m_units), so the sum stays exact however large it grows in between: 1e308 + 1e308 - 1e308
// is 1e308. value() rounds the whole once; a sum beyond the largest double is ±infinity there, and
// callers store no sum for it (metric_daily.value_sum NULL, value_sum_overflow 1).

#include <QByteArray>
#include <QtEndian>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

namespace Kpi {

class ExactSum final
{
public:
    // Non-overlapping doubles cover at most 2,098 bits of exponent range, 53 bits each.
    static constexpr int MaxParts = 48;

    // The unit taken out of partials that would overflow: every double at or above it in magnitude
    // is a multiple of 2^971, so subtracting it is exact.
    static constexpr double Unit = 0x1p1023;

    // x is finite (metric values are).
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
            double hi = x + y;
            if (std::isinf(hi)) {
                // x and y have one sign and |x| >= 2^1023; below 2^1023 both, their sum is finite.
                carry(x);
                if (std::fabs(y) >= Unit)
                    carry(y);
                if (std::fabs(x) < std::fabs(y))
                    std::swap(x, y);
                hi = x + y;
            }
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
        m_units += other.m_units;
        m_plain = plain;
    }

    bool isExact() const { return m_exact; }

    // The exact sum correctly rounded to the nearest double (ties to even), ±infinity when it is
    // beyond the largest double; the plain running sum if the partials ran out (never for real data).
    double value() const
    {
        if (!m_exact)
            return m_plain;
        if (m_units == 0)
            return roundedPartials();
        return folded().foldedValue();
    }

    // The exact sum divided by count, finite whenever the sum of count finite values is, beyond
    // range or not. A function of the exact sum alone (not of how it is split into partials), so
    // it is the same bit for bit however the values were added: below 2^1023 the rounded sum divided;
    // from there, with the sum written as sign * (k * 2^1023 + rest), 0 <= rest < 2^1023,
    // sign * (k * (2^1023 / count) + rest / count).
    double mean(qint64 count) const
    {
        if (!m_exact)
            return m_plain / double(count);
        ExactSum rest = folded();
        if (rest.m_units == 0 && rest.m_count == 0)
            return 0.0;
        const double sign = rest.m_units != 0 ? (rest.m_units > 0 ? 1.0 : -1.0) : (rest.top() > 0.0 ? 1.0 : -1.0);
        double k = double(std::abs(rest.m_units));
        rest.m_units = 0; // the partials, of that sign (or none), below 2^1024
        ExactSum less = rest;
        less.add(-sign * Unit);
        if (less.m_count == 0 || (less.top() > 0.0) == (sign > 0.0)) {
            rest = less; // the partials were 2^1023 or more
            k += 1.0;
        }
        if (k == 0.0)
            return rest.roundedPartials() / double(count);
        const double result = sign * (k * (Unit / double(count)) + std::fabs(rest.roundedPartials()) / double(count));
        return std::isfinite(result) ? result : sign * std::numeric_limits<double>::max();
    }

    // The stored form: the partials, then one ±2^1023 per unit taken out of them (adding those back
    // carries them out again). Empty when the sum is not exact, or has too many units to store; such
    // a day is recomputed from its events when an import touches it.
    QByteArray serialized() const
    {
        if (!m_exact || m_count + std::abs(m_units) > MaxParts)
            return {};
        const int parts = m_count + int(std::abs(m_units)) > 0 ? m_count + int(std::abs(m_units)) : 1;
        QByteArray bytes(parts * qsizetype(sizeof(double)), Qt::Uninitialized);
        for (int i = 0; i < parts; ++i) {
            const double part = i < m_count ? m_parts[i] : (m_units > 0 ? Unit : m_units < 0 ? -Unit : 0.0);
            quint64 bits;
            std::memcpy(&bits, &part, sizeof bits);
            qToLittleEndian(bits, bytes.data() + i * sizeof(double));
        }
        return bytes;
    }

private:
    // The same sum with units given back to partials of the other sign (or none), which cannot
    // overflow: after it, the units left (if any) have the sign of the largest partial.
    ExactSum folded() const
    {
        ExactSum folded = *this;
        while (folded.m_units != 0 && (folded.m_count == 0 || (folded.top() > 0.0) != (folded.m_units > 0))) {
            const double unit = folded.m_units > 0 ? Unit : -Unit;
            folded.m_units -= folded.m_units > 0 ? 1 : -1;
            folded.add(unit);
        }
        return folded;
    }

    void carry(double &v)
    {
        m_units += v > 0.0 ? 1 : -1;
        v -= std::copysign(Unit, v);
    }

    double top() const { return m_parts[m_count - 1]; }

    // value() once the units left (if any) have the sign of the largest partial.
    double foldedValue() const
    {
        if (m_units == 0)
            return roundedPartials();
        const double sign = m_units > 0 ? 1.0 : -1.0;
        if (std::abs(m_units) > 1)
            return sign * std::numeric_limits<double>::infinity(); // at least 2^1024
        // The sum is sign * 2^1024 + d with d = partials - sign * 2^1023, of the other sign unless the
        // sum is at least 2^1024. Between 2^1023 and 2^1024 doubles are multiples of 2^971, so the sum
        // rounds to sign * (2^53 - m) * 2^971, m = |d| / 2^971 rounded to even (2^53 is even).
        ExactSum d = *this;
        d.m_units = 0;
        d.add(-sign * Unit);
        const double dr = d.roundedPartials();
        if (dr == 0.0 || (dr > 0.0) == (sign > 0.0))
            return sign * std::numeric_limits<double>::infinity();
        const double q = std::ldexp(std::fabs(dr), -971);
        double m = std::nearbyint(q);
        if (q - std::floor(q) == 0.5) {
            // dr sits halfway between two multiples of 2^971: what it rounded away decides.
            ExactSum rest = d;
            rest.add(-dr);
            const double r = rest.roundedPartials();
            if (r != 0.0)
                m = (r > 0.0) == (dr > 0.0) ? std::ceil(q) : std::floor(q);
        }
        if (m == 0.0)
            return sign * std::numeric_limits<double>::infinity(); // rounds up to 2^1024
        return sign * std::ldexp(0x1p53 - m, 971);
    }

    double roundedPartials() const
    {
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

public:
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
    qint64 m_units = 0; // multiples of 2^1023 carried out of the partials
    double m_plain = 0.0;
};

} // namespace Kpi
