// Email normalisation, the password rules, Argon2id hashing and the role table.

#include "auth/autherrors.h"
#include "auth/emailaddress.h"
#include "auth/passwordhasher.h"
#include "auth/passwordpolicy.h"
#include "auth/role.h"

#include <QTest>

using namespace Auth;

class TestPasswordPolicy final : public QObject
{
    Q_OBJECT

private slots:
    void emails_data();
    void emails();
    void policy_data();
    void policy();
    void hashAndVerify();
    void verifyRejectsJunkHashes_data();
    void verifyRejectsJunkHashes();
    void roles_data();
    void roles();
    void roleNames();
};

void TestPasswordPolicy::emails_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("normalized"); // empty: invalid
    QTest::addColumn<QString>("reason");
    QTest::newRow("plain") << QStringLiteral("ann@example.com") << QStringLiteral("ann@example.com") << QString();
    QTest::newRow("trim+lower") << QStringLiteral("  Ann.Lee@Example.COM \t") << QStringLiteral("ann.lee@example.com") << QString();
    QTest::newRow("plus") << QStringLiteral("a+tag@mail.example.org") << QStringLiteral("a+tag@mail.example.org") << QString();
    QTest::newRow("empty") << QStringLiteral("   ") << QString() << QStringLiteral("empty");
    QTest::newRow("no at") << QStringLiteral("ann.example.com") << QString() << QStringLiteral("at_sign");
    QTest::newRow("two at") << QStringLiteral("a@b@example.com") << QString() << QStringLiteral("at_sign");
    QTest::newRow("no local") << QStringLiteral("@example.com") << QString() << QStringLiteral("local_part");
    QTest::newRow("space inside") << QStringLiteral("an n@example.com") << QString() << QStringLiteral("local_part");
    QTest::newRow("double dot") << QStringLiteral("a..b@example.com") << QString() << QStringLiteral("local_part");
    QTest::newRow("no tld") << QStringLiteral("ann@localhost") << QString() << QStringLiteral("domain");
    QTest::newRow("empty label") << QStringLiteral("ann@example..com") << QString() << QStringLiteral("domain");
    QTest::newRow("hyphen label") << QStringLiteral("ann@-example.com") << QString() << QStringLiteral("domain");
    QTest::newRow("underscore domain") << QStringLiteral("ann@ex_ample.com") << QString() << QStringLiteral("domain");
    QTest::newRow("non-ascii") << QStringLiteral("jürgen@example.com") << QString() << QStringLiteral("local_part");
    QTest::newRow("too long") << (QString(250, u'a') + QStringLiteral("@example.com")) << QString() << QStringLiteral("too_long");
}

void TestPasswordPolicy::emails()
{
    QFETCH(QString, input);
    QFETCH(QString, normalized);
    QFETCH(QString, reason);
    const auto result = EmailAddress::normalize(input);
    if (normalized.isEmpty()) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("INVALID_EMAIL"));
        QCOMPARE(result.error().kind, Common::ErrorKind::BadInput);
        QCOMPARE(result.error().details.value(QStringLiteral("reason")).toString(), reason);
        QCOMPARE(Errors::httpStatusFor(result.error()), 422);
    } else {
        QVERIFY2(result.ok(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result.value(), normalized);
    }
}

void TestPasswordPolicy::policy_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("rule"); // empty: accepted
    QTest::newRow("ok") << QStringLiteral("correct horse battery") << QStringLiteral("ann@example.com") << QString();
    QTest::newRow("exactly 10") << QStringLiteral("abcdefghij") << QStringLiteral("ann@example.com") << QString();
    QTest::newRow("9 chars") << QStringLiteral("abcdefghi") << QStringLiteral("ann@example.com") << QStringLiteral("min_length");
    QTest::newRow("empty") << QString() << QStringLiteral("ann@example.com") << QStringLiteral("min_length");
    // Length counts characters (code points), not UTF-16 units: five emoji are ten units but five characters.
    QTest::newRow("10 emoji") << QString::fromUtf8("😀😁😂🤣😃😄😅😆😉😊") << QStringLiteral("ann@example.com") << QString();
    QTest::newRow("5 emoji") << QString::fromUtf8("😀😁😂🤣😃") << QStringLiteral("ann@example.com") << QStringLiteral("min_length");
    // One character repeated, however long, is no password.
    QTest::newRow("repeated letter") << QStringLiteral("aaaaaaaaaaaa") << QStringLiteral("ann@example.com") << QStringLiteral("repeated_character");
    QTest::newRow("repeated space") << QString(16, u' ') << QStringLiteral("ann@example.com") << QStringLiteral("repeated_character");
    QTest::newRow("repeated emoji") << QString::fromUtf8("😀😀😀😀😀😀😀😀😀😀") << QStringLiteral("ann@example.com") << QStringLiteral("repeated_character");
    QTest::newRow("repeated but one") << QStringLiteral("aaaaaaaaaaab") << QStringLiteral("ann@example.com") << QString();
    // Control characters: C0 (tab and newline included), DEL and C1.
    QTest::newRow("NUL") << (QStringLiteral("correct horse") + QChar(0) + QStringLiteral("battery")) << QStringLiteral("ann@example.com") << QStringLiteral("control_characters");
    QTest::newRow("tab") << QStringLiteral("correct\thorse battery") << QStringLiteral("ann@example.com") << QStringLiteral("control_characters");
    QTest::newRow("newline") << QStringLiteral("correct horse battery\n") << QStringLiteral("ann@example.com") << QStringLiteral("control_characters");
    QTest::newRow("escape") << QStringLiteral("\x1b[31mcorrect horse") << QStringLiteral("ann@example.com") << QStringLiteral("control_characters");
    QTest::newRow("DEL") << QStringLiteral("correct horse\x7f battery") << QStringLiteral("ann@example.com") << QStringLiteral("control_characters");
    QTest::newRow("C1 NEL") << (QStringLiteral("correct horse") + QChar(0x85) + QStringLiteral("battery")) << QStringLiteral("ann@example.com") << QStringLiteral("control_characters");
    QTest::newRow("C1 last") << (QStringLiteral("correct horse") + QChar(0x9f)) << QStringLiteral("ann@example.com") << QStringLiteral("control_characters");
    QTest::newRow("Latin-1 after C1") << (QStringLiteral("correct horse") + QChar(0xa0) + QStringLiteral("b\u00e4ttery")) << QStringLiteral("ann@example.com") << QString();
    QTest::newRow("too long") << QString(1025, u'x') << QStringLiteral("ann@example.com") << QStringLiteral("max_length");
    QTest::newRow("is email") << QStringLiteral("annabelle@example.com") << QStringLiteral("annabelle@example.com") << QStringLiteral("equals_email");
    QTest::newRow("is email other case") << QStringLiteral("AnnaBelle@Example.com") << QStringLiteral("annabelle@example.com") << QStringLiteral("equals_email");
    QTest::newRow("is local part") << QStringLiteral("AnnabelleLee") << QStringLiteral("annabellelee@example.com") << QStringLiteral("equals_local_part");
    QTest::newRow("contains local part") << QStringLiteral("annabellelee-2026") << QStringLiteral("annabellelee@example.com") << QString();
}

