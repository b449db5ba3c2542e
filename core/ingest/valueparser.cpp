#include "valueparser.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace Ingest {

namespace {
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
} // namespace

ValueParser::Status ValueParser::parsePlain(const char *b, const char *e, double &value) const
{
    if (b < e && *b == '+' && e - b > 1 && *(b + 1) != '-')
        ++b;
    // Fast path for the common "-123.45": at most 15 significant digits make an integer that a double
    // holds exactly, and dividing it by an exact power of ten rounds correctly (Clinger's fast path).
    {
        static constexpr double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                            1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
        const char *p = b;
        const bool negative = p < e && *p == '-';
        p += negative;
        quint64 mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; p < e; ++p) {
            if (isDigit(*p)) {
                mantissa = mantissa * 10 + quint64(*p - '0');
                ++digits;
                if (fraction >= 0)
                    ++fraction;
            } else if (*p == '.' && fraction < 0) {
                fraction = 0;
            } else {
                break;
            }
        }
        if (p == e && digits > 0 && digits <= 15 && fraction != 0) {
            double v = double(mantissa);
            if (fraction > 0)
                v /= powers[fraction];
            value = negative ? -v : v;
            return Status::Ok;
        }
    }
    // from_chars also takes "nan", "inf" and "infinity": they are read so that they are reported as
    // non-finite rather than as non-numeric.
    const auto [ptr, ec] = std::from_chars(b, e, value, std::chars_format::general);
    if (ptr != e)
        return Status::NonNumeric;
    if (ec == std::errc::result_out_of_range) {
        // Underflow (1e-400) is a tiny finite number, overflow is not finite.
        bool underflow = false;
        for (const char *p = b; p < e; ++p) {
            if ((*p == 'e' || *p == 'E') && p + 1 < e && p[1] == '-')
                underflow = true;
        }
        if (underflow) {
            value = 0;
            return Status::Ok;
        }
        return Status::NonFinite;
    }
    if (ec != std::errc())
        return Status::NonNumeric;
    if (!std::isfinite(value))
        return Status::NonFinite;
    return Status::Ok;
}

ValueParser::Status ValueParser::parseGrouped(const char *b, const char *e, char group, char decimal,
                                              double &value) const
{
    // Integer part: 1-3 digits, then groups of exactly 3 digits after each separator.
    char buf[128];
    qsizetype n = 0;
    const char *p = b;
    if (p < e && (*p == '-' || *p == '+'))
        buf[n++] = *p++;
    int run = 0;
    bool sawGroup = false;
    while (p < e && *p != decimal) {
        if (isDigit(*p)) {
            ++run;
            if (n >= qsizetype(sizeof buf) - 2)
                return Status::NonNumeric;
            buf[n++] = *p;
        } else if (*p == group) {
            if (run == 0 || (sawGroup ? run != 3 : run > 3))
                return Status::NonNumeric;
            sawGroup = true;
            run = 0;
        } else {
            return Status::NonNumeric;
        }
        ++p;
    }
    if (run == 0 || (sawGroup && run != 3))
        return Status::NonNumeric;
    if (p < e) { // decimal separator, then digits only
        buf[n++] = '.';
        ++p;
        if (p == e)
            return Status::NonNumeric;
        for (; p < e; ++p) {
            if (!isDigit(*p) || n >= qsizetype(sizeof buf) - 1)
                return Status::NonNumeric;
            buf[n++] = *p;
        }
    }
    return parsePlain(buf, buf + n, value);
}

ValueParser::Status ValueParser::parse(const char *text, qsizetype size, double &value)
{
    const char *b = text;
    const char *e = text + size;
    while (b < e && (*b == ' ' || *b == '\t'))
        ++b;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        --e;
    if (b == e)
        return Status::Missing;
    const bool hasComma = std::memchr(b, ',', size_t(e - b)) != nullptr;
    if (m_decimalComma) {
        // '.' groups thousands, ',' separates decimals.
        if (hasComma || std::memchr(b, '.', size_t(e - b)))
            return parseGrouped(b, e, '.', ',', value);
        return parsePlain(b, e, value);
    }
    if (hasComma) {
        if (m_thousands)
            return parseGrouped(b, e, ',', '.', value);
        ++m_rejectedWithComma;
        return Status::NonNumeric;
    }
    const Status s = parsePlain(b, e, value);
    return s;
}

} // namespace Ingest
