#include "connectiongate.h"

#include "http/httplog.h"

namespace Http {

ConnectionGate::ConnectionGate(int maxTotal, int maxPerAddress, int logIntervalMs)
    : m_maxTotal(qMax(1, maxTotal))
    , m_maxPerAddress(maxPerAddress > 0 ? maxPerAddress : maxTotal)
    , m_logIntervalMs(logIntervalMs)
{
    m_clock.start();
}

QHostAddress ConnectionGate::normalised(const QHostAddress &address)
{
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d: the same client either way.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

ConnectionGate::Refusal ConnectionGate::admit(const QHostAddress &address)
{
    const QHostAddress key = normalised(address);
    QMutexLocker lock(&m_mutex);
    Refusal why = Refusal::None;
    if (m_total >= m_maxTotal)
        why = Refusal::TooManyTotal;
    else if (m_perAddress.value(key) >= m_maxPerAddress)
        why = Refusal::TooManyFromAddress;
    if (why != Refusal::None) {
        noteRefusal(key, why);
        return why;
    }
    ++m_total;
    ++m_perAddress[key];
    return Refusal::None;
}

void ConnectionGate::release(const QHostAddress &address)
{
    const QHostAddress key = normalised(address);
    QMutexLocker lock(&m_mutex);
    const auto it = m_perAddress.find(key);
    if (it == m_perAddress.end())
        return;
    --m_total;
    if (--*it <= 0)
        m_perAddress.erase(it);
}

void ConnectionGate::noteRefusal(const QHostAddress &address, Refusal why)
{
    ++m_refusedTotal;
    Refused &refused = m_refused[address];
    ++refused.sinceLog;
    const qint64 now = m_clock.elapsed();
    if (refused.lastLogMs >= 0 && now - refused.lastLogMs < m_logIntervalMs)
        return;
    qCWarning(lcHttp, "Refused %llu connection(s) from %s in the last %d s: %s (open from it: %d, all: %d).",
              static_cast<unsigned long long>(refused.sinceLog), qPrintable(address.toString()),
              refused.lastLogMs < 0 ? 0 : int((now - refused.lastLogMs) / 1000),
              why == Refusal::TooManyFromAddress ? "too many connections from this address" : "too many connections in all",
              m_perAddress.value(address), m_total);
    refused.sinceLog = 0;
    refused.lastLogMs = now;
    // Addresses that stopped being refused long ago are forgotten, so the table stays small.
    if (m_refused.size() > 1024) {
        for (auto it = m_refused.begin(); it != m_refused.end();)
            it = now - it->lastLogMs > m_logIntervalMs ? m_refused.erase(it) : std::next(it);
    }
}

int ConnectionGate::openConnections() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

int ConnectionGate::openConnections(const QHostAddress &address) const
{
    QMutexLocker lock(&m_mutex);
    return m_perAddress.value(normalised(address));
}

quint64 ConnectionGate::refusedConnections() const
{
    QMutexLocker lock(&m_mutex);
    return m_refusedTotal;
}

} // namespace Http
