#include "clock.h"

#include <atomic>

namespace Common {

namespace {
const SystemClock s_systemClock;
std::atomic<const Clock *> s_clock{&s_systemClock};
} // namespace

const Clock &Clock::instance()
{
    return *s_clock.load(std::memory_order_acquire);
}

void Clock::setInstance(const Clock *clock)
{
    s_clock.store(clock ? clock : &s_systemClock, std::memory_order_release);
}

QString toIsoUtc(const QDateTime &dateTime)
{
    return dateTime.toUTC().toString(Qt::ISODateWithMs);
}

QString nowIsoUtc()
{
    return toIsoUtc(Clock::instance().now());
}

} // namespace Common
