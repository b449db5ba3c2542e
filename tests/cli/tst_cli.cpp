// The smartdata executable as people and scripts use it: exit codes, usage, db info.

#include "storage/migrations.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "clirun.h"

namespace {

using CliTest::Run;
using CliTest::smartdata;

} // namespace

class TestCli final : public QObject
{
    Q_OBJECT

private slots:
    void version();
    void help();
    void unknownCommand();
    void badOptions_data();
    void badOptions();
    void dbInfoJson();
    void dbInfoFromEnvironment();
    void dbInfoText();
    void portableKeepsTheDatabaseBesideTheExecutable();
    void dbInfoRefusesJunk();
    void dbInAMissingFolderIsAnError_data();
    void dbInAMissingFolderIsAnError();
    void desktopDbInAMissingFolderIsAnError();
    void defaultFolderIsCreated();
    void noDisplay();

private:
    QTemporaryDir m_dir;
};

void TestCli::version()
{
    const Run run = smartdata({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith("smartdata " SMARTDATA_VERSION), run.out.constData());
}

void TestCli::help()
{
    const Run run = smartdata({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("Usage: smartdata"));
    QVERIFY(run.out.contains("db info"));
    const Run dbHelp = smartdata({QStringLiteral("db"), QStringLiteral("--help")});
    QCOMPARE(dbHelp.exitCode, 0);
    QVERIFY2(dbHelp.out.contains("Usage: smartdata db"), dbHelp.out.constData());
}

void TestCli::unknownCommand()
{
    const Run run = smartdata({QStringLiteral("nosuchcmd")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains("unknown command 'nosuchcmd'"), run.err.constData());
    QVERIFY(run.err.contains("Usage: smartdata"));
}

void TestCli::badOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown global option") << QStringList{QStringLiteral("--frobnicate")};
    QTest::newRow("--db without value") << QStringList{QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--db")};
    QTest::newRow("unknown command option") << QStringList{QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--nope")};
    QTest::newRow("unknown db action") << QStringList{QStringLiteral("db"), QStringLiteral("explode")};
}

void TestCli::badOptions()
{
    QFETCH(QStringList, arguments);
    const Run run = smartdata(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("Usage: smartdata"), run.err.constData());
}

void TestCli::dbInfoJson()
{
    const QString path = m_dir.filePath(QStringLiteral("cli.db"));
    const Run run = smartdata({QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--json"), QStringLiteral("--db"), path});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject info = document.object();
    QCOMPARE(info.value(QStringLiteral("engine")).toString(), QStringLiteral("sqlite"));
    QCOMPARE(info.value(QStringLiteral("schema_version")).toInt(), Storage::Migrations::latestVersion());
    QVERIFY(info.value(QStringLiteral("location")).toString().endsWith(QLatin1String("cli.db")));
    const QJsonObject tables = info.value(QStringLiteral("tables")).toObject();
    for (const QString &table : Storage::Migrations::tableNames())
        QVERIFY2(tables.contains(table), qPrintable(table));
    QCOMPARE(tables.value(QStringLiteral("clean_events")).toInt(-1), 0);
}

void TestCli::dbInfoFromEnvironment()
{
    const QString path = m_dir.filePath(QStringLiteral("env.db"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SMARTDATA_DB"), path);
    const Run run = smartdata({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("info")}, environment);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("location")).toString(), path);
    // --db wins over the environment.
    const QString other = m_dir.filePath(QStringLiteral("other.db"));
    const Run run2 = smartdata({QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--json"), QStringLiteral("--db=") + other}, environment);
    QCOMPARE(run2.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(run2.out).object().value(QStringLiteral("location")).toString(), other);
}

void TestCli::dbInfoText()
{
    const Run run = smartdata({QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("text.db"))});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("Engine:          sqlite"));
    QVERIFY(run.out.contains("clean_events"));
}

void TestCli::portableKeepsTheDatabaseBesideTheExecutable()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SMARTDATA_DB"));
    const QString expected = QFileInfo(QStringLiteral(SMARTDATA_EXECUTABLE)).absolutePath() + QStringLiteral("/smartdata.db");
    const bool existed = QFile::exists(expected);
    const Run run = smartdata({QStringLiteral("--portable"), QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--json")}, environment);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("location")).toString(), expected);
    QVERIFY(QFile::exists(expected));
    if (!existed) {
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(expected + QLatin1String(suffix));
    }
}

void TestCli::dbInfoRefusesJunk()
{
    const QString path = m_dir.filePath(QStringLiteral("junk.db"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a database\n");
    file.close();
    const Run run = smartdata({QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--db"), path});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("is not a SmartData database"), run.err.constData());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("this is not a database\n"));
}

// A typed path whose folder does not exist is a mistake to report, not a folder tree to create.
void TestCli::dbInAMissingFolderIsAnError_data()
{
    QTest::addColumn<bool>("fromEnvironment");
    QTest::addColumn<QStringList>("command");
    QTest::newRow("--db, db info") << false << QStringList{QStringLiteral("db"), QStringLiteral("info")};
    QTest::newRow("--db, kpi") << false << QStringList{QStringLiteral("kpi")};
    QTest::newRow("SMARTDATA_DB, db info") << true << QStringList{QStringLiteral("db"), QStringLiteral("info")};
}

void TestCli::dbInAMissingFolderIsAnError()
{
    QFETCH(bool, fromEnvironment);
    QFETCH(QStringList, command);
    const QString missing = m_dir.filePath(QStringLiteral("no-such-folder/deeper"));
    const QString path = missing + QStringLiteral("/x.db");
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SMARTDATA_DB"));
    if (fromEnvironment)
        environment.insert(QStringLiteral("SMARTDATA_DB"), path);
    else
        command += {QStringLiteral("--db"), path};
    const Run run = smartdata(command, environment);
    QCOMPARE(run.exitCode, 2);
    const QByteArray expected = "The folder " + missing.toUtf8() + " of " + (fromEnvironment ? "SMARTDATA_DB " : "--db ")
                              + path.toUtf8() + " does not exist; create it first.";
    QVERIFY2(run.err.contains(expected), run.err.constData());
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("no-such-folder"))));
}

// The window does the same: it says so (a dialog, and stderr) instead of creating the folder.
void TestCli::desktopDbInAMissingFolderIsAnError()
{
    const QString missing = m_dir.filePath(QStringLiteral("no-such-desktop-folder/deeper"));
    const QString path = missing + QStringLiteral("/x.db");
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SMARTDATA_DB"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("SMARTDATA_DATA_DIR"), m_dir.filePath(QStringLiteral("desktop-data")));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SMARTDATA_EXECUTABLE), {QStringLiteral("--db"), path});
    QVERIFY(process.waitForStarted());
    // The error dialog waits for a click that never comes: read stderr until the message is there.
    const QByteArray expected = "The folder " + missing.toUtf8() + " of --db " + path.toUtf8() + " does not exist; create it first.";
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains(expected), 20000);
    process.kill();
    process.waitForFinished();
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("no-such-desktop-folder"))));
}

// The default location (the data folder) is still created on first use.
void TestCli::defaultFolderIsCreated()
{
    const QString dataDir = m_dir.filePath(QStringLiteral("fresh-data/smartdata"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SMARTDATA_DB"));
    environment.insert(QStringLiteral("SMARTDATA_DATA_DIR"), dataDir);
    const Run run = smartdata({QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--json")}, environment);
    QCOMPARE(run.exitCode, 0);
    QVERIFY(QFileInfo::exists(dataDir + QStringLiteral("/smartdata.db")));
}

void TestCli::noDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    const Run run = smartdata({QStringLiteral("--db"), m_dir.filePath(QStringLiteral("gui.db"))}, environment);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith("smartdata: no display available"), run.err.constData());
    QCOMPARE(run.err.count('\n'), 1);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
