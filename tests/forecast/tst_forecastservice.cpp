// Forecasts of stored metrics: history with gaps, stored runs and points, reliability grades.

#include "testdatabase.h"
#include "forecast/forecastservice.h"
#include "ingest/importer.h"
#include "storage/database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

qint64 count(const std::shared_ptr<Storage::Database> &db, const QString &sql)
{
    QSqlQuery query(db->connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

// `days` days from 2025-01-01 with a weekly pattern and a little noise; `skip` days have no events.
QByteArray weeklyEvents(int days, const QList<int> &skip = {})
{
    QByteArray body = "timestamp,value,metric\n";
    const QDate start(2025, 1, 1);
    for (int i = 0; i < days; ++i) {
        if (skip.contains(i))
            continue;
        const double value = 100 + 20 * std::sin(2 * M_PI * i / 7.0) + 0.2 * i + ((i * 37) % 11) * 0.5;
        body += start.addDays(i).toString(Qt::ISODate).toLatin1() + "T12:00:00Z," + QByteArray::number(value, 'f', 3) + ",orders\n";
    }
    return body;
}

} // namespace

class TestForecastService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void init();
    void historyKeepsGapsAsMissing();
    void seasonalSeriesGetsSarimaAndAGrade();
    void shortSeriesFallsBackWithAReason();
    void fixedOrder();
    void runsAreKeptAsHistory();
    void badRequests();

private:
    void importEvents(const QByteArray &body);

    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
    int m_counter = 0;
};

void TestForecastService::init()
{
    auto db = Storage::Database::open(TestDb::location(m_dir.filePath(QStringLiteral("forecast-%1.db").arg(++m_counter))));
    QVERIFY(db.ok());
    m_db = *db;
}

void TestForecastService::importEvents(const QByteArray &body)
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    auto summary = Ingest::Importer(m_db).importData(body, QStringLiteral("events.csv"), options);
    QVERIFY(summary.ok());
}

void TestForecastService::historyKeepsGapsAsMissing()
{
    importEvents(weeklyEvents(20, {5, 6, 19}));
    auto history = Forecast::ForecastService(m_db).history(QStringLiteral("shop"), QStringLiteral("orders"));
    QVERIFY(history.ok());
    QCOMPARE(history->first, QDate(2025, 1, 1));
    QCOMPARE(int(history->values.size()), 19); // the last day (index 19) has no events: the series ends before it
    QVERIFY(std::isnan(history->values[5]));
    QVERIFY(std::isnan(history->values[6]));
    QVERIFY(std::isfinite(history->values[7]));
    QCOMPARE(history->lastDay(), QDate(2025, 1, 19));
}

void TestForecastService::seasonalSeriesGetsSarimaAndAGrade()
{
    importEvents(weeklyEvents(140, {30, 31, 77}));
    Forecast::ServiceRequest request;
    request.source = QStringLiteral("shop");
    request.metric = QStringLiteral("orders");
    request.horizon = 14;
    auto run = Forecast::ForecastService(m_db).run(request);
    QVERIFY2(run.ok(), qPrintable(run ? QString() : run.error().message));
    QVERIFY2(run->fallbackReason.isEmpty(), qPrintable(run->fallbackReason));
    QVERIFY2(run->model.contains(QLatin1String("ARIMA")), qPrintable(run->model));
    QCOMPARE(run->points.size(), 14);
    QCOMPARE(run->points.first().day, QDate(2025, 1, 1).addDays(140));
    for (const auto &p : run->points) {
        QVERIFY(p.lower95 <= p.lower80 && p.lower80 <= p.yhat && p.yhat <= p.upper80 && p.upper80 <= p.upper95);
        QVERIFY(std::isfinite(p.yhat) && std::abs(p.yhat - 130) < 60);
    }
    QVERIFY(run->reliabilityScore.has_value());
    QVERIFY(!run->reliabilityGrade.isEmpty());
    QVERIFY(run->details.contains(QStringLiteral("aicc")));
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM forecast_points")), 14);
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM reliability_runs")), 1);
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM forecast_runs WHERE reliability_grade IS NOT NULL")), 1);
    auto backtest = Forecast::ForecastService(m_db).backtest(request, true);
    QVERIFY(backtest.ok());
    QVERIFY(backtest->id > 0);
    QCOMPARE(backtest->folds, 5);
    QVERIFY(backtest->score >= 0 && backtest->score <= 100);
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM reliability_runs")), 2);
}

