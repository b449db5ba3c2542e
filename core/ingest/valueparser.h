#pragma once
// ValueParser reads an event's value from text: finite decimal numbers only, with the grouping and decimal
// separators the import allows explicitly ("1,234.5" needs thousandsSeparator, "3,5" needs decimalComma);
// nothing is guessed, because a guessed separator silently changes a value by a factor of 1000.

#include <QtGlobal>

namespace Ingest {

class ValueParser final
{
public:
    enum class Status { Ok, Missing, NonNumeric, NonFinite };

    ValueParser(bool decimalComma, bool thousandsSeparator)
        : m_decimalComma(decimalComma), m_thousands(thousandsSeparator) {}

    Status parse(const char *text, qsizetype size, double &value);
    // A JSON number token (already grammar-checked): no separators apply.
    Status parseNumber(const char *text, qsizetype size, double &value) const { return parsePlain(text, text + size, value); }

    qint64 rejectedWithComma() const { return m_rejectedWithComma; } // a hint for the import warnings

private:
    Status parsePlain(const char *b, const char *e, double &value) const;
    Status parseGrouped(const char *b, const char *e, char group, char decimal, double &value) const;

    bool m_decimalComma;
    bool m_thousands;
    qint64 m_rejectedWithComma = 0;
};

} // namespace Ingest
