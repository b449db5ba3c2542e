// How argv is split: global options, the sub-command, and files to open in the desktop app
// (`smartdata orders.csv`, as a file manager's "Open with" and the desktop entry's %F call it).

#include "cli/commandline.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

class TestCommandLine final : public QObject
{
    Q_OBJECT

private slots:
    void subCommandAndGlobals();
    void filesToOpen();
    void commandNamesAreNeverFiles();
    void missingFileIsAnUnknownCommand();

private:
    QString touch(const QString &name);
    QTemporaryDir m_dir;
};

QString TestCommandLine::touch(const QString &name)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("timestamp,value\n2024-01-01,1\n");
    return file.fileName();
}

void TestCommandLine::subCommandAndGlobals()
{
    const Cli::Invocation invocation = Cli::parseInvocation(
        {QStringLiteral("--db"), QStringLiteral("x.db"), QStringLiteral("ingest"), QStringLiteral("a.csv"), QStringLiteral("--json")});
    QCOMPARE(invocation.command, QStringLiteral("ingest"));
    QCOMPARE(invocation.global.database, QStringLiteral("x.db"));
    QVERIFY(invocation.global.json);
    QCOMPARE(invocation.arguments, QStringList{QStringLiteral("a.csv")});
    QVERIFY(invocation.files.isEmpty());
}

void TestCommandLine::filesToOpen()
{
    const QString csv = touch(QStringLiteral("orders.csv"));
    const QString json = touch(QStringLiteral("events one.json"));
    const Cli::Invocation invocation = Cli::parseInvocation(
        {csv, QUrl::fromLocalFile(json).toString(), QStringLiteral("--"), csv});
    QVERIFY(invocation.command.isEmpty());
    QVERIFY(invocation.usageError.isEmpty());
    QCOMPARE(invocation.files, (QStringList{csv, json, csv}));

    // Relative paths become absolute: the app may change its working folder.
    const QString before = QDir::currentPath();
    QDir::setCurrent(m_dir.path());
    const Cli::Invocation relative = Cli::parseInvocation({QStringLiteral("orders.csv")});
    QDir::setCurrent(before);
    QCOMPARE(relative.files, QStringList{csv});
}

void TestCommandLine::commandNamesAreNeverFiles()
{
    touch(QStringLiteral("ingest"));
    const QString before = QDir::currentPath();
    QDir::setCurrent(m_dir.path());
    const Cli::Invocation invocation = Cli::parseInvocation({QStringLiteral("ingest"), QStringLiteral("orders.csv")});
    QDir::setCurrent(before);
    QCOMPARE(invocation.command, QStringLiteral("ingest"));
    QVERIFY(invocation.files.isEmpty());
}

void TestCommandLine::missingFileIsAnUnknownCommand()
{
    const Cli::Invocation invocation = Cli::parseInvocation({m_dir.filePath(QStringLiteral("nothing-here.csv"))});
    QCOMPARE(invocation.command, m_dir.filePath(QStringLiteral("nothing-here.csv")));
    QVERIFY(invocation.files.isEmpty());
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