void TestForecastService::shortSeriesFallsBackWithAReason()
{
    importEvents(weeklyEvents(3));
    Forecast::ServiceRequest request;
    request.source = QStringLiteral("shop");
    request.metric = QStringLiteral("orders");
    auto run = Forecast::ForecastService(m_db).run(request);
    QVERIFY(run.ok());
    QVERIFY(!run->fallbackReason.isEmpty());
    QCOMPARE(run->points.size(), 7);
    QVERIFY(run->points.first().day > QDate(2025, 1, 3));
    for (const auto &p : run->points)
        QVERIFY(std::isfinite(p.yhat) && p.lower95 <= p.yhat && p.yhat <= p.upper95);
    QVERIFY(!run->reliabilityScore.has_value()); // too short to backtest: no grade, no error
    auto backtest = Forecast::ForecastService(m_db).backtest(request, true);
    QVERIFY(!backtest.ok());
    QCOMPARE(backtest.error().code, QStringLiteral("NO_FOLDS"));
}

void TestForecastService::fixedOrder()
{
    importEvents(weeklyEvents(100));
    Forecast::ServiceRequest request;
    request.source = QStringLiteral("shop");
    request.metric = QStringLiteral("orders");
    request.withReliability = false;
    request.spec = Forecast::SarimaxSpec{0, 1, 1, 0, 1, 1, 7, Forecast::Trend::None};
    auto run = Forecast::ForecastService(m_db).run(request);
    QVERIFY(run.ok());
    QVERIFY2(run->model.startsWith(QLatin1String("ARIMA(0,1,1)(0,1,1)")), qPrintable(run->model));
    const QJsonObject params = run->details.value(QStringLiteral("params")).toObject();
    QVERIFY(params.contains(QStringLiteral("ma.L1")));
    QVERIFY(params.contains(QStringLiteral("ma.S.L7")));
    QVERIFY(params.contains(QStringLiteral("sigma2")));
}

void TestForecastService::runsAreKeptAsHistory()
{
    importEvents(weeklyEvents(30));
    Forecast::ForecastService service(m_db);
    Forecast::ServiceRequest request;
    request.source = QStringLiteral("shop");
    request.metric = QStringLiteral("orders");
    request.withReliability = false;
    auto first = service.run(request);
    request.horizon = 3;
    auto second = service.run(request);
    QVERIFY(first.ok() && second.ok());
    auto runs = service.runs(QStringLiteral("shop"), QStringLiteral("orders"));
    QVERIFY(runs.ok());
    QCOMPARE(runs->size(), 2);
    QCOMPARE(runs->first().id, second->id);
    QCOMPARE(runs->first().points.size(), 3);
    auto latest = service.latestRun(QStringLiteral("shop"), QStringLiteral("orders"));
    QVERIFY(latest.ok() && latest->has_value());
    QCOMPARE((*latest)->id, second->id);
}

void TestForecastService::badRequests()
{
    importEvents(weeklyEvents(10));
    Forecast::ForecastService service(m_db);
    Forecast::ServiceRequest request;
    request.source = QStringLiteral("nope");
    request.metric = QStringLiteral("orders");
    auto unknown = service.run(request);
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().kind, Common::ErrorKind::NotFound);
    request.source = QStringLiteral("shop");
    request.metric = QStringLiteral("nothing");
    auto empty = service.run(request);
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, QStringLiteral("NO_DATA"));
    request.metric = QStringLiteral("orders");
    request.horizon = 0;
    QCOMPARE(service.run(request).error().code, QStringLiteral("INVALID_HORIZON"));
    request.horizon = 7;
    request.field = QStringLiteral("value_sum; DROP TABLE sources");
    QCOMPARE(service.run(request).error().code, QStringLiteral("INVALID_FIELD"));
}

QTEST_GUILESS_MAIN(TestForecastService)
#include "tst_forecastservice.moc"
