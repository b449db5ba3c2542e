#include "timestampparser.h"

#include <QDateTime>

#include <charconv>
#include <cstring>
#include <cmath>
#include <limits>

namespace Ingest {

namespace {

inline bool digit(char c) { return c >= '0' && c <= '9'; }

inline bool digits(const char *p, int count, int &out)
{
    int v = 0;
    for (int i = 0; i < count; ++i) {
        if (!digit(p[i]))
            return false;
        v = v * 10 + (p[i] - '0');
    }
    out = v;
    return true;
}

inline int daysInMonth(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
        return 29;
    return days[month - 1];
}

} // namespace

TimestampParser::TimestampParser(const QTimeZone &timezone, EpochUnit unit)
    : m_zone(timezone.isValid() ? timezone : QTimeZone::utc()), m_unit(unit)
{
    if (m_zone == QTimeZone::utc()) {
        m_fixed = true;
        m_fixedOffset = 0;
    } else if (!m_zone.hasTransitions()) {
        m_fixed = true;
        m_fixedOffset = m_zone.offsetFromUtc(QDateTime::currentDateTimeUtc());
    } else {
        m_fixed = false;
    }
}

qint64 TimestampParser::daysFromCivil(int y, int m, int d)
{
    // Howard Hinnant's days_from_civil.
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * unsigned(m + (m > 2 ? -3 : 9)) + 2) / 5 + unsigned(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

TimestampParser::Status TimestampParser::parseEpoch(double x, qint64 &utcMs)
{
    if (!std::isfinite(x))
        return Status::Invalid;
    bool ms;
    if (m_unit == EpochUnit::Milliseconds) {
        ms = true;
    } else if (m_unit == EpochUnit::Seconds) {
        ms = false;
    } else {
        ms = std::fabs(x) >= 1e11;
        if (m_inferredUnit == EpochUnit::Auto) {
            // No number in the sample: the first one decides, once.
            m_inferredUnit = ms ? EpochUnit::Milliseconds : EpochUnit::Seconds;
            m_unitFromFirstRow = true;
        }
        if (ms != (m_inferredUnit == EpochUnit::Milliseconds)) {
            ++m_epochMismatches;
            return Status::OutOfRange;
        }
        ++(ms ? m_inferredMilliseconds : m_inferredSeconds);
    }
    const double v = ms ? x : x * 1000.0;
    if (v < 0 || v > double(MaxMs))
        return Status::OutOfRange;
    utcMs = qint64(std::llround(v));
    return Status::Ok;
}

TimestampParser::Status TimestampParser::fromParts(const DateTimeParts &d, qint64 &utcMs)
{
    ++m_localeForms;
    const qint64 local = daysFromCivil(d.year, d.month, d.day) * 86400000
        + (qint64(d.hour) * 3600 + d.minute * 60 + d.second) * 1000 + d.millisecond;
    qint64 utc;
    if (d.hasOffset) {
        noteOffset(d.offsetSeconds);
        utc = local - qint64(d.offsetSeconds) * 1000;
    } else {
        ++m_localTimes;
        utc = localToUtcMs(local);
    }
    if (utc < MinMs || utc > MaxMs)
        return Status::OutOfRange;
    utcMs = utc;
    return Status::Ok;
}

inline TimestampParser::Status TimestampParser::parseIso(const char *p, qsizetype n, qint64 &utcMs)
{
    {
        // Files hold many events per day: the date of the previous timestamp is usually this one's.
        qint64 days;
        if (std::memcmp(p, m_lastDate, 10) == 0) {
            days = m_lastDays;
        } else {
            int year, month, day;
            if (!digits(p, 4, year) || !digits(p + 5, 2, month) || p[7] != '-' || !digits(p + 8, 2, day))
                return Status::Invalid;
            if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
                return Status::Invalid;
            days = daysFromCivil(year, month, day);
            std::memcpy(m_lastDate, p, 10);
            m_lastDays = days;
        }
        qint64 ms = 0;
        qsizetype i = 10;
        bool hasOffset = false;
        int offsetSeconds = 0;
        if (i < n) {
            if (p[i] != 'T' && p[i] != 't' && p[i] != ' ')
                return Status::Invalid;
            ++i;
            int hour, minute, second = 0;
            if (i + 5 > n || !digits(p + i, 2, hour) || p[i + 2] != ':' || !digits(p + i + 3, 2, minute))
                return Status::Invalid;
            i += 5;
            if (i < n && p[i] == ':') {
                if (i + 3 > n || !digits(p + i + 1, 2, second))
                    return Status::Invalid;
                i += 3;
                if (i < n && (p[i] == '.' || p[i] == ',')) {
                    ++i;
                    const qsizetype start = i;
                    int frac = 0;
                    while (i < n && digit(p[i])) {
                        if (i - start < 3)
                            frac = frac * 10 + (p[i] - '0');
                        ++i;
                    }
                    if (i == start)
                        return Status::Invalid;
                    for (qsizetype k = i - start; k < 3; ++k)
                        frac *= 10;
                    ms = frac; // truncated to milliseconds
                }
            }
            if (hour > 23 || minute > 59 || second > 59)
                return Status::Invalid;
            ms += (qint64(hour) * 3600 + minute * 60 + second) * 1000;
            if (i < n) {
                const char c = p[i];
                if ((c == 'Z' || c == 'z') && i + 1 == n) {
                    hasOffset = true;
                } else if (c == '+' || c == '-') {
                    int oh, om = 0;
                    const qsizetype rest = n - i - 1;
                    const char *o = p + i + 1;
                    if (rest == 2 && digits(o, 2, oh)) {
                    } else if (rest == 4 && digits(o, 2, oh) && digits(o + 2, 2, om)) {
                    } else if (rest == 5 && digits(o, 2, oh) && o[2] == ':' && digits(o + 3, 2, om)) {
                    } else {
                        return Status::Invalid;
                    }
                    if (oh > 18 || om > 59)
                        return Status::Invalid;
                    offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
                    hasOffset = true;
                } else {
                    return Status::Invalid;
                }
            }
        }
        const qint64 local = days * 86400000 + ms;
        qint64 utc;
        if (hasOffset) {
            noteOffset(offsetSeconds);
            utc = local - qint64(offsetSeconds) * 1000;
        } else {
            ++m_localTimes;
            utc = localToUtcMs(local);
        }
        if (utc < MinMs || utc > MaxMs)
            return Status::OutOfRange;
        utcMs = utc;
        return Status::Ok;
    }
}

TimestampParser::Status TimestampParser::parse(const char *p, qsizetype n, qint64 &utcMs)
{
    while (n > 0 && (*p == ' ' || *p == '\t')) {
        ++p;
        --n;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        --n;
    m_lastHadOffset = false;
    if (n == 0)
        return Status::Invalid;

    const bool isoShape = n >= 10 && p[4] == '-' && digit(p[0]);
    if (isoShape && !m_explicit) [[likely]] {
        const Status s = parseIso(p, n, utcMs);
        if (s != Status::Invalid) [[likely]]
            return s;
    }
    return parseOther(p, n, isoShape, utcMs);
}

TimestampParser::Status TimestampParser::parseOther(const char *p, qsizetype n, bool isoShape, qint64 &utcMs)
{
    DateTimeParts parts;
    if (m_explicit) {
        if (m_explicit->parse(p, n, parts))
            return fromParts(parts, utcMs);
        return isoShape ? parseIso(p, n, utcMs) : Status::Invalid;
    }
    if (isoShape)
        return DateParser::parse(p, n, m_order, parts) ? fromParts(parts, utcMs) : Status::Invalid;

    // Epoch seconds or milliseconds as a numeric string.
    const char *b = p;
    const char *e = p + n;
    if (*b == '+')
        ++b;
    if (b < e && (digit(*b) || *b == '-' || *b == '.')) {
        double x = 0;
        const auto [ptr, ec] = std::from_chars(b, e, x, std::chars_format::fixed);
        if (ec == std::errc::result_out_of_range && ptr == e)
            return Status::OutOfRange;
        if (ec == std::errc() && ptr == e)
            return parseEpoch(x, utcMs);
    }
    return DateParser::parse(p, n, m_order, parts) ? fromParts(parts, utcMs) : Status::Invalid;
}

int TimestampParser::offsetAt(qint64 utcSeconds) const
{
    return m_zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(utcSeconds, Qt::UTC));
}

const TimestampParser::DayZone &TimestampParser::dayZone(qint64 localDay)
{
    if (localDay == m_lastDay)
        return m_lastZone;
    auto it = m_days.constFind(localDay);
    if (it == m_days.constEnd()) {
        // Offsets a day before and two days after this local day bracket every local time on it (real
        // zones have at most one transition in that window). When they differ, find the transition.
        DayZone z;
        const qint64 dayStart = localDay * 86400;
        z.offsetBefore = offsetAt(dayStart - 86400);
        z.offsetAfter = offsetAt(dayStart + 2 * 86400);
        if (z.offsetBefore != z.offsetAfter) {
            const auto t = m_zone.nextTransition(QDateTime::fromSecsSinceEpoch(dayStart - 86400, Qt::UTC));
            if (t.atUtc.isValid()) {
                z.transitionUtc = t.atUtc.toSecsSinceEpoch();
            } else {
                z.offsetAfter = z.offsetBefore;
            }
        }
        if (m_days.size() > 200000)
            m_days.clear();
        it = m_days.insert(localDay, z);
    }
    m_lastDay = localDay;
    m_lastZone = *it;
    return m_lastZone;
}

qint64 TimestampParser::localToUtcMs(qint64 localMs)
{
    if (m_fixed)
        return localMs - qint64(m_fixedOffset) * 1000;
    const qint64 day = localMs >= 0 ? localMs / 86400000 : -((-localMs + 86399999) / 86400000);
    const DayZone &z = dayZone(day);
    if (z.offsetBefore == z.offsetAfter)
        return localMs - qint64(z.offsetBefore) * 1000;
    // Either offset gives a candidate instant; it is valid when it falls on its side of the transition.
    // Overlap (both valid): the earlier instant, i.e. the first occurrence of the wall time.
    // Gap (neither valid): the offset before the transition, which moves the wall time forward by the gap.
    const qint64 t = z.transitionUtc * 1000;
    const qint64 before = localMs - qint64(z.offsetBefore) * 1000;
    const qint64 after = localMs - qint64(z.offsetAfter) * 1000;
    if (before < t)
        return before;
    if (after >= t)
        return after;
    return before;
}

} // namespace Ingest
