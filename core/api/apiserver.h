#pragma once
// The SmartData REST API server (API.md): HTTP/1.1 over QTcpServer (or QSslServer with a
// certificate), a route table, authentication, and the cross-cutting parts every reply gets —
// X-Request-Id, security headers, one JSON log line, Prometheus metrics.
//
// The transport (core/http: Http::Connection, Http::ConnectionGate) knows no route or token. It calls
// back after a request's head: here the route is found (404, 405 with Allow), the token checked and
// the role (401, 403), the query's names validated (422), all before a byte of the body is read;
// then the route's body limit and spooling are set (credentials a few KiB, uploads the configured
// maximum, spooled to a temporary file past a threshold). It calls back again with the whole request.
//
// Threads: the server's thread accepts connections and hands each to one of its network threads
// (the server's own thread is the first; ServerOptions::networkThreads), where its socket, parsing,
// routing, replies and log lines live; handlers that touch the database or compute run on the
// server's worker pool (each worker keeps its own database connection and a WorkerCache while the pool
// keeps the thread, and closes it when the thread ends), so an import of a large body or a forecast
// never holds up other requests. A read a network thread's cache can answer is answered there. A
// reply for a client that disconnected meanwhile is dropped, never written. Request log lines are
// batched per network thread (written at once when the server is quiet, else every few ms).
//
//   Api::ApiServer server(database, options);
//   if (!server.start()) qWarning() << server.errorString();

#include "api/apimetrics.h"
#include "api/corspolicy.h"
#include "api/httpmessage.h"
#include "auth/role.h"
#include "http/connection.h"
#include "http/connectiongate.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

class QTcpServer;

namespace Storage {
class Database;
}
namespace Auth {
class AuthService;
struct Principal;
}
namespace Jobs {
class JobManager;
}

namespace Api {

using ConnectionLimits = Http::ConnectionLimits;

struct ServerOptions final
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8000;               // 0 = any free port (tests)
    ConnectionLimits limits;           // limits.maxBodyBytes: the largest upload (ingest)
    int maxConnections = 256;          // more get 503 and are closed
    int maxConnectionsPerAddress = 32; // more from one address (loopback too) get 429 and are closed
    qint64 credentialsBodyBytes = 8 * 1024;   // /api/auth/*
    qint64 smallBodyBytes = 1024 * 1024;      // every other route but the uploads
    qint64 spoolThresholdBytes = 1024 * 1024; // an upload body past this goes to a temporary file
    QString spoolDirectory;                   // empty: the cache directory, else the temporary one
    int workerThreads = 4;
    int networkThreads = 0;            // 0 = one per core (at most 4); TLS always uses 1
    QString jwtSecretPath;             // empty = the default (<data dir>/jwt.secret)
    bool allowSignup = true;           // only honoured on loopback (AuthConfig)
    Auth::Role signupRole = Auth::Role::Viewer; // of self-signups after the first (viewer or analyst)
    CorsPolicy cors;                   // which web origins may read the replies (default: loopback pages)
    int maxLoginFailures = 5;
    QString tlsCertificatePath;        // both set = HTTPS
    QString tlsKeyPath;
};

class ApiServer;

class WorkerCache;
class NetworkThread;

struct RouteContext
{
    const HttpRequest &request;
    ApiServer &server;
    std::shared_ptr<Storage::Database> database;
    const Auth::Principal *principal = nullptr; // null on public routes
    WorkerCache *cache = nullptr;               // the worker thread's; null on the server thread
    bool readOnly = false;                      // set by cachedRead(): the handler did not write
};

using RouteHandler = std::function<HttpResponse(RouteContext &context)>;

struct Route
{
    // What the route's body may be: its limit (ServerOptions) and whether it spills to a file.
    enum class Body { Small, Credentials, Upload };

    QByteArray method;
    QString pattern;                 // "/api/sources/{id}"
    QString summary;
    QStringList queryParameters;     // for the OpenAPI document
    bool authenticated = true;
    std::optional<Auth::Permission> permission;
    bool onServerThread = false;     // cheap and database-free: answered on the network thread, without the pool
    RouteHandler handler;
    QStringList segments;            // filled by addRoute
    // The handler answers through cachedRead(): the server's thread may answer from its cache.
    bool cacheableRead = false;
    Body body = Body::Small;
};

