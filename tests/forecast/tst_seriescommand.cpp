// `smartdata forecast --series FILE.csv`: JSON output, period inference, exit codes and messages.

#include "forecast/seriescommand.h"

#include "fuzzy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Forecast;

class TestSeriesCommand final : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };

    static Run run(const QStringList &arguments)
    {
        Run r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        r.code = runSeriesCommand(arguments, out, err);
        out.flush();
        err.flush();
        return r;
    }

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(content);
        return path;
    }

private slots:
    void helpListsTheOptions()
    {
        for (const QString &flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
            const Run r = run({QStringLiteral("--series"), QStringLiteral("whatever.csv"), flag});
            QCOMPARE(r.code, 0);
            for (const char *option : {"--series", "--column", "--log", "--json", "--model", "--horizon", "--exog"})
                QVERIFY2(r.out.contains(QLatin1String(option)), option);
            QVERIFY(r.out.startsWith(QStringLiteral("Usage: smartdata forecast --series FILE.csv")));
        }
    }

    void modelFamilies()
    {
        const QString path = TestData::path("forecast/AirPassengers.csv");
        for (const QString &family : {QStringLiteral("arima"), QStringLiteral("theta"), QStringLiteral("combo"), QStringLiteral("auto")}) {
            const Run r = run({QStringLiteral("--series"), path, QStringLiteral("--model"), family, QStringLiteral("--horizon"),
                               QStringLiteral("6"), QStringLiteral("--json")});
            QCOMPARE(r.code, 0);
            const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
            QCOMPARE(json.value(QStringLiteral("model_requested")).toString(), family);
            if (family != QLatin1String("auto"))
                QCOMPARE(json.value(QStringLiteral("model_family")).toString(), family);
            QVERIFY(!json.value(QStringLiteral("choice_reason")).toString().isEmpty());
            QCOMPARE(json.value(QStringLiteral("forecast")).toArray().size(), 6);
        }
        const Run bad = run({QStringLiteral("--series"), path, QStringLiteral("--model"), QStringLiteral("prophet")});
        QCOMPARE(bad.code, 2);
        const Run fixed = run({QStringLiteral("--series"), path, QStringLiteral("--model"), QStringLiteral("theta"),
                               QStringLiteral("--order"), QStringLiteral("0,1,1")});
        QCOMPARE(fixed.code, 2);
    }

    void airlineJson()
    {
        const Run r = run({QStringLiteral("--series"), TestData::path("forecast/AirPassengers.csv"), QStringLiteral("--log"),
                           QStringLiteral("--order"), QStringLiteral("0,1,1"), QStringLiteral("--seasonal"),
                           QStringLiteral("0,1,1,12"), QStringLiteral("--horizon"), QStringLiteral("3"),
                           QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("model")).toString(), QStringLiteral("ARIMA(0,1,1)(0,1,1)[12]"));
        QCOMPARE(json.value(QStringLiteral("order")).toArray(), (QJsonArray{0, 1, 1}));
        QCOMPARE(json.value(QStringLiteral("seasonal_order")).toArray(), (QJsonArray{0, 1, 1, 12}));
        QCOMPARE(json.value(QStringLiteral("trend")).toString(), QStringLiteral("n"));
        const QJsonObject params = json.value(QStringLiteral("params")).toObject();
        QCOMPARE(params.keys(), (QStringList{QStringLiteral("ma.L1"), QStringLiteral("ma.S.L12"), QStringLiteral("sigma2")}));
        SD_COMPARE_NEAR(params.value(QStringLiteral("ma.L1")).toDouble(), -0.4018324, 5e-4);
        QVERIFY(json.value(QStringLiteral("bse")).toObject().value(QStringLiteral("ma.S.L12")).toDouble() > 0.0);
        SD_COMPARE_NEAR(json.value(QStringLiteral("llf")).toDouble(), 244.69651, 1e-4);
        QCOMPARE(json.value(QStringLiteral("nobs")).toInt(), 144);
        QVERIFY(json.value(QStringLiteral("fallback_reason")).isNull());
        QCOMPARE(json.value(QStringLiteral("ljung_box")).toObject().value(QStringLiteral("lags")).toInt(), 24);
        QCOMPARE(json.value(QStringLiteral("transform")).toString(), QStringLiteral("log"));
        const QJsonArray fc = json.value(QStringLiteral("forecast")).toArray();
        QCOMPARE(fc.size(), 3);
        // Back on the original scale: exp(6.110185743) passengers.
        SD_COMPARE_NEAR(fc.at(0).toObject().value(QStringLiteral("mean")).toDouble(), std::exp(6.110185743), 0.05);
        QCOMPARE(fc.at(2).toObject().value(QStringLiteral("h")).toInt(), 3);
        for (const char *key : {"aic", "aicc", "bic", "hqic", "fit_seconds"})
            QVERIFY(json.value(QLatin1String(key)).isDouble());
    }

    void periodInferredFromQuarterlyDates()
    {
        const Run r = run({QStringLiteral("--series"), TestData::path("forecast/wpi1.csv"), QStringLiteral("--order"),
                           QStringLiteral("1,1,1"), QStringLiteral("--trend"), QStringLiteral("c")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("ARIMA(1,1,1) with drift")));
        QVERIFY(r.out.contains(QStringLiteral("drift")));
        QVERIFY(r.out.contains(QStringLiteral("log-likelihood -135.35")));
        // Quarterly dates give period 4, hence a default horizon of 4 rows.
        QVERIFY(r.out.contains(QStringLiteral("\n   4 ")));
        QVERIFY(!r.out.contains(QStringLiteral("\n   5 ")));
    }

    void dailyFallbackJson()
    {
        const QString path = writeFile(QStringLiteral("short.csv"),
                                       "date,value\n2025-09-01,4\n2025-09-02,5\n2025-09-03,\n2025-09-04,7\n"
                                       "2025-09-05,6\n2025-09-06,2\n2025-09-07,3\n2025-09-08,4\n2025-09-09,5\n");
        const Run r = run({QStringLiteral("--series"), path, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(json.value(QStringLiteral("fallback_reason")).toString().contains(
            QStringLiteral("only 8 days, SARIMA needs at least 2 seasons")));
        QVERIFY(json.value(QStringLiteral("params")).isNull());
        QCOMPARE(json.value(QStringLiteral("forecast")).toArray().size(), 7); // period 7 inferred from daily dates
    }

    void exogenousRegressorsWithFutureRows()
    {
        QByteArray csv = "t,value,promo\n";
        for (int t = 0; t < 80; ++t) {
            const int promo = (t % 5 == 0) ? 1 : 0;
            const double y = 50.0 + 10.0 * promo + ((t * 37) % 11) * 0.3;
            csv += QByteArray::number(t) + ',' + QByteArray::number(y) + ',' + QByteArray::number(promo) + '\n';
        }
        csv += "80,,1\n81,,0\n";
        const QString path = writeFile(QStringLiteral("exog.csv"), csv);
        const Run r = run({QStringLiteral("--series"), path, QStringLiteral("--exog"), QStringLiteral("promo"),
                           QStringLiteral("--order"), QStringLiteral("1,0,0"), QStringLiteral("--trend"),
                           QStringLiteral("c"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        SD_COMPARE_NEAR(json.value(QStringLiteral("params")).toObject().value(QStringLiteral("promo")).toDouble(), 10.0, 0.5);
        const QJsonArray fc = json.value(QStringLiteral("forecast")).toArray();
        QCOMPARE(fc.size(), 2);
        QVERIFY(fc.at(0).toObject().value(QStringLiteral("mean")).toDouble()
                > fc.at(1).toObject().value(QStringLiteral("mean")).toDouble() + 5.0);
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no series") << QStringList{QStringLiteral("--json")} << QStringLiteral("--series FILE.csv is required");
        QTest::newRow("missing file") << QStringList{QStringLiteral("--series"), QStringLiteral("/nonexistent/x.csv")}
                                      << QStringLiteral("cannot open /nonexistent/x.csv");
        QTest::newRow("bad order") << QStringList{QStringLiteral("--series"), TestData::path("forecast/wpi1.csv"),
                                                  QStringLiteral("--order"), QStringLiteral("1,x,1")}
                                   << QStringLiteral("--order expects p,d,q");
        QTest::newRow("unknown column") << QStringList{QStringLiteral("--series"), TestData::path("forecast/wpi1.csv"),
                                                       QStringLiteral("--column"), QStringLiteral("price")}
                                        << QStringLiteral("no column 'price'");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    }

    void badUsage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = run(arguments);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void badCellSaysWhere()
    {
        const QString path = writeFile(QStringLiteral("bad.csv"), "date,value\n2025-01-01,1\n2025-01-02,abc\n");
        const Run r = run({QStringLiteral("--series"), path});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("bad.csv:3, column 'value': 'abc' is not a number")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestSeriesCommand)
#include "tst_seriescommand.moc"
