#include "dateparser.h"

#include <QJsonObject>

#include <cstring>

namespace Ingest {

namespace {

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || uchar(c) >= 0x80; }
inline char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

inline int daysIn(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
        return 29;
    return days[month - 1];
}

struct MonthName
{
    const char *name; // lower case UTF-8
    int month;
};

// English, German and French, full and abbreviated (the abbreviations exports use, with or without a dot).
constexpr MonthName monthNames[] = {
    {"jan", 1}, {"january", 1}, {"januar", 1}, {"jänner", 1}, {"janv", 1}, {"janvier", 1},
    {"feb", 2}, {"february", 2}, {"februar", 2}, {"févr", 2}, {"fevr", 2}, {"février", 2}, {"fevrier", 2}, {"fév", 2},
    {"mar", 3}, {"march", 3}, {"mär", 3}, {"märz", 3}, {"maerz", 3}, {"mrz", 3}, {"mars", 3},
    {"apr", 4}, {"april", 4}, {"avr", 4}, {"avril", 4},
    {"may", 5}, {"mai", 5},
    {"jun", 6}, {"june", 6}, {"juni", 6}, {"juin", 6},
    {"jul", 7}, {"july", 7}, {"juli", 7}, {"juil", 7}, {"juillet", 7},
    {"aug", 8}, {"august", 8}, {"août", 8}, {"aout", 8},
    {"sep", 9}, {"sept", 9}, {"september", 9}, {"septembre", 9},
    {"oct", 10}, {"october", 10}, {"okt", 10}, {"oktober", 10}, {"octobre", 10},
    {"nov", 11}, {"november", 11}, {"novembre", 11},
    {"dec", 12}, {"december", 12}, {"dez", 12}, {"dezember", 12}, {"déc", 12}, {"décembre", 12}, {"decembre", 12},
};

// A word, a number or a quarter ("Q3") of a date.
struct Component
{
    enum class Type : quint8 { Number, MonthWord, Quarter };
    Type type;
    int value;  // the number, the month (1-12) or the quarter (1-4)
    int digits; // numbers only
    char separatorBefore;
};

struct Scanned
{
    Component c[3];
    int count = 0;
    bool hasTime = false;
    int hour = 0, minute = 0, second = 0, millisecond = 0;
    int amPm = 0; // 0 none, 1 am, 2 pm
    bool hasOffset = false;
    int offsetSeconds = 0;
};

// Reads H:mm[:ss[.f]] [AM|PM] [Z|UTC|GMT|+hh[[:]mm]] from p[i..n).
bool scanTime(const char *p, qsizetype n, qsizetype i, Scanned &s)
{
    const auto number = [&](int maxDigits, int minDigits, int &out) {
        int v = 0, d = 0;
        while (i < n && isDigit(p[i]) && d < maxDigits) {
            v = v * 10 + (p[i] - '0');
            ++i;
            ++d;
        }
        out = v;
        return d >= minDigits;
    };
    if (!number(2, 1, s.hour) || i >= n || p[i] != ':')
        return false;
    ++i;
    if (!number(2, 2, s.minute))
        return false;
    if (i < n && p[i] == ':') {
        ++i;
        if (!number(2, 2, s.second))
            return false;
        if (i < n && (p[i] == '.' || p[i] == ',') && i + 1 < n && isDigit(p[i + 1])) {
            ++i;
            int ms = 0, d = 0;
            while (i < n && isDigit(p[i])) {
                if (d < 3)
                    ms = ms * 10 + (p[i] - '0');
                ++d;
                ++i;
            }
            for (; d < 3; ++d)
                ms *= 10;
            s.millisecond = ms;
        }
    }
    s.hasTime = true;
    while (i < n && p[i] == ' ')
        ++i;
    // AM / PM, a.m. / p.m.
    if (i < n && (lower(p[i]) == 'a' || lower(p[i]) == 'p')) {
        const bool pm = lower(p[i]) == 'p';
        qsizetype j = i + 1;
        if (j < n && p[j] == '.')
            ++j;
        if (j < n && lower(p[j]) == 'm') {
            ++j;
            if (j < n && p[j] == '.')
                ++j;
            s.amPm = pm ? 2 : 1;
            i = j;
            while (i < n && p[i] == ' ')
                ++i;
        }
    }
    if (i == n)
        return true;
    // Offset
    if ((p[i] == 'Z' || p[i] == 'z') && i + 1 == n) {
        s.hasOffset = true;
        return true;
    }
    if (n - i >= 3 && ((std::memcmp(p + i, "UTC", 3) == 0) || std::memcmp(p + i, "GMT", 3) == 0)) {
        i += 3;
        s.hasOffset = true;
        if (i == n)
            return true;
    }
    if (p[i] == '+' || p[i] == '-') {
        const int sign = p[i] == '-' ? -1 : 1;
        ++i;
        int oh = 0, om = 0;
        if (!number(2, 2, oh))
            return false;
        if (i < n && p[i] == ':')
            ++i;
        if (i < n && !number(2, 2, om))
            return false;
        if (i != n || oh > 18 || om > 59)
            return false;
        s.hasOffset = true;
        s.offsetSeconds = sign * (oh * 3600 + om * 60);
        return true;
    }
    return false;
}

bool scan(const char *p, qsizetype n, Scanned &s)
{
    qsizetype i = 0;
    char separator = 0;
    while (i < n) {
        const char c = p[i];
        if (isDigit(c)) {
            qsizetype j = i;
            int v = 0;
            while (j < n && isDigit(p[j]) && j - i < 9)
                v = v * 10 + (p[j++] - '0');
            if (j < n && isDigit(p[j]))
                return false;
            if (j < n && p[j] == ':')
                return s.count > 0 && scanTime(p, n, i, s); // the time begins
            if (s.count == 3)
                return false;
            s.c[s.count++] = {Component::Type::Number, v, int(j - i), separator};
            separator = 0;
            i = j;
        } else if (isLetter(c)) {
            qsizetype j = i;
            while (j < n && isLetter(p[j]))
                ++j;
            if ((c == 'Q' || c == 'q') && j == i + 1 && j < n && p[j] >= '1' && p[j] <= '4'
                && (j + 1 == n || !isDigit(p[j + 1]))) {
                if (s.count == 3)
                    return false;
                s.c[s.count++] = {Component::Type::Quarter, p[j] - '0', 0, separator};
                separator = 0;
                i = j + 1;
                continue;
            }
            if ((c == 'T' || c == 't') && j == i + 1 && s.count == 3 && j < n && isDigit(p[j]))
                return scanTime(p, n, j, s);
            const int month = DateParser::monthFromName(p + i, j - i);
            if (month == 0 || s.count == 3)
                return false;
            s.c[s.count++] = {Component::Type::MonthWord, month, 0, separator};
            separator = 0;
            i = j;
        } else if (c == '.' || c == '/' || c == '-' || c == ' ' || c == ',') {
            if (separator == 0 || separator == ' ')
                separator = c;
            ++i;
        } else {
            return false;
        }
    }
    return s.count > 0;
}

// The calendar parts of a scanned text in an order; false when they make no date.
bool interpret(const Scanned &s, DateOrder order, DateTimeParts &out)
{
    int numbers = 0, words = 0, quarters = 0;
    for (int k = 0; k < s.count; ++k) {
        numbers += s.c[k].type == Component::Type::Number;
        words += s.c[k].type == Component::Type::MonthWord;
        quarters += s.c[k].type == Component::Type::Quarter;
    }
    int year = 0, month = 0, day = 1;
    bool period = false;
    if (quarters == 1) {
        if (s.count != 2 || numbers != 1)
            return false;
        const Component &y = s.c[0].type == Component::Type::Number ? s.c[0] : s.c[1];
        const Component &q = s.c[0].type == Component::Type::Quarter ? s.c[0] : s.c[1];
        if (y.digits != 4)
            return false;
        year = y.value;
        month = (q.value - 1) * 3 + 1;
        period = true;
    } else if (words == 1 && quarters == 0) {
        // One four-digit year and, for a day, one number of at most two digits, in any order.
        int years = 0, days = 0;
        for (int k = 0; k < s.count; ++k) {
            const Component &c = s.c[k];
            if (c.type == Component::Type::MonthWord) {
                month = c.value;
            } else if (c.digits == 4) {
                year = c.value;
                ++years;
            } else if (c.digits <= 2) {
                day = c.value;
                ++days;
            } else {
                return false;
            }
        }
        if (years != 1 || days > 1)
            return false;
        period = days == 0;
    } else if (words == 0 && quarters == 0) {
        const Component *c = s.c;
        if (s.count == 3) {
            if (c[0].digits == 4 && c[1].digits <= 2 && c[2].digits <= 2) {
                year = c[0].value;
                month = c[1].value;
                day = c[2].value;
            } else if (c[2].digits == 4 && c[0].digits <= 2 && c[1].digits <= 2) {
                if (order == DateOrder::DayFirst) {
                    day = c[0].value;
                    month = c[1].value;
                } else if (order == DateOrder::MonthFirst) {
                    month = c[0].value;
                    day = c[1].value;
                } else {
                    return false;
                }
                year = c[2].value;
            } else {
                return false;
            }
            // One kind of separator between the parts: 31.12-2024 is no date.
            if (c[2].separatorBefore != c[1].separatorBefore && !(c[1].separatorBefore == ' ' || c[2].separatorBefore == ' '))
                return false;
        } else if (s.count == 2) {
            if (c[0].digits == 4 && c[1].digits <= 2) {
                year = c[0].value;
                month = c[1].value;
            } else if (c[1].digits == 4 && c[0].digits <= 2) {
                month = c[0].value;
                year = c[1].value;
            } else {
                return false;
            }
            period = true;
        } else {
            return false;
        }
    } else {
        return false;
    }
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
        return false;
    if (period && s.hasTime)
        return false;
    int hour = s.hour;
    if (s.amPm != 0) {
        if (hour < 1 || hour > 12)
            return false;
        hour = (hour % 12) + (s.amPm == 2 ? 12 : 0);
    }
    if (hour > 23 || s.minute > 59 || s.second > 59)
        return false;
    out.year = year;
    out.month = month;
    out.day = day;
    out.hour = hour;
    out.minute = s.minute;
    out.second = s.second;
    out.millisecond = s.millisecond;
    out.hasOffset = s.hasOffset;
    out.offsetSeconds = s.offsetSeconds;
    return true;
}

} // namespace

