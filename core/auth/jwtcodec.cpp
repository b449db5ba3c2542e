#include "jwtcodec.h"

#include "auth/autherrors.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QMessageAuthenticationCode>

#include <sodium.h>

#include <cmath>

namespace Auth {

namespace {

Common::Error invalid(const QString &reason, const QString &message)
{
    return Common::Error::refused(QString::fromLatin1(Errors::TokenInvalid), message,
                                  QJsonObject{{QStringLiteral("reason"), reason}});
}

std::optional<QJsonObject> parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// A NumericDate that is a whole number of seconds in a sane range.
std::optional<qint64> numericDate(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || d < 0 || d > 253402300799.0 || d != std::floor(d))
        return std::nullopt;
    return qint64(d);
}

} // namespace

JwtCodec::JwtCodec(QByteArray secret, int leewaySeconds)
    : m_secret(std::move(secret))
    , m_leewaySeconds(leewaySeconds)
{
}

QByteArray JwtCodec::base64UrlEncode(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> JwtCodec::base64UrlDecode(const QByteArray &text)
{
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return std::nullopt;
    }
    if (text.size() % 4 == 1)
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
                                                            | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    // Unused trailing bits must be zero, so one token has one spelling (its hash is its identity).
    if (base64UrlEncode(decoded.decoded) != text)
        return std::nullopt;
    return decoded.decoded;
}

QByteArray JwtCodec::sign(const QByteArray &signingInput) const
{
    return QMessageAuthenticationCode::hash(signingInput, m_secret, QCryptographicHash::Sha256);
}

QString JwtCodec::encode(const QJsonObject &claims) const
{
    static const QByteArray s_header = base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
    const QByteArray signingInput = s_header + '.' + base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(signingInput + '.' + base64UrlEncode(sign(signingInput)));
}

Common::Result<QJsonObject> JwtCodec::decode(const QString &token, const QDateTime &now) const
{
    if (token.isEmpty())
        return invalid(QStringLiteral("empty"), QStringLiteral("No token was given."));
    if (token.size() > MaxTokenLength)
        return invalid(QStringLiteral("too_long"), QStringLiteral("The token is too long."));
    const QByteArray text = token.toLatin1();
    if (QString::fromLatin1(text) != token)
        return invalid(QStringLiteral("malformed"), QStringLiteral("The token contains characters a JWT cannot have."));
    const QList<QByteArray> parts = text.split('.');
    if (parts.size() != 3)
        return invalid(QStringLiteral("segments"), QStringLiteral("A token has three dot-separated parts; this one has %1.").arg(parts.size()));

    const std::optional<QByteArray> headerJson = base64UrlDecode(parts[0]);
    const std::optional<QByteArray> payloadJson = base64UrlDecode(parts[1]);
    const std::optional<QByteArray> signature = base64UrlDecode(parts[2]);
    if (!headerJson || !payloadJson || !signature)
        return invalid(QStringLiteral("base64"), QStringLiteral("The token is not valid base64url."));
    const std::optional<QJsonObject> header = parseObject(*headerJson);
    if (!header)
        return invalid(QStringLiteral("header_json"), QStringLiteral("The token's header is not a JSON object."));
    // Pin the algorithm: never let the token choose how it is checked.
    if (header->value(QStringLiteral("alg")) != QJsonValue(QStringLiteral("HS256")))
        return invalid(QStringLiteral("alg"), QStringLiteral("The token's algorithm is not HS256."));
    const QJsonValue typ = header->value(QStringLiteral("typ"));
    if (!typ.isUndefined() && typ != QJsonValue(QStringLiteral("JWT")))
        return invalid(QStringLiteral("header_typ"), QStringLiteral("The token's header type is not JWT."));
    if (header->contains(QStringLiteral("crit")))
        return invalid(QStringLiteral("crit"), QStringLiteral("The token needs extensions this server does not know."));

    const QByteArray expected = sign(parts[0] + '.' + parts[1]);
    if (signature->size() != expected.size()
        || sodium_memcmp(signature->constData(), expected.constData(), size_t(expected.size())) != 0)
        return invalid(QStringLiteral("signature"), QStringLiteral("The token's signature is not valid."));

    const std::optional<QJsonObject> claims = parseObject(*payloadJson);
    if (!claims)
        return invalid(QStringLiteral("payload_json"), QStringLiteral("The token's payload is not a JSON object."));

    const qint64 nowSeconds = now.toSecsSinceEpoch();
    const std::optional<qint64> exp = numericDate(claims->value(QStringLiteral("exp")));
    if (!exp)
        return invalid(QStringLiteral("exp"), QStringLiteral("The token has no valid expiry."));
    if (nowSeconds > *exp + m_leewaySeconds) {
        return Common::Error::refused(QString::fromLatin1(Errors::TokenExpired), QStringLiteral("The token has expired."),
                                      QJsonObject{{QStringLiteral("expired_at"),
                                                   QDateTime::fromSecsSinceEpoch(*exp, Qt::UTC).toString(Qt::ISODate)}});
    }
    for (const QString &name : {QStringLiteral("nbf"), QStringLiteral("iat")}) {
        const QJsonValue value = claims->value(name);
        if (value.isUndefined())
            continue;
        const std::optional<qint64> at = numericDate(value);
        if (!at)
            return invalid(name, QStringLiteral("The token's %1 claim is not a valid time.").arg(name));
        if (*at > nowSeconds + m_leewaySeconds)
            return Common::Error::refused(QString::fromLatin1(Errors::TokenNotYetValid), QStringLiteral("The token is not valid yet."),
                                          QJsonObject{{QStringLiteral("claim"), name}});
    }
    return *claims;
}

} // namespace Auth
