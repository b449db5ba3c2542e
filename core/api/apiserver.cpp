#include "apiserver.h"

#include "api/apilog.h"
#include "api/routehelpers.h"
#include "api/apireply.h"
#include "api/workercache.h"
#include "auth/authservice.h"
#include "common/clock.h"
#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QFile>
#include <QJsonArray>
#include <QLocale>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QUuid>

#include <exception>

#include <sys/socket.h>
#include <unistd.h>

namespace Api {

namespace {

QStringList splitPath(const QString &path)
{
    QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    return segments;
}

bool validRequestId(const QByteArray &id)
{
    if (id.isEmpty() || id.size() > 128)
        return false;
    for (const char c : id)
        if (!(QChar::isLetterOrNumber(c) || c == '-' || c == '_' || c == '.' || c == ':'))
            return false;
    return true;
}

void addStandardHeaders(HttpResponse &response, const QString &requestId)
{
    response.setHeader("X-Request-Id", requestId.toLatin1());
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Content-Security-Policy", "default-src 'none'");
    response.setHeader("Cache-Control", "no-store");
    if (response.header("Content-Type").isEmpty() && response.status != 204)
        response.setHeader("Content-Type", "application/json");
}

// A request id when the client sent none: random, but from a generator of the thread's own (seeded
// from the system's), not a system call each time as QUuid::createUuid() makes.
QString newRequestId()
{
    thread_local QRandomGenerator64 generator = [] {
        quint32 seed[8];
        QRandomGenerator::system()->fillRange(seed);
        return QRandomGenerator64(seed, 8);
    }();
    const quint64 high = generator.generate64(), low = generator.generate64();
    const QUuid uuid(uint(high >> 32), ushort(high >> 16), ushort((high & 0x0fff) | 0x4000), // version 4
                     uchar(((low >> 56) & 0x3f) | 0x80), uchar(low >> 48), uchar(low >> 40), uchar(low >> 32), // variant 1
                     uchar(low >> 24), uchar(low >> 16), uchar(low >> 8), uchar(low));
    return uuid.toString(QUuid::WithoutBraces);
}

void appendJsonString(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    out += '"';
    for (const char c : utf8) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (uchar(c) < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[uchar(c) >> 4];
            out += hex[uchar(c) & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

} // namespace

struct ApiServer::Admission
{
    Pending pending;
    const Route *route = nullptr;
    QHash<QString, QString> pathParams;
    std::optional<Auth::Principal> principal;
};

// One network thread of the server (or the server's own thread, the first): the connections it
// was handed, and its batch of request log lines.
class NetworkThread final : public QObject
{
public:
    // Lines wait at most this long; a line after a quiet spell is written at once.
    static constexpr int LogBatchMs = 10;
    static constexpr qsizetype LogBatchBytes = 64 * 1024;

    NetworkThread()
    {
        m_logTimer.setSingleShot(true);
        m_logTimer.setInterval(LogBatchMs);
        connect(&m_logTimer, &QTimer::timeout, this, &NetworkThread::flushLog);
        m_sinceLogWrite.start();
    }
    ~NetworkThread() override { flushLog(); }

    void log(const QByteArray &line)
    {
        const bool quiet = m_lines.isEmpty() && m_sinceLogWrite.elapsed() >= LogBatchMs;
        m_lines += line;
        if (quiet || m_lines.size() >= LogBatchBytes)
            flushLog();
        else if (!m_logTimer.isActive())
            m_logTimer.start();
    }
    void flushLog()
    {
        m_logTimer.stop();
        if (m_lines.isEmpty())
            return;
        Logging::writeJsonLines(m_lines);
        m_lines.clear();
        m_sinceLogWrite.start();
    }

    std::unique_ptr<QThread> ownThread; // null: the server's thread
    QHash<quint64, QPointer<Http::Connection>> connections;
    QHash<quint64, ApiServer::Admission> admitted; // by connection: heads whose body is on its way

private:
    QTimer m_logTimer{this};
    QElapsedTimer m_sinceLogWrite;
    QByteArray m_lines;
};

namespace {

// Accepts on the server's thread and hands the descriptor on, so the socket is created on the
// network thread that will serve it.
class Acceptor final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    std::function<void(qintptr)> incoming;

protected:
    void incomingConnection(qintptr socketDescriptor) override { incoming(socketDescriptor); }
};

// The client's address of an accepted socket, before a QTcpSocket is made for it.
QHostAddress peerOf(qintptr socketDescriptor)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getpeername(int(socketDescriptor), reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return {};
    QHostAddress address;
    address.setAddress(reinterpret_cast<const sockaddr *>(&storage));
    return address;
}

} // namespace

ApiServer::ApiServer(std::shared_ptr<Storage::Database> database, ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_options(std::move(options))
    , m_gate(m_options.maxConnections, m_options.maxConnectionsPerAddress)
{
    m_pool.setMaxThreadCount(qMax(1, m_options.workerThreads));
}

ApiServer::~ApiServer()
{
    stop();
}

void ApiServer::stop()
{
    if (m_server)
        m_server->close();
    m_stopping = true;
    for (const auto &network : m_network) {
        auto abortAll = [&network] {
            for (const auto &connection : std::as_const(network->connections))
                if (connection)
                    connection->abort();
            network->connections.clear();
        };
        if (network->ownThread && network->ownThread->isRunning())
            QMetaObject::invokeMethod(network.get(), abortAll, Qt::BlockingQueuedConnection);
        else
            abortAll();
    }
    // Workers post their replies to the network threads (dropped: the connections are gone) and may
    // wait in runOnServerThread(); deliver those calls while waiting so a worker can never deadlock the
    // stop. The other network threads keep running until the pool is done.
    QObject *local = m_network.empty() ? nullptr : m_network.front().get();
    auto deliver = [this, local] {
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
        if (local && local->thread() == QThread::currentThread())
            QCoreApplication::sendPostedEvents(local, QEvent::MetaCall);
    };
    while (!m_pool.waitForDone(20))
        deliver();
    deliver();
    stopNetworkThreads();
    if (QThread::currentThread() == thread())
        WorkerCache::releaseThread(); // the server thread's, and its connection

    if (m_jobs)
        m_jobs->waitForAll();
}

void ApiServer::stopNetworkThreads()
{
    for (const auto &network : m_network) {
        if (!network->ownThread) {
            if (network->thread() == QThread::currentThread())
                network->flushLog();
            continue;
        }
        if (network->ownThread->isRunning()) {
            QMetaObject::invokeMethod(network.get(), [n = network.get()] { n->flushLog(); }, Qt::BlockingQueuedConnection);
            network->ownThread->quit();
            network->ownThread->wait();
        }
    }
    m_network.clear(); // their threads have ended (or it is this one)
}

quint16 ApiServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void ApiServer::runOnServerThread(const std::function<void()> &fn)
{
    if (QThread::currentThread() == thread())
        fn();
    else
        QMetaObject::invokeMethod(this, fn, Qt::BlockingQueuedConnection);
}

void ApiServer::addRoute(Route route)
{
    route.segments = splitPath(route.pattern);
    m_routes.append(std::move(route));
}

bool ApiServer::start()
{
    Auth::AuthConfig config;
    config.secretPath = m_options.jwtSecretPath;
    config.listensOnLoopback = m_options.host.isLoopback();
    config.allowSignup = m_options.allowSignup;
    config.signupRole = m_options.signupRole;
    config.maxLoginFailures = m_options.maxLoginFailures;
    auto auth = Auth::AuthService::create(m_database, config);
    if (!auth) {
        m_error = auth.error().message;
        return false;
    }
    m_auth = *auth;

    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    m_jobs = std::make_unique<Jobs::JobManager>(m_database, registry);

    if (m_routes.isEmpty())
        registerRoutes(*this);

    // Upload bodies past the spool threshold wait here for their import.
    m_spoolDirectory = m_options.spoolDirectory;
    if (m_spoolDirectory.isEmpty())
        m_spoolDirectory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (m_spoolDirectory.isEmpty() || !QDir().mkpath(m_spoolDirectory))
        m_spoolDirectory = QDir::tempPath();

    const bool tls = !m_options.tlsCertificatePath.isEmpty() || !m_options.tlsKeyPath.isEmpty();
    if (tls) {
        QFile certFile(m_options.tlsCertificatePath), keyFile(m_options.tlsKeyPath);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            m_error = QStringLiteral("Cannot read the TLS certificate or key.");
            return false;
        }
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey usableKey(keyPem, QSsl::Rsa, QSsl::Pem);
        if (usableKey.isNull())
            usableKey = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty() || usableKey.isNull()) {
            m_error = QStringLiteral("The TLS certificate or key is not valid PEM (RSA or EC key).");
            return false;
        }
        auto *sslServer = new QSslServer(this);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificateChain(chain);
        configuration.setPrivateKey(usableKey);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        sslServer->setSslConfiguration(configuration);
        sslServer->setHandshakeTimeout(m_options.limits.headerTimeoutMs); // a stalled handshake is a slow client too
        m_server = sslServer;
    } else {
        auto *acceptor = new Acceptor(this);
        acceptor->incoming = [this](qintptr socketDescriptor) { accept(socketDescriptor); };
        m_server = acceptor;
    }
    // The first network thread is this one; the others get threads of their own (not with TLS,
    // whose sockets QSslServer makes on this thread).
    int networkThreads = m_options.networkThreads > 0 ? m_options.networkThreads : qBound(1, QThread::idealThreadCount(), 4);
    if (tls)
        networkThreads = 1;
    for (int i = 0; i < networkThreads; ++i) {
        auto network = std::make_unique<NetworkThread>();
        if (i > 0) {
            network->ownThread = std::make_unique<QThread>();
            network->ownThread->setObjectName(QStringLiteral("api-network-%1").arg(i));
            const std::weak_ptr<Storage::Database> database = m_database;
            connect(network->ownThread.get(), &QThread::finished, network->ownThread.get(), [database] {
                WorkerCache::releaseThread();
                if (const auto db = database.lock())
                    db->releaseThreadConnection();
            }, Qt::DirectConnection);
            network->moveToThread(network->ownThread.get());
            network->ownThread->start();
        }
        m_network.push_back(std::move(network));
    }
    m_server->setMaxPendingConnections(64);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &ApiServer::onNewConnection);
    if (!m_server->listen(m_options.host, m_options.port)) {
        m_error = m_server->errorString();
        return false;
    }
    Logging::event(lcApi(), QtInfoMsg, QStringLiteral("API server listening"),
                   QJsonObject{{QStringLiteral("host"), m_options.host.toString()},
                               {QStringLiteral("port"), int(port())},
                               {QStringLiteral("tls"), tls}});
    return true;
}

void ApiServer::onNewConnection()
{
    // QSslServer's sockets (TLS): served on this thread.
    while (m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            return;
        if (const auto why = m_gate.admit(socket->peerAddress()); why != Http::ConnectionGate::Refusal::None) {
            refuse(socket, why);
            continue;
        }
        adopt(m_network.front().get(), socket, m_nextConnectionId++);
    }
}

void ApiServer::accept(qintptr socketDescriptor)
{
    const QHostAddress peer = peerOf(socketDescriptor);
    const auto why = m_network.empty() ? Http::ConnectionGate::Refusal::TooManyTotal : m_gate.admit(peer);
    if (why != Http::ConnectionGate::Refusal::None) {
        auto *socket = new QTcpSocket(this);
        if (socket->setSocketDescriptor(socketDescriptor))
            refuse(socket, why);
        else
            delete socket;
        return;
    }
    const quint64 id = m_nextConnectionId++;
    NetworkThread *network = m_network[m_nextNetwork++ % m_network.size()].get();
    auto open = [this, network, socketDescriptor, id, peer] {
        auto *socket = new QTcpSocket(network);
        if (!socket->setSocketDescriptor(socketDescriptor)) {
            delete socket;
            ::close(int(socketDescriptor));
            m_gate.release(peer);
            return;
        }
        adopt(network, socket, id);
    };
    if (network->thread() == QThread::currentThread())
        open();
    else
        QMetaObject::invokeMethod(network, open, Qt::QueuedConnection);
}

void ApiServer::refuse(QTcpSocket *socket, Http::ConnectionGate::Refusal why)
{
    // The gate counted and logged the refusal (rate-limited, with the address).
    const bool perAddress = why == Http::ConnectionGate::Refusal::TooManyFromAddress;
    HttpResponse busy = perAddress
        ? errorReply(429, QStringLiteral("TOO_MANY_CONNECTIONS_FROM_ADDRESS"),
                     QStringLiteral("Too many open connections from %1 (at most %2); close some and try again.")
                         .arg(socket->peerAddress().toString()).arg(m_options.maxConnectionsPerAddress))
        : errorReply(503, QStringLiteral("TOO_MANY_CONNECTIONS"),
                     QStringLiteral("The server has too many open connections; try again shortly."));
    addStandardHeaders(busy, newRequestId());
    QByteArray out = "HTTP/1.1 " + QByteArray::number(busy.status) + ' ' + reasonPhrase(busy.status)
                     + "\r\nConnection: close\r\nContent-Length: "
                     + QByteArray::number(busy.body.size()) + "\r\n";
    for (const auto &h : busy.headers)
        out += h.first + ": " + h.second + "\r\n";
    socket->write(out + "\r\n" + busy.body);
    socket->disconnectFromHost();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    m_metrics.add(QStringLiteral("http_connections_refused"));
    if (perAddress)
        m_metrics.add(QStringLiteral("http_connections_refused_per_address"));
}

void ApiServer::adopt(NetworkThread *network, QTcpSocket *socket, quint64 id)
{
    auto *connection = new Http::Connection(socket, id, m_options.limits, &m_bufferedBodyBytes, network);
    network->connections.insert(id, connection);
    // The network thread's object as the context: the calls stay on that thread (and are direct:
    // the head handler must decide before the connection reads on).
    connect(connection, &Http::Connection::headReceived, network, [this, network](Http::Connection *c, const Http::Request &head) {
        onHead(network, c, head);
    });
    connect(connection, &Http::Connection::requestReceived, network, [this, network](Http::Connection *c, const Http::Request &request) {
        onRequest(network, c, request);
    });
    connect(connection, &Http::Connection::requestRejected, network,
            [this, network](Http::Connection *c, int status, const QString &message, const Http::Request &partial) {
                onRejected(network, c, status, message, partial);
            });
    connect(connection, &Http::Connection::closed, network, [this, network](Http::Connection *c) { onClosed(network, c); });
}

void ApiServer::onClosed(NetworkThread *network, Http::Connection *connection)
{
    network->admitted.remove(connection->id());
    if (network->connections.remove(connection->id()))
        m_gate.release(QHostAddress(connection->peerAddress()));
    connection->deleteLater();
}

ApiServer::Pending ApiServer::pendingFor(NetworkThread *network, Http::Connection *connection, const Http::Request &head) const
{
    Pending pending;
    pending.network = network;
    pending.timer.start();
    pending.connectionId = connection->id();
    pending.method = head.method.isEmpty() ? QByteArray("-") : head.method;
    pending.path = head.path;
    pending.routePattern = QStringLiteral("unmatched");
    const QByteArray id = head.header("x-request-id");
    pending.requestId = validRequestId(id) ? QString::fromLatin1(id) : newRequestId();
    pending.origin = head.header("origin");
    return pending;
}

void ApiServer::onRejected(NetworkThread *network, Http::Connection *connection, int status, const QString &message, const Http::Request &partial)
{
    // A head that was admitted keeps its route and user in the log line (a body over the route's
    // limit, too slow, ...).
    const auto admitted = network->admitted.find(connection->id());
    Pending pending = admitted != network->admitted.end() ? admitted->pending : pendingFor(network, connection, partial);
    if (admitted != network->admitted.end())
        network->admitted.erase(admitted);
    static const QHash<int, QString> codes{{400, QStringLiteral("BAD_REQUEST")}, {408, QStringLiteral("REQUEST_TIMEOUT")},
                                           {413, QStringLiteral("PAYLOAD_TOO_LARGE")}, {431, QStringLiteral("HEADERS_TOO_LARGE")},
                                           {501, QStringLiteral("NOT_IMPLEMENTED")}, {503, QStringLiteral("SERVER_BUSY")}, {505, QStringLiteral("HTTP_VERSION_NOT_SUPPORTED")}};
    HttpResponse response = errorReply(status, codes.value(status, QStringLiteral("BAD_REQUEST")), message);
    response.closeConnection = true;
    if (status == 503)
        response.setHeader("Retry-After", "1");
    finish(pending, std::move(response));
}

ApiServer::RouteMatch ApiServer::match(const QByteArray &method, const QString &path) const
{
    // HEAD is GET without the body (RFC 9110 §9.3.2): same route, same headers.
    const QByteArray wanted = method == "HEAD" ? QByteArray("GET") : method;
    const QStringList segments = splitPath(path);
    RouteMatch found;
    for (const Route &route : std::as_const(m_routes)) {
        if (route.segments.size() != segments.size())
            continue;
        QHash<QString, QString> params;
        bool same = true;
        for (qsizetype i = 0; i < segments.size() && same; ++i) {
            const QString &want = route.segments.at(i);
            if (want.startsWith(QLatin1Char('{')) && want.endsWith(QLatin1Char('}')))
                params.insert(want.mid(1, want.size() - 2), segments.at(i));
            else
                same = want == segments.at(i);
        }
        if (!same)
            continue;
        const QString name = QString::fromLatin1(route.method);
        if (!found.allowed.contains(name)) {
            found.allowed.append(name);
            if (route.method == "GET")
                found.allowed.append(QStringLiteral("HEAD"));
        }
        if (route.method == wanted && !found.route) {
            found.route = &route;
            found.pathParams = params;
        }
    }
    return found;
}

std::variant<Auth::Principal, HttpResponse> ApiServer::authenticate(const Route &route, const Http::Request &head, QString *user)
{
    const QString token = Auth::AuthService::bearerToken(head.header("authorization"));
    if (token.isEmpty())
        return errorReply(401, QStringLiteral("NOT_AUTHENTICATED"), QStringLiteral("Send an access token: Authorization: Bearer <token>."));
    // The network thread's cache of principals verified while the database was as it is now.
    WorkerCache &cache = WorkerCache::forThread(m_database.get());
    cache.revalidate(*m_database);
    std::optional<Auth::Principal> principal = cache.principal(token, Common::Clock::instance().now());
    if (!principal) {
        auto verified = m_auth->verifyAccess(token);
        if (!verified)
            return errorReply(verified.error(), 401);
        principal = *verified;
        cache.storePrincipal(token, *principal);
    }
    *user = principal->email;
    if (route.permission) {
        if (const auto allowed = Auth::AuthService::authorize(*principal, *route.permission); !allowed)
            return errorReply(allowed.error(), 403);
    }
    return *principal;
}

void ApiServer::onHead(NetworkThread *network, Http::Connection *connection, const Http::Request &head)
{
    if (m_stopping) {
        connection->abort();
        return;
    }
    Pending pending = pendingFor(network, connection, head);
    const RouteMatch found = match(head.method, head.path);
    if (head.method == "OPTIONS" && m_options.cors.enabled() && head.hasHeader("origin")
        && head.hasHeader("access-control-request-method") && !found.allowed.isEmpty()) {
        pending.routePattern = QStringLiteral("preflight");
        finish(pending, preflight(head, found));
        return;
    }
    if (!found.route) {
        if (found.allowed.isEmpty()) {
            finish(pending, errorReply(404, QStringLiteral("NOT_FOUND"), QStringLiteral("No route %1.").arg(head.path)));
        } else {
            HttpResponse response = errorReply(405, QStringLiteral("METHOD_NOT_ALLOWED"),
                                               QStringLiteral("%1 does not accept %2.").arg(head.path, QString::fromLatin1(head.method)));
            response.setHeader("Allow", found.allowed.join(QStringLiteral(", ")).toLatin1());
            finish(pending, std::move(response));
        }
        return;
    }
    const Route &route = *found.route;
    pending.routePattern = route.pattern;
    Admission admission;
    try {
        if (route.authenticated) {
            auto authenticated = authenticate(route, head, &pending.user);
            if (auto *refusal = std::get_if<HttpResponse>(&authenticated)) {
                finish(pending, std::move(*refusal));
                return;
            }
            admission.principal = std::get<Auth::Principal>(std::move(authenticated));
        }
    } catch (const std::exception &e) {
        qCCritical(lcApi) << "authentication failed:" << e.what();
        finish(pending, errorReply(500, QStringLiteral("INTERNAL_ERROR"), QStringLiteral("The server failed to handle the request.")));
        return;
    }
    if (std::optional<HttpResponse> invalid = Routes::invalidNameParameter(head)) {
        finish(pending, std::move(*invalid));
        return;
    }
    Http::Connection::BodyPolicy policy;
    switch (route.body) {
    case Route::Body::Credentials:
        policy.maxBytes = m_options.credentialsBodyBytes;
        break;
    case Route::Body::Small:
        policy.maxBytes = m_options.smallBodyBytes;
        break;
    case Route::Body::Upload:
        policy.maxBytes = m_options.limits.maxBodyBytes;
        policy.spoolThresholdBytes = m_options.spoolThresholdBytes;
        policy.spoolDirectory = m_spoolDirectory;
        break;
    }
    admission.pending = std::move(pending);
    admission.route = &route;
    admission.pathParams = found.pathParams;
    network->admitted.insert(connection->id(), std::move(admission));
    connection->acceptBody(policy);
}

HttpResponse ApiServer::preflight(const Http::Request &head, const RouteMatch &found) const
{
    const QByteArray origin = head.header("origin");
    if (!m_options.cors.allows(origin))
        return errorReply(403, QStringLiteral("CORS_ORIGIN_NOT_ALLOWED"),
                          QStringLiteral("Pages from %1 may not call this API; the server's allowed origins (setting api/cors_origins, "
                                         "smartdata serve --cors-origin) do not include it.").arg(QString::fromLatin1(origin)),
                          QJsonObject{{QStringLiteral("origin"), QString::fromLatin1(origin)}});
    HttpResponse response;
    response.status = 204;
    QStringList methods = found.allowed;
    methods.append(QStringLiteral("OPTIONS"));
    response.setHeader("Access-Control-Allow-Methods", methods.join(QStringLiteral(", ")).toLatin1());
    response.setHeader("Access-Control-Allow-Headers", CorsPolicy::allowedRequestHeaders());
    response.setHeader("Access-Control-Max-Age", QByteArray::number(CorsPolicy::MaxAgeSeconds));
    return response;
}

void ApiServer::addCorsHeaders(HttpResponse &response, const QByteArray &origin) const
{
    if (!m_options.cors.enabled())
        return;
    response.setHeader("Vary", "Origin");
    if (!m_options.cors.allows(origin))
        return;
    response.setHeader("Access-Control-Allow-Origin", origin);
    if (response.header("Access-Control-Allow-Methods").isEmpty()) // not on a preflight: it reads no body
        response.setHeader("Access-Control-Expose-Headers", CorsPolicy::exposedResponseHeaders());
}

void ApiServer::onRequest(NetworkThread *network, Http::Connection *connection, const Http::Request &received)
{
    if (m_stopping)
        return;
    const auto admitted = network->admitted.find(connection->id());
    if (admitted == network->admitted.end()) // every request's head was admitted first
        return;
    Admission admission = std::move(*admitted);
    network->admitted.erase(admitted);
    Pending pending = std::move(admission.pending);
    pending.timer.start(); // the server's time, not the client's upload
    HttpRequest request(received);
    request.requestId = pending.requestId;
    request.pathParams = std::move(admission.pathParams);
    const Route &matched = *admission.route;

    if (matched.onServerThread) {
        finish(pending, runRoute(matched, std::move(request), admission.principal, nullptr, nullptr));
        return;
    }
    // A read whose reply this network thread's cache holds: no round trip through the pool.
    qint64 dispatchedAt = -1; // the database version this thread's cache had at dispatch
    QString cacheKey;
    if (matched.cacheableRead) {
        if (std::optional<HttpResponse> hit = cachedOnNetworkThread(request)) {
            finish(pending, std::move(*hit));
            return;
        }
        dispatchedAt = WorkerCache::forThread(m_database.get()).version();
        cacheKey = WorkerCache::keyOf(request);
    }
    const Route route = matched;
    m_pool.start([this, route, request = std::move(request), principal = std::move(admission.principal), pending, dispatchedAt, cacheKey]() mutable {
        prepareWorkerThread();
        WorkerCache &cache = WorkerCache::forThread(m_database.get());
        cache.revalidate(*m_database);
        bool mayHaveWritten = false;
        HttpResponse response = runRoute(route, std::move(request), principal, &cache, &mayHaveWritten);
        if (mayHaveWritten)
            cache.invalidate();
        // Queued to the connection's network thread (which outlives the pool's work: stop()).
        QMetaObject::invokeMethod(pending.network, [this, pending, response = std::move(response), dispatchedAt, cacheKey]() mutable {
            if (dispatchedAt >= 0 && response.status == 200) {
                // What the worker read is current only if nothing was committed since the dispatch.
                WorkerCache &serverCache = WorkerCache::forThread(m_database.get());
                serverCache.revalidate(*m_database);
                if (serverCache.version() == dispatchedAt)
                    serverCache.storeReply(cacheKey, response);
            }
            finish(pending, std::move(response));
        }, Qt::QueuedConnection);
    });
}

void ApiServer::prepareWorkerThread()
{
    // Opening a database connection costs more than most requests: a worker keeps its connection (and
    // its cache) while the pool keeps the thread, and closes it on the thread when the thread ends.
    thread_local const Storage::Database *prepared = nullptr;
    if (prepared == m_database.get())
        return;
    prepared = m_database.get();
    QThread *thread = QThread::currentThread();
    const std::weak_ptr<Storage::Database> database = m_database;
    connect(thread, &QThread::finished, thread, [database] {
        WorkerCache::releaseThread();
        if (const auto db = database.lock())
            db->releaseThreadConnection();
    }, Qt::DirectConnection);
}

std::optional<HttpResponse> ApiServer::cachedOnNetworkThread(const HttpRequest &request)
{
    WorkerCache &cache = WorkerCache::forThread(m_database.get());
    cache.revalidate(*m_database);
    return cache.reply(WorkerCache::keyOf(request));
}

HttpResponse ApiServer::runRoute(const Route &route, HttpRequest request, const std::optional<Auth::Principal> &principal,
                                 WorkerCache *cache, bool *mayHaveWritten)
{
    try {
        RouteContext context{request, *this, m_database, principal ? &*principal : nullptr, cache, false};
        if (mayHaveWritten)
            *mayHaveWritten = true; // until the handler says otherwise
        HttpResponse response = route.handler(context);
        if (mayHaveWritten)
            *mayHaveWritten = !context.readOnly;
        return response;
    } catch (const std::exception &e) {
        qCCritical(lcApi) << "handler failed:" << e.what();
    } catch (...) {
        qCCritical(lcApi) << "handler failed with an unknown exception";
    }
    return errorReply(500, QStringLiteral("INTERNAL_ERROR"), QStringLiteral("The server failed to handle the request."));
}

void ApiServer::finish(const Pending &pending, HttpResponse response)
{
    addStandardHeaders(response, pending.requestId);
    addCorsHeaders(response, pending.origin);
    const double seconds = double(pending.timer.nsecsElapsed()) / 1e9;
    m_metrics.record(pending.routePattern, QString::fromLatin1(pending.method), response.status, seconds);
    const QPointer<Http::Connection> connection = pending.network->connections.value(pending.connectionId);
    const bool delivered = connection && connection->isConnected();
    if (delivered)
        connection->respond(response); // before the log line: the client need not wait for the disk

    const QtMsgType level = response.status >= 500 ? QtWarningMsg : QtInfoMsg;
    if (level == QtInfoMsg && !lcApi().isInfoEnabled())
        return;
    if (level == QtInfoMsg && !Logging::stderrShows(level)) {
        // The usual line, formatted here and batched (Logging::writeJsonLines): the same fields as
        // Logging::event() writes, in the same (sorted) order.
        QByteArray line;
        line.reserve(384);
        line += "{\"category\":\"smartdata.api\",";
        if (!delivered)
            line += "\"client_gone\":true,";
        line += "\"duration_ms\":" + QByteArray::number(seconds * 1000.0, 'g', QLocale::FloatingPointShortest);
        line += ",\"level\":\"info\",\"message\":\"request\",\"method\":";
        appendJsonString(line, QString::fromLatin1(pending.method));
        line += ",\"path\":";
        appendJsonString(line, pending.path);
        line += ",\"request_id\":";
        appendJsonString(line, pending.requestId);
        line += ",\"route\":";
        appendJsonString(line, pending.routePattern);
        line += ",\"status\":" + QByteArray::number(response.status) + ",\"ts\":\"" + nowIsoUtcBytes() + "\",\"user\":";
        if (pending.user.isEmpty())
            line += "null";
        else
            appendJsonString(line, pending.user);
        line += "}\n";
        pending.network->log(line);
        return;
    }
    pending.network->flushLog(); // the lines before this one first
    QJsonObject fields{{QStringLiteral("request_id"), pending.requestId},
                       {QStringLiteral("method"), QString::fromLatin1(pending.method)},
                       {QStringLiteral("path"), pending.path},
                       {QStringLiteral("route"), pending.routePattern},
                       {QStringLiteral("status"), response.status},
                       {QStringLiteral("duration_ms"), seconds * 1000.0},
                       {QStringLiteral("user"), pending.user.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(pending.user)}};
    if (!delivered)
        fields.insert(QStringLiteral("client_gone"), true);
    Logging::event(lcApi(), level, QStringLiteral("request"), fields);
}

QJsonObject ApiServer::openApiDocument() const
{
    auto ref = [](const QString &where) { return QJsonObject{{QStringLiteral("$ref"), where}}; };
    auto header = [](const QString &description) {
        return QJsonObject{{QStringLiteral("description"), description},
                           {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}};
    };
    // The headers every reply carries, and those a reply to an allowed web origin adds (CORS).
    QJsonObject replyHeaders{{QStringLiteral("X-Request-Id"), ref(QStringLiteral("#/components/headers/X-Request-Id"))}};
    const bool cors = m_options.cors.enabled();
    if (cors) {
        replyHeaders.insert(QStringLiteral("Access-Control-Allow-Origin"), ref(QStringLiteral("#/components/headers/Access-Control-Allow-Origin")));
        replyHeaders.insert(QStringLiteral("Access-Control-Expose-Headers"), ref(QStringLiteral("#/components/headers/Access-Control-Expose-Headers")));
        replyHeaders.insert(QStringLiteral("Vary"), ref(QStringLiteral("#/components/headers/Vary")));
    }
    auto operationId = [](const QByteArray &method, const QString &pattern) {
        QString id = QString::fromLatin1(method).toLower();
        for (const QString &segment : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            QString part = segment;
            if (part.startsWith(QLatin1Char('{')))
                part = QStringLiteral("by_") + part.mid(1, part.size() - 2);
            part.replace(QLatin1Char('.'), QLatin1Char('_')).replace(QLatin1Char('-'), QLatin1Char('_'));
            id += QLatin1Char('_') + part;
        }
        return id;
    };
    // What each route answers on success, where it is not 200 with JSON.
    auto successOf = [](const Route &route) -> std::pair<QString, QString> {
        if (route.pattern == QLatin1String("/api/auth/signup"))
            return {QStringLiteral("201"), QStringLiteral("the token pair (bare)")};
        if (route.method == "POST" && route.pattern == QLatin1String("/api/users"))
            return {QStringLiteral("201"), QStringLiteral("the user added")};
        if (route.pattern == QLatin1String("/api/jobs/{name}/run"))
            return {QStringLiteral("202"), QStringLiteral("the job, started")};
        return {QStringLiteral("200"), QStringLiteral("success")};
    };
    QJsonObject paths;
    for (const Route &route : m_routes) {
        QJsonObject item = paths.value(route.pattern).toObject();
        QJsonArray pathParameters;
        for (const QString &segment : route.segments)
            if (segment.startsWith(QLatin1Char('{')))
                pathParameters.append(QJsonObject{{QStringLiteral("name"), segment.mid(1, segment.size() - 2)},
                                                  {QStringLiteral("in"), QStringLiteral("path")},
                                                  {QStringLiteral("required"), true},
                                                  {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
        QJsonArray parameters = pathParameters;
        for (const QString &name : route.queryParameters)
            parameters.append(QJsonObject{{QStringLiteral("name"), name},
                                          {QStringLiteral("in"), QStringLiteral("query")},
                                          {QStringLiteral("required"), false},
                                          {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
        const auto [status, description] = successOf(route);
        const bool csv = route.pattern == QLatin1String("/api/metrics/export/csv") || route.pattern == QLatin1String("/metrics");
        const QString mediaType = route.pattern == QLatin1String("/api/metrics/export/csv") ? QStringLiteral("text/csv")
                                : route.pattern == QLatin1String("/metrics") ? QStringLiteral("text/plain")
                                                                            : QStringLiteral("application/json");
        QJsonObject success{{QStringLiteral("description"), description},
                            {QStringLiteral("headers"), replyHeaders},
                            {QStringLiteral("content"), QJsonObject{{mediaType, QJsonObject{{QStringLiteral("schema"),
                                 csv ? QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}} : QJsonObject{}}}}}}};
        QJsonObject responses{{status, success}, {QStringLiteral("default"), ref(QStringLiteral("#/components/responses/Error"))}};
        if (route.authenticated)
            responses.insert(QStringLiteral("401"), ref(QStringLiteral("#/components/responses/Unauthorized")));
        else
            responses.insert(QStringLiteral("400"), ref(QStringLiteral("#/components/responses/Error")));
        if (route.pattern == QLatin1String("/api/metrics/anomaly/iforest"))
            responses.insert(QStringLiteral("204"), QJsonObject{{QStringLiteral("description"), QStringLiteral("too few days to score")},
                                                               {QStringLiteral("headers"), replyHeaders}});
        QJsonObject operation{{QStringLiteral("summary"), route.summary},
                              {QStringLiteral("operationId"), operationId(route.method, route.pattern)},
                              {QStringLiteral("parameters"), parameters},
                              {QStringLiteral("responses"), responses}};
        if (route.method == "POST" || route.method == "DELETE") {
            const bool upload = route.body == Route::Body::Upload;
            QJsonObject content{{QStringLiteral("application/json"), QJsonObject{{QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}}}};
            if (upload) {
                content = QJsonObject{{QStringLiteral("multipart/form-data"), QJsonObject{{QStringLiteral("schema"), QJsonObject{
                    {QStringLiteral("type"), QStringLiteral("object")},
                    {QStringLiteral("properties"), QJsonObject{{QStringLiteral("file"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                                                                   {QStringLiteral("format"), QStringLiteral("binary")}}}}}}}}}};
                if (route.pattern == QLatin1String("/api/ingest"))
                    for (const char *type : {"text/csv", "application/json", "application/x-ndjson"})
                        content.insert(QLatin1String(type), QJsonObject{{QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
            }
            operation.insert(QStringLiteral("requestBody"), QJsonObject{{QStringLiteral("required"), upload}, {QStringLiteral("content"), content}});
        }
        // Public routes say so: no token.
        operation.insert(QStringLiteral("security"), route.authenticated ? QJsonArray{QJsonObject{{QStringLiteral("bearerAuth"), QJsonArray()}}} : QJsonArray());
        item.insert(QString::fromLatin1(route.method).toLower(), operation);
        if (cors && !item.contains(QStringLiteral("options"))) {
            // The browser's preflight, answered before authentication.
            QJsonArray preflightParameters = pathParameters;
            preflightParameters.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Origin")}, {QStringLiteral("in"), QStringLiteral("header")},
                                                   {QStringLiteral("required"), true},
                                                   {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
            preflightParameters.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Access-Control-Request-Method")}, {QStringLiteral("in"), QStringLiteral("header")},
                                                   {QStringLiteral("required"), true},
                                                   {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
            preflightParameters.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Access-Control-Request-Headers")}, {QStringLiteral("in"), QStringLiteral("header")},
                                                   {QStringLiteral("required"), false},
                                                   {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
            item.insert(QStringLiteral("options"), QJsonObject{
                {QStringLiteral("summary"), QStringLiteral("CORS preflight (no token): 204 for an allowed origin, 403 CORS_ORIGIN_NOT_ALLOWED otherwise")},
                {QStringLiteral("operationId"), operationId("OPTIONS", route.pattern)},
                {QStringLiteral("parameters"), preflightParameters},
                {QStringLiteral("security"), QJsonArray()},
                {QStringLiteral("responses"), QJsonObject{
                    {QStringLiteral("204"), QJsonObject{{QStringLiteral("description"), QStringLiteral("the origin may send the request")},
                                                       {QStringLiteral("headers"), QJsonObject{
                                                            {QStringLiteral("Access-Control-Allow-Origin"), ref(QStringLiteral("#/components/headers/Access-Control-Allow-Origin"))},
                                                            {QStringLiteral("Access-Control-Allow-Methods"), header(QStringLiteral("the methods of this path"))},
                                                            {QStringLiteral("Access-Control-Allow-Headers"), header(QString::fromLatin1(CorsPolicy::allowedRequestHeaders()))},
                                                            {QStringLiteral("Access-Control-Max-Age"), QJsonObject{{QStringLiteral("description"), QStringLiteral("seconds the answer may be cached")},
                                                                                                                  {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}}}},
                                                            {QStringLiteral("Vary"), ref(QStringLiteral("#/components/headers/Vary"))}}}}},
                    {QStringLiteral("403"), ref(QStringLiteral("#/components/responses/Error"))},
                    {QStringLiteral("default"), ref(QStringLiteral("#/components/responses/Error"))}}}});
        }
        paths.insert(route.pattern, item);
    }
    const QString corsText = cors
        ? QStringLiteral("CORS: pages from %1 may call the API (setting api/cors_origins, `smartdata serve --cors-origin`). A preflight "
                         "(OPTIONS with Origin and Access-Control-Request-Method) is answered without a token; every reply to an allowed "
                         "origin, errors included, carries Access-Control-Allow-Origin (that origin) and Vary: Origin. No credentials "
                         "(cookies): send the bearer token. Refusals before a request is read (too many connections) carry no CORS headers. ")
              .arg(m_options.cors.entries().join(QStringLiteral(", ")))
        : QStringLiteral("CORS is off on this server (`--cors-origin none`): browsers on other origins cannot read its replies. ");
    QJsonObject headers{{QStringLiteral("X-Request-Id"), header(QStringLiteral("The request's X-Request-Id when it sent a valid one, else a new id."))},
                        {QStringLiteral("WWW-Authenticate"), header(QStringLiteral("Bearer"))}};
    if (cors) {
        headers.insert(QStringLiteral("Access-Control-Allow-Origin"), header(QStringLiteral("The request's Origin, when it is an allowed origin; absent otherwise.")));
        headers.insert(QStringLiteral("Access-Control-Expose-Headers"), header(QString::fromLatin1(CorsPolicy::exposedResponseHeaders())));
        headers.insert(QStringLiteral("Vary"), header(QStringLiteral("Origin (whenever CORS is on)")));
    }
    QJsonObject errorSchema{{QStringLiteral("type"), QStringLiteral("object")},
                            {QStringLiteral("required"), QJsonArray{QStringLiteral("ok"), QStringLiteral("error"), QStringLiteral("detail")}},
                            {QStringLiteral("properties"), QJsonObject{
                                {QStringLiteral("ok"), QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
                                {QStringLiteral("data"), QJsonObject{{QStringLiteral("description"), QStringLiteral("null on errors")}}},
                                {QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                                                      {QStringLiteral("properties"), QJsonObject{
                                                                           {QStringLiteral("code"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                                                                           {QStringLiteral("message"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                                                                           {QStringLiteral("details"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}}}}},
                                {QStringLiteral("meta"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}},
                                {QStringLiteral("detail"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}};
    QJsonObject errorContent{{QStringLiteral("application/json"), QJsonObject{{QStringLiteral("schema"), ref(QStringLiteral("#/components/schemas/ErrorEnvelope"))}}}};
    QJsonObject unauthorizedHeaders = replyHeaders;
    unauthorizedHeaders.insert(QStringLiteral("WWW-Authenticate"), ref(QStringLiteral("#/components/headers/WWW-Authenticate")));
    return QJsonObject{
        {QStringLiteral("openapi"), QStringLiteral("3.0.3")},
        {QStringLiteral("info"), QJsonObject{{QStringLiteral("title"), QStringLiteral("SmartData API")},
                                             {QStringLiteral("version"), ApiVersion},
                                             {QStringLiteral("license"), QJsonObject{{QStringLiteral("name"), QStringLiteral("See the SmartData distribution")},
                                                                                     {QStringLiteral("url"), QStringLiteral("https://github.com/fencingbuddha/SmartDataPipeline")}}},
                                             {QStringLiteral("description"), QString(QStringLiteral(
                                                  "Wire-compatible with Smart Data Pipeline 0.7.0. Differences: bodies over the limit get 413, "
                                                  "a wrong method 405 with Allow, malformed requests 400; chunked request bodies are accepted under the same limit, "
                                                  "other transfer codings get 501; "
                                                  "/api/metrics/anomaly/iforest answers 204 only when too few days exist; "
                                                  "/api/forecast/reliability answers a series without data with 200, zero folds, no grade and a reason; "
                                                  "/api/forecast/health fits and stores a model when a series has data but none, and its mape is the stored "
                                                  "backtest's, else the in-sample one. ") + corsText)}}},
        {QStringLiteral("servers"), QJsonArray{QJsonObject{{QStringLiteral("url"), QStringLiteral("/")},
                                                           {QStringLiteral("description"), QStringLiteral("this server")}}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"), QJsonObject{
            {QStringLiteral("securitySchemes"), QJsonObject{
                {QStringLiteral("bearerAuth"), QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                                           {QStringLiteral("scheme"), QStringLiteral("bearer")},
                                                           {QStringLiteral("bearerFormat"), QStringLiteral("JWT")}}}}},
            {QStringLiteral("headers"), headers},
            {QStringLiteral("schemas"), QJsonObject{{QStringLiteral("ErrorEnvelope"), errorSchema}}},
            {QStringLiteral("responses"), QJsonObject{
                {QStringLiteral("Error"), QJsonObject{{QStringLiteral("description"), QStringLiteral("error envelope with a top-level detail")},
                                                      {QStringLiteral("headers"), replyHeaders},
                                                      {QStringLiteral("content"), errorContent}}},
                {QStringLiteral("Unauthorized"), QJsonObject{{QStringLiteral("description"), QStringLiteral("no, or no valid, access token")},
                                                             {QStringLiteral("headers"), unauthorizedHeaders},
                                                             {QStringLiteral("content"), errorContent}}}}}}}};
}

} // namespace Api
