#include "rejectreasons.h"

#include "ingest/importer.h"

#include <QCoreApplication>

namespace Ui {

QString rejectReasonText(const QString &code)
{
    namespace R = Ingest::RejectReason;
    const auto is = [&code](const char *name) { return code == QLatin1String(name); };
    if (is(R::InvalidTimestamp))
        return QCoreApplication::translate("Ui::RejectReason", "not a date or time SmartData can read");
    if (is(R::TimestampOutOfRange))
        return QCoreApplication::translate("Ui::RejectReason", "date outside the years 0001–9999, or a negative epoch number");
    if (is(R::MissingTimestamp))
        return QCoreApplication::translate("Ui::RejectReason", "no timestamp");
    if (is(R::MissingValue))
        return QCoreApplication::translate("Ui::RejectReason", "no value");
    if (is(R::NonNumericValue))
        return QCoreApplication::translate("Ui::RejectReason", "the value is not a number");
    if (is(R::NonFiniteValue))
        return QCoreApplication::translate("Ui::RejectReason", "the value is infinite or not a number (NaN)");
    if (is(R::InvalidUtf8))
        return QCoreApplication::translate("Ui::RejectReason", "text that is not valid UTF-8");
    if (is(R::FieldCountMismatch))
        return QCoreApplication::translate("Ui::RejectReason", "a different number of fields than the header");
    if (is(R::InvalidJson))
        return QCoreApplication::translate("Ui::RejectReason", "the line is not valid JSON");
    if (is(R::NotAnObject))
        return QCoreApplication::translate("Ui::RejectReason", "not a JSON object");
    if (code == QLatin1String("invalid_name"))
        return QCoreApplication::translate("Ui::RejectReason", "a source or metric name with control characters or over 200 characters");
    // A reason newer than this list: the core's words, untranslated, rather than the code.
    return Ingest::reasonText(code);
}

} // namespace Ui
