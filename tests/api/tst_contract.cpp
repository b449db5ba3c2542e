// The contract of the predecessor (Smart Data Pipeline 0.7.0, github.com/fencingbuddha/SmartDataPipeline):
// every request/response expectation of its backend tests that applies to this API (API.md), replayed
// over HTTP against this server, one test function per expectation, named after the predecessor's test
// (its file in the comment). Where the predecessor accepted several statuses this API gives one, and
// the test asserts that one; issue #17's items are marked "#17/n".
//
// Not replayed: tests of the predecessor's internals (SQLAlchemy sessions, crypto, APScheduler, service
// functions called directly), of its old reply shapes that API.md replaced (/api/upload's 201
// {"records_ingested"}, /api/ingest's {"raw_events_inserted"}), and HSTS (this server speaks TLS only
// with --tls-cert, and then the deployment sets HSTS).
//
// The predecessor had no roles: the requests here carry an analyst's token.

#include "apitestserver.h"

#include <QDate>
#include <QTest>
#include <QUrlQuery>

#include <cmath>

using namespace Qt::StringLiterals;
using ApiTest::Reply;

class TestContract : public QObject
{
    Q_OBJECT

private:
    ApiTest::Server m_server;
    QByteArray m_token;           // an analyst (self-signup with --signup-role analyst)
    QByteArray m_refresh;
    bool m_seeded = false;

    Reply get(const QByteArray &path) { return m_server.call("GET", path, {}, {}, m_token); }
    Reply post(const QByteArray &path, const QByteArray &body = {}, const QByteArray &type = {})
    {
        return m_server.call("POST", path, body, type, m_token);
    }
    Reply upload(const QByteArray &path, const QByteArray &fileName, const QByteArray &content)
    {
        return m_server.multipart(path, fileName, content, m_token);
    }
    QString errorText(const Reply &r) const
    {
        const QJsonObject error = r.object().value(u"error"_s).toObject();
        return error.value(u"message"_s).toString() + u' ' + error.value(u"code"_s).toString() + u' '
             + r.object().value(u"detail"_s).toString();
    }
    int storedEvents(const QString &source)
    {
        qint64 inserted = 0;
        for (const QJsonValue &b : get("/api/batches?source_name=" + source.toUtf8()).object().value(u"data"_s).toArray())
            inserted += b.toObject().value(u"inserted"_s).toInteger();
        return int(inserted);
    }
    // days of one metric ending at last (inclusive), value(i) for day i = 0..days-1, as event CSV.
    static QByteArray series(const QByteArray &metric, const QDate &last, int days, const std::function<double(int)> &value)
    {
        QByteArray csv = "timestamp,metric,value\n";
        for (int i = 0; i < days; ++i)
            csv += last.addDays(i - days + 1).toString(Qt::ISODate).toLatin1() + "T12:00:00Z," + metric + ','
                 + QByteArray::number(value(i), 'g', 12) + '\n';
        return csv;
    }

    // conftest.py's seeded_metric_daily: demo-source / value, 60 days up to 2025-09-30 (after the
    // source tests, which need an empty database).
    void seedForecastSeries()
    {
        if (m_seeded)
            return;
        m_seeded = true;
        const QByteArray csv = series("value", QDate(2025, 9, 30), 60, [](int i) { return 100.0 + 10.0 * std::sin(i * 2.0 * M_PI / 7.0) + 0.2 * i; });
        QCOMPARE(post("/api/ingest?source_name=demo-source", csv, "text/csv").status, 200);
    }


    // One day of sparse-source / sparse-metric: too little for a backtest fold.
    void seedSparseSource()
    {
        if (post("/api/ingest?source_name=sparse-source", "timestamp,metric,value\n2025-09-30,sparse-metric,5\n", "text/csv").status != 200)
            qWarning("cannot seed sparse-source");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.options().signupRole = Auth::Role::Analyst;
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        // The first user is the admin; the contract runs as a later self-signup, an analyst.
        QCOMPARE(m_server.call("POST", "/api/auth/signup", R"({"email":"owner@example.com","password":"Owner-Pass-123-long"})", "application/json").status, 201);
        const Reply signup = m_server.call("POST", "/api/auth/signup", R"({"email":"demo@example.com","password":"demo123456"})", "application/json");
        QCOMPARE(signup.status, 201);
        m_token = ApiTest::Server::tokenOf(signup);
        m_refresh = ApiTest::Server::tokenOf(signup, "refresh_token");
    }

