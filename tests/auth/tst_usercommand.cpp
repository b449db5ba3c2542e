// `smartdata user` as people and scripts use it: passwords through stdin, exit codes, JSON listing.

#include "auth/passwordhasher.h"
#include "storage/database.h"

#include "clirun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using Run = CliTest::Run;

class TestUserCommand final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void addListRemove();
    void passwordThroughStdin();
    void duplicateEmail();
    void weakPassword_data();
    void weakPassword();
    void noPassword();
    void passwordIsNeverAnOption();
    void badUsage_data();
    void badUsage();
    void unknownUser_data();
    void unknownUser();
    void setRoleAndActive();
    void lastAdminCannotBeRemoved();
    void help();

private:
    Run smartdata(const QStringList &arguments, const QByteArray &stdinData = {});
    QString storedHash(const QString &email);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void TestUserCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("smartdata.db"));
}

Run TestUserCommand::smartdata(const QStringList &arguments, const QByteArray &stdinData)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SMARTDATA_DB"), m_db);
    // Not a terminal: the password is the first line of stdin, which is then closed.
    return CliTest::smartdata(arguments, environment, 60000, stdinData);
}

QString TestUserCommand::storedHash(const QString &email)
{
    auto db = Storage::Database::open(m_db);
    if (!db)
        return {};
    QSqlQuery query((*db)->connection());
    query.prepare(QStringLiteral("SELECT password_hash FROM users WHERE email = ?"));
    query.addBindValue(email);
    if (!query.exec() || !query.next())
        return {};
    return query.value(0).toString();
}

void TestUserCommand::addListRemove()
{
    Run add = smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("Ann@Example.com"), QStringLiteral("--role"), QStringLiteral("analyst")},
                        "a long enough password\n");
    QVERIFY2(add.exitCode == 0, add.err.constData());
    QVERIFY2(add.out.contains("ann@example.com"), add.out.constData());
    QVERIFY(!add.out.contains("a long enough password") && !add.err.contains("a long enough password"));

    Run addDefault = smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob@example.com")}, "another password here\n");
    QVERIFY2(addDefault.exitCode == 0, addDefault.err.constData());

    Run list = smartdata({QStringLiteral("--json"), QStringLiteral("user"), QStringLiteral("list")});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray users = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(users.size(), 2);
    QCOMPARE(users.at(0)[QStringLiteral("email")].toString(), QStringLiteral("ann@example.com"));
    QCOMPARE(users.at(0)[QStringLiteral("role")].toString(), QStringLiteral("analyst"));
    QCOMPARE(users.at(0)[QStringLiteral("is_active")].toBool(), true);
    QCOMPARE(users.at(1)[QStringLiteral("email")].toString(), QStringLiteral("bob@example.com"));
    QCOMPARE(users.at(1)[QStringLiteral("role")].toString(), QStringLiteral("viewer"));
    QVERIFY(!list.out.contains("argon2") && !list.out.contains("password"));

    Run table = smartdata({QStringLiteral("user"), QStringLiteral("list")});
    QCOMPARE(table.exitCode, 0);
    QVERIFY(table.out.startsWith("id"));
    QVERIFY(table.out.contains("bob@example.com"));
    QVERIFY(table.out.contains("analyst"));

    Run remove = smartdata({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("BOB@example.com")});
    QVERIFY2(remove.exitCode == 0, remove.err.constData());
    Run after = smartdata({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(after.out).array().size(), 1);
}

void TestUserCommand::passwordThroughStdin()
{
    // Only the first line counts; a CRLF line end is not part of the password.
    Run add = smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("ann@example.com"), QStringLiteral("--role"), QStringLiteral("admin")},
                        "pass word with spaces\r\nsecond line\n");
    QVERIFY2(add.exitCode == 0, add.err.constData());
    const QString hash = storedHash(QStringLiteral("ann@example.com"));
    QVERIFY2(hash.startsWith(QLatin1String("$argon2id$")), qPrintable(hash));
    QVERIFY(Auth::PasswordHasher::verify(hash, QStringLiteral("pass word with spaces")));

    Run change = smartdata({QStringLiteral("user"), QStringLiteral("set-password"), QStringLiteral("ann@example.com")}, "brand new password");
    QVERIFY2(change.exitCode == 0, change.err.constData());
    const QString changed = storedHash(QStringLiteral("ann@example.com"));
    QVERIFY(Auth::PasswordHasher::verify(changed, QStringLiteral("brand new password")));
    QVERIFY(!Auth::PasswordHasher::verify(changed, QStringLiteral("pass word with spaces")));
}

void TestUserCommand::duplicateEmail()
{
    const QStringList add{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("ann@example.com")};
    QCOMPARE(smartdata(add, "a long enough password\n").exitCode, 0);
    Run again = smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral(" ANN@example.com")}, "a long enough password\n");
    QCOMPARE(again.exitCode, 2);
    QVERIFY2(again.err.contains("exists already"), again.err.constData());
}

