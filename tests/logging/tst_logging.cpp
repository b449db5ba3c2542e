// The JSON-lines log file: one valid object per line with the context fields, rotated by size.

#include "logging/logging.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

Q_LOGGING_CATEGORY(lcTest, "smartdata.test")

namespace {

QList<QJsonObject> readLines(const QString &path)
{
    QList<QJsonObject> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return {}; // an invalid line fails the caller's comparisons
        lines.append(document.object());
    }
    return lines;
}

// The permission bits of a file as stat(2) sees them (QFileInfo merges owner and user bits).
mode_t modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return mode_t(-1);
    return st.st_mode & 07777;
}

} // namespace

class TestLogging final : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { Logging::uninstall(); }
    void writesJsonLines();
    void rotatesBySize();
    void debugNeedsVerbose();
    void filesAreOwnerOnly();
    void widerFilesAreNarrowed();
};

void TestLogging::writesJsonLines()
{
    QTemporaryDir dir;
    Logging::install({.logDir = dir.path(), .stderrEnabled = false});
    QCOMPARE(Logging::logFilePath(), dir.filePath(QStringLiteral("smartdata.jsonl")));
    qCInfo(lcTest) << "plain message with \"quotes\"";
    Logging::event(lcTest(), QtWarningMsg, QStringLiteral("job finished"),
                   {{QStringLiteral("job"), QStringLiteral("daily-kpis")}, {QStringLiteral("rows"), 42}});
    const QList<QJsonObject> lines = readLines(Logging::logFilePath());
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].value(QStringLiteral("level")).toString(), QStringLiteral("info"));
    QCOMPARE(lines[0].value(QStringLiteral("category")).toString(), QStringLiteral("smartdata.test"));
    QVERIFY(lines[0].value(QStringLiteral("message")).toString().contains(QLatin1String("\"quotes\"")));
    QVERIFY(lines[0].value(QStringLiteral("ts")).toString().endsWith(QLatin1Char('Z')));
    QCOMPARE(lines[1].value(QStringLiteral("level")).toString(), QStringLiteral("warning"));
    QCOMPARE(lines[1].value(QStringLiteral("job")).toString(), QStringLiteral("daily-kpis"));
    QCOMPARE(lines[1].value(QStringLiteral("rows")).toInt(), 42);
}

void TestLogging::rotatesBySize()
{
    QTemporaryDir dir;
    Logging::install({.logDir = dir.path(), .stderrEnabled = false, .maxFileBytes = 2000, .keepFiles = 2});
    for (int i = 0; i < 200; ++i)
        qCWarning(lcTest) << "line" << i << QByteArray(40, 'x');
    const QStringList files = QDir(dir.path()).entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
    QCOMPARE(files, (QStringList{QStringLiteral("smartdata.1.jsonl"), QStringLiteral("smartdata.2.jsonl"),
                                 QStringLiteral("smartdata.jsonl")}));
    for (const QString &file : files) {
        QVERIFY(QFileInfo(dir.filePath(file)).size() < 2000 + 300);
        QVERIFY(!readLines(dir.filePath(file)).isEmpty());
    }
    // The newest line is in the current file.
    const QList<QJsonObject> current = readLines(dir.filePath(QStringLiteral("smartdata.jsonl")));
    QVERIFY(current.isEmpty() || current.last().value(QStringLiteral("message")).toString().contains(QLatin1String("199")));
}

void TestLogging::debugNeedsVerbose()
{
    QTemporaryDir dir;
    Logging::install({.logDir = dir.path(), .stderrEnabled = false});
    qCDebug(lcTest) << "hidden";
    QCOMPARE(readLines(Logging::logFilePath()).size(), 0);
    Logging::install({.logDir = dir.path(), .stderrEnabled = false, .verbose = true});
    qCDebug(lcTest) << "shown";
    QCOMPARE(readLines(Logging::logFilePath()).size(), 1);
}

void TestLogging::filesAreOwnerOnly()
{
    // The log records emails, client addresses and request details: mode 0600 whatever the umask,
    // for the current file and for every rotated one.
    const mode_t previousUmask = ::umask(0022);
    QTemporaryDir dir;
    Logging::install({.logDir = dir.path(), .stderrEnabled = false, .maxFileBytes = 2000, .keepFiles = 2});
    for (int i = 0; i < 200; ++i)
        qCWarning(lcTest) << "line" << i << QByteArray(40, 'x');
    Logging::uninstall();
    ::umask(previousUmask);
    const QStringList files = QDir(dir.path()).entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 3);
    for (const QString &file : files)
        QCOMPARE(modeOf(dir.filePath(file)), mode_t(0600));
}

void TestLogging::widerFilesAreNarrowed()
{
    // Files an older version left world-readable are made private when logging starts.
    QTemporaryDir dir;
    for (const char *name : {"smartdata.jsonl", "smartdata.1.jsonl"}) {
        QFile file(dir.filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{}\n");
        file.close();
        QVERIFY(::chmod(QFile::encodeName(file.fileName()).constData(), 0644) == 0);
    }
    Logging::install({.logDir = dir.path(), .stderrEnabled = false});
    qCInfo(lcTest) << "after";
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("smartdata.jsonl"))), mode_t(0600));
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("smartdata.1.jsonl"))), mode_t(0600));
}

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
