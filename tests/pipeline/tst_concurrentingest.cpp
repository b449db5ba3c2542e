// Two processes importing overlapping files into one database at the same moment lose nothing and
// store no event twice (SQLite: its write lock; PostgreSQL: the importer's advisory lock plus the
// identity index). Then the same files again: everything is a duplicate.

#include "testdatabase.h"

#include "storage/database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestConcurrentIngest final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void overlappingFilesAtOnce();

private:
    QString writeFile(const QString &name, int from, int to);

    QTemporaryDir m_dir;
    QString m_location;
};

void TestConcurrentIngest::initTestCase()
{
    SD_REQUIRE_ENGINE();
    m_location = TestDb::location(m_dir.filePath(QStringLiteral("concurrent.db")));
    auto db = Storage::Database::open(m_location); // migrated once, before the race
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
}

// Events from..to-1, half with an event_id (identity by id), half without (identity by content hash).
QString TestConcurrentIngest::writeFile(const QString &name, int from, int to)
{
    QByteArray csv = "event_id,timestamp,user_id,metric,value\n";
    for (int i = from; i < to; ++i) {
        const QByteArray id = i % 2 == 0 ? "ev-" + QByteArray::number(i) : QByteArray();
        csv += id + ',' + QByteArray::number(1700000000000LL + qint64(i) * 60000) + ",u" + QByteArray::number(i % 97)
            + (i % 3 == 0 ? ",orders," : ",visits,") + QByteArray::number(i % 50) + ".5\n";
    }
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size())
        return {};
    return path;
}

void TestConcurrentIngest::overlappingFilesAtOnce()
{
    const QString a = writeFile(QStringLiteral("a.csv"), 0, 30000);
    const QString b = writeFile(QStringLiteral("b.csv"), 20000, 50000); // 10,000 events in both
    QVERIFY(!a.isEmpty() && !b.isEmpty());

    auto runBoth = [this](const QString &first, const QString &second) {
        QList<QJsonObject> replies;
        QProcess one, two;
        for (auto [process, file] : {std::pair{&one, first}, std::pair{&two, second}}) {
            process->start(QStringLiteral(SMARTDATA_EXECUTABLE),
                           {QStringLiteral("--db"), m_location, QStringLiteral("ingest"), file, QStringLiteral("--source"),
                            QStringLiteral("shop"), QStringLiteral("--json")});
        }
        for (QProcess *process : {&one, &two}) {
            if (!process->waitForFinished(120000))
                process->kill();
            const QByteArray out = process->readAllStandardOutput();
            if (process->exitStatus() != QProcess::NormalExit || process->exitCode() != 0)
                qWarning().noquote() << "smartdata ingest failed:" << process->readAllStandardError() << out;
            replies.append(QJsonDocument::fromJson(out).object());
        }
        return replies;
    };

    const QList<QJsonObject> first = runBoth(a, b);
    QCOMPARE(first.size(), 2);
    const qint64 inserted = first[0].value(QStringLiteral("inserted")).toInteger() + first[1].value(QStringLiteral("inserted")).toInteger();
    const qint64 duplicates = first[0].value(QStringLiteral("duplicates")).toInteger() + first[1].value(QStringLiteral("duplicates")).toInteger();
    QCOMPARE(inserted, 50000);
    QCOMPARE(duplicates, 10000);

    auto db = Storage::Database::open(m_location);
    QVERIFY(db.ok());
    QSqlQuery query((*db)->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT dedup_key) FROM clean_events")) && query.next());
    QCOMPARE(query.value(0).toLongLong(), 50000);
    QCOMPARE(query.value(1).toLongLong(), 50000);
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM raw_events")) && query.next());
    QCOMPARE(query.value(0).toLongLong(), 60000);
    QVERIFY(query.exec(QStringLiteral("SELECT SUM(value_count) FROM metric_daily")) && query.next());
    QCOMPARE(query.value(0).toLongLong(), 50000); // the KPIs saw every event once
    query.finish();

    const QList<QJsonObject> again = runBoth(b, a);
    QCOMPARE(again[0].value(QStringLiteral("inserted")).toInteger() + again[1].value(QStringLiteral("inserted")).toInteger(), 0);
    QCOMPARE(again[0].value(QStringLiteral("duplicates")).toInteger() + again[1].value(QStringLiteral("duplicates")).toInteger(), 60000);
}

QTEST_GUILESS_MAIN(TestConcurrentIngest)
#include "tst_concurrentingest.moc"
