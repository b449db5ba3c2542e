#include "workercache.h"

#include "api/apireply.h"
#include "api/routehelpers.h"
#include "common/clock.h"
#include "storage/database.h"

#include <QSqlDatabase>
#include <QVariant>

#include <sqlite3.h>

#include <atomic>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
    closeWatch();
}

void WorkerCache::closeWatch()
{
    if (m_walIndex)
        ::munmap(const_cast<uchar *>(m_walIndex), WalHeaderBytes);
    m_walIndex = nullptr;
    m_walHeaderValid = false;
    if (m_versionStatement)
        sqlite3_finalize(m_versionStatement); // before its connection closes
    m_versionStatement = nullptr;
    m_watchHandle = nullptr;
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
        // counter, and then nothing is cached. The check runs for every request, so it steps a
        // statement of its own on the raw handle rather than going through QSqlQuery.
        m_watchName = QStringLiteral("smartdata-cache-watch-%1").arg(quintptr(this), 0, 16);
        QSqlDatabase watch = QSqlDatabase::cloneDatabase(connection, m_watchName);
        m_usable = connection.driverName() == QLatin1String("QSQLITE") && watch.open();
        if (m_usable) {
            m_watchHandle = Storage::Database::sqliteHandle(watch);
            m_usable = m_watchHandle
                && sqlite3_prepare_v2(m_watchHandle, "PRAGMA data_version", -1, &m_versionStatement, nullptr) == SQLITE_OK
                && m_versionStatement;
        }
        m_dataVersion = -1;
    }
    uchar header[WalHeaderBytes];
    if (m_walIndex) {
        std::memcpy(header, m_walIndex, WalHeaderBytes);
        std::atomic_thread_fence(std::memory_order_acquire);
        if (m_walHeaderValid && m_dataVersion >= 0 && std::memcmp(header, m_walHeaderSeen, WalHeaderBytes) == 0)
            return; // nothing committed since the last check (whose read came after this header's)
    }
    qint64 version = -1;
    if (m_usable) {
        if (sqlite3_step(m_versionStatement) == SQLITE_ROW)
            version = sqlite3_column_int64(m_versionStatement, 0);
        sqlite3_reset(m_versionStatement);
    }
    if (version < 0 || version != m_dataVersion)
        invalidate();
    m_dataVersion = version;
    // The header read before this check stands for it.
    m_walHeaderValid = m_walIndex && version >= 0;
    if (m_walHeaderValid)
        std::memcpy(m_walHeaderSeen, header, WalHeaderBytes);
    if (m_usable && version >= 0 && !m_walIndexTried)
        mapWalIndex();
}

void WorkerCache::mapWalIndex()
{
    m_walIndexTried = true;
    // Only in WAL mode (the database's), with a file of its own; else every check asks SQLite. The
    // watch connection keeps the -shm file open, so SQLite neither truncates nor removes it meanwhile.
    sqlite3_stmt *mode = nullptr;
    bool wal = false;
    if (sqlite3_prepare_v2(m_watchHandle, "PRAGMA journal_mode", -1, &mode, nullptr) == SQLITE_OK && mode) {
        if (sqlite3_step(mode) == SQLITE_ROW) {
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(mode, 0));
            wal = text && qstricmp(text, "wal") == 0;
        }
    }
    sqlite3_finalize(mode);
    const char *file = sqlite3_db_filename(m_watchHandle, "main");
    if (!wal || !file || !*file)
        return;
    const QByteArray shm = QByteArray(file) + "-shm";
    const int fd = ::open(shm.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat info{};
    if (::fstat(fd, &info) == 0 && info.st_size >= WalHeaderBytes) {
        void *map = ::mmap(nullptr, WalHeaderBytes, PROT_READ, MAP_SHARED, fd, 0);
        if (map != MAP_FAILED)
            m_walIndex = static_cast<const uchar *>(map);
    }
    ::close(fd);
}

void WorkerCache::invalidate()
{
    m_principals.clear();
    m_principalUse.clear();
    m_replies.clear();
    m_replyBytes = 0;
}

