#pragma once
// DateParser reads the timestamps of spreadsheet and locale exports that are not ISO 8601 (ISO and epoch
// numbers stay on TimestampParser's fast path):
// - numeric dates with '.', '/' or '-': 31.12.2024, 31/12/2024, 12/31/2024, 2024/12/31, in the import's
//   resolved DateOrder (a four-digit year first is always year-first); years need four digits
//   (two-digit years only through an explicit format);
// - a time after a space or 'T': H:mm, H:mm:ss, H:mm:ss.fff (any fraction, kept to the millisecond),
//   with AM/PM (am, pm, a.m., p.m.) and an offset (Z, UTC, GMT, +hh, +hhmm, +hh:mm);
// - month names (English, German, French; full or abbreviated): 31 Dec 2024, Dec 31, 2024, 31. Dezember
//   2024, 3 févr. 2024;
// - periods as their first day at 00:00: months (2024-03, 2024/03, 03/2024, Mar 2024, März 2024) and
//   quarters (1960Q1, 1960-Q1, 1960 Q1, Q1 1960, Q1/1960).
// ExplicitDateFormat compiles a user's format (Qt or strftime style) once and reads rows with it.
//
// Both are allocation-free per row. They return calendar parts; TimestampParser turns them into UTC.

#include "common/result.h"
#include "eventreader.h"

#include <QString>

#include <vector>

namespace Ingest {

struct DateTimeParts final
{
    int year = 1970, month = 1, day = 1;
    int hour = 0, minute = 0, second = 0, millisecond = 0;
    bool hasOffset = false;
    int offsetSeconds = 0; // east of UTC, when hasOffset
};

class DateParser final
{
public:
    // What a text looks like before the order is known (for detection).
    struct Shape final
    {
        enum class Kind { Unreadable, NumericDate, YearFirstDate, TwoDigitYear, Month, Quarter, NamedMonth };
        Kind kind = Kind::Unreadable;
        int first = 0, second = 0; // NumericDate: the two numbers before the year
        char separator = 0;        // between the first two numbers
        bool amPm = false;
        bool hasTime = false;
        bool hasOffset = false;
        int offsetSeconds = 0;
    };
    static Shape shape(const char *text, qsizetype size);

    // order is a resolved order (not Auto). False when the text is no date in that order.
    static bool parse(const char *text, qsizetype size, DateOrder order, DateTimeParts &out);

    // 1-12 for an English, German or French month name or abbreviation (any case for ASCII letters), else 0.
    static int monthFromName(const char *word, qsizetype size);
};

class ExplicitDateFormat final
{
public:
    // Qt style unless the format holds a '%' (then strftime). Qt fields: d dd M MM MMM MMMM yy yyyy h hh H HH
    // m mm s ss z zzz AP ap A a t, text in '...'. strftime: %d %e %m %b %h %B %y %Y %H %I %M %S %f %p %z %T
    // %F %%. A space matches any run of spaces. Numbers take up to their width (dd = exactly two digits in
    // Qt style); MMM/%b take English, German and French names. Missing parts default to the first day of
    // the year/month at 00:00. BAD_DATE_FORMAT when the format cannot be read or holds no year.
    static Common::Result<ExplicitDateFormat> compile(const QString &format);

    bool parse(const char *text, qsizetype size, DateTimeParts &out) const;
    const QString &pattern() const { return m_pattern; }
    bool isStrftime() const { return m_strftime; }
    bool isValid() const { return !m_tokens.empty(); }

private:
    enum class Field : quint8 { Literal, Space, Day, Month, MonthName, Year4, Year2, Hour24, Hour12, Minute, Second,
                                Fraction, Millis3, AmPm, Offset };
    struct Token
    {
        Field field;
        quint8 minDigits;
        quint8 maxDigits;
        char literal;
    };
    std::vector<Token> m_tokens;
    QString m_pattern;
    bool m_strftime = false;
};

} // namespace Ingest
