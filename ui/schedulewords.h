#pragma once
// A job's schedule rule in words for the Jobs tab: "daily at 02:15, Europe/Berlin", "every Sunday
// at 03:30, Europe/Berlin", "off". Rules that say more than a time of day, a weekday or a day of the
// month are shown as written, with the zone they are read in.

#include <QString>
#include <QTimeZone>

namespace Ui {

QString scheduleInWords(const QString &spec, const QTimeZone &zone);

} // namespace Ui
