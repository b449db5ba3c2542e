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

namespace {

// The spaces exports put around numbers and between groups: ' ', tab, NBSP, narrow NBSP, thin space.
inline int spaceAt(const char *p, const char *e)
{
    if (p >= e)
        return 0;
    if (*p == ' ' || *p == '\t' || *p == '\r')
        return 1;
    if (e - p >= 2 && uchar(p[0]) == 0xC2 && uchar(p[1]) == 0xA0)
        return 2;
    if (e - p >= 3 && uchar(p[0]) == 0xE2 && uchar(p[1]) == 0x80 && (uchar(p[2]) == 0xAF || uchar(p[2]) == 0x89))
        return 3;
    return 0;
}

inline int spaceBefore(const char *b, const char *e)
{
    if (e <= b)
        return 0;
    if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')
        return 1;
    if (e - b >= 2 && uchar(e[-2]) == 0xC2 && uchar(e[-1]) == 0xA0)
        return 2;
    if (e - b >= 3 && uchar(e[-3]) == 0xE2 && uchar(e[-2]) == 0x80 && (uchar(e[-1]) == 0xAF || uchar(e[-1]) == 0x89))
        return 3;
    return 0;
}

inline void trim(const char *&b, const char *&e)
{
    while (int n = spaceAt(b, e))
        b += n;
    while (int n = spaceBefore(b, e))
        e -= n;
}

// The currency symbols and codes, as UTF-8; the index is what Decorations::currency holds.
constexpr const char *currencyBytes[] = {"\xE2\x82\xAC", "$", "\xC2\xA3", "\xC2\xA5", "CHF", "EUR", "USD", "GBP", "JPY"};
constexpr int currencyCount = int(sizeof currencyBytes / sizeof *currencyBytes);

int currencyPrefix(const char *&b, const char *e)
{
    for (int i = 0; i < currencyCount; ++i) {
        const qsizetype len = qsizetype(std::strlen(currencyBytes[i]));
        if (e - b >= len && std::memcmp(b, currencyBytes[i], size_t(len)) == 0) {
            b += len;
            return i;
        }
    }
    return -1;
}

int currencySuffix(const char *b, const char *&e)
{
    for (int i = 0; i < currencyCount; ++i) {
        const qsizetype len = qsizetype(std::strlen(currencyBytes[i]));
        if (e - b >= len && std::memcmp(e - len, currencyBytes[i], size_t(len)) == 0) {
            e -= len;
            return i;
        }
    }
    return -1;
}

// '-', '+' or U+2212 MINUS SIGN at the front: -1, +1, or 0 for none.
int signPrefix(const char *&b, const char *e)
{
    if (b < e && (*b == '-' || *b == '+')) {
        const int sign = *b == '-' ? -1 : 1;
        ++b;
        return sign;
    }
    if (e - b >= 3 && uchar(b[0]) == 0xE2 && uchar(b[1]) == 0x88 && uchar(b[2]) == 0x92) {
        b += 3;
        return -1;
    }
    return 0;
}

// The length of the thousands separator at p, 0 when there is none.
inline int groupAt(ThousandsSeparator group, const char *p, const char *e)
{
    switch (group) {
    case ThousandsSeparator::Comma: return *p == ',' ? 1 : 0;
    case ThousandsSeparator::Point: return *p == '.' ? 1 : 0;
    case ThousandsSeparator::Space: return spaceAt(p, e);
    case ThousandsSeparator::Apostrophe:
        if (*p == '\'')
            return 1;
        return e - p >= 3 && uchar(p[0]) == 0xE2 && uchar(p[1]) == 0x80 && uchar(p[2]) == 0x99 ? 3 : 0;
    case ThousandsSeparator::Auto:
    case ThousandsSeparator::None: break;
    }
    return 0;
}

} // namespace

ValueParser::ValueParser(DecimalMark decimal, ThousandsSeparator thousands)
    : m_decimal(decimal == DecimalMark::Comma ? ',' : '.'),
      m_group(thousands == ThousandsSeparator::Auto ? ThousandsSeparator::None : thousands)
{
    // A separator that is also the decimal mark cannot group.
    if ((m_decimal == ',' && m_group == ThousandsSeparator::Comma) || (m_decimal == '.' && m_group == ThousandsSeparator::Point))
        m_group = ThousandsSeparator::None;
}

