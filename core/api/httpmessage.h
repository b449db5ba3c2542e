#pragma once
// One HTTP/1.1 request as HttpConnection parsed it, and the reply a handler builds. Plain values:
// they travel from the server thread to a worker and back.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace Api {

struct HttpRequest final
{
    QByteArray method;                         // "GET", upper case as received
    QByteArray target;                         // "/api/x?y=1" as received
    QString path;                              // percent-decoded path without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    QString peerAddress;
    QHash<QString, QString> pathParams;        // {id} segments of the matched route
    QString requestId;

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

struct HttpResponse final
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

} // namespace Api
