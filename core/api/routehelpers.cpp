#include "routehelpers.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUrlQuery>

#include <cmath>

namespace Api::Routes {

namespace {

// The headers of one part of a multipart form (Content-Disposition, Content-Type): no more than this.
constexpr qint64 MaxPartHeaderBytes = 16 * 1024;

} // namespace

Param<int> intParam(const HttpRequest &request, const QString &name, int defaultValue, int min, int max)
{
    const QString text = request.queryValue(name).trimmed();
    if (text.isEmpty())
        return defaultValue;
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        return validationError(name, QStringLiteral("%1 must be a whole number from %2 to %3, got '%4'.").arg(name).arg(min).arg(max).arg(text));
    return value;
}

Param<double> doubleParam(const HttpRequest &request, const QString &name, double defaultValue)
{
    const QString text = request.queryValue(name).trimmed();
    if (text.isEmpty())
        return defaultValue;
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return validationError(name, QStringLiteral("%1 must be a number, got '%2'.").arg(name, text));
    return value;
}

Param<QDate> dateParam(const HttpRequest &request, const QString &name)
{
    const QString text = request.queryValue(name);
    if (text.isEmpty())
        return QDate();
    // Exactly ten characters: QDate::fromString(Qt::ISODate) takes "2024-01-01' OR 1=1" for a date.
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{4})-([0-9]{2})-([0-9]{2})$"));
    const QRegularExpressionMatch match = pattern.match(text);
    const QDate date = match.hasMatch() ? QDate(match.capturedView(1).toInt(), match.capturedView(2).toInt(), match.capturedView(3).toInt()) : QDate();
    if (!date.isValid())
        return errorReply(400, QStringLiteral("INVALID_DATE"),
                          QStringLiteral("%1 must be a date YYYY-MM-DD and nothing else, got '%2'.")
                              .arg(name, text.size() > 40 ? text.left(40) + QStringLiteral("...") : text),
                          QJsonObject{{QStringLiteral("parameter"), name}});
    return date;
}

std::optional<HttpResponse> invalidName(const QString &parameter, const QString &value)
{
    auto refuse = [&](const QString &why) {
        return validationError(parameter, QStringLiteral("%1 %2.").arg(parameter, why));
    };
    if (value.size() > MaxNameLength)
        return refuse(QStringLiteral("is longer than %1 characters (%2)").arg(MaxNameLength).arg(value.size()));
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u == 0)
            return refuse(QStringLiteral("contains a NUL character"));
        if (u == '\r' || u == '\n')
            return refuse(QStringLiteral("contains a line break (CR or LF)"));
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f))
            return refuse(QStringLiteral("contains the control character U+%1").arg(int(u), 4, 16, QLatin1Char('0')));
        if (u == 0x2028 || u == 0x2029)
            return refuse(QStringLiteral("contains a line separator (U+%1)").arg(int(u), 4, 16, QLatin1Char('0')));
    }
    return std::nullopt;
}

std::optional<HttpResponse> invalidNameParameter(const Http::Request &request)
{
    for (const QString &name : {QStringLiteral("source_name"), QStringLiteral("default_metric"), QStringLiteral("metric")}) {
        if (!request.hasQuery(name))
            continue;
        // Every value of a repeated parameter: the routes read the first, a later one must not slip by either.
        for (const QString &value : request.query.allQueryItemValues(name, QUrl::FullyDecoded))
            if (auto refusal = invalidName(name, value))
                return refusal;
    }
    return std::nullopt;
}

Param<std::pair<QDate, QDate>> dateRange(const HttpRequest &request)
{
    auto from = dateParam(request, QStringLiteral("start_date"));
    if (auto *error = std::get_if<HttpResponse>(&from))
        return *error;
    auto to = dateParam(request, QStringLiteral("end_date"));
    if (auto *error = std::get_if<HttpResponse>(&to))
        return *error;
    QDate a = std::get<QDate>(from), b = std::get<QDate>(to);
    if (a.isValid() && b.isValid() && a > b)
        std::swap(a, b);
    return std::pair{a, b};
}

Param<QJsonObject> jsonBody(const HttpRequest &request)
{
    if (request.body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return errorReply(422, QStringLiteral("VALIDATION_ERROR"), QStringLiteral("The body must be a JSON object."));
    return document.object();
}

QString textParam(const HttpRequest &request, const QJsonObject &body, const QString &name, const QString &defaultValue)
{
    if (request.hasQuery(name))
        return request.queryValue(name);
    const QJsonValue value = body.value(name);
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble());
    return defaultValue;
}

Param<SeriesBody> seriesBody(const HttpRequest &request)
{
    auto body = jsonBody(request);
    if (auto *error = std::get_if<HttpResponse>(&body))
        return *error;
    SeriesBody series;
    series.object = std::get<QJsonObject>(std::move(body));
    series.source = textParam(request, series.object, QStringLiteral("source_name"));
    series.metric = textParam(request, series.object, QStringLiteral("metric"));
    if (series.source.isEmpty() || series.metric.isEmpty())
        return validationError(QStringLiteral("metric"), QStringLiteral("source_name and metric are required."));
    if (auto refusal = invalidName(QStringLiteral("source_name"), series.source))
        return *refusal;
    if (auto refusal = invalidName(QStringLiteral("metric"), series.metric))
        return *refusal;
    return series;
}

