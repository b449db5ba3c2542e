#pragma once
// A REST API server on a loopback port for the API tests: it runs on its own thread (so a test can use
// blocking sockets), on a fresh SQLite file, and is called with raw HTTP/1.1 so that every header of
// the reply can be checked. Each test class owns one; options() may be changed before start().

#include "api/apiserver.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

namespace ApiTest {

struct Reply
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    }
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    QJsonObject data() const { return object().value(QStringLiteral("data")).toObject(); }
    QString errorCode() const { return object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(); }
};

inline QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(SMARTDATA_TEST_DATA_DIR "/api/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll();
}

inline Reply parseReply(const QByteArray &raw)
{
    Reply reply;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    if (end < 0)
        return reply;
    const QList<QByteArray> lines = raw.left(end).split('\n');
    reply.status = lines.first().trimmed().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        reply.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    reply.body = raw.mid(end + 4);
    return reply;
}

class Server final
{
public:
    // installLogging: false for a second server while another one runs (logging is process-wide).
    explicit Server(bool installLogging = true)
        : m_installLogging(installLogging)
    {
        m_options.port = 0;
        m_options.workerThreads = 2;
        m_options.networkThreads = 1;
        m_options.jwtSecretPath = m_dir.filePath(QStringLiteral("jwt.secret"));
        m_options.spoolDirectory = m_dir.filePath(QStringLiteral("spool"));
    }
    ~Server() { stop(); }

    Api::ServerOptions &options() { return m_options; }
    std::shared_ptr<Storage::Database> database() const { return m_db; }
    Api::ApiServer *api() const { return m_server; }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // False with *error on failure.
    bool start(QString *error)
    {
        if (m_installLogging) {
            Logging::Options logging;
            logging.logDir = m_dir.filePath(QStringLiteral("logs"));
            logging.stderrLevel = QtCriticalMsg;
            Logging::install(logging);
        }
        auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("api.db")));
        if (!db) {
            *error = db.error().message;
            return false;
        }
        m_db = *db;
        m_server = new Api::ApiServer(m_db, m_options);
        m_server->moveToThread(&m_thread);
        m_thread.start();
        bool started = false;
        QMetaObject::invokeMethod(m_server, [&] { started = m_server->start(); }, Qt::BlockingQueuedConnection);
        if (!started)
            *error = m_server->errorString();
        m_port = m_server->port();
        return started;
    }

    void stop()
    {
        if (!m_server)
            return;
        QMetaObject::invokeMethod(m_server, [this] { m_server->stop(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_server;
        m_server = nullptr;
        if (m_installLogging)
            Logging::uninstall();
    }

    QByteArray raw(const QByteArray &bytes, int timeoutMs = 15000) const
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(3000))
            return {};
        socket.write(bytes);
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
            if (socket.waitForReadyRead(200))
                out += socket.readAll();
        }
        out += socket.readAll();
        return out;
    }

    // extra: more header lines, each ending in \r\n.
    Reply call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
               const QByteArray &contentType = {}, const QByteArray &token = {}, const QByteArray &extra = {}) const
    {
        QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token + "\r\n";
        if (!contentType.isEmpty())
            request += "Content-Type: " + contentType + "\r\n";
        if (!body.isEmpty() || method == "POST")
            request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        request += extra + "\r\n" + body;
        return parseReply(raw(request));
    }

    // A multipart/form-data body with one part per (field, file name, content); an empty file name
    // makes a plain form field.
    static QByteArray form(const QList<std::tuple<QByteArray, QByteArray, QByteArray>> &parts, QByteArray *contentType)
    {
        const QByteArray boundary = "----sdtestboundary42";
        QByteArray body;
        for (const auto &[field, fileName, content] : parts) {
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + '"';
            if (!fileName.isEmpty())
                body += "; filename=\"" + fileName + "\"\r\nContent-Type: text/csv";
            body += "\r\n\r\n" + content + "\r\n";
        }
        body += "--" + boundary + "--\r\n";
        *contentType = "multipart/form-data; boundary=" + boundary;
        return body;
    }

    Reply multipart(const QByteArray &target, const QByteArray &fileName, const QByteArray &content, const QByteArray &token) const
    {
        QByteArray type;
        const QByteArray body = form({{"file", fileName, content}}, &type);
        return call("POST", target, body, type, token);
    }

    static QByteArray tokenOf(const Reply &reply, const char *key = "access_token")
    {
        return reply.object().value(QLatin1String(key)).toString().toLatin1();
    }

private:
    bool m_installLogging = true;
    QTemporaryDir m_dir;
    Api::ServerOptions m_options;
    std::shared_ptr<Storage::Database> m_db;
    QThread m_thread;
    Api::ApiServer *m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace ApiTest
