// `smartdata forecast` options from the command line (issue 20): the help lists the plain-series and
// model options, `forecast --series FILE --help` and `-h` print the series command's options, and
// --model picks the family.

#include <QDate>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "clirun.h"

namespace {

using CliTest::Run;

} // namespace

class TestForecastCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_series = m_dir.filePath(QStringLiteral("series.csv"));
        QFile file(m_series);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("date,value\n");
        for (int i = 0; i < 60; ++i)
            file.write(QDate(2025, 1, 1).addDays(i).toString(Qt::ISODate).toLatin1() + ',' + QByteArray::number(100 + (i % 7) * 5 + i) + '\n');
    }

    void helpListsTheOptions()
    {
        const Run run = smartdata({QStringLiteral("forecast"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        for (const char *option : {"--series", "--column", "--log", "--json", "--model", "--horizon"})
            QVERIFY2(run.out.contains(option), option);
    }

    void seriesHelp_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::newRow("--help") << QStringLiteral("--help");
        QTest::newRow("-h") << QStringLiteral("-h");
    }

    void seriesHelp()
    {
        QFETCH(QString, flag);
        const Run run = smartdata({QStringLiteral("forecast"), QStringLiteral("--series"), m_series, flag});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        for (const char *option : {"--series", "--column", "--log", "--json", "--model", "--exog"})
            QVERIFY2(run.out.contains(option), option);
        QVERIFY(run.out.contains("smartdata forecast --series"));
    }

    void modelOption()
    {
        const Run theta = smartdata({QStringLiteral("forecast"), QStringLiteral("--series"), m_series, QStringLiteral("--model"),
                                     QStringLiteral("theta"), QStringLiteral("--json")});
        QVERIFY2(theta.exitCode == 0, theta.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(theta.out).object();
        QCOMPARE(json.value(QStringLiteral("model_family")).toString(), QStringLiteral("theta"));
        QCOMPARE(json.value(QStringLiteral("model_requested")).toString(), QStringLiteral("theta"));

        const Run chosen = smartdata({QStringLiteral("forecast"), QStringLiteral("--series"), m_series});
        QCOMPARE(chosen.exitCode, 0);
        QVERIFY2(chosen.out.contains("Why: ") && chosen.out.contains("backtest MASE"), chosen.out.constData());

        const Run bad = smartdata({QStringLiteral("forecast"), QStringLiteral("--series"), m_series, QStringLiteral("--model"),
                                   QStringLiteral("prophet")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("--model must be auto, arima, ets, theta or combo"));
        const Run storedBad = smartdata({QStringLiteral("forecast"), QStringLiteral("--source"), QStringLiteral("s"),
                                         QStringLiteral("--metric"), QStringLiteral("m"), QStringLiteral("--model"), QStringLiteral("x")});
        QCOMPARE(storedBad.exitCode, 2);
    }

    // --model on a stored metric: the run is stored with the family asked for, and its details say so.
    void modelOptionForStoredMetric()
    {
        const QString events = m_dir.filePath(QStringLiteral("events.csv"));
        QFile file(events);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("timestamp,metric,value\n");
        for (int i = 0; i < 90; ++i)
            file.write(QDate(2025, 1, 1).addDays(i).toString(Qt::ISODate).toLatin1() + "T12:00:00Z,visits,"
                       + QByteArray::number(100 + (i % 7) * 5 + i + (i * 13) % 5) + '\n');
        file.close();
        const Run ingest = smartdata({QStringLiteral("ingest"), QStringLiteral("--source"), QStringLiteral("shop"), events});
        QVERIFY2(ingest.exitCode == 0, ingest.err.constData());
        const Run theta = smartdata({QStringLiteral("forecast"), QStringLiteral("--source"), QStringLiteral("shop"), QStringLiteral("--metric"),
                                     QStringLiteral("visits"), QStringLiteral("--model"), QStringLiteral("theta"), QStringLiteral("--json")});
        QVERIFY2(theta.exitCode == 0, theta.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(theta.out).object();
        QCOMPARE(json.value(QStringLiteral("model_family")).toString(), QStringLiteral("theta"));
        QCOMPARE(json.value(QStringLiteral("model_requested")).toString(), QStringLiteral("theta"));
        const QJsonObject reliability = json.value(QStringLiteral("reliability")).toObject();
        QCOMPARE(reliability.value(QStringLiteral("model")).toString(), QStringLiteral("theta")); // the folds fitted Theta too
        QVERIFY(reliability.value(QStringLiteral("smape")).isDouble());
        QVERIFY(reliability.contains(QStringLiteral("grade")));

        // The stored run reads back with the same details (the desktop shows them from there).
        const Run text = smartdata({QStringLiteral("forecast"), QStringLiteral("--source"), QStringLiteral("shop"), QStringLiteral("--metric"),
                                    QStringLiteral("visits"), QStringLiteral("--model"), QStringLiteral("ets")});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(text.out.contains("Model:       ETS"), text.out.constData());
    }

private:
    Run smartdata(QStringList arguments)
    {
        arguments << QStringLiteral("--db") << m_dir.filePath(QStringLiteral("cli.db"));
        return CliTest::smartdata(arguments);
    }

    QTemporaryDir m_dir;
    QString m_series;
};

QTEST_GUILESS_MAIN(TestForecastCli)
#include "tst_forecastcli.moc"
