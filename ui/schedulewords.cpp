#include "schedulewords.h"

#include "scheduler/cronschedule.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QTime>

namespace Ui {

namespace {

// lupdate files these strings under the class it sees; a free tr() would be filed under "Ui".
struct ScheduleWords
{
    Q_DECLARE_TR_FUNCTIONS(Ui::ScheduleWords)
};

// A plain non-negative number of a cron field, or -1 for anything else ("*", lists, ranges, steps).
int single(const QString &field, int max)
{
    bool ok = false;
    const int value = field.toInt(&ok);
    return ok && value >= 0 && value <= max ? value : -1;
}

} // namespace

QString scheduleInWords(const QString &spec, const QTimeZone &zone)
{
    const QString trimmed = spec.trimmed();
    if (trimmed.isEmpty() || trimmed.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0)
        return ScheduleWords::tr("off");
    const QString zoneName = QString::fromUtf8(zone.id());
    const auto rule = Scheduler::CronSchedule::parse(trimmed);
    if (!rule)
        return ScheduleWords::tr("%1 (not a valid rule)").arg(trimmed);
    const QStringList fields = rule->cronText().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (fields.size() == 5) {
        const int minute = single(fields[0], 59);
        const int hour = single(fields[1], 23);
        const bool anyDay = fields[2] == QLatin1String("*");
        const bool anyMonth = fields[3] == QLatin1String("*");
        const bool anyWeekday = fields[4] == QLatin1String("*");
        if (minute >= 0 && hour >= 0 && anyMonth) {
            const QString time = QTime(hour, minute).toString(QStringLiteral("HH:mm"));
            if (anyDay && anyWeekday)
                return ScheduleWords::tr("daily at %1, %2").arg(time, zoneName);
            const int weekday = single(fields[4], 7);
            if (anyDay && weekday >= 0) // cron: 0 and 7 are Sunday; Qt: 7 is
                return ScheduleWords::tr("every %1 at %2, %3").arg(QLocale().dayName(weekday == 0 ? 7 : weekday), time, zoneName);
            const int day = single(fields[2], 31);
            if (day >= 1 && anyWeekday)
                return ScheduleWords::tr("monthly on day %1 at %2, %3").arg(day).arg(time, zoneName);
        }
        if (minute >= 0 && fields[1] == QLatin1String("*") && anyDay && anyMonth && anyWeekday)
            return ScheduleWords::tr("hourly at minute %1, %2").arg(minute).arg(zoneName);
        static const QRegularExpression everyMinutes(QStringLiteral("^\\*/(\\d+)$"));
        if (const auto match = everyMinutes.match(fields[0]);
            match.hasMatch() && fields[1] == QLatin1String("*") && anyDay && anyMonth && anyWeekday)
            return ScheduleWords::tr("every %1 minutes").arg(match.captured(1));
    }
    return ScheduleWords::tr("%1 (cron), %2").arg(trimmed, zoneName);
}

} // namespace Ui
