// JwtCodec: HS256 encode/decode, and everything a forged or broken token can try.

#include "auth/autherrors.h"
#include "auth/jwtcodec.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace Auth;

namespace {

const QByteArray s_secret = QByteArray(48, 'k');
const QDateTime s_now = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);

QByteArray b64(const QByteArray &bytes)
{
    return JwtCodec::base64UrlEncode(bytes);
}

QJsonObject claimsAt(qint64 iat, qint64 exp)
{
    return QJsonObject{{QStringLiteral("sub"), QStringLiteral("1")}, {QStringLiteral("typ"), QStringLiteral("access")},
                       {QStringLiteral("iat"), iat}, {QStringLiteral("exp"), exp}, {QStringLiteral("jti"), QStringLiteral("x")}};
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A token with any header, payload bytes and signing algorithm, as an attacker would make it.
QString forge(const QByteArray &header, const QByteArray &payload, QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256,
              const QByteArray &key = s_secret)
{
    const QByteArray input = b64(header) + '.' + b64(payload);
    return QString::fromLatin1(input + '.' + b64(QMessageAuthenticationCode::hash(input, key, algorithm)));
}

} // namespace

class TestJwt final : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void headerIsHs256();
    void rejected_data();
    void rejected();
    void timeChecks_data();
    void timeChecks();
    void base64Url_data();
    void base64Url();
};

void TestJwt::roundTrip()
{
    const JwtCodec codec(s_secret);
    const qint64 t = s_now.toSecsSinceEpoch();
    QJsonObject claims = claimsAt(t, t + 900);
    claims.insert(QStringLiteral("email"), QStringLiteral("ann@example.com"));
    const QString token = codec.encode(claims);
    QCOMPARE(token.count(u'.'), 2);
    QVERIFY(!token.contains(u'='));
    QVERIFY(!token.contains(u'+') && !token.contains(u'/'));
    auto decoded = codec.decode(token, s_now);
    QVERIFY2(decoded.ok(), qPrintable(decoded ? QString() : decoded.error().message));
    QCOMPARE(*decoded, claims);
    // The same token from a hand-made HS256 signature: the codec follows RFC 7515, not itself.
    const QString manual = forge(R"({"alg":"HS256","typ":"JWT"})", json(claims));
    QCOMPARE(manual, token);
}

void TestJwt::headerIsHs256()
{
    const JwtCodec codec(s_secret);
    const QString token = codec.encode(claimsAt(1, 2));
    const auto header = JwtCodec::base64UrlDecode(token.section(u'.', 0, 0).toLatin1());
    QVERIFY(header.has_value());
    const QJsonObject h = QJsonDocument::fromJson(*header).object();
    QCOMPARE(h.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
    QCOMPARE(h.value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));
}

void TestJwt::rejected_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("reason");

    const JwtCodec codec(s_secret);
    const qint64 t = s_now.toSecsSinceEpoch();
    const QJsonObject claims = claimsAt(t, t + 900);
    const QString good = codec.encode(claims);
    const QStringList parts = good.split(u'.');
    const QByteArray hs256 = R"({"alg":"HS256","typ":"JWT"})";

    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("one segment") << parts[0] << QStringLiteral("segments");
    QTest::newRow("two segments") << parts[0] + u'.' + parts[1] << QStringLiteral("segments");
    QTest::newRow("four segments") << good + QStringLiteral(".AAAA") << QStringLiteral("segments");
    QTest::newRow("bad base64 char") << parts[0] + u'.' + parts[1] + QStringLiteral(".ab*d") << QStringLiteral("base64");
    QTest::newRow("padding") << parts[0] + u'.' + parts[1] + u'.' + parts[2] + u'=' << QStringLiteral("base64");
    QTest::newRow("standard base64") << parts[0] + u'.' + parts[1] + QStringLiteral(".ab+/") << QStringLiteral("base64");
    QTest::newRow("impossible length") << QStringLiteral("a.") + parts[1] + u'.' + parts[2] << QStringLiteral("base64");
    QTest::newRow("non-latin1") << good + QStringLiteral("€") << QStringLiteral("malformed");
    QTest::newRow("header not json") << forge("not json", json(claims)) << QStringLiteral("header_json");
    QTest::newRow("header array") << forge("[1,2]", json(claims)) << QStringLiteral("header_json");
    QTest::newRow("payload not json") << forge(hs256, "{\"sub\":") << QStringLiteral("payload_json");
    QTest::newRow("payload array") << forge(hs256, "[]") << QStringLiteral("payload_json");
    QTest::newRow("alg none") << QString::fromLatin1(b64(R"({"alg":"none","typ":"JWT"})") + '.' + b64(json(claims)) + '.')
                              << QStringLiteral("alg");
    QTest::newRow("alg none signed") << forge(R"({"alg":"none"})", json(claims)) << QStringLiteral("alg");
    QTest::newRow("alg HS512") << forge(R"({"alg":"HS512","typ":"JWT"})", json(claims), QCryptographicHash::Sha512) << QStringLiteral("alg");
    QTest::newRow("alg RS256") << forge(R"({"alg":"RS256","typ":"JWT"})", json(claims)) << QStringLiteral("alg");
    QTest::newRow("alg lower case") << forge(R"({"alg":"hs256","typ":"JWT"})", json(claims)) << QStringLiteral("alg");
    QTest::newRow("alg missing") << forge(R"({"typ":"JWT"})", json(claims)) << QStringLiteral("alg");
    QTest::newRow("typ JWE") << forge(R"({"alg":"HS256","typ":"JWE"})", json(claims)) << QStringLiteral("header_typ");
    QTest::newRow("crit") << forge(R"({"alg":"HS256","crit":["b64"],"b64":false})", json(claims)) << QStringLiteral("crit");
    QTest::newRow("other key") << forge(hs256, json(claims), QCryptographicHash::Sha256, QByteArray(48, 'x')) << QStringLiteral("signature");

    // Tampered payload: the role changed, the signature kept.
    QJsonObject elevated = claims;
    elevated.insert(QStringLiteral("role"), QStringLiteral("admin"));
    QTest::newRow("tampered payload") << parts[0] + u'.' + QString::fromLatin1(b64(json(elevated))) + u'.' + parts[2] << QStringLiteral("signature");
    // Tampered signature: one byte flipped.
    QByteArray signature = *JwtCodec::base64UrlDecode(parts[2].toLatin1());
    signature[5] = char(signature[5] ^ 0x01);
    QTest::newRow("tampered signature") << parts[0] + u'.' + parts[1] + u'.' + QString::fromLatin1(b64(signature)) << QStringLiteral("signature");
    QTest::newRow("truncated signature") << parts[0] + u'.' + parts[1] + u'.' + QString::fromLatin1(b64(signature.left(16))) << QStringLiteral("signature");
    QTest::newRow("empty signature") << parts[0] + u'.' + parts[1] + u'.' << QStringLiteral("signature");

    QJsonObject noExp = claims;
    noExp.remove(QStringLiteral("exp"));
    QTest::newRow("no exp") << codec.encode(noExp) << QStringLiteral("exp");
    QJsonObject textExp = claims;
    textExp.insert(QStringLiteral("exp"), QString::number(t + 900));
    QTest::newRow("exp as text") << codec.encode(textExp) << QStringLiteral("exp");
    QJsonObject fractionalIat = claims;
    fractionalIat.insert(QStringLiteral("iat"), double(t) + 0.5);
    QTest::newRow("fractional iat") << codec.encode(fractionalIat) << QStringLiteral("iat");
    QTest::newRow("too long") << QString(JwtCodec::MaxTokenLength + 1, u'a') << QStringLiteral("too_long");
}

