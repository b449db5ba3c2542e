#pragma once
// The schedules of the registered jobs as stored in app_settings, so they travel with the database:
//   schedule.timezone          IANA name the rules are read in (default: the system's zone)
//   schedule.<job>             a CronSchedule rule, or "off" (default: the job's defaultSchedule)
//   schedule.<job>.grace_hours how late a missed run may still be caught up (default: the job's)
// Not a QObject: the command line reads it without a scheduler running.

#include "jobs/jobdefinition.h"
#include "scheduler/cronschedule.h"

#include <chrono>
#include <optional>

namespace Scheduler {

struct ScheduleEntry final
{
    QString job;
    QString spec;                      // the rule as stored or defaulted; "off" when disabled
    bool isDefault = true;             // no schedule.<job> setting
    std::optional<CronSchedule> rule;  // none when off or invalid
    QString problem;                   // why a stored rule is not used (invalid text)
    std::chrono::seconds gracePeriod{0};
    QDateTime nextDue;                 // UTC; invalid when not scheduled

    bool enabled() const { return rule.has_value(); }
};

// What fell due between two instants.
struct DueRuns final
{
    QDateTime latest; // the last due instant in the interval; invalid when none
    qint64 count = 0; // how many fell due, counted up to MaxCounted
    static constexpr qint64 MaxCounted = 1000;
};

class ScheduleStore final
{
public:
    static const QString TimeZoneKey;
    static QString scheduleKey(const QString &job);   // "schedule.<job>"
    static QString graceKey(const QString &job);      // "schedule.<job>.grace_hours"

    // The configured zone; a stored name that is not a known zone yields the system zone and *problem.
    static QTimeZone timeZone(Storage::Database &database, QString *problem = nullptr);
    // One entry per registered job that has a schedule (its own default or a setting), nextDue
    // computed from `now`.
    static QList<ScheduleEntry> load(Storage::Database &database, const Jobs::JobRegistry &registry, const QDateTime &now);

    // Validates and stores. spec: a rule, "off", or "default" (back to the job's default rule).
    static Common::Status setSchedule(Storage::Database &database, const Jobs::JobRegistry &registry,
                                      const QString &job, const QString &spec);
    static Common::Status setTimeZone(Storage::Database &database, const QString &ianaId);

    // The due instants of rule in (after, until].
    static DueRuns dueBetween(const CronSchedule &rule, const QTimeZone &zone, const QDateTime &after, const QDateTime &until);
};

} // namespace Scheduler
