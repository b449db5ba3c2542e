#pragma once
// One HTTP/1.1 request as the transport parsed it, and the reply to send. Plain values: they travel
// from a network thread to a worker and back. Nothing here knows routes, tokens or JSON.
//
// A body is held in memory (body) unless the request's policy let it spill to a temporary file past
// a threshold (bodyFile, then body is empty): an upload of hundreds of MiB never sits in RAM.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QTemporaryFile>
#include <QUrlQuery>

#include <memory>

namespace Http {

struct Request
{
    QByteArray method;                         // "GET", upper case as received
    QByteArray target;                         // "/api/x?y=1" as received
    QString path;                              // percent-decoded path without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;                           // the body, when it is kept in memory
    std::shared_ptr<QTemporaryFile> bodyFile;  // the body, when it was spooled to disk (open, read/write)
    QString peerAddress;

    bool bodyInFile() const { return bodyFile != nullptr; }
    qint64 bodySize() const { return bodyFile ? bodyFile->size() : body.size(); }

    QByteArray header(const QByteArray &lowerName) const
    {
        for (const auto &h : headers)
            if (h.first == lowerName)
                return h.second;
        return {};
    }
    bool hasHeader(const QByteArray &lowerName) const
    {
        for (const auto &h : headers)
            if (h.first == lowerName)
                return true;
        return false;
    }
    QString queryValue(const QString &key) const
    {
        return query.queryItemValue(key, QUrl::FullyDecoded);
    }
    bool hasQuery(const QString &key) const { return query.hasQueryItem(key); }
};

struct Response
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // A body sent as these pieces one after the other, instead of body (when not empty): a cached
    // reply with a fresh timestamp between its two halves, so its bulk is shared, never copied.
    QList<QByteArray> bodyParts;
    bool closeConnection = false;

    qsizetype bodySize() const
    {
        if (bodyParts.isEmpty())
            return body.size();
        qsizetype size = 0;
        for (const QByteArray &part : bodyParts)
            size += part.size();
        return size;
    }

    void setHeader(const QByteArray &name, const QByteArray &value)
    {
        for (auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
                h.second = value;
                return;
            }
        headers.append({name, value});
    }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

QByteArray reasonPhrase(int status);

} // namespace Http
