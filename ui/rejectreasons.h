#pragma once
// The reasons rows are rejected for, in words people read (and translators translate), for the
// import dialog's preview and summary and the rejected-rows viewer. The stable codes
// (Ingest::RejectReason, "invalid_timestamp", ...) stay what is stored and exported.

#include <QString>

namespace Ui {

// "not a date or time SmartData can read" for "invalid_timestamp"; a code this list does not know
// comes back in Ingest::reasonText's (English) words.
QString rejectReasonText(const QString &code);

} // namespace Ui
