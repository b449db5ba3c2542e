#pragma once
// JSON Web Tokens (RFC 7519) signed with HMAC-SHA256, and nothing else.
//
// encode() writes header {"alg":"HS256","typ":"JWT"} and the given claims. decode() accepts a token
// only when it has exactly three base64url segments (no padding, canonical), a JSON object header whose
// alg is exactly "HS256" (so "none", HS512, RS256, ... are refused, whatever the key), no "crit", a
// signature that matches in constant time, a JSON object payload, an integer exp that has not
// passed, and iat / nbf (when present) that are not in the future, each with a small leeway.
// What the claims mean (typ, sub, ...) is the caller's business.

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace Auth {

class JwtCodec final
{
public:
    static constexpr int MaxTokenLength = 8192;

    explicit JwtCodec(QByteArray secret, int leewaySeconds = 30);

    QString encode(const QJsonObject &claims) const;
    // The payload's claims, or TOKEN_INVALID (details.reason), TOKEN_EXPIRED or TOKEN_NOT_YET_VALID.
    Common::Result<QJsonObject> decode(const QString &token, const QDateTime &now) const;

    static QByteArray base64UrlEncode(const QByteArray &bytes);
    // Strict: only [A-Za-z0-9_-], no padding, and the canonical encoding of its bytes.
    static std::optional<QByteArray> base64UrlDecode(const QByteArray &text);

private:
    QByteArray sign(const QByteArray &signingInput) const;

    QByteArray m_secret;
    int m_leewaySeconds;
};

} // namespace Auth
