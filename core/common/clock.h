#pragma once
// The time source of the core. Everything that asks "what time is it" (batches, job runs, the
// scheduler, token expiry) goes through a Clock so tests can inject one instead of sleeping.

#include <QDateTime>

namespace Common {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC

    // The process-wide clock: the system clock unless a test installed another one.
    static const Clock &instance();
    static void setInstance(const Clock *clock); // nullptr restores the system clock
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// ISO 8601 UTC with milliseconds and 'Z': the form every timestamp column stores (it sorts as text).
QString toIsoUtc(const QDateTime &dateTime);
QString nowIsoUtc();

} // namespace Common
