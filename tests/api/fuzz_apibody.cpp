// libFuzzer target: arbitrary request bodies and query strings through what the routes read from a
// request before they touch the database: JSON bodies (jsonBody, seriesBody, credentials,
// refreshTokenOf), multipart forms (multipartField), query parameters (intParam, doubleParam,
// dateRange, textParam) and the bearer token (AuthService::bearerToken, JwtCodec::decode).
// What must hold for any input: no crash, no hang; a refusal is a 4xx with a JSON error envelope;
// a multipart field found is a slice of the body.
//
// Input: one byte choosing the content type, the query up to the first NUL, then the body.

#include "api/routehelpers.h"
#include "auth/authservice.h"
#include "auth/jwtcodec.h"

#include <QBuffer>
#include <QJsonDocument>

#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void checkRefusal(const Api::HttpResponse &reply)
{
    check(reply.status >= 400 && reply.status < 500);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
    check(error.error == QJsonParseError::NoError && document.isObject());
    check(document.object().value(QStringLiteral("ok")) == QJsonValue(false));
}

template<typename T>
void checkParam(const Api::Routes::Param<T> &param)
{
    if (const auto *reply = std::get_if<Api::HttpResponse>(&param))
        checkRefusal(*reply);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t mode = data[0];
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype nul = rest.indexOf('\0');
    QByteArray rawQuery = nul < 0 ? QByteArray() : rest.left(nul);
    Api::HttpRequest request;
    request.body = nul < 0 ? rest : rest.mid(nul + 1);
    rawQuery.replace('+', "%20"); // as HttpRequestParser does
    request.query = QUrlQuery(QString::fromUtf8(rawQuery));
    static const QByteArray types[] = {"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
                                       "multipart/form-data; boundary=\"--x y\"", "text/csv", ""};
    const QByteArray contentType = types[mode % std::size(types)];
    if (!contentType.isEmpty())
        request.headers.append({"content-type", contentType});

    using namespace Api::Routes;
    const auto object = jsonBody(request);
    checkParam(object);
    if (const auto *o = std::get_if<QJsonObject>(&object)) {
        (void)textParam(request, *o, QStringLiteral("source_name"));
        (void)textParam(request, *o, QStringLiteral("horizon_days"), QStringLiteral("7"));
    }
    const auto series = seriesBody(request);
    checkParam(series);
    if (const auto *s = std::get_if<SeriesBody>(&series))
        check(!s->source.isEmpty() && !s->metric.isEmpty());
    checkParam(credentials(request));
    const auto token = refreshTokenOf(request);
    checkParam(token);
    if (const auto *t = std::get_if<QString>(&token))
        check(!t->isEmpty());
    checkParam(intParam(request, QStringLiteral("limit"), 0, 0, 1000000));
    checkParam(intParam(request, QStringLiteral("window"), 7, INT_MIN, INT_MAX));
    checkParam(doubleParam(request, QStringLiteral("z_thresh"), 3.0));
    const auto range = dateRange(request);
    checkParam(range);
    if (const auto *r = std::get_if<std::pair<QDate, QDate>>(&range); r && r->first.isValid() && r->second.isValid())
        check(r->first <= r->second);

    // Names and dates are strict: a refusal, or a value that passed every rule.
    if (const auto refusal = invalidNameParameter(request))
        checkRefusal(*refusal);
    if (const auto *from = std::get_if<std::pair<QDate, QDate>>(&range); from && from->first.isValid())
        check(request.queryValue(QStringLiteral("start_date")).size() == 10 || request.queryValue(QStringLiteral("end_date")).size() == 10);

    const auto part = multipartField(request.body, contentType, "file");
    if (part && part->found)
        check(part->data.size() <= request.body.size() && request.body.contains(part->data));
    // The same form read from a device (a spooled body) finds the same field.
    QBuffer device(&request.body);
    device.open(QIODevice::ReadOnly);
    const auto range2 = multipartFieldRange(device, contentType, "file");
    check(range2.has_value() == part.has_value());
    if (part && range2) {
        check(range2->found == part->found);
        if (part->found)
            check(request.body.mid(range2->offset, range2->size) == part->data);
    }
    (void)headerParameter(request.body.left(512), "name");

    // The Authorization header's token, then the JWT checks that run before any database lookup.
    const QString bearer = Auth::AuthService::bearerToken(request.body.left(Auth::JwtCodec::MaxTokenLength + 16));
    static const Auth::JwtCodec codec(QByteArray(32, 'k'));
    const auto claims = codec.decode(bearer.isEmpty() ? QString::fromLatin1(request.body.left(Auth::JwtCodec::MaxTokenLength + 16)) : bearer,
                                     QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
    if (!claims)
        check(!claims.error().code.isEmpty());
    return 0;
}
