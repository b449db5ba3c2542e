// The pipeline from the command line, as scripts use it: ingest, kpi, anomalies, forecast, batches.

#include "fuzzy.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "clirun.h"

namespace {

using CliTest::Run;

} // namespace

class TestPipelineCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void strictIngestRejectsAndStoresNothing();
    void ingestAndKpis();
    void anomaliesJson();
    void anomalyUsageErrors_data();
    void anomalyUsageErrors();
    void forecastJson();
    void forecastSeries();
    void batchesListAndDelete();
    void allRejectedIsAFailure();
    void rejectedRowsAreListedAndSaved();

private:
    Run smartdata(QStringList arguments)
    {
        arguments << QStringLiteral("--db") << m_dir.filePath(QStringLiteral("cli.db"));
        return CliTest::smartdata(arguments);
    }

    QTemporaryDir m_dir;
};

void TestPipelineCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestPipelineCli::strictIngestRejectsAndStoresNothing()
{
    const Run run = smartdata({QStringLiteral("ingest"), QStringLiteral("--strict"), QStringLiteral("--source"), QStringLiteral("demo"),
                               TestData::path("pipeline/ingest_csv_partial_failure_strict_400.csv")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("line 3, column timestamp"), run.err.constData());
    const Run info = smartdata({QStringLiteral("db"), QStringLiteral("info"), QStringLiteral("--json")});
    QCOMPARE(info.json().object().value(QStringLiteral("tables")).toObject().value(QStringLiteral("clean_events")).toInt(-1), 0);
}

void TestPipelineCli::ingestAndKpis()
{
    const Run run = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("demo"), QStringLiteral("--json"),
                               TestData::path("pipeline/clean_events_kpi_daily_input.csv")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject summary = run.json().object();
    QCOMPARE(summary.value(QStringLiteral("inserted")).toInt(), 4);
    QCOMPARE(summary.value(QStringLiteral("ingested_rows")).toInt(), 4);
    QVERIFY(summary.contains(QStringLiteral("batch_id")));
    const Run again = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("demo"), QStringLiteral("--json"),
                                 TestData::path("pipeline/clean_events_kpi_daily_input.csv")});
    QCOMPARE(again.json().object().value(QStringLiteral("duplicates")).toInt(), 4);

    const Run kpi = smartdata({QStringLiteral("kpi"), QStringLiteral("--source"), QStringLiteral("demo"), QStringLiteral("--metric"),
                               QStringLiteral("default"), QStringLiteral("--json")});
    QCOMPARE(kpi.exitCode, 0);
    const QJsonArray rows = kpi.json().array();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].toObject().value(QStringLiteral("metric_date")).toString(), QStringLiteral("2025-09-05"));
    SD_COMPARE_NEAR(rows[0].toObject().value(QStringLiteral("value_sum")).toDouble(), 25.0, 1e-9);
    SD_COMPARE_NEAR(rows[1].toObject().value(QStringLiteral("value_avg")).toDouble(), 7.25, 1e-9);
    const Run badDate = smartdata({QStringLiteral("kpi"), QStringLiteral("--from"), QStringLiteral("yesterday")});
    QCOMPARE(badDate.exitCode, 2);
}

void TestPipelineCli::anomaliesJson()
{
    QCOMPARE(smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("spike"),
                        TestData::path("pipeline/anomaly_spike_events.csv")}).exitCode, 0);
    const Run run = smartdata({QStringLiteral("anomalies"), QStringLiteral("--source"), QStringLiteral("spike"), QStringLiteral("--metric"),
                               QStringLiteral("events_total"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = run.json().object();
    QCOMPARE(json.value(QStringLiteral("method")).toString(), QStringLiteral("stl")); // the default since issue 18
    const QJsonArray anomalies = json.value(QStringLiteral("anomalies")).toArray();
    QCOMPARE(anomalies.size(), 1);
    QCOMPARE(anomalies[0].toObject().value(QStringLiteral("metric_date")).toString(), QStringLiteral("2025-09-06"));
    const QJsonArray points = json.value(QStringLiteral("points")).toArray();
    QVERIFY(points.size() >= 7);
    for (const QJsonValue &point : points) {
        const QJsonObject p = point.toObject();
        for (const char *key : {"metric_date", "date", "value", "z", "is_outlier"})
            QVERIFY2(p.contains(QLatin1String(key)), key);
    }
    const Run forest = smartdata({QStringLiteral("anomalies"), QStringLiteral("--source"), QStringLiteral("spike"), QStringLiteral("--metric"),
                                  QStringLiteral("events_total"), QStringLiteral("--method"), QStringLiteral("iforest"), QStringLiteral("--json")});
    QCOMPARE(forest.exitCode, 0);
    QCOMPARE(forest.json().object().value(QStringLiteral("method")).toString(), QStringLiteral("iforest"));
}

void TestPipelineCli::anomalyUsageErrors_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("window 1") << QStringList{QStringLiteral("--window"), QStringLiteral("1")};
    QTest::newRow("window 366") << QStringList{QStringLiteral("--window"), QStringLiteral("366")};
    QTest::newRow("threshold 0") << QStringList{QStringLiteral("--threshold"), QStringLiteral("0")};
    QTest::newRow("bad method") << QStringList{QStringLiteral("--method"), QStringLiteral("magic")};
    QTest::newRow("contamination 0.9") << QStringList{QStringLiteral("--method"), QStringLiteral("iforest"), QStringLiteral("--contamination"), QStringLiteral("0.9")};
    QTest::newRow("bad date") << QStringList{QStringLiteral("--from"), QStringLiteral("2025-13-01")};
}

void TestPipelineCli::anomalyUsageErrors()
{
    QFETCH(QStringList, extra);
    const Run run = smartdata(QStringList{QStringLiteral("anomalies"), QStringLiteral("--source"), QStringLiteral("spike"),
                                          QStringLiteral("--metric"), QStringLiteral("events_total")} + extra);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.isEmpty());
}

