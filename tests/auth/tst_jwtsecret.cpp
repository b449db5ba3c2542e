// JwtSecret: created once with mode 0600, reused, and refused when it would be unsafe to sign with.

#include "auth/authservice.h"
#include "auth/jwtsecret.h"
#include "authtesthelpers.h"
#include "common/paths.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Auth;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

bool writeFile(const QString &path, const QByteArray &bytes, mode_t mode)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(bytes);
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

} // namespace

class TestJwtSecret final : public QObject
{
    Q_OBJECT

private slots:
    void createdWithMode0600();
    void reused();
    void defaultPathIsInTheDataDir();
    void refusedWhenTooShort_data();
    void refusedWhenTooShort();
    void refusedWhenOthersCanRead_data();
    void refusedWhenOthersCanRead();
    void refusedWhenNotAFile();
    void operatorSecretAccepted();
    void serviceRefusesABadSecret();
};

void TestJwtSecret::createdWithMode0600()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/jwt.secret"));
    auto secret = JwtSecret::loadOrCreate(path);
    QVERIFY2(secret.ok(), qPrintable(secret ? QString() : secret.error().message));
    QCOMPARE(secret->size(), JwtSecret::GeneratedBytes);
    QVERIFY(secret.value() != QByteArray(JwtSecret::GeneratedBytes, '\0'));
    QVERIFY(QFile::exists(path));
    QCOMPARE(modeOf(path), mode_t(0600));
    // No temporary file is left behind.
    QCOMPARE(QDir(dir.filePath(QStringLiteral("sub"))).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestJwtSecret::reused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    auto first = JwtSecret::loadOrCreate(path);
    QVERIFY(first.ok());
    auto second = JwtSecret::loadOrCreate(path);
    QVERIFY(second.ok());
    QCOMPARE(*second, *first);
    QTemporaryDir other;
    auto elsewhere = JwtSecret::loadOrCreate(other.filePath(QStringLiteral("jwt.secret")));
    QVERIFY(elsewhere.ok());
    QVERIFY2(*elsewhere != *first, "each installation has its own random secret");
}

void TestJwtSecret::defaultPathIsInTheDataDir()
{
    QVERIFY(JwtSecret::defaultPath().endsWith(QLatin1String("/jwt.secret")));
    QVERIFY(JwtSecret::defaultPath().startsWith(Common::AppPaths::dataDir()));
}

void TestJwtSecret::refusedWhenTooShort_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("empty") << 0;
    QTest::newRow("16 bytes") << 16;
    QTest::newRow("31 bytes") << 31;
}

void TestJwtSecret::refusedWhenTooShort()
{
    QFETCH(int, size);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    QVERIFY(writeFile(path, QByteArray(size, 'a'), 0600));
    auto secret = JwtSecret::loadOrCreate(path);
    QVERIFY(!secret.ok());
    QCOMPARE(secret.error().code, QStringLiteral("JWT_SECRET_TOO_SHORT"));
    QVERIFY2(secret.error().message.contains(QLatin1String("at least 32")), qPrintable(secret.error().message));
    QCOMPARE(QFile(path).size(), qint64(size)); // refused, not replaced
}

void TestJwtSecret::refusedWhenOthersCanRead_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("0644 world-readable") << 0644;
    QTest::newRow("0604 others only") << 0604;
    QTest::newRow("0640 group-readable") << 0640;
    QTest::newRow("0622 writable by others") << 0622;
}

void TestJwtSecret::refusedWhenOthersCanRead()
{
    QFETCH(int, mode);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    QVERIFY(writeFile(path, QByteArray(64, 'a'), mode_t(mode)));
    auto secret = JwtSecret::loadOrCreate(path);
    QVERIFY(!secret.ok());
    QCOMPARE(secret.error().code, QStringLiteral("JWT_SECRET_INSECURE"));
    QVERIFY2(secret.error().message.contains(QLatin1String("chmod 600")), qPrintable(secret.error().message));
    QCOMPARE(modeOf(path), mode_t(mode)); // left as it was
}

void TestJwtSecret::refusedWhenNotAFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    QVERIFY(QDir().mkpath(path));
    auto secret = JwtSecret::loadOrCreate(path);
    QVERIFY(!secret.ok());
    QVERIFY(secret.error().code.startsWith(QLatin1String("JWT_SECRET_")));

    // A symlink is not followed (it could point anywhere).
    const QString target = dir.filePath(QStringLiteral("real.secret"));
    QVERIFY(writeFile(target, QByteArray(64, 'a'), 0600));
    const QString link = dir.filePath(QStringLiteral("link.secret"));
    QVERIFY(QFile::link(target, link));
    auto viaLink = JwtSecret::loadOrCreate(link);
    QVERIFY(!viaLink.ok());
    QCOMPARE(viaLink.error().code, QStringLiteral("JWT_SECRET_UNREADABLE"));
}

void TestJwtSecret::operatorSecretAccepted()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    const QByteArray mine = "an operator-provided secret of enough length\n";
    QVERIFY(writeFile(path, mine, 0400));
    auto secret = JwtSecret::loadOrCreate(path);
    QVERIFY2(secret.ok(), qPrintable(secret ? QString() : secret.error().message));
    QCOMPARE(*secret, mine);
}

void TestJwtSecret::serviceRefusesABadSecret()
{
    QTemporaryDir dir;
    auto db = AuthTest::openDatabase(dir);
    QVERIFY(db);
    AuthConfig config;
    config.secretPath = dir.filePath(QStringLiteral("jwt.secret"));
    QVERIFY(writeFile(config.secretPath, QByteArray(64, 'a'), 0644));
    auto service = AuthService::create(db, config);
    QVERIFY(!service.ok());
    QCOMPARE(service.error().code, QStringLiteral("JWT_SECRET_INSECURE"));
    QVERIFY(::chmod(QFile::encodeName(config.secretPath).constData(), 0600) == 0);
    QVERIFY(AuthService::create(db, config).ok());
}

QTEST_GUILESS_MAIN(TestJwtSecret)
#include "tst_jwtsecret.moc"