void TestUserCommand::weakPassword_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("short") << QByteArray("short\n") << QByteArray("at least 10 characters");
    QTest::newRow("the email") << QByteArray("annabellelee@example.com\n") << QByteArray("not be the email address");
    QTest::newRow("the name") << QByteArray("AnnabelleLEE\n") << QByteArray("name part of the email");
}

void TestUserCommand::weakPassword()
{
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, says);
    Run add = smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("annabellelee@example.com")}, password);
    QCOMPARE(add.exitCode, 2);
    QVERIFY2(add.err.contains(says), add.err.constData());
    Run list = smartdata({QStringLiteral("--json"), QStringLiteral("user"), QStringLiteral("list")});
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 0);
}

void TestUserCommand::noPassword()
{
    Run add = smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("ann@example.com")});
    QCOMPARE(add.exitCode, 2);
    QVERIFY2(add.err.contains("No password"), add.err.constData());
}

void TestUserCommand::passwordIsNeverAnOption()
{
    Run add = smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("ann@example.com"), QStringLiteral("--password"),
                         QStringLiteral("a long enough password")});
    QCOMPARE(add.exitCode, 2);
    QVERIFY(add.err.contains("password"));
}

void TestUserCommand::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no action") << QStringList{QStringLiteral("user")};
    QTest::newRow("unknown action") << QStringList{QStringLiteral("user"), QStringLiteral("promote")};
    QTest::newRow("add without email") << QStringList{QStringLiteral("user"), QStringLiteral("add")};
    QTest::newRow("bad role") << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("a@example.com"), QStringLiteral("--role"), QStringLiteral("root")};
    QTest::newRow("set-active not bool") << QStringList{QStringLiteral("user"), QStringLiteral("set-active"), QStringLiteral("a@example.com"), QStringLiteral("maybe")};
    QTest::newRow("list with args") << QStringList{QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("x")};
    QTest::newRow("invalid email") << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("not-an-email")};
}

void TestUserCommand::badUsage()
{
    QFETCH(QStringList, arguments);
    Run run = smartdata(arguments, "a long enough password\n");
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.isEmpty());
}

void TestUserCommand::unknownUser_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("remove") << QStringList{QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("ghost@example.com")};
    QTest::newRow("set-role") << QStringList{QStringLiteral("user"), QStringLiteral("set-role"), QStringLiteral("ghost@example.com"), QStringLiteral("admin")};
    QTest::newRow("set-active") << QStringList{QStringLiteral("user"), QStringLiteral("set-active"), QStringLiteral("ghost@example.com"), QStringLiteral("false")};
    QTest::newRow("set-password") << QStringList{QStringLiteral("user"), QStringLiteral("set-password"), QStringLiteral("ghost@example.com")};
}

void TestUserCommand::unknownUser()
{
    QFETCH(QStringList, arguments);
    Run run = smartdata(arguments, "a long enough password\n");
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("There is no user ghost@example.com"), run.err.constData());
}

void TestUserCommand::setRoleAndActive()
{
    QCOMPARE(smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("root@example.com"), QStringLiteral("--role"), QStringLiteral("admin")},
                       "a long enough password\n").exitCode, 0);
    QCOMPARE(smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("ann@example.com")}, "a long enough password\n").exitCode, 0);
    Run role = smartdata({QStringLiteral("user"), QStringLiteral("set-role"), QStringLiteral("ann@example.com"), QStringLiteral("Analyst")});
    QVERIFY2(role.exitCode == 0, role.err.constData());
    Run inactive = smartdata({QStringLiteral("--json"), QStringLiteral("user"), QStringLiteral("set-active"), QStringLiteral("ann@example.com"), QStringLiteral("false")});
    QVERIFY2(inactive.exitCode == 0, inactive.err.constData());
    const QJsonObject user = QJsonDocument::fromJson(inactive.out).object();
    QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("analyst"));
    QCOMPARE(user.value(QStringLiteral("is_active")).toBool(), false);
}

void TestUserCommand::lastAdminCannotBeRemoved()
{
    QCOMPARE(smartdata({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("root@example.com"), QStringLiteral("--role"), QStringLiteral("admin")},
                       "a long enough password\n").exitCode, 0);
    Run remove = smartdata({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("root@example.com")});
    QCOMPARE(remove.exitCode, 2);
    QVERIFY2(remove.err.contains("last active admin"), remove.err.constData());
}

void TestUserCommand::help()
{
    Run help = smartdata({QStringLiteral("user"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains("Usage: smartdata user"), help.out.constData());
    QVERIFY(help.out.contains("set-active"));
    Run top = smartdata({QStringLiteral("--help")});
    QVERIFY(top.out.contains("user add"));
}

QTEST_GUILESS_MAIN(TestUserCommand)
#include "tst_usercommand.moc"