    void cleanupTestCase() { m_server.stop(); }

    // --- test_sources_api.py, uat/test_sources_list_ua.py (first: the database is still empty) ---

    // #17/4: the frontend selects the first entry; the predecessor listed them by name.
    void test_sources_list_ordered_by_name()
    {
        for (const QByteArray &name : {QByteArray("zulu"), QByteArray("alpha"), QByteArray("Mike")})
            QCOMPARE(upload("/api/upload?source_name=" + name, "s.csv", "timestamp,value\n2025-01-01,1\n").status, 200);
        QStringList names;
        for (const QJsonValue &s : get("/api/sources").object().value(u"data"_s).toArray())
            names << s.toObject().value(u"name"_s).toString();
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(names, sorted);
        QVERIFY(names.indexOf(u"alpha"_s) < names.indexOf(u"zulu"_s)); // created later, listed first
    }

    // --- ingestion_upload/test_ingestion_api.py ---

    // test_ingestion_api.py (older): a JSON file as the multipart part is accepted too.
    void test_ingest_json_file_part_success()
    {
        const QByteArray json = R"([{"timestamp":"2025-09-01","metric":"clicks","value":10},{"timestamp":"2025-09-02","metric":"clicks","value":12.5}])";
        const Reply r = upload("/api/ingest?source_name=tjson", "data.json", json);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.data().value(u"inserted"_s).toInt(), 2);
    }

    // --- ingestion_upload/test_ingest_raw_json.py ---

    void test_ingest_rejects_wrong_multipart_when_raw_expected()
    {
        // A JSON part whose rows have no timestamp: strict multipart import, 400.
        QCOMPARE(upload("/api/ingest?source_name=demo", "data.json", R"([{"a":1}])").status, 400);
    }

    // #17/7: /api/ingest multipart without a 'file' part is 400.
    void test_ingest_multipart_without_file_part_is_400()
    {
        QByteArray type;
        const QByteArray body = ApiTest::Server::form({{"not_file", "data.csv", "timestamp,value\n2025-01-01,1\n"}}, &type);
        const Reply r = post("/api/ingest?source_name=demo", body, type);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), u"MISSING_FILE"_s);
    }

    // #17/8: data.metric is the first metric seen, also for a file of several metrics.
    void test_ingest_reply_metric_is_the_first_metric_seen()
    {
        const QByteArray csv = "timestamp,metric,value\n2025-03-01,zeta,1\n2025-03-01,alpha,2\n2025-03-02,zeta,3\n";
        const Reply r = post("/api/ingest?source_name=multi", csv, "text/csv");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.data().value(u"metric"_s).toString(), u"zeta"_s);
        QCOMPARE(r.data().value(u"metrics"_s).toArray(), (QJsonArray{u"alpha"_s, u"zeta"_s}));
    }

    // --- uat/test_upload_router_ua.py, ingestion_upload/test_upload.py ---

    // #17/7: /api/upload without a file is 422.
    void test_upload_missing_file_field_returns_422_or_400()
    {
        const Reply r = post("/api/upload?source_name=uat-upload-missing");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), false);
    }

    void test_upload_wrong_form_field_returns_400_422()
    {
        QByteArray type;
        const QByteArray body = ApiTest::Server::form({{"not_file", "data.csv", "timestamp,value\n2025-01-01,1\n"}}, &type);
        QCOMPARE(post("/api/upload?source_name=uat-upload-bad", body, type).status, 422);
    }

    void test_upload_rejects_missing_file()
    {
        QByteArray type;
        const QByteArray body = ApiTest::Server::form({}, &type);
        QCOMPARE(post("/api/upload?source_name=demo-source", body, type).status, 422);
    }

    // --- test_envelopes_and_errors.py ---

    void test_upload_wrong_media_type_415_or_422()
    {
        QCOMPARE(post("/api/upload", R"({"oops":"json"})", "application/json").status, 422);
    }

    // --- test_kpi.py, test_kpi_daily.py (fixtures of the predecessor) ---

    // #17/5: rows_upserted counts the day rows written.
    void test_kpi_happy_path()
    {
        const QDateTime base(QDate::currentDate(), QTime(12, 0), Qt::UTC);
        QByteArray csv = "timestamp,metric,value\n";
        const QList<QPair<QDateTime, int>> rows{{base.addDays(-1).addSecs(-3600), 10}, {base.addDays(-1).addSecs(-7200), 20},
                                                {base.addDays(-1).addSecs(-10800), 30}, {base, 40}};
        for (const auto &[ts, value] : rows)
            csv += ts.toString(Qt::ISODate).toLatin1() + ",orders," + QByteArray::number(value) + '\n';
        QCOMPARE(post("/api/ingest?source_name=kpi-happy", csv, "text/csv").status, 200);
        const Reply r = post("/api/kpi/run");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.data().value(u"rows_upserted"_s).toInt() >= 2, r.body.constData());
        QVERIFY(r.data().value(u"groups_upserted"_s).toInt() >= 2);
        const QByteArray yesterday = base.date().addDays(-1).toString(Qt::ISODate).toLatin1();
        const QJsonArray daily = get("/api/metrics/daily?source_name=kpi-happy&metric=orders&start_date=" + yesterday + "&end_date=" + yesterday)
                                     .object().value(u"data"_s).toArray();
        QCOMPARE(daily.size(), 1);
        const QJsonObject md = daily.first().toObject();
        QCOMPARE(md.value(u"value_sum"_s).toDouble(), 60.0);
        QCOMPARE(std::round(md.value(u"value_avg"_s).toDouble() * 100) / 100, 20.0);
        QCOMPARE(md.value(u"value_count"_s).toInt(), 3);
        // The same for one source and metric: its two days.
        const Reply scoped = post("/api/kpi/run?source_name=kpi-happy&metric=orders");
        QCOMPARE(scoped.data().value(u"rows_upserted"_s).toInt(), 2);
        QCOMPARE(scoped.data().value(u"groups_upserted"_s).toInt(), 2);
    }

    void test_kpi_empty_ok()
    {
        const Reply r = post("/api/kpi/run?source_name=no-events-here");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.data().value(u"rows_upserted"_s).toInt(), 0);
    }

    void test_kpi_daily_matches_expected_fixture()
    {
        QCOMPARE(post("/api/ingest?source_name=kpi101", ApiTest::readFixture(u"clean_events_kpi_daily_input.csv"_s), "text/csv").status, 200);
        const Reply run = post("/api/kpi/run?source_name=kpi101");
        QCOMPARE(run.data().value(u"rows_upserted"_s).toInt(), 2);
        const QJsonArray rows = get("/api/metrics/daily?source_name=kpi101&metric=default").object().value(u"data"_s).toArray();
        const QList<QByteArray> expected = ApiTest::readFixture(u"metric_daily_kpi_daily_expected.csv"_s).trimmed().split('\n').mid(1);
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QList<QByteArray> f = expected.at(i).trimmed().split(',');
            const QJsonObject row = rows.at(i).toObject();
            QCOMPARE(row.value(u"metric_date"_s).toString(), QString::fromLatin1(f.at(0)));
            QCOMPARE(row.value(u"value_count"_s).toInt(), f.at(3).toInt());
            QCOMPARE(row.value(u"value_sum"_s).toDouble(), f.at(4).toDouble());
            QCOMPARE(row.value(u"value_avg"_s).toDouble(), f.at(5).toDouble());
        }
        // Running it again changes nothing.
        QCOMPARE(post("/api/kpi/run?source_name=kpi101").data().value(u"rows_changed"_s).toInt(), 0);
        QCOMPARE(get("/api/metrics/daily?source_name=kpi101&metric=default").object().value(u"data"_s).toArray(), rows);
    }

    // --- test_forecast_reliability_router_cov.py ---

    // test_run_recalc_succeeds_with_seeded_data (a name ending in _data is a data function to Qt Test).
    void test_run_recalc_succeeds_with_seeded_metric_daily()
    {
        seedForecastSeries();
        const Reply r = post("/api/forecast/reliability/run", R"({"source_name":"demo-source","metric":"value","days":60,"folds":5,"horizon":7})",
                             "application/json");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), true);
        QVERIFY(r.data().value(u"folds"_s).toInt() > 0);
        QCOMPARE(r.object().value(u"meta"_s).toObject().value(u"source_name"_s).toString(), u"demo-source"_s);
        QCOMPARE(r.object().value(u"meta"_s).toObject().value(u"metric"_s).toString(), u"value"_s);
    }

    void test_run_recalc_raises_when_no_folds()
    {
        seedSparseSource();
        const Reply r = post("/api/forecast/reliability/run", R"({"source_name":"sparse-source","metric":"sparse-metric","days":7,"folds":5,"horizon":3})",
                             "application/json");
        QCOMPARE(r.status, 422);
        QVERIFY2(r.object().value(u"detail"_s).toString().contains(u"produced 0 folds"_s), r.body.constData());
    }

    // #17/3: the dashboard's reliability of a series without data is no error.
    void test_reliability_without_data_has_zero_folds_and_a_reason_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::newRow("unknown source") << QByteArray("source_name=fresh-install&metric=events_total");
        QTest::newRow("source without the metric") << QByteArray("source_name=demo-source&metric=no-such-metric");
        QTest::newRow("one day only") << QByteArray("source_name=sparse-source&metric=sparse-metric");
    }

    void test_reliability_without_data_has_zero_folds_and_a_reason()
    {
        QFETCH(QByteArray, query);
        seedForecastSeries();
        seedSparseSource();
        const Reply r = get("/api/forecast/reliability?" + query);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), true);
        QCOMPARE(r.data().value(u"folds"_s).toInt(), 0);
        QVERIFY(r.data().value(u"grade"_s).isNull());
        QVERIFY(!r.data().value(u"reason"_s).toString().isEmpty());
        QVERIFY(!r.object().value(u"meta"_s).toObject().value(u"reason"_s).toString().isEmpty());
    }

    // --- test_forecast_health_api.py ---

    // #17/6: mape is a number whenever a model exists.
    void test_forecast_health_endpoint_shape_and_idempotency()
    {
        const QByteArray csv = series("events_total", QDate::currentDate().addDays(-1), 120, [](int i) { return 50.0 + 0.5 * i; });
        QCOMPARE(post("/api/ingest?source_name=demo-health", csv, "text/csv").status, 200);
        const Reply r = get("/api/forecast/health?source_name=demo-health&metric=events_total&window=90");
        QCOMPARE(r.status, 200);
        const QJsonObject body = r.object();
        const QStringList keys = body.keys();
        QCOMPARE(QSet<QString>(keys.begin(), keys.end()), (QSet<QString>{u"trained_at"_s, u"window"_s, u"mape"_s}));
        QCOMPARE(body.value(u"window"_s).toInt(), 90);
        QVERIFY2(body.value(u"mape"_s).isDouble(), r.body.constData());
        const Reply r2 = get("/api/forecast/health?source_name=demo-health&metric=events_total&window=90");
        QCOMPARE(r2.status, 200);
        QCOMPARE(r2.object().value(u"mape"_s), body.value(u"mape"_s));
        QCOMPARE(r2.object().value(u"trained_at"_s), body.value(u"trained_at"_s));
    }

    void test_forecast_health_mape_of_a_short_series_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::newRow("too short to backtest") << QByteArray("sparse-source");
    }

    void test_forecast_health_mape_of_a_short_series()
    {
        QFETCH(QByteArray, source);
        seedSparseSource();
        const Reply r = get("/api/forecast/health?source_name=" + source + "&metric=sparse-metric&window=30");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.object().value(u"mape"_s).isDouble(), r.body.constData());
        QVERIFY(!r.object().value(u"trained_at"_s).toString().isEmpty());
    }

    void test_forecast_health_unknown_source()
    {
        QCOMPARE(get("/api/forecast/health?source_name=nope&metric=events_total&window=90").status, 422);
    }
};

QTEST_GUILESS_MAIN(TestContract)
#include "tst_contract.moc"
