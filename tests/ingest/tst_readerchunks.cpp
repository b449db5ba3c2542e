// Every fixture read with tiny read chunks gives exactly the rows of one big read: records, quotes,
// escapes, CRLF and BOMs split at any position across refills are handled.

#include "fuzzy.h"
#include "readertesthelpers.h"

#include <QDir>
#include <QTest>

using namespace ReaderTest;

class TestReaderChunks final : public QObject
{
    Q_OBJECT

private slots:
    void sameRows_data();
    void sameRows();
};

void TestReaderChunks::sameRows_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("chunk");
    const QDir dir(TestData::path("ingest"));
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
        for (int chunk : {16, 17, 23, 64, 100}) {
            QTest::addRow("%s/%d", qPrintable(name), chunk) << dir.filePath(name) << chunk;
        }
    }
}

void TestReaderChunks::sameRows()
{
    QFETCH(QString, file);
    QFETCH(int, chunk);
    const Outcome whole = readFile(file);
    Ingest::ReadOptions small;
    small.readChunkBytes = chunk;
    const Outcome pieces = readFile(file, small);
    QCOMPARE(pieces.error.has_value(), whole.error.has_value());
    if (whole.error) {
        QCOMPARE(pieces.error->code, whole.error->code);
        QCOMPARE(pieces.error->details, whole.error->details);
    }
    QCOMPARE(pieces.rows.size(), whole.rows.size());
    for (size_t i = 0; i < whole.rows.size(); ++i) {
        const Ingest::ParsedRow &a = whole.rows[i];
        const Ingest::ParsedRow &b = pieces.rows[i];
        QCOMPARE(b.line, a.line);
        QCOMPARE(b.raw, a.raw);
        QCOMPARE(b.valid, a.valid);
        QCOMPARE(b.rejectReason, a.rejectReason);
        QCOMPARE(b.rejectValue, a.rejectValue);
        QCOMPARE(b.tsMs, a.tsMs);
        QCOMPARE(b.value, a.value);
        QCOMPARE(b.metric, a.metric);
        QCOMPARE(b.userId, a.userId);
        QCOMPARE(b.eventId, a.eventId);
        QCOMPARE(b.source, a.source);
        QCOMPARE(b.attributesJson, a.attributesJson);
    }
}

QTEST_GUILESS_MAIN(TestReaderChunks)
#include "tst_readerchunks.moc"