const QStringList &ValueParser::currencySymbols()
{
    static const QStringList symbols = [] {
        QStringList list;
        for (const char *c : currencyBytes)
            list.append(QString::fromUtf8(c));
        return list;
    }();
    return symbols;
}

QStringList ValueParser::currenciesSeen() const
{
    QStringList seen;
    for (int i = 0; i < currencyCount; ++i) {
        if (m_currencyMask & (1u << i))
            seen.append(currencySymbols().at(i));
    }
    return seen;
}

bool ValueParser::strip(const char *text, qsizetype size, Decorations &d)
{
    d = Decorations();
    const char *b = text;
    const char *e = text + size;
    trim(b, e);
    if (b < e && *b == '(') {
        if (e[-1] != ')')
            return false;
        d.parentheses = true;
        ++b;
        --e;
        trim(b, e);
    }
    int sign = signPrefix(b, e);
    trim(b, e);
    d.currency = currencyPrefix(b, e);
    trim(b, e);
    if (sign == 0) {
        sign = signPrefix(b, e);
        trim(b, e);
    }
    if (b < e && e[-1] == '%') {
        d.percent = true;
        --e;
        trim(b, e);
    }
    if (d.currency < 0) {
        d.currency = currencySuffix(b, e);
        trim(b, e);
    }
    if (sign == 0 && b < e && e[-1] == '-') { // 1.234,50- (accounting exports)
        sign = -1;
        --e;
        trim(b, e);
    }
    if (d.parentheses && sign != 0)
        return false;
    d.negative = d.parentheses || sign < 0;
    if (b == e || !(isDigit(*b) || *b == '.' || *b == ','))
        return false;
    d.bodyBegin = b;
    d.bodyEnd = e;
    return true;
}

ValueParser::Status ValueParser::parseDecorated(const char *b, const char *e, double &value)
{
    Decorations d;
    const auto nonNumeric = [&]() {
        if (m_decimal == '.' && m_group == ThousandsSeparator::None && std::memchr(b, ',', size_t(e - b)))
            ++m_rejectedWithComma;
        return Status::NonNumeric;
    };
    if (!strip(b, e - b, d))
        return nonNumeric();
    char buf[128];
    qsizetype n = 0;
    if (d.negative)
        buf[n++] = '-';
    int run = 0;
    int digits = 0;
    bool sawGroup = false;
    bool sawDecimal = false;
    for (const char *p = d.bodyBegin; p < d.bodyEnd;) {
        if (n >= qsizetype(sizeof buf) - 2)
            return nonNumeric();
        const char c = *p;
        if (isDigit(c)) {
            buf[n++] = c;
            ++run;
            ++digits;
            ++p;
        } else if (c == m_decimal && !sawDecimal) {
            if (sawGroup && run != 3)
                return nonNumeric();
            if (run == 0)
                buf[n++] = '0';
            buf[n++] = '.';
            sawDecimal = true;
            run = 0;
            ++p;
        } else if (int len = sawDecimal ? 0 : groupAt(m_group, p, d.bodyEnd)) {
            if (run == 0 || (sawGroup ? run != 3 : run > 3))
                return nonNumeric();
            sawGroup = true;
            run = 0;
            p += len;
        } else {
            return nonNumeric();
        }
    }
    if (digits == 0 || (sawDecimal && run == 0) || (!sawDecimal && sawGroup && run != 3))
        return nonNumeric();
    const Status s = parsePlain(buf, buf + n, value);
    if (s == Status::Ok) {
        m_percent += d.percent;
        m_parentheses += d.parentheses;
        if (d.currency >= 0) {
            ++m_currencyCount;
            m_currencyMask |= 1u << d.currency;
        }
    }
    return s;
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
    if (m_decimal == '.') {
        // "1.5", "-3", "1e5", "nan": plain numbers need no format.
        const Status s = parsePlain(b, e, value);
        if (s != Status::NonNumeric)
            return s;
    } else if (!std::memchr(b, '.', size_t(e - b)) && !std::memchr(b, ',', size_t(e - b))) {
        const Status s = parsePlain(b, e, value);
        if (s != Status::NonNumeric)
            return s;
    }
    return parseDecorated(b, e, value);
}

} // namespace Ingest