class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    ApiServer(std::shared_ptr<Storage::Database> database, ServerOptions options, QObject *parent = nullptr);
    ~ApiServer() override;

    // Loads the JWT secret, registers the routes and listens. False with errorString() on failure.
    bool start();
    void stop();
    quint16 port() const;
    QString errorString() const { return m_error; }
    const ServerOptions &options() const { return m_options; }

    void addRoute(Route route);
    const QList<Route> &routes() const { return m_routes; }

    ApiMetrics &metrics() { return m_metrics; }
    std::shared_ptr<Auth::AuthService> auth() const { return m_auth; }
    // Lives on the server's thread; from a handler use runOnServerThread().
    Jobs::JobManager *jobManager() const { return m_jobs.get(); }
    // Runs fn on the server's thread and waits for it (handlers on the pool).
    void runOnServerThread(const std::function<void()> &fn);
    int connectionCount() const { return m_gate.openConnections(); }
    // Where upload bodies are spooled (and imports copy them).
    QString spoolDirectory() const { return m_spoolDirectory; }
    int networkThreadCount() const { return int(m_network.size()); }

    QJsonObject openApiDocument() const;

private:
    struct Pending
    {
        NetworkThread *network = nullptr;
        quint64 connectionId = 0;
        QByteArray method;
        QString path;
        QString routePattern;
        QString requestId;
        QString user;
        QByteArray origin; // the request's Origin header, for the CORS headers of its reply
        QElapsedTimer timer;
    };
    // A request whose head was admitted (route, principal) while its body arrives (apiserver.cpp).
    struct Admission;
    friend class NetworkThread; // keeps the admissions of its connections
    struct RouteMatch
    {
        const Route *route = nullptr;
        QHash<QString, QString> pathParams;
        QStringList allowed; // methods of the routes with this path
    };

    void onNewConnection();
    void accept(qintptr socketDescriptor);
    void refuse(QTcpSocket *socket, Http::ConnectionGate::Refusal why);
    void adopt(NetworkThread *network, QTcpSocket *socket, quint64 id);
    Pending pendingFor(NetworkThread *network, Http::Connection *connection, const Http::Request &head) const;
    RouteMatch match(const QByteArray &method, const QString &path) const;
    void onHead(NetworkThread *network, Http::Connection *connection, const Http::Request &head);
    // The answer to a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method), given
    // before authentication: a browser never sends a token with it.
    HttpResponse preflight(const Http::Request &head, const RouteMatch &found) const;
    // Access-Control-Allow-Origin and friends on every reply to an allowed origin, errors included
    // (else the browser hides the status from the page), and Vary: Origin whenever CORS is on.
    void addCorsHeaders(HttpResponse &response, const QByteArray &origin) const;
    // The one authentication step: the principal the bearer token stands for, allowed the route, or
    // the refusal (401, 403). On the network thread, with its cache of verified principals.
    std::variant<Auth::Principal, HttpResponse> authenticate(const Route &route, const Http::Request &head, QString *user);
    void onRequest(NetworkThread *network, Http::Connection *connection, const Http::Request &request);
    void onRejected(NetworkThread *network, Http::Connection *connection, int status, const QString &message, const Http::Request &partial);
    void onClosed(NetworkThread *network, Http::Connection *connection);
    void finish(const Pending &pending, HttpResponse response);
    void stopNetworkThreads();
    // principal: as authenticated on the head (null on public routes); cache: the worker's (null on
    // the server thread); *mayHaveWritten: the handler ran and did not declare itself read-only, so
    // the worker's cache must be dropped.
    HttpResponse runRoute(const Route &route, HttpRequest request, const std::optional<Auth::Principal> &principal,
                          WorkerCache *cache, bool *mayHaveWritten);
    void prepareWorkerThread();
    // A cacheable read this network thread's cache can answer, else nullopt.
    std::optional<HttpResponse> cachedOnNetworkThread(const HttpRequest &request);

    std::shared_ptr<Storage::Database> m_database;
    ServerOptions m_options;
    QTcpServer *m_server = nullptr;
    QString m_error;
    QList<Route> m_routes;
    std::vector<std::unique_ptr<NetworkThread>> m_network; // [0] lives on the server's thread
    size_t m_nextNetwork = 0;
    quint64 m_nextConnectionId = 1;
    Http::ConnectionGate m_gate;
    QString m_spoolDirectory;
    QThreadPool m_pool;
    ApiMetrics m_metrics;
    std::shared_ptr<Auth::AuthService> m_auth;
    std::unique_ptr<Jobs::JobManager> m_jobs;
    std::atomic<qint64> m_bufferedBodyBytes{0}; // bodies being received or handled, all connections
    std::atomic<bool> m_stopping{false};
};

// The routes of API.md (routes.cpp and friends).
void registerRoutes(ApiServer &server);

} // namespace Api