int DateParser::monthFromName(const char *word, qsizetype size)
{
    if (size < 3 || size > 12)
        return 0;
    char buf[12];
    for (qsizetype i = 0; i < size; ++i)
        buf[i] = lower(word[i]);
    for (const MonthName &m : monthNames) {
        const qsizetype len = qsizetype(std::strlen(m.name));
        if (len == size && std::memcmp(m.name, buf, size_t(size)) == 0)
            return m.month;
    }
    // Upper-case umlauts and accents (MÄRZ, DÉC): compare with the lower-case table after folding them.
    bool folded = false;
    for (qsizetype i = 0; i + 1 < size; ++i) {
        if (uchar(buf[i]) == 0xC3 && uchar(buf[i + 1]) >= 0x80 && uchar(buf[i + 1]) <= 0x9E) {
            buf[i + 1] = char(uchar(buf[i + 1]) + 0x20);
            folded = true;
        }
    }
    if (folded) {
        for (const MonthName &m : monthNames) {
            const qsizetype len = qsizetype(std::strlen(m.name));
            if (len == size && std::memcmp(m.name, buf, size_t(size)) == 0)
                return m.month;
        }
    }
    return 0;
}

DateParser::Shape DateParser::shape(const char *p, qsizetype n)
{
    Shape shape;
    Scanned s;
    if (!scan(p, n, s))
        return shape;
    shape.amPm = s.amPm != 0;
    shape.hasTime = s.hasTime;
    shape.hasOffset = s.hasOffset;
    shape.offsetSeconds = s.offsetSeconds;
    DateTimeParts parts;
    int numbers = 0, words = 0, quarters = 0;
    for (int k = 0; k < s.count; ++k) {
        numbers += s.c[k].type == Component::Type::Number;
        words += s.c[k].type == Component::Type::MonthWord;
        quarters += s.c[k].type == Component::Type::Quarter;
    }
    if (quarters > 0) {
        if (interpret(s, DateOrder::YearFirst, parts))
            shape.kind = Shape::Kind::Quarter;
        return shape;
    }
    if (words > 0) {
        if (interpret(s, DateOrder::YearFirst, parts))
            shape.kind = Shape::Kind::NamedMonth;
        return shape;
    }
    if (s.count == 2) {
        if (interpret(s, DateOrder::YearFirst, parts))
            shape.kind = Shape::Kind::Month;
        return shape;
    }
    if (s.count == 3) {
        if (s.c[0].digits == 4) {
            if (interpret(s, DateOrder::YearFirst, parts))
                shape.kind = Shape::Kind::YearFirstDate;
        } else if (s.c[2].digits == 2 && s.c[0].digits <= 2 && s.c[1].digits <= 2) {
            shape.kind = Shape::Kind::TwoDigitYear;
        } else if (s.c[2].digits == 4 && s.c[0].digits <= 2 && s.c[1].digits <= 2) {
            shape.kind = Shape::Kind::NumericDate;
            shape.first = s.c[0].value;
            shape.second = s.c[1].value;
            shape.separator = s.c[1].separatorBefore;
        }
    }
    return shape;
}

