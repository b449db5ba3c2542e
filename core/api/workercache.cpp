#include "workercache.h"

#include "api/routehelpers.h"
#include "common/clock.h"
#include "storage/database.h"

#include <QVariant>

#include <memory>

namespace Api {

namespace {

thread_local std::unique_ptr<WorkerCache> t_cache;

} // namespace

WorkerCache::WorkerCache(const Storage::Database *database)
    : m_database(database)
{
}

WorkerCache &WorkerCache::forThread(const Storage::Database *database)
{
    // A pool thread serves one server and so one database; a cache of another one is dropped whole.
    if (!t_cache || t_cache->m_database != database)
        t_cache.reset(new WorkerCache(database));
    return *t_cache;
}

void WorkerCache::releaseThread()
{
    t_cache.reset();
}

WorkerCache::~WorkerCache()
{
    m_versionQuery.reset();
    if (!m_watchName.isEmpty()) {
        QSqlDatabase::database(m_watchName, false).close();
        QSqlDatabase::removeDatabase(m_watchName);
    }
}

void WorkerCache::revalidate(Storage::Database &database)
{
    if (m_watchName.isEmpty()) {
        const QSqlDatabase connection = database.connection();
        // A connection of its own that never writes: every commit, whoever makes it (this thread
        // included), then changes its data_version. SQLite only: another engine has no such
        // counter, and then nothing is cached.
        m_watchName = QStringLiteral("smartdata-cache-watch-%1").arg(quintptr(this), 0, 16);
        QSqlDatabase watch = QSqlDatabase::cloneDatabase(connection, m_watchName);
        m_usable = connection.driverName() == QLatin1String("QSQLITE") && watch.open();
        if (m_usable) {
            m_versionQuery.emplace(watch);
            m_versionQuery->setForwardOnly(true);
            m_usable = m_versionQuery->prepare(QStringLiteral("PRAGMA data_version"));
        }
        m_dataVersion = -1;
    }
    qint64 version = -1;
    if (m_usable && m_versionQuery->exec() && m_versionQuery->next())
        version = m_versionQuery->value(0).toLongLong();
    if (m_usable)
        m_versionQuery->finish();
    if (version < 0 || version != m_dataVersion)
        invalidate();
    m_dataVersion = version;
}

void WorkerCache::invalidate()
{
    m_principals.clear();
    m_replies.clear();
    m_replyBytes = 0;
}

std::optional<Auth::Principal> WorkerCache::principal(const QString &token, const QDateTime &now) const
{
    if (m_dataVersion < 0)
        return std::nullopt;
    const auto it = m_principals.constFind(token);
    if (it == m_principals.constEnd() || !(now < it->expiresAt))
        return std::nullopt;
    return *it;
}

void WorkerCache::storePrincipal(const QString &token, const Auth::Principal &principal)
{
    if (m_dataVersion < 0)
        return;
    if (m_principals.size() >= MaxPrincipals)
        m_principals.clear();
    m_principals.insert(token, principal);
}

std::optional<HttpResponse> WorkerCache::reply(const QString &key) const
{
    if (m_dataVersion < 0)
        return std::nullopt;
    const auto it = m_replies.constFind(key);
    if (it == m_replies.constEnd())
        return std::nullopt;
    HttpResponse response = *it;
    // The envelope's meta.generated_at says when the reply was made: now, not when it was cached.
    // meta is the envelope's last object, so its field is found from the end.
    static const QByteArray field = "\"generated_at\":\"";
    const qsizetype at = response.body.lastIndexOf(field);
    if (at >= 0) {
        const qsizetype start = at + field.size();
        const qsizetype end = response.body.indexOf('"', start);
        const QByteArray now = Common::nowIsoUtc().toLatin1();
        if (end >= start)
            response.body.replace(start, end - start, now);
    }
    return response;
}

void WorkerCache::storeReply(const QString &key, const HttpResponse &reply)
{
    if (m_dataVersion < 0 || reply.body.size() > MaxReplyBytes / 4)
        return;
    if (m_replies.size() >= MaxReplies || m_replyBytes + reply.body.size() > MaxReplyBytes) {
        m_replies.clear();
        m_replyBytes = 0;
    }
    m_replyBytes -= m_replies.value(key).body.size();
    m_replies.insert(key, reply);
    m_replyBytes += reply.body.size();
}

HttpResponse Routes::cachedRead(RouteContext &context, const std::function<HttpResponse()> &read)
{
    context.readOnly = true;
    if (!context.cache)
        return read();
    const QString key = QString::fromLatin1(context.request.method) + QLatin1Char(' ') + QString::fromUtf8(context.request.target);
    if (auto hit = context.cache->reply(key))
        return std::move(*hit);
    HttpResponse response = read();
    if (response.status == 200)
        context.cache->storeReply(key, response);
    return response;
}

} // namespace Api
