#pragma once
// The reasons rows are rejected for, in words people read (and translators translate), for the
// import dialog's preview and summary and the rejected-rows viewer. The stable codes
// (Ingest::RejectReason, "invalid_timestamp", ...) stay what is stored and exported.

#include <QString>

namespace Ui {

// "The timestamp is not a date or time SmartData reads" for "invalid_timestamp"; an unknown code
// comes back as it is.
QString rejectReasonText(const QString &code);

} // namespace Ui
