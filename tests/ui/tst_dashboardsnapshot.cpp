// The dashboard's snapshot of a metric: every forecastable field's history, the forecast runs with
// the field each was fitted on (noted by the window; others are sums), anomalies by field and range.

#include "anomaly/anomalyservice.h"
#include "forecast/forecastservice.h"
#include "ingest/importer.h"
#include "storage/database.h"
#include "ui/dashboardsnapshot.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestDashboardSnapshot final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runsAreFoundByTheirField();
    void anomaliesByFieldAndRange();
    void historiesFromRowsMatchTheService();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
};

void TestDashboardSnapshot::initTestCase()
{
    QCoreApplication::setApplicationName(QStringLiteral("smartdata-tst-snapshot"));
    QSettings(QCoreApplication::applicationName()).clear();
    QVERIFY(m_dir.isValid());
    auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("s.db")));
    QVERIFY(db.ok());
    m_db = *db;
    QFile file(m_dir.filePath(QStringLiteral("e.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,metric,value\n");
    for (int i = 0; i < 60; ++i) {
        const QString day = QDate(2026, 1, 1).addDays(i).toString(Qt::ISODate);
        for (int k = 0; k <= i % 3; ++k)
            file.write(QStringLiteral("%1T1%2:00:00Z,visits,%3\n").arg(day).arg(k).arg(i == 40 ? 900 : 100 + i % 7).toUtf8());
    }
    file.close();
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    QVERIFY(Ingest::Importer(m_db).importFile(file.fileName(), options).ok());
}

void TestDashboardSnapshot::runsAreFoundByTheirField()
{
    Forecast::ForecastService service(m_db);
    Forecast::ServiceRequest request;
    request.source = QStringLiteral("web");
    request.metric = QStringLiteral("visits");
    request.horizon = 5;
    request.withReliability = false;
    auto sumRun = service.run(request); // as the CLI or the scheduler would: not noted, a sum
    QVERIFY(sumRun.ok());
    request.field = QStringLiteral("value_count");
    auto countRun = service.run(request);
    QVERIFY(countRun.ok());
    Ui::noteForecastRunField(m_db->location(), *countRun, QStringLiteral("value_count"));

    const Ui::DashboardSnapshot snapshot = Ui::DashboardSnapshot::load(m_db, {QStringLiteral("web"), QStringLiteral("visits")});
    QVERIFY(snapshot.error.isEmpty());
    QCOMPARE(snapshot.rows.size(), 60);
    QCOMPARE(snapshot.histories.size(), 4);
    QCOMPARE(snapshot.histories.value(QStringLiteral("value_count")).values.at(2), 3.0);
    QCOMPARE(snapshot.latestRun(QStringLiteral("value_count"))->id, countRun->id);
    QCOMPARE(snapshot.latestRun(QStringLiteral("value_sum"))->id, sumRun->id);
    QVERIFY(!snapshot.latestRun(QStringLiteral("value_avg")));
    QVERIFY(!snapshot.latestRun(QString()));
    // Runs say their field themselves now; one stored before that (no details' "field") falls back
    // to the window's note, and a note for another run of the same id (a recreated database) is
    // not taken for this one.
    QCOMPARE(countRun->details.value(QStringLiteral("field")).toString(), QStringLiteral("value_count"));
    Forecast::RunInfo other = *countRun;
    other.details.remove(QStringLiteral("field"));
    QCOMPARE(Ui::forecastRunField(m_db->location(), other), QStringLiteral("value_count"));
    other.createdAt = QStringLiteral("1999-01-01T00:00:00Z");
    QCOMPARE(Ui::forecastRunField(m_db->location(), other), QStringLiteral("value_sum"));
}

void TestDashboardSnapshot::anomaliesByFieldAndRange()
{
    Anomaly::AnomalyParams params;
    params.field = Anomaly::ValueField::Avg;
    QVERIFY(Anomaly::AnomalyService(m_db).run({QStringLiteral("web"), QStringLiteral("visits"), params, {}, {}}).ok());
    const Ui::DashboardSnapshot snapshot = Ui::DashboardSnapshot::load(m_db, {QStringLiteral("web"), QStringLiteral("visits")});
    const QList<Anomaly::StoredAnomaly> avg = snapshot.flagged(QStringLiteral("value_avg"), {}, {});
    QVERIFY(!avg.isEmpty());
    bool spike = false;
    for (const Anomaly::StoredAnomaly &a : avg)
        spike = spike || a.day == QDate(2026, 2, 10);
    QVERIFY(spike);
    QVERIFY(snapshot.flagged(QStringLiteral("value_sum"), {}, {}).isEmpty());
    QVERIFY(snapshot.flagged(QStringLiteral("value_avg"), QDate(2026, 2, 11), {}).size() < avg.size());
}

void TestDashboardSnapshot::historiesFromRowsMatchTheService()
{
    // The snapshot builds its histories from the rows it read; the forecast service reads them from
    // metric_daily. They must be the same series, NaN gaps included.
    const Ui::DashboardSnapshot snapshot = Ui::DashboardSnapshot::load(m_db, {QStringLiteral("web"), QStringLiteral("visits")});
    QList<Kpi::DailyRow> gapped = snapshot.rows;
    gapped.removeAt(20); // a day without events
    gapped.removeAt(20);
    for (const QString &field : {QStringLiteral("value_sum"), QStringLiteral("value_count"), QStringLiteral("value_avg"),
                                QStringLiteral("value_distinct")}) {
        auto expected = Forecast::ForecastService(m_db).history(QStringLiteral("web"), QStringLiteral("visits"), field);
        QVERIFY(expected.ok());
        const Forecast::DailyHistory built = snapshot.histories.value(field);
        QCOMPARE(built.first, expected->first);
        QCOMPARE(built.grain, expected->grain);
        QCOMPARE(built.values.size(), expected->values.size());
        for (size_t i = 0; i < built.values.size(); ++i) {
            const double a = built.values[i], b = expected->values[i];
            QVERIFY2((std::isnan(a) && std::isnan(b)) || a == b, qPrintable(QStringLiteral("%1[%2]: %3 vs %4").arg(field).arg(i).arg(a).arg(b)));
        }
        const Forecast::DailyHistory withGap = Ui::historyOf(gapped, field);
        QCOMPARE(withGap.values.size(), expected->values.size());
        QVERIFY(std::isnan(withGap.values[20]) && std::isnan(withGap.values[21]));
    }
}

QTEST_MAIN(TestDashboardSnapshot)
#include "tst_dashboardsnapshot.moc"