void TestPasswordPolicy::policy()
{
    QFETCH(QString, password);
    QFETCH(QString, email);
    QFETCH(QString, rule);
    const Common::Status status = PasswordPolicy::check(password, email);
    if (rule.isEmpty()) {
        QVERIFY2(status.ok(), qPrintable(status ? QString() : status.error().message));
        return;
    }
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code, QStringLiteral("WEAK_PASSWORD"));
    QCOMPARE(status.error().details.value(QStringLiteral("rule")).toString(), rule);
    QVERIFY(!status.error().message.isEmpty());
    QCOMPARE(Errors::httpStatusFor(status.error()), 422);
}

void TestPasswordPolicy::hashAndVerify()
{
    const QString password = QStringLiteral("s3cret passphrase ä");
    auto first = PasswordHasher::hash(password);
    QVERIFY(first.ok());
    QVERIFY2(first->startsWith(QLatin1String("$argon2id$")), qPrintable(*first));
    QVERIFY(!first->contains(password));
    auto second = PasswordHasher::hash(password);
    QVERIFY(second.ok());
    QVERIFY2(*first != *second, "each hash has its own salt");
    QVERIFY(PasswordHasher::verify(*first, password));
    QVERIFY(PasswordHasher::verify(*second, password));
    QVERIFY(!PasswordHasher::verify(*first, QStringLiteral("s3cret passphrase a")));
    QVERIFY(!PasswordHasher::verify(*first, QString()));
    QVERIFY(!PasswordHasher::needsRehash(*first));
}

void TestPasswordPolicy::verifyRejectsJunkHashes_data()
{
    QTest::addColumn<QString>("hash");
    QTest::newRow("empty") << QString();
    QTest::newRow("plain text") << QStringLiteral("password123");
    QTest::newRow("truncated") << QStringLiteral("$argon2id$v=19$m=65536,t=2,p=1$");
    QTest::newRow("huge") << QString(4096, u'$');
}

void TestPasswordPolicy::verifyRejectsJunkHashes()
{
    QFETCH(QString, hash);
    QVERIFY(!PasswordHasher::verify(hash, QStringLiteral("password123")));
    QVERIFY(PasswordHasher::needsRehash(hash));
}

void TestPasswordPolicy::roles_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<Permission>("permission");
    QTest::addColumn<bool>("allowed");
    const struct
    {
        Permission permission;
        bool viewer, analyst, admin;
    } table[] = {
        {Permission::ReadData, true, true, true},
        {Permission::Ingest, false, true, true},
        {Permission::RunAnalytics, false, true, true},
        {Permission::ManageUsers, false, false, true},
        {Permission::DeleteBatches, false, false, true},
        {Permission::RunSchedulerJobs, false, false, true},
    };
    for (const auto &row : table) {
        const QByteArray p = permissionName(row.permission).toLatin1();
        QTest::newRow(QByteArray("viewer " + p).constData()) << Role::Viewer << row.permission << row.viewer;
        QTest::newRow(QByteArray("analyst " + p).constData()) << Role::Analyst << row.permission << row.analyst;
        QTest::newRow(QByteArray("admin " + p).constData()) << Role::Admin << row.permission << row.admin;
    }
}

void TestPasswordPolicy::roles()
{
    QFETCH(Role, role);
    QFETCH(Permission, permission);
    QFETCH(bool, allowed);
    QCOMPARE(allows(role, permission), allowed);
}

void TestPasswordPolicy::roleNames()
{
    for (Role role : {Role::Viewer, Role::Analyst, Role::Admin})
        QCOMPARE(parseRole(roleName(role)), std::optional<Role>(role));
    QCOMPARE(parseRole(QStringLiteral(" ADMIN ")), std::optional<Role>(Role::Admin));
    QVERIFY(!parseRole(QStringLiteral("root")).has_value());
    QVERIFY(!parseRole(QString()).has_value());
}

QTEST_GUILESS_MAIN(TestPasswordPolicy)
#include "tst_passwordpolicy.moc"
