#pragma once
// What a worker thread of the API server reuses between requests while the database is unchanged:
// the principals of the access tokens it verified (a signature check and a user lookup each) and the
// replies of read-only routes that opted in with cachedRead() (a year of daily KPIs is ~85 KB of JSON
// that takes milliseconds to build, and dashboards ask for it over and over).
//
// Validity is exact, not a time-to-live: the cache watches the database through a connection of its
// own that never writes, whose PRAGMA data_version (SQLite) changes whenever any connection commits
// (a worker, a job, this very thread, `smartdata` in another process). Each use starts with
// revalidate(), which drops everything after such a change; the server also calls invalidate() after
// a request that may have written. A deactivated or demoted user is therefore refused from the next
// request on, as without the cache; a principal is also dropped when its token expires.
//
// Each network thread of the server has one too: a read whose principal and reply it holds is
// answered there, without a round trip through the pool; the pool's workers fill it (version() tells
// whether what a worker computed is still current when its reply arrives).
// Bounded per thread: MaxReplies replies, MaxReplyBytes of bodies, MaxPrincipals principals (the
// least recently used principal goes first; expired ones before it).
// SQLite only: on another engine revalidate() finds no data_version and nothing is ever cached.
//
// A hit is cheap: the version check is one prepared statement stepped on the raw SQLite handle, and
// a stored reply is kept as the two halves around its meta.generated_at, so a hit shares the bulk
// of the body (HttpResponse::bodyParts) with only the fresh timestamp between them.

#include "api/httpmessage.h"
#include "auth/authservice.h"

#include <QHash>

#include <list>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace Storage {
class Database;
}

namespace Api {

class WorkerCache final
{
    Q_DISABLE_COPY_MOVE(WorkerCache)

public:
    static constexpr int MaxReplies = 64;
    static constexpr qint64 MaxReplyBytes = 16 * 1024 * 1024;
    static constexpr int MaxPrincipals = 1024;

    // This thread's cache for the database, created on first use.
    static WorkerCache &forThread(const Storage::Database *database);
    // Drops this thread's cache (before the thread's connection closes).
    static void releaseThread();

    // Drops everything when another connection committed since the last call (or when the
    // version cannot be read: then nothing is cached until it can).
    void revalidate(Storage::Database &database);
    // This thread may have written: nothing cached so far can be trusted.
    void invalidate();
    // The database version the cache holds (as of the last revalidate()); -1 = nothing is cached.
    qint64 version() const { return m_dataVersion; }

    // The principal of a token verified while the database was as it is now, unless it expired.
    std::optional<Auth::Principal> principal(const QString &token, const QDateTime &now);
    void storePrincipal(const QString &token, const Auth::Principal &principal);
    int principalCount() const { return int(m_principals.size()); }

    // The key of a request's reply: method and target, HEAD counting as GET (its reply is GET's).
    static QString keyOf(const Http::Request &request);

    // A stored reply with a fresh meta.generated_at (in bodyParts).
    std::optional<HttpResponse> reply(const QString &key) const;
    void storeReply(const QString &key, const HttpResponse &reply);

    ~WorkerCache();

private:
    explicit WorkerCache(const Storage::Database *database);
    void closeWatch();
    void mapWalIndex();

    struct StoredPrincipal
    {
        Auth::Principal principal;
        std::list<QString>::iterator use; // its place in m_principalUse
    };
    struct StoredReply
    {
        HttpResponse head;   // status and headers, no body
        QByteArray before;   // the body up to the value of meta.generated_at
        QByteArray after;    // the body after it (empty and unstamped: before is the whole body)
        bool stamped = false;
    };

    const Storage::Database *m_database;
    QString m_watchName;
    sqlite3 *m_watchHandle = nullptr;
    sqlite3_stmt *m_versionStatement = nullptr;
    // The header of the WAL index (the -shm file, mapped read-only) as of the last data_version
    // check: every commit rewrites it (walformat.html), so while it reads the same nothing was
    // committed and the check is skipped (it takes and drops a lock with two system calls).
    static constexpr int WalHeaderBytes = 96;
    const uchar *m_walIndex = nullptr;
    uchar m_walHeaderSeen[WalHeaderBytes] = {};
    bool m_walHeaderValid = false;
    bool m_walIndexTried = false;
    qint64 m_dataVersion = -1;
    bool m_usable = false;
    QHash<QString, StoredPrincipal> m_principals;
    std::list<QString> m_principalUse; // most recently used first
    QHash<QString, StoredReply> m_replies;
    qint64 m_replyBytes = 0;
};

} // namespace Api
