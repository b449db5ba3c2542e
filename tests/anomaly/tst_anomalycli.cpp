// `smartdata anomalies` as scripts use it: the default detector, --series on a plain CSV file
// (JSON out, no database), and options a method does not use refused with a clear message.

#include "labeledseries.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

} // namespace

class TestAnomalyCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void seriesJson();
    void seriesWithoutTimeColumn();
    void seriesErrors_data();
    void seriesErrors();
    void unusedOptionsAreRefused_data();
    void unusedOptionsAreRefused();

private:
    Run smartdata(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(SMARTDATA_EXECUTABLE),
                      arguments + QStringList{QStringLiteral("--db"), m_dir.filePath(QStringLiteral("cli.db"))});
        process.waitForFinished(120000);
        return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
                   process.readAllStandardError()};
    }

    QString writeFile(const QString &name, const QString &text)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Text))
            file.write(text.toUtf8());
        return path;
    }

    QTemporaryDir m_dir;
    QString m_series; // one labeled series: date,value
    Labeled::Series m_labeled;
};

void TestAnomalyCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_labeled = Labeled::generateSet(20261207, 1).front();
    QString text = QStringLiteral("date,other,value\n");
    for (size_t i = 0; i < m_labeled.values.size(); ++i)
        text += m_labeled.start.addDays(qint64(i)).toString(Qt::ISODate) + QStringLiteral(",x,")
                + QString::number(m_labeled.values[i], 'g', 12) + QLatin1Char('\n');
    m_series = writeFile(QStringLiteral("series.csv"), text);
}

void TestAnomalyCli::seriesJson()
{
    const Run run = smartdata({QStringLiteral("anomalies"), QStringLiteral("--series"), m_series, QStringLiteral("--column"),
                               QStringLiteral("value"), QStringLiteral("--time"), QStringLiteral("date"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject json = run.json();
    QCOMPARE(json.value(QStringLiteral("method")).toString(), QStringLiteral("stl"));
    QCOMPARE(json.value(QStringLiteral("series")).toString(), m_series);
    QCOMPARE(json.value(QStringLiteral("points")).toArray().size(), qsizetype(m_labeled.values.size()));
    const QJsonArray anomalies = json.value(QStringLiteral("anomalies")).toArray();
    QVERIFY(!anomalies.isEmpty());
    int levelShifts = 0;
    for (const QJsonValue &a : anomalies) {
        const QJsonObject o = a.toObject();
        QVERIFY(!o.value(QStringLiteral("reason")).toString().isEmpty());
        QVERIFY(o.value(QStringLiteral("baseline")).isDouble());
        levelShifts += o.value(QStringLiteral("kind")).toString() == QLatin1String("level_shift") ? 1 : 0;
    }
    QVERIFY(levelShifts >= 1);
    // Nothing was stored: --series needs no database.
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("cli.db"))));

    // Text output names each flag's kind and why.
    const Run text = smartdata({QStringLiteral("anomalies"), QStringLiteral("--series"), m_series, QStringLiteral("--time"),
                                QStringLiteral("date")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("level_shift"));
    QVERIFY(text.out.contains("robust sd"));
}

void TestAnomalyCli::seriesWithoutTimeColumn()
{
    const QString path = writeFile(QStringLiteral("plain.csv"), QStringLiteral("y\n1\n2\n1\n2\n1\n2\n1\n2\n40\n2\n1\n\n2\n1\n2\n"));
    const Run run = smartdata({QStringLiteral("anomalies"), QStringLiteral("--series"), path, QStringLiteral("--column"),
                               QStringLiteral("1"), QStringLiteral("--method"), QStringLiteral("mad"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray points = run.json().value(QStringLiteral("points")).toArray();
    QCOMPARE(points.size(), 14);
    QCOMPARE(points.at(0).toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2000-01-01"));
    const QJsonArray anomalies = run.json().value(QStringLiteral("anomalies")).toArray();
    QCOMPARE(anomalies.size(), 1);
    QCOMPARE(anomalies.at(0).toObject().value(QStringLiteral("metric_date")).toString(), QStringLiteral("2000-01-09"));
}

void TestAnomalyCli::seriesErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("no such column") << QStringLiteral("date,value\n2024-01-01,1\n") << QStringList{QStringLiteral("--column"), QStringLiteral("sales")}
                                    << QStringLiteral("no column 'sales'");
    QTest::newRow("not a number") << QStringLiteral("date,value\n2024-01-01,1\n2024-01-02,lots\n") << QStringList{}
                                  << QStringLiteral(":3, column 'value': 'lots' is not a number");
    QTest::newRow("not a date") << QStringLiteral("date,value\n2024-01-01,1\nsoon,2\n")
                                << QStringList{QStringLiteral("--time"), QStringLiteral("date")} << QStringLiteral(":3, column 'date': 'soon' is not a date");
    QTest::newRow("day twice") << QStringLiteral("date,value\n2024-01-01,1\n2024-01-01,2\n")
                               << QStringList{QStringLiteral("--time"), QStringLiteral("date")} << QStringLiteral("2024-01-01");
    QTest::newRow("with --source") << QStringLiteral("value\n1\n") << QStringList{QStringLiteral("--source"), QStringLiteral("s")}
                                   << QStringLiteral("--source applies to a stored metric");
}

void TestAnomalyCli::seriesErrors()
{
    QFETCH(QString, text);
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    const QString path = writeFile(QStringLiteral("bad.csv"), text);
    const Run run = smartdata(QStringList{QStringLiteral("anomalies"), QStringLiteral("--series"), path} + extra);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
}

// Cause 5: the Isolation Forest ignored --window and --seasonal but echoed them back. Options a
// method does not use are now refused, saying why.
void TestAnomalyCli::unusedOptionsAreRefused_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("iforest --window") << QStringList{QStringLiteral("--method"), QStringLiteral("iforest"), QStringLiteral("--window"), QStringLiteral("14")}
                                      << QStringLiteral("--window does not apply to iforest");
    QTest::newRow("iforest --seasonal") << QStringList{QStringLiteral("--method"), QStringLiteral("iforest"), QStringLiteral("--seasonal")}
                                        << QStringLiteral("--seasonal does not apply to iforest");
    QTest::newRow("stl --window") << QStringList{QStringLiteral("--window"), QStringLiteral("14")}
                                  << QStringLiteral("do not apply to stl");
    QTest::newRow("zscore --contamination") << QStringList{QStringLiteral("--method"), QStringLiteral("zscore"), QStringLiteral("--contamination"), QStringLiteral("0.1")}
                                            << QStringLiteral("apply to iforest, not to zscore");
}

void TestAnomalyCli::unusedOptionsAreRefused()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    const Run run = smartdata(QStringList{QStringLiteral("anomalies"), QStringLiteral("--series"), m_series} + extra);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
}

QTEST_GUILESS_MAIN(TestAnomalyCli)
#include "tst_anomalycli.moc"