void TestJwt::rejected()
{
    QFETCH(QString, token);
    QFETCH(QString, reason);
    const JwtCodec codec(s_secret);
    const auto decoded = codec.decode(token, s_now);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, QStringLiteral("TOKEN_INVALID"));
    QCOMPARE(decoded.error().details.value(QStringLiteral("reason")).toString(), reason);
    QCOMPARE(Errors::httpStatusFor(decoded.error()), 401);
    QVERIFY(Errors::isUnauthenticated(decoded.error()));
}

void TestJwt::timeChecks_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QString>("code"); // empty: accepted
    const qint64 t = s_now.toSecsSinceEpoch();
    QTest::newRow("fresh") << claimsAt(t, t + 900) << QString();
    QTest::newRow("expires now") << claimsAt(t - 900, t) << QString();
    QTest::newRow("expired within leeway") << claimsAt(t - 930, t - 30) << QString();
    QTest::newRow("expired beyond leeway") << claimsAt(t - 931, t - 31) << QStringLiteral("TOKEN_EXPIRED");
    QTest::newRow("expired long ago") << claimsAt(t - 90000, t - 86400) << QStringLiteral("TOKEN_EXPIRED");
    QTest::newRow("iat within leeway") << claimsAt(t + 30, t + 930) << QString();
    QTest::newRow("iat in future") << claimsAt(t + 31, t + 931) << QStringLiteral("TOKEN_NOT_YET_VALID");
    QJsonObject nbfFuture = claimsAt(t, t + 900);
    nbfFuture.insert(QStringLiteral("nbf"), t + 120);
    QTest::newRow("nbf in future") << nbfFuture << QStringLiteral("TOKEN_NOT_YET_VALID");
    QJsonObject nbfPast = claimsAt(t, t + 900);
    nbfPast.insert(QStringLiteral("nbf"), t - 5);
    QTest::newRow("nbf passed") << nbfPast << QString();
}

void TestJwt::timeChecks()
{
    QFETCH(QJsonObject, claims);
    QFETCH(QString, code);
    const JwtCodec codec(s_secret, 30);
    const auto decoded = codec.decode(codec.encode(claims), s_now);
    if (code.isEmpty()) {
        QVERIFY2(decoded.ok(), qPrintable(decoded ? QString() : decoded.error().message));
        return;
    }
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, code);
    QCOMPARE(Errors::httpStatusFor(decoded.error()), 401);
}

void TestJwt::base64Url_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("two chars") << QByteArray("YQ") << true;
    QTest::newRow("url chars") << QByteArray("-_-_") << true;
    QTest::newRow("padding") << QByteArray("YQ==") << false;
    QTest::newRow("non-canonical trailing bits") << QByteArray("YR") << false;
    QTest::newRow("plus") << QByteArray("a+b/") << false;
    QTest::newRow("space") << QByteArray("YW Jj") << false;
    QTest::newRow("length 1 mod 4") << QByteArray("YWJjZ") << false;
}

void TestJwt::base64Url()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(JwtCodec::base64UrlDecode(text).has_value(), valid);
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