bool DateParser::parse(const char *text, qsizetype size, DateOrder order, DateTimeParts &out)
{
    Scanned s;
    return scan(text, size, s) && interpret(s, order, out);
}

// ---- explicit formats

Common::Result<ExplicitDateFormat> ExplicitDateFormat::compile(const QString &format)
{
    ExplicitDateFormat f;
    f.m_pattern = format;
    const QByteArray bytes = format.toUtf8();
    const char *p = bytes.constData();
    const qsizetype n = bytes.size();
    const auto bad = [&format](const QString &why) {
        return Common::Error::badInput(QStringLiteral("BAD_DATE_FORMAT"),
                                       QStringLiteral("Date format \"%1\": %2").arg(format, why),
                                       QJsonObject{{QStringLiteral("format"), format}});
    };
    const auto literal = [&f](char c) {
        f.m_tokens.push_back({c == ' ' ? Field::Space : Field::Literal, 0, 0, c});
    };
    if (format.trimmed().isEmpty())
        return bad(QStringLiteral("it is empty."));
    f.m_strftime = bytes.contains('%');
    if (f.m_strftime) {
        for (qsizetype i = 0; i < n; ++i) {
            if (p[i] != '%') {
                literal(p[i]);
                continue;
            }
            if (++i == n)
                return bad(QStringLiteral("it ends with a lone '%'."));
            switch (p[i]) {
            case 'd': case 'e': f.m_tokens.push_back({Field::Day, 1, 2, 0}); break;
            case 'm': f.m_tokens.push_back({Field::Month, 1, 2, 0}); break;
            case 'b': case 'h': case 'B': f.m_tokens.push_back({Field::MonthName, 0, 0, 0}); break;
            case 'y': f.m_tokens.push_back({Field::Year2, 2, 2, 0}); break;
            case 'Y': f.m_tokens.push_back({Field::Year4, 4, 4, 0}); break;
            case 'H': f.m_tokens.push_back({Field::Hour24, 1, 2, 0}); break;
            case 'I': f.m_tokens.push_back({Field::Hour12, 1, 2, 0}); break;
            case 'M': f.m_tokens.push_back({Field::Minute, 1, 2, 0}); break;
            case 'S': f.m_tokens.push_back({Field::Second, 1, 2, 0}); break;
            case 'f': f.m_tokens.push_back({Field::Fraction, 1, 9, 0}); break;
            case 'p': f.m_tokens.push_back({Field::AmPm, 0, 0, 0}); break;
            case 'z': f.m_tokens.push_back({Field::Offset, 0, 0, 0}); break;
            case 'T':
                f.m_tokens.push_back({Field::Hour24, 1, 2, 0});
                literal(':');
                f.m_tokens.push_back({Field::Minute, 1, 2, 0});
                literal(':');
                f.m_tokens.push_back({Field::Second, 1, 2, 0});
                break;
            case 'F':
                f.m_tokens.push_back({Field::Year4, 4, 4, 0});
                literal('-');
                f.m_tokens.push_back({Field::Month, 1, 2, 0});
                literal('-');
                f.m_tokens.push_back({Field::Day, 1, 2, 0});
                break;
            case '%': literal('%'); break;
            default:
                return bad(QStringLiteral("%%%1 is not supported (use %d %m %Y %y %b %H %I %M %S %f %p %z).").arg(QLatin1Char(p[i])));
            }
        }
    } else {
        bool hasAmPm = false;
        for (qsizetype i = 0; i < n; ++i)
            hasAmPm = hasAmPm || p[i] == 'A' || p[i] == 'a';
        for (qsizetype i = 0; i < n;) {
            const char c = p[i];
            qsizetype run = 1;
            while (i + run < n && p[i + run] == c)
                ++run;
            if (c == '\'') {
                // Quoted text; '' is a quote.
                if (run >= 2 && run % 2 == 0) {
                    for (qsizetype k = 0; k < run / 2; ++k)
                        literal('\'');
                    i += run;
                    continue;
                }
                qsizetype j = i + 1;
                for (; j < n; ++j) {
                    if (p[j] == '\'') {
                        if (j + 1 < n && p[j + 1] == '\'') {
                            literal('\'');
                            ++j;
                            continue;
                        }
                        break;
                    }
                    literal(p[j]);
                }
                if (j == n)
                    return bad(QStringLiteral("a quote is never closed."));
                i = j + 1;
                continue;
            }
            const auto numeric = [&](Field field, int maxRun) -> bool {
                if (run > maxRun)
                    return false;
                f.m_tokens.push_back({field, quint8(run == 1 ? 1 : 2), 2, 0});
                return true;
            };
            bool ok = true;
            switch (c) {
            case 'd':
                if (run >= 3)
                    return bad(QStringLiteral("day names (ddd) are not supported; they repeat the date."));
                ok = numeric(Field::Day, 2);
                break;
            case 'M':
                if (run >= 3)
                    f.m_tokens.push_back({Field::MonthName, 0, 0, 0});
                else
                    ok = numeric(Field::Month, 2);
                ok = ok && run <= 4;
                break;
            case 'y':
                if (run == 2)
                    f.m_tokens.push_back({Field::Year2, 2, 2, 0});
                else if (run == 4)
                    f.m_tokens.push_back({Field::Year4, 4, 4, 0});
                else
                    ok = false;
                break;
            case 'h': ok = numeric(hasAmPm ? Field::Hour12 : Field::Hour24, 2); break;
            case 'H': ok = numeric(Field::Hour24, 2); break;
            case 'm': ok = numeric(Field::Minute, 2); break;
            case 's': ok = numeric(Field::Second, 2); break;
            case 'z':
                if (run == 1)
                    f.m_tokens.push_back({Field::Fraction, 1, 9, 0});
                else if (run == 3)
                    f.m_tokens.push_back({Field::Millis3, 3, 3, 0});
                else
                    ok = false;
                break;
            case 'A':
            case 'a':
                f.m_tokens.push_back({Field::AmPm, 0, 0, 0});
                if (i + 1 < n && (p[i + 1] == 'P' || p[i + 1] == 'p'))
                    run = 2;
                else if (run != 1)
                    ok = false;
                break;
            case 't': f.m_tokens.push_back({Field::Offset, 0, 0, 0}); break;
            default:
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                    return bad(QStringLiteral("'%1' is not a date field; put text in single quotes ('T').").arg(QLatin1Char(c)));
                for (qsizetype k = 0; k < run; ++k)
                    literal(c);
                break;
            }
            if (!ok)
                return bad(QStringLiteral("\"%1\" is not a field (use d dd M MM MMM yy yyyy H HH h hh m mm s ss z zzz AP t).")
                               .arg(QString::fromUtf8(p + i, run)));
            i += run;
        }
    }
    bool year = false;
    for (const Token &t : f.m_tokens)
        year = year || t.field == Field::Year4 || t.field == Field::Year2;
    if (!year)
        return bad(QStringLiteral("it has no year."));
    return f;
}

