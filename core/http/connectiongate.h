#pragma once
// Who may open a connection: at most maxTotal open connections, and at most maxPerAddress from one
// client address (loopback included), so that one client reconnecting in a loop cannot take every
// slot from the others. Refusals are counted and logged with the address and how many were refused,
// at most one line per address every logIntervalMs (a flood must not flood the log too).
// Thread-safe: the acceptor admits, the network threads release.
//
//   if (!gate.admit(address)) { refuse(); return; }   ...   gate.release(address);

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QMutex>

namespace Http {

class ConnectionGate final
{
public:
    enum class Refusal { None, TooManyTotal, TooManyFromAddress };

    ConnectionGate(int maxTotal, int maxPerAddress, int logIntervalMs = 10000);

    // Takes a slot for a connection from address, or says why not (and counts and logs the refusal).
    Refusal admit(const QHostAddress &address);
    void release(const QHostAddress &address);

    int openConnections() const;
    int openConnections(const QHostAddress &address) const;
    quint64 refusedConnections() const;

private:
    static QHostAddress normalised(const QHostAddress &address);
    void noteRefusal(const QHostAddress &address, Refusal why); // with m_mutex held

    struct Refused
    {
        quint64 sinceLog = 0;
        qint64 lastLogMs = -1;
    };

    const int m_maxTotal;
    const int m_maxPerAddress;
    const int m_logIntervalMs;
    mutable QMutex m_mutex;
    int m_total = 0;
    QHash<QHostAddress, int> m_perAddress;
    QHash<QHostAddress, Refused> m_refused;
    quint64 m_refusedTotal = 0;
    QElapsedTimer m_clock;
};

} // namespace Http