Param<Credentials> credentials(const HttpRequest &request)
{
    const QByteArray type = request.header("content-type").toLower();
    if (type.startsWith("application/x-www-form-urlencoded")) {
        QByteArray body = request.body;
        body.replace('+', "%20");
        const QUrlQuery form(QString::fromUtf8(body));
        Credentials c{form.queryItemValue(QStringLiteral("email"), QUrl::FullyDecoded),
                      form.queryItemValue(QStringLiteral("password"), QUrl::FullyDecoded)};
        if (c.email.isEmpty())
            c.email = form.queryItemValue(QStringLiteral("username"), QUrl::FullyDecoded);
        return c;
    }
    auto body = jsonBody(request);
    if (auto *error = std::get_if<HttpResponse>(&body))
        return *error;
    const QJsonObject object = std::get<QJsonObject>(body);
    if (!object.value(QStringLiteral("email")).isString() || !object.value(QStringLiteral("password")).isString())
        return validationError(QStringLiteral("email"), QStringLiteral("The body needs \"email\" and \"password\" strings."));
    return Credentials{object.value(QStringLiteral("email")).toString(), object.value(QStringLiteral("password")).toString()};
}

Param<QString> refreshTokenOf(const HttpRequest &request)
{
    auto body = jsonBody(request);
    if (auto *error = std::get_if<HttpResponse>(&body))
        return *error;
    const QJsonValue token = std::get<QJsonObject>(body).value(QStringLiteral("refresh_token"));
    if (!token.isString() || token.toString().isEmpty())
        return validationError(QStringLiteral("refresh_token"), QStringLiteral("The body needs a \"refresh_token\" string."));
    return token.toString();
}

QByteArray headerParameter(const QByteArray &header, const QByteArray &lowerName)
{
    const QList<QByteArray> parts = header.split(';');
    for (const QByteArray &part : parts) {
        const QByteArray p = part.trimmed();
        const qsizetype eq = p.indexOf('=');
        if (eq <= 0 || p.left(eq).trimmed().toLower() != lowerName)
            continue;
        QByteArray value = p.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

std::optional<FormPart> multipartField(const QByteArray &body, const QByteArray &contentType, const QByteArray &name)
{
    const QByteArray boundary = headerParameter(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 200)
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return std::nullopt;
    FormPart result;
    while (true) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            return result; // the closing delimiter
        if (body.mid(pos, 2) != "\r\n")
            return std::nullopt;
        pos += 2;
        const qsizetype headerEnd = body.indexOf("\r\n\r\n", pos);
        if (headerEnd < 0 || headerEnd - pos > MaxPartHeaderBytes)
            return std::nullopt;
        const QList<QByteArray> headerLines = body.mid(pos, headerEnd - pos).split('\n');
        QByteArray disposition;
        for (const QByteArray &line : headerLines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == "content-disposition")
                disposition = line.mid(colon + 1).trimmed();
        }
        const qsizetype contentStart = headerEnd + 4;
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), contentStart);
        if (next < 0)
            return std::nullopt;
        if (!result.found && headerParameter(disposition, "name") == name) {
            result.found = true;
            result.data = body.mid(contentStart, next - contentStart);
            result.fileName = QString::fromUtf8(headerParameter(disposition, "filename"));
        }
        pos = next + 2;
    }
}

namespace {

constexpr qint64 ScanBlockBytes = 1024 * 1024;

QByteArray readAt(QIODevice &device, qint64 offset, qint64 size)
{
    if (offset > device.size() || !device.seek(offset))
        return {};
    return device.read(size);
}

// Where needle first occurs at or after from, reading block by block (bounded memory); -1 when it
// does not, or not within maxScan bytes (-1: to the end).
qint64 findIn(QIODevice &device, const QByteArray &needle, qint64 from, qint64 maxScan = -1)
{
    if (from > device.size() || !device.seek(from))
        return -1;
    QByteArray carry; // the end of the previous block: a needle may straddle two
    qint64 windowStart = from;
    qint64 scanned = 0;
    for (;;) {
        const QByteArray block = device.read(ScanBlockBytes);
        if (block.isEmpty())
            return -1;
        const QByteArray window = carry + block;
        if (const qsizetype at = window.indexOf(needle); at >= 0)
            return windowStart + at;
        const qsizetype keep = qMin<qsizetype>(needle.size() - 1, window.size());
        windowStart += window.size() - keep;
        carry = window.right(keep);
        scanned += block.size();
        if (maxScan >= 0 && scanned > maxScan)
            return -1;
    }
}

} // namespace

std::optional<FormPartRange> multipartFieldRange(QIODevice &body, const QByteArray &contentType, const QByteArray &name)
{
    // The same grammar as multipartField(), on a device.
    const QByteArray boundary = headerParameter(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 200)
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    qint64 pos = findIn(body, delimiter, 0);
    if (pos < 0)
        return std::nullopt;
    FormPartRange result;
    while (true) {
        pos += delimiter.size();
        const QByteArray after = readAt(body, pos, 2);
        if (after == "--")
            return result; // the closing delimiter
        if (after != "\r\n")
            return std::nullopt;
        pos += 2;
        const qint64 headerEnd = findIn(body, "\r\n\r\n", pos, MaxPartHeaderBytes);
        if (headerEnd < 0 || headerEnd - pos > MaxPartHeaderBytes)
            return std::nullopt;
        const QList<QByteArray> headerLines = readAt(body, pos, headerEnd - pos).split('\n');
        QByteArray disposition;
        for (const QByteArray &line : headerLines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == "content-disposition")
                disposition = line.mid(colon + 1).trimmed();
        }
        const qint64 contentStart = headerEnd + 4;
        const qint64 next = findIn(body, "\r\n" + delimiter, contentStart);
        if (next < 0)
            return std::nullopt;
        if (!result.found && headerParameter(disposition, "name") == name) {
            result.found = true;
            result.offset = contentStart;
            result.size = next - contentStart;
            result.fileName = QString::fromUtf8(headerParameter(disposition, "filename"));
        }
        pos = next + 2;
    }
}

} // namespace Api::Routes