bool ExplicitDateFormat::parse(const char *p, qsizetype n, DateTimeParts &out) const
{
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0, amPm = 0;
    bool hour12 = false, hasOffset = false;
    int offset = 0;
    qsizetype i = 0;
    for (const Token &t : m_tokens) {
        switch (t.field) {
        case Field::Literal:
            if (i >= n || p[i] != t.literal)
                return false;
            ++i;
            break;
        case Field::Space:
            if (i >= n || p[i] != ' ')
                return false;
            while (i < n && p[i] == ' ')
                ++i;
            break;
        case Field::MonthName: {
            qsizetype j = i;
            while (j < n && isLetter(p[j]))
                ++j;
            month = DateParser::monthFromName(p + i, j - i);
            if (month == 0)
                return false;
            i = j;
            break;
        }
        case Field::AmPm: {
            if (i >= n || (lower(p[i]) != 'a' && lower(p[i]) != 'p'))
                return false;
            amPm = lower(p[i]) == 'p' ? 2 : 1;
            ++i;
            if (i < n && p[i] == '.')
                ++i;
            if (i >= n || lower(p[i]) != 'm')
                return false;
            ++i;
            if (i < n && p[i] == '.')
                ++i;
            break;
        }
        case Field::Offset: {
            if (i < n && (p[i] == 'Z' || p[i] == 'z')) {
                ++i;
                hasOffset = true;
                break;
            }
            if (n - i >= 3 && (std::memcmp(p + i, "UTC", 3) == 0 || std::memcmp(p + i, "GMT", 3) == 0)) {
                i += 3;
                hasOffset = true;
                if (i == n || (p[i] != '+' && p[i] != '-'))
                    break;
            }
            if (i >= n || (p[i] != '+' && p[i] != '-'))
                return false;
            const int sign = p[i] == '-' ? -1 : 1;
            ++i;
            int oh = 0, om = 0, d = 0;
            while (i < n && isDigit(p[i]) && d < 2)
                oh = oh * 10 + (p[i++] - '0'), ++d;
            if (d != 2)
                return false;
            if (i < n && p[i] == ':')
                ++i;
            d = 0;
            while (i < n && isDigit(p[i]) && d < 2)
                om = om * 10 + (p[i++] - '0'), ++d;
            if ((d != 0 && d != 2) || oh > 18 || om > 59)
                return false;
            hasOffset = true;
            offset = sign * (oh * 3600 + om * 60);
            break;
        }
        default: {
            int v = 0, d = 0;
            while (i < n && isDigit(p[i]) && d < t.maxDigits)
                v = v * 10 + (p[i++] - '0'), ++d;
            if (d < t.minDigits || d == 0)
                return false;
            switch (t.field) {
            case Field::Day: day = v; break;
            case Field::Month: month = v; break;
            case Field::Year4: year = v; break;
            case Field::Year2: year = v >= 69 ? 1900 + v : 2000 + v; break;
            case Field::Hour24: hour = v; break;
            case Field::Hour12: hour = v; hour12 = true; break;
            case Field::Minute: minute = v; break;
            case Field::Second: second = v; break;
            case Field::Millis3: ms = v; break;
            case Field::Fraction: {
                // Kept to the millisecond; further digits are read and dropped.
                int m = v;
                for (int k = d; k < 3; ++k)
                    m *= 10;
                for (int k = 3; k < d; ++k)
                    m /= 10;
                ms = m;
                while (i < n && isDigit(p[i]))
                    ++i;
                break;
            }
            default: break;
            }
        }
        }
    }
    if (i != n)
        return false;
    if (amPm != 0 || hour12) {
        if (hour < 1 || hour > 12)
            return false;
        hour = (hour % 12) + (amPm == 2 ? 12 : 0);
    }
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59
        || second > 59)
        return false;
    out = {year, month, day, hour, minute, second, ms, hasOffset, offset};
    return true;
}

} // namespace Ingest
