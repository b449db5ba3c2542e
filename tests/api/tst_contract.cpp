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

    void test_sources_empty()
    {
        const Reply r = get("/api/sources");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), true);
        QVERIFY(r.object().value(u"data"_s).isArray());
        QCOMPARE(r.object().value(u"data"_s).toArray().size(), 0);
    }

    void test_sources_non_empty()
    {
        for (const QByteArray &name : {QByteArray("demo"), QByteArray("alt")})
            QCOMPARE(upload("/api/upload?source_name=" + name, "s.csv", "timestamp,value\n2025-01-01,1\n").status, 200);
        QStringList names;
        for (const QJsonValue &s : get("/api/sources").object().value(u"data"_s).toArray())
            names << s.toObject().value(u"name"_s).toString();
        QVERIFY2(names.contains(u"demo"_s) && names.contains(u"alt"_s), qPrintable(names.join(u',')));
    }

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

    // --- test_health_smoke.py, test_security_headers.py ---

    void test_health_ok()
    {
        const Reply r = m_server.call("GET", "/api/health");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.data().value(u"status"_s).toString(), u"ok"_s);
    }

    void test_security_headers()
    {
        const Reply r = m_server.call("GET", "/api/health");
        QVERIFY(r.hasHeader("Content-Security-Policy"));
        QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
    }

    // --- test_observability.py ---

    void test_request_id_header()
    {
        QVERIFY(!m_server.call("GET", "/api/health").header("X-Request-Id").isEmpty());
    }

    void test_metrics_endpoint_exposed()
    {
        m_server.call("GET", "/api/health");
        const Reply r = m_server.call("GET", "/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("http_requests_total"));
    }

    void test_latency_health_stats()
    {
        for (int i = 0; i < 3; ++i)
            m_server.call("GET", "/api/health");
        const Reply r = m_server.call("GET", "/api/health/latency");
        QCOMPARE(r.status, 200);
        QJsonObject row;
        for (const QJsonValue &p : r.object().value(u"paths"_s).toArray())
            if (p.toObject().value(u"path"_s).toString() == u"/api/health"_s)
                row = p.toObject();
        QVERIFY(!row.isEmpty());
        QVERIFY(row.value(u"p95_ms"_s).toDouble() >= row.value(u"p50_ms"_s).toDouble());
        QVERIFY(row.value(u"sample_size"_s).toInt() >= 1);
    }

    // --- test_auth_api.py ---

    void test_login_ok_and_protected_access()
    {
        const Reply login = m_server.call("POST", "/api/auth/login", R"({"email":"demo@example.com","password":"demo123456"})", "application/json");
        QCOMPARE(login.status, 200);
        const QByteArray access = ApiTest::Server::tokenOf(login);
        QCOMPARE(m_server.call("GET", "/api/metrics/daily?source_name=seeded-source&metric=events_total").status, 401);
        QCOMPARE(m_server.call("GET", "/api/metrics/daily?source_name=seeded-source&metric=events_total", {}, {}, access).status, 200);
    }

    void test_login_rejects_bad_password()
    {
        QCOMPARE(m_server.call("POST", "/api/auth/login", R"({"email":"demo@example.com","password":"wrong"})", "application/json").status, 401);
    }

    void test_refresh_ok_then_new_access()
    {
        const Reply login = m_server.call("POST", "/api/auth/login", R"({"email":"demo@example.com","password":"demo123456"})", "application/json");
        const Reply r = m_server.call("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + ApiTest::Server::tokenOf(login, "refresh_token") + "\"}",
                                      "application/json");
        QCOMPARE(r.status, 200);
        QVERIFY(r.object().contains(u"access_token"_s));
    }

    void test_refresh_rejects_garbage_token()
    {
        QCOMPARE(m_server.call("POST", "/api/auth/refresh", R"({"refresh_token":"not-a-jwt"})", "application/json").status, 401);
    }

    void test_signup_creates_user_and_allows_login()
    {
        const Reply r = m_server.call("POST", "/api/auth/signup", R"({"email":"newuser@example.com","password":"newpass123"})", "application/json");
        QCOMPARE(r.status, 201);
        QVERIFY(r.object().contains(u"access_token"_s) && r.object().contains(u"refresh_token"_s));
        QCOMPARE(m_server.call("POST", "/api/auth/login", R"({"email":"newuser@example.com","password":"newpass123"})", "application/json").status, 200);
    }

    void test_signup_rejects_duplicate_email()
    {
        QCOMPARE(m_server.call("POST", "/api/auth/signup", R"({"email":"demo@example.com","password":"demo123456"})", "application/json").status, 409);
    }

    // --- ingestion_upload/test_ingestion_api.py ---

    void test_ingest_csv_success()
    {
        const Reply r = upload("/api/ingest?source_name=ingest-csv", "data.csv", ApiTest::readFixture(u"ingest_csv_success.csv"_s));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.data().value(u"inserted"_s).toInt(), 2);
        QCOMPARE(storedEvents(u"ingest-csv"_s), 2);
    }

    void test_ingest_json_success()
    {
        const Reply r = post("/api/ingest?source_name=ingest-json", ApiTest::readFixture(u"ingest_json_success.json"_s), "application/json");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.data().value(u"inserted"_s).toInt(), 2);
        QCOMPARE(r.data().value(u"metric"_s).toString(), u"events_total"_s); // the default metric
    }

    // test_ingestion_api.py (older): a JSON file as the multipart part is accepted too.
    void test_ingest_json_file_part_success()
    {
        const QByteArray json = R"([{"timestamp":"2025-09-01","metric":"clicks","value":10},{"timestamp":"2025-09-02","metric":"clicks","value":12.5}])";
        const Reply r = upload("/api/ingest?source_name=tjson", "data.json", json);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.data().value(u"inserted"_s).toInt(), 2);
    }

    void test_ingest_duplicate_records_ignored()
    {
        const QByteArray csv = "timestamp,value,source\n2024-01-03T00:00:00Z,1,demo\n2024-01-03T00:01:00Z,2,demo\n";
        QCOMPARE(upload("/api/ingest?source_name=dups", "data.csv", csv).status, 200);
        const Reply again = upload("/api/ingest?source_name=dups", "data.csv", csv);
        QCOMPARE(again.status, 200);
        QVERIFY(again.data().value(u"duplicates"_s).toInt() >= 2);
        QCOMPARE(storedEvents(u"dups"_s), 2);
    }

    void test_ingest_missing_timestamp_column()
    {
        const Reply r = upload("/api/ingest?source_name=demo", "bad.csv", "value,source\n10,demo\n");
        QCOMPARE(r.status, 400);
        const QString text = errorText(r).toLower();
        QVERIFY2(text.contains(u"timestamp"_s) || text.contains(u"time"_s) || text.contains(u"date"_s), qPrintable(text));
    }

    void test_ingest_missing_value_column()
    {
        const Reply r = upload("/api/ingest?source_name=demo", "bad.csv", "timestamp,source\n2024-01-01T00:00:00Z,demo\n");
        QCOMPARE(r.status, 400);
        const QString text = errorText(r).toLower();
        QVERIFY2(text.contains(u"value"_s) || text.contains(u"numeric"_s), qPrintable(text));
    }

    void test_ingest_empty_file()
    {
        const Reply r = upload("/api/ingest?source_name=demo", "empty.csv", {});
        QCOMPARE(r.status, 400);
        QVERIFY2(errorText(r).toLower().contains(u"empty"_s), qPrintable(errorText(r)));
    }

    void test_ingest_partial_failure_triggers_rollback()
    {
        const Reply r = upload("/api/ingest?source_name=rollback", "mix.csv", ApiTest::readFixture(u"ingest_csv_partial_failure_strict_400.csv"_s));
        QCOMPARE(r.status, 400);
        QCOMPARE(storedEvents(u"rollback"_s), 0);
    }

    // --- ingestion_upload/test_ingest_raw_json.py ---

    void test_ingest_accepts_raw_json_body()
    {
        const Reply r = post("/api/ingest?source_name=raw-json", ApiTest::readFixture(u"ingest_raw_json_with_metric.json"_s), "application/json");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.data().value(u"metric"_s).toString(), u"events_total"_s);
    }

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

    void test_upload_success_minimal_csv()
    {
        const QByteArray csv = "timestamp,value,metric,source\n" + QDate::currentDate().toString(Qt::ISODate).toLatin1() + ",1,events_total,uat-upload\n";
        const Reply r = upload("/api/upload?source_name=uat-upload", "data.csv", csv);
        QVERIFY2(r.status == 200 || r.status == 201, r.body.constData());
        QCOMPARE(r.object().value(u"ok"_s).toBool(), true);
    }

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

    void test_metrics_daily_envelope_empty_range()
    {
        const Reply r = get("/api/metrics/daily?source_name=demo-source&metric=events_total&start_date=2099-01-01&end_date=2099-01-07");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), true);
        QCOMPARE(r.object().value(u"data"_s).toArray(), QJsonArray());
    }

    void test_metrics_daily_unknown_source_tolerates_graceful_empty()
    {
        const Reply r = get("/api/metrics/daily?source_name=nope-source&metric=events_total&start_date=2025-01-01&end_date=2025-01-02");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), true);
        QCOMPARE(r.object().value(u"data"_s).toArray(), QJsonArray());
    }

    void test_upload_wrong_media_type_415_or_422()
    {
        QCOMPARE(post("/api/upload", R"({"oops":"json"})", "application/json").status, 422);
    }

    void test_upload_empty_file_400_or_200()
    {
        const Reply r = upload("/api/upload?source_name=demo-source", "empty.csv", {});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), false);
    }

    void test_ingest_missing_columns_400()
    {
        const Reply r = post("/api/ingest?source_name=demo-source", "only_one_col\nvalue\n", "text/csv");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), false);
    }

    // --- uat/test_upload_emtpy_csv_ua.py ---

    void test_upload_empty_csv_yields_no_metrics()
    {
        const Reply r = upload("/api/upload?source_name=uat-source", "empty.csv", "timestamp,value,metric,source\n");
        QCOMPARE(r.status, 200);
        QVERIFY(r.data().contains(u"staging_id"_s));
        const QByteArray d0 = QDate::currentDate().toString(Qt::ISODate).toLatin1(), d1 = QDate::currentDate().addDays(1).toString(Qt::ISODate).toLatin1();
        QCOMPARE(post("/api/kpi/run?source_name=uat-source&metric=events_total&start_date=" + d0 + "&end_date=" + d1).status, 200);
        const Reply daily = get("/api/metrics/daily?source_name=uat-source&metric=events_total&start_date=" + d0 + "&end_date=" + d1);
        QCOMPARE(daily.status, 200);
        QCOMPARE(daily.object().value(u"data"_s).toArray().size(), 0);
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

    void test_two_json_events_one_day_sum_and_avg()
    {
        const QByteArray json = R"([{"timestamp":"2025-09-10T08:00:00Z","value":4},{"timestamp":"2025-09-10T09:00:00Z","value":5}])";
        QCOMPARE(post("/api/ingest?source_name=json-day", json, "application/json").status, 200);
        const QJsonObject row = get("/api/metrics/daily?source_name=json-day&metric=events_total").object().value(u"data"_s).toArray().first().toObject();
        QCOMPARE(row.value(u"value_sum"_s).toDouble(), 9.0);
        QCOMPARE(row.value(u"value_avg"_s).toDouble(), 4.5);
        QCOMPARE(row.value(u"value_count"_s).toInt(), 2);
    }

    // --- test_metrics_daily_validation.py ---

    void test_requires_some_selector() { QCOMPARE(get("/api/metrics/daily").status, 422); }

    void test_rejects_bad_dates()
    {
        QCOMPARE(get("/api/metrics/daily?source_name=demo&metric=events_total&start_date=not-a-date&end_date=2025-09-22").status, 400);
    }

    void test_start_end_inclusive_semantics()
    {
        const Reply r = get("/api/metrics/daily?source_name=kpi101&metric=default&start_date=2025-09-05&end_date=2025-09-05");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"data"_s).toArray().size(), 1); // both ends inclusive
    }

    // --- uat/test_metrics_daily_by_source_id_ua.py, uat/test_metrics_daily_aggregations_ua.py ---

    void test_metrics_daily_by_source_id_and_count()
    {
        const QDate d0 = QDate::currentDate();
        const QByteArray day = d0.toString(Qt::ISODate).toLatin1(), next = d0.addDays(1).toString(Qt::ISODate).toLatin1();
        const QByteArray events = "[{\"timestamp\":\"" + day + "T00:00:00\",\"value\":4,\"metric\":\"events_total\",\"source\":\"uat-source\"},"
                                  "{\"timestamp\":\"" + day + "T00:01:00\",\"value\":5,\"metric\":\"events_total\",\"source\":\"uat-source\"}]";
        QCOMPARE(post("/api/ingest?source_name=uat-source", events, "application/json").status, 200);
        QCOMPARE(post("/api/kpi/run?source_name=uat-source&metric=events_total&start_date=" + day + "&end_date=" + next).status, 200);
        qint64 id = -1;
        for (const QJsonValue &src : get("/api/sources").object().value(u"data"_s).toArray())
            if (src.toObject().value(u"name"_s).toString() == u"uat-source"_s)
                id = src.toObject().value(u"id"_s).toInteger();
        QVERIFY(id > 0);
        const Reply r = get("/api/metrics/daily?source_id=" + QByteArray::number(id) + "&metric=events_total&start_date=" + day + "&end_date=" + next
                            + "&agg=count&limit=1000");
        QCOMPARE(r.status, 200);
        const QJsonArray rows = r.object().value(u"data"_s).toArray();
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.first().toObject().value(u"metric_date"_s).toString(), QString::fromLatin1(day));
        QCOMPARE(rows.first().toObject().value(u"value"_s).toInt(), 2);
    }

    void test_metrics_daily_by_unknown_source_id_returns_empty()
    {
        const Reply r = get("/api/metrics/daily?source_id=999999999&metric=events_total&agg=count");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"data"_s).toArray(), QJsonArray());
    }

    void test_metrics_daily_avg_and_count()
    {
        const QByteArray day = QDate::currentDate().toString(Qt::ISODate).toLatin1();
        const QByteArray events = "[{\"timestamp\":\"" + day + "T00:00:00Z\",\"value\":4,\"metric\":\"events_total\"},"
                                  "{\"timestamp\":\"" + day + "T01:00:00Z\",\"value\":5,\"metric\":\"events_total\"}]";
        QCOMPARE(post("/api/ingest?source_name=uat-source-metrics-agg", events, "application/json").status, 200);
        const QByteArray query = "/api/metrics/daily?source_name=uat-source-metrics-agg&metric=events_total&start_date=" + day + "&end_date=" + day;
        QCOMPARE(get(query + "&agg=avg").object().value(u"data"_s).toArray().first().toObject().value(u"value"_s).toDouble(), 4.5);
        QCOMPARE(get(query + "&agg=count").object().value(u"data"_s).toArray().first().toObject().value(u"value"_s).toInt(), 2);
    }

    // --- uat/test_metrics_names_and_export_ua.py ---

    void test_metrics_names_and_export_csv_roundtrip()
    {
        const QByteArray day = QDate::currentDate().toString(Qt::ISODate).toLatin1();
        const QByteArray events = "[{\"timestamp\":\"" + day + "\",\"value\":1,\"metric\":\"events_total\"},"
                                  "{\"timestamp\":\"" + day + "\",\"value\":3,\"metric\":\"clicks_total\"}]";
        QCOMPARE(post("/api/ingest?source_name=uat-metrics-names", events, "application/json").status, 200);
        const QJsonArray names = get("/api/metrics/names?source_name=uat-metrics-names").object().value(u"data"_s).toArray();
        QVERIFY(names.contains(u"events_total"_s) && names.contains(u"clicks_total"_s));
        const Reply csv = get("/api/metrics/export/csv?source_name=uat-metrics-names&metric=events_total&start_date=" + day + "&end_date="
                              + QDate::currentDate().addDays(1).toString(Qt::ISODate).toLatin1());
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.header("Content-Type").contains("text/csv"));
        QVERIFY(csv.body.contains("metric_date"));
        QVERIFY(csv.body.contains("events_total"));
    }

    // --- test_anomaly_api.py ---

    void test_anomaly_rolling_flags_spike()
    {
        QByteArray csv = "timestamp,metric,value\n";
        const QList<QByteArray> lines = ApiTest::readFixture(u"metric_daily_anomaly_spike_input.csv"_s).trimmed().split('\n').mid(1);
        for (const QByteArray &line : lines) {
            const QList<QByteArray> f = line.trimmed().split(',');
            csv += f.at(0) + "T12:00:00Z,events_total," + f.at(3) + '\n';
        }
        QCOMPARE(post("/api/ingest?source_name=spike-demo", csv, "text/csv").status, 200);
        const Reply r = get("/api/metrics/anomaly/rolling?source_name=spike-demo&metric=events_total&start_date=2025-09-01&end_date=2025-09-08"
                            "&window=3&z_thresh=3.0&value_field=value_sum");
        QCOMPARE(r.status, 200);
        QVERIFY(r.object().value(u"points"_s).toArray().size() >= 7);
        QStringList flagged;
        for (const QJsonValue &a : r.object().value(u"anomalies"_s).toArray())
            flagged << a.toObject().value(u"metric_date"_s).toString();
        QVERIFY2(flagged.contains(u"2025-09-06"_s), qPrintable(flagged.join(u',')));
    }

    void test_anomaly_empty_series_is_graceful()
    {
        const Reply r = get("/api/metrics/anomaly/rolling?source_name=no-such-source&metric=events_total&start_date=2025-09-01&end_date=2025-09-08&window=3&z_thresh=3.0");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"points"_s).toArray(), QJsonArray());
        QCOMPARE(r.object().value(u"anomalies"_s).toArray(), QJsonArray());
    }

    void test_anomaly_bad_params_rejected()
    {
        QCOMPARE(get("/api/metrics/anomaly/rolling?source_name=demo&metric=events_total&window=1&z_thresh=3.0").status, 422);
        QCOMPARE(get("/api/metrics/anomaly/rolling?source_name=demo&metric=events_total&window=5&z_thresh=-1.0").status, 422);
    }

    // --- test_forecast_api.py ---

    void test_forecast_daily_contract_and_behavior()
    {
        seedForecastSeries();
        const Reply r = get("/api/forecast/daily?source_name=demo-source&metric=value");
        QCOMPARE(r.status, 200);
        const QJsonArray rows = r.array();
        QCOMPARE(rows.size(), 7);
        QDateTime previous;
        for (const QJsonValue &v : rows) {
            const QJsonObject row = v.toObject();
            QCOMPARE(row.value(u"metric"_s).toString(), u"value"_s);
            for (const QString &key : {u"yhat"_s, u"yhat_lower"_s, u"yhat_upper"_s})
                QVERIFY(row.value(key).isDouble() && std::isfinite(row.value(key).toDouble()));
            QVERIFY(row.value(u"yhat_lower"_s).toDouble() <= row.value(u"yhat"_s).toDouble());
            QVERIFY(row.value(u"yhat"_s).toDouble() <= row.value(u"yhat_upper"_s).toDouble());
            const QString stamp = row.value(u"metric_date"_s).toString();
            QVERIFY(stamp.endsWith(u"T00:00:00Z"_s));
            const QDateTime at = QDateTime::fromString(stamp, Qt::ISODate);
            QCOMPARE(at.offsetFromUtc(), 0);
            if (previous.isValid())
                QCOMPARE(previous.daysTo(at), 1);
            previous = at;
        }
        QCOMPARE(rows.first().toObject().value(u"metric_date"_s).toString(), u"2025-10-01T00:00:00Z"_s);
    }

    void test_forecast_daily_respects_public_horizon_and_dates()
    {
        seedForecastSeries();
        const Reply r = get("/api/forecast/daily?source_name=demo-source&metric=value&start_date=2025-10-01&end_date=2025-10-07");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.array().size(), 7);
        QCOMPARE(r.array().first().toObject().value(u"metric_date"_s).toString(), u"2025-10-01T00:00:00Z"_s);
    }

    // --- kpi_metrics_engine/test_reliability.py ---

    void test_forecast_upsert_is_idempotent()
    {
        seedForecastSeries();
        QCOMPARE(post("/api/forecast/run?source_name=demo-source&metric=value").status, 200);
        QCOMPARE(post("/api/forecast/run?source_name=demo-source&metric=value").status, 200);
        const Reply d = get("/api/forecast/daily?source_name=demo-source&metric=value");
        QCOMPARE(d.status, 200);
        QStringList dates;
        for (const QJsonValue &row : d.array())
            dates << row.toObject().value(u"date"_s).toString();
        QCOMPARE(QSet<QString>(dates.begin(), dates.end()).size(), dates.size());
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