void TestPipelineCli::forecastJson()
{
    const Run run = smartdata({QStringLiteral("forecast"), QStringLiteral("--source"), QStringLiteral("spike"), QStringLiteral("--metric"),
                               QStringLiteral("events_total"), QStringLiteral("--horizon"), QStringLiteral("5"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = run.json().object();
    const QJsonArray forecast = json.value(QStringLiteral("forecast")).toArray();
    QCOMPARE(forecast.size(), 5);
    QVERIFY(!json.value(QStringLiteral("fallback_reason")).toString().isEmpty()); // 7 days: too short for SARIMA
    QString previous = json.value(QStringLiteral("train_end")).toString();
    for (const QJsonValue &value : forecast) {
        const QJsonObject f = value.toObject();
        QVERIFY(f.value(QStringLiteral("date")).toString() > previous);
        previous = f.value(QStringLiteral("date")).toString();
        QVERIFY(f.value(QStringLiteral("lower95")).toDouble() <= f.value(QStringLiteral("mean")).toDouble());
        QVERIFY(f.value(QStringLiteral("mean")).toDouble() <= f.value(QStringLiteral("upper95")).toDouble());
    }
    const Run unknown = smartdata({QStringLiteral("forecast"), QStringLiteral("--source"), QStringLiteral("nope"), QStringLiteral("--metric"), QStringLiteral("x")});
    QCOMPARE(unknown.exitCode, 2);
    const Run badOrder = smartdata({QStringLiteral("forecast"), QStringLiteral("--source"), QStringLiteral("spike"), QStringLiteral("--metric"),
                                    QStringLiteral("events_total"), QStringLiteral("--order"), QStringLiteral("1,1")});
    QCOMPARE(badOrder.exitCode, 2);
}

void TestPipelineCli::forecastSeries()
{
    const QString series = m_dir.filePath(QStringLiteral("series.csv"));
    QFile file(series);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("date,value\n");
    for (int i = 0; i < 60; ++i)
        file.write(QDate(2025, 1, 1).addDays(i).toString(Qt::ISODate).toLatin1() + ',' + QByteArray::number(100 + (i % 7) * 5 + i) + '\n');
    file.close();
    const Run run = smartdata({QStringLiteral("forecast"), QStringLiteral("--series"), series, QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = run.json().object();
    QVERIFY(json.contains(QStringLiteral("params")));
    QCOMPARE(json.value(QStringLiteral("forecast")).toArray().size(), 7);
}

void TestPipelineCli::batchesListAndDelete()
{
    const Run list = smartdata({QStringLiteral("batches"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray batches = list.json().array();
    QVERIFY(batches.size() >= 2);
    const int id = batches.first().toObject().value(QStringLiteral("id")).toInt();
    const Run removed = smartdata({QStringLiteral("batches"), QStringLiteral("delete"), QString::number(id), QStringLiteral("--json")});
    QCOMPARE(removed.exitCode, 0);
    QCOMPARE(removed.json().object().value(QStringLiteral("batch_id")).toInt(), id);
    QCOMPARE(smartdata({QStringLiteral("batches"), QStringLiteral("delete"), QString::number(id)}).exitCode, 2);
    QCOMPARE(smartdata({QStringLiteral("batches"), QStringLiteral("delete"), QStringLiteral("abc")}).exitCode, 2);
}

void TestPipelineCli::allRejectedIsAFailure()
{
    const QString path = m_dir.filePath(QStringLiteral("all-bad.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,value\nsoon,1\nlater,2\n");
    file.close();
    const Run run = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("bad"), path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.contains("FAILED, nothing imported"), run.out.constData());
    QVERIFY2(run.out.contains("Nothing was imported: all 2 rows were rejected. Reasons: not a date or time this import can read (2)."),
             run.out.constData());
    const Run json = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("bad"), QStringLiteral("--json"), path});
    QCOMPARE(json.exitCode, 2);
    QCOMPARE(json.json().object().value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    const Run list = smartdata({QStringLiteral("batches"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(list.json().array().first().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("failed"));

    // Columns SmartData has no name for: the error lists them and says how to map them.
    const QString german = m_dir.filePath(QStringLiteral("umsatz.csv"));
    QFile export_(german);
    QVERIFY(export_.open(QIODevice::WriteOnly));
    export_.write("Stichtag;Erl\xc3\xb6s\n31.12.2024;1.234,56\n");
    export_.close();
    const Run missing = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("de"), german});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("The file has: Stichtag, Erl\xc3\xb6s"), missing.err.constData());
    QVERIFY2(missing.err.contains("--map timestamp=Stichtag,value=COLUMN"), missing.err.constData());
    const Run mapped = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("de"), QStringLiteral("--json"),
                                  QStringLiteral("--map"), QStringLiteral("timestamp=Stichtag,value=Erlös"), german});
    QCOMPARE(mapped.exitCode, 0);
    QCOMPARE(mapped.json().object().value(QStringLiteral("inserted")).toInt(), 1);
}

void TestPipelineCli::rejectedRowsAreListedAndSaved()
{
    const QString path = m_dir.filePath(QStringLiteral("some-bad.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("when;amount;shop\n2024-05-01T10:00:00Z;3;north\n2024-05-01T11:00:00Z;three;south\n2024-05-02T09:00:00Z;4;east\n"
               "2024-05-02T10:00:00Z;5;west\n2024-05-03T10:00:00Z;6;north\n");
    file.close();
    const Run run = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("shops"), QStringLiteral("--json"),
                               QStringLiteral("--map"), QStringLiteral("timestamp=when,value=amount"), path});
    QCOMPARE(run.exitCode, 0); // 1 of 5 rejected: a warning, not a failure
    const QJsonObject summary = run.json().object();
    QCOMPARE(summary.value(QStringLiteral("status")).toString(), QStringLiteral("committed_with_warnings"));
    const QString id = QString::number(summary.value(QStringLiteral("batch_id")).toInt());

    const Run show = smartdata({QStringLiteral("batches"), QStringLiteral("show"), id, QStringLiteral("--rejected")});
    QCOMPARE(show.exitCode, 0);
    QVERIFY2(show.out.contains("the value is not a number"), show.out.constData());
    QVERIFY2(show.out.contains("three"), show.out.constData());
    QVERIFY2(!show.out.contains("non_numeric_value"), show.out.constData());

    const Run shown = smartdata({QStringLiteral("batches"), QStringLiteral("show"), id, QStringLiteral("--rejected"), QStringLiteral("--json")});
    const QJsonArray rows = shown.json().object().value(QStringLiteral("rejected_rows")).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].toObject().value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(rows[0].toObject().value(QStringLiteral("column")).toString(), QStringLiteral("amount"));
    QCOMPARE(rows[0].toObject().value(QStringLiteral("value")).toString(), QStringLiteral("three"));
    QCOMPARE(rows[0].toObject().value(QStringLiteral("reason_text")).toString(), QStringLiteral("the value is not a number"));

    const QString saved = m_dir.filePath(QStringLiteral("to-fix.csv"));
    QCOMPARE(smartdata({QStringLiteral("batches"), QStringLiteral("show"), id, QStringLiteral("--save"), saved}).exitCode, 0);
    QFile fix(saved);
    QVERIFY(fix.open(QIODevice::ReadOnly));
    QByteArray content = fix.readAll();
    fix.close();
    QCOMPARE(content, QByteArray("when;amount;shop\r\n2024-05-01T11:00:00Z;three;south\r\n"));
    content.replace("three", "3");
    QVERIFY(fix.open(QIODevice::WriteOnly));
    fix.write(content);
    fix.close();
    const Run again = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("shops"), QStringLiteral("--json"),
                                 QStringLiteral("--map"), QStringLiteral("timestamp=when,value=amount"), saved});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.json().object().value(QStringLiteral("inserted")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestPipelineCli)
#include "tst_pipelinecli.moc"
