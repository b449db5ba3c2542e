#pragma once
// ValueParser reads an event's value from text with a fixed, resolved number format: a decimal mark ('.' or
// ','), a thousands separator (none, ',', '.', spaces incl. U+00A0/U+202F/U+2009, apostrophe incl. U+2019;
// groups of exactly three digits), and the decorations of spreadsheet exports, which are removed and counted
// so the import summary can say so: a leading or trailing currency (€ $ £ ¥ CHF EUR USD GBP JPY, with or
// without a space), a trailing '%' (12,5 % -> 12.5: the number as written, not divided by 100), negatives
// as -1, 1- or (1). The format is chosen once per import (FormatDetection resolves the Auto settings from a
// sample); a value that does not fit it is rejected rather than re-read another way, because a guessed
// separator silently changes a value by a factor of 1000.
//
// Plain numbers ("-123.45", "1e5") take a fast path whatever the format.

#include "eventreader.h"

#include <QStringList>
#include <QtGlobal>

namespace Ingest {

class ValueParser final
{
public:
    enum class Status { Ok, Missing, NonNumeric, NonFinite };

    // decimal and thousands are resolved settings (Auto is read as Point / None).
    ValueParser(DecimalMark decimal, ThousandsSeparator thousands);

    Status parse(const char *text, qsizetype size, double &value);
    // A JSON number token (already grammar-checked): no separators apply.
    Status parseNumber(const char *text, qsizetype size, double &value) const { return parsePlain(text, text + size, value); }

    // What a text holds once its decorations are removed (for detection); false when it is no number-like text.
    struct Decorations final
    {
        const char *bodyBegin = nullptr, *bodyEnd = nullptr; // the digits and separators
        int currency = -1;     // index into currencySymbols(), -1 for none
        bool percent = false;
        bool parentheses = false;
        bool negative = false;
    };
    static bool strip(const char *text, qsizetype size, Decorations &out);
    static const QStringList &currencySymbols();

    qint64 rejectedWithComma() const { return m_rejectedWithComma; } // a hint for the import warnings
    qint64 percentValues() const { return m_percent; }
    qint64 parenthesesNegatives() const { return m_parentheses; }
    qint64 currencyValues() const { return m_currencyCount; }
    QStringList currenciesSeen() const; // the symbols removed, in the order of currencySymbols()

private:
    Status parsePlain(const char *b, const char *e, double &value) const;
    Status parseDecorated(const char *b, const char *e, double &value);

    char m_decimal;
    ThousandsSeparator m_group;
    qint64 m_rejectedWithComma = 0;
    qint64 m_percent = 0;
    qint64 m_parentheses = 0;
    qint64 m_currencyCount = 0;
    quint32 m_currencyMask = 0;
};

} // namespace Ingest