std::optional<Auth::Principal> WorkerCache::principal(const QString &token, const QDateTime &now)
{
    if (m_dataVersion < 0)
        return std::nullopt;
    const auto it = m_principals.find(token);
    if (it == m_principals.end())
        return std::nullopt;
    if (!(now < it->principal.expiresAt)) {
        m_principalUse.erase(it->use);
        m_principals.erase(it);
        return std::nullopt;
    }
    m_principalUse.splice(m_principalUse.begin(), m_principalUse, it->use);
    return it->principal;
}

void WorkerCache::storePrincipal(const QString &token, const Auth::Principal &principal)
{
    if (m_dataVersion < 0)
        return;
    if (const auto it = m_principals.find(token); it != m_principals.end()) {
        it->principal = principal;
        m_principalUse.splice(m_principalUse.begin(), m_principalUse, it->use);
        return;
    }
    if (m_principals.size() >= MaxPrincipals) {
        // Expired ones first; then the least recently used.
        const QDateTime now = Common::Clock::instance().now();
        for (auto it = m_principals.begin(); it != m_principals.end();) {
            if (now < it->principal.expiresAt) {
                ++it;
                continue;
            }
            m_principalUse.erase(it->use);
            it = m_principals.erase(it);
        }
        while (m_principals.size() >= MaxPrincipals) {
            m_principals.remove(m_principalUse.back());
            m_principalUse.pop_back();
        }
    }
    m_principalUse.push_front(token);
    m_principals.insert(token, StoredPrincipal{principal, m_principalUse.begin()});
}

std::optional<HttpResponse> WorkerCache::reply(const QString &key) const
{
    if (m_dataVersion < 0)
        return std::nullopt;
    const auto it = m_replies.constFind(key);
    if (it == m_replies.constEnd())
        return std::nullopt;
    HttpResponse response = it->head;
    if (!it->stamped) {
        response.body = it->before;
        return response;
    }
    // The envelope's meta.generated_at says when the reply was made: now, not when it was cached.
    response.bodyParts = {it->before, nowIsoUtcBytes(), it->after};
    return response;
}

void WorkerCache::storeReply(const QString &key, const HttpResponse &reply)
{
    const QByteArray body = reply.bodyParts.isEmpty() ? reply.body : reply.bodyParts.join();
    if (m_dataVersion < 0 || body.size() > MaxReplyBytes / 4)
        return;
    if (m_replies.size() >= MaxReplies || m_replyBytes + body.size() > MaxReplyBytes) {
        m_replies.clear();
        m_replyBytes = 0;
    }
    if (const auto old = m_replies.constFind(key); old != m_replies.constEnd())
        m_replyBytes -= old->before.size() + old->after.size();
    StoredReply stored;
    stored.head = reply;
    stored.head.body.clear();
    stored.head.bodyParts.clear();
    // meta is the envelope's last object, so its generated_at is found from the end.
    static const QByteArray field = "\"generated_at\":\"";
    const qsizetype at = body.lastIndexOf(field);
    const qsizetype start = at < 0 ? -1 : at + field.size();
    const qsizetype end = start < 0 ? -1 : body.indexOf('"', start);
    if (end >= start && start >= 0) {
        stored.before = body.first(start);
        stored.after = body.sliced(end);
        stored.stamped = true;
    } else {
        stored.before = body;
    }
    m_replyBytes += stored.before.size() + stored.after.size();
    m_replies.insert(key, std::move(stored));
}

QString WorkerCache::keyOf(const Http::Request &request)
{
    const QByteArray method = request.method == "HEAD" ? QByteArray("GET") : request.method;
    return QString::fromLatin1(method) + QLatin1Char(' ') + QString::fromUtf8(request.target);
}

HttpResponse Routes::cachedRead(RouteContext &context, const std::function<HttpResponse()> &read)
{
    context.readOnly = true;
    if (!context.cache)
        return read();
    const QString key = WorkerCache::keyOf(context.request);
    if (auto hit = context.cache->reply(key))
        return std::move(*hit);
    HttpResponse response = read();
    if (response.status == 200)
        context.cache->storeReply(key, response);
    return response;
}

} // namespace Api
