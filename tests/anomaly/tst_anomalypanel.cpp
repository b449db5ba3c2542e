// The detector controls beside the KPI chart: the new default (stl), the Isolation Forest's
// contamination, which settings each method uses, and the kind and reason of each flagged day.

#include "ui/anomalypanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

class TestAnomalyPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultIsStl();
    void settingsFollowTheMethod_data();
    void settingsFollowTheMethod();
    void contaminationRoundTrips();
    void tableShowsKindAndReason();
};

void TestAnomalyPanel::defaultIsStl()
{
    Ui::AnomalyPanel panel;
    QCOMPARE(panel.params().method, Anomaly::Method::SeasonalEsd);
    QCOMPARE(panel.params().threshold, Anomaly::AnomalyParams::kDefaultEsdThreshold);
    QVERIFY(panel.params().validate());
}

void TestAnomalyPanel::settingsFollowTheMethod_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("window");
    QTest::addColumn<bool>("threshold");
    QTest::addColumn<bool>("contamination");
    QTest::newRow("stl") << QStringLiteral("stl") << false << true << false;
    QTest::newRow("zscore") << QStringLiteral("zscore") << true << true << false;
    QTest::newRow("mad") << QStringLiteral("mad") << true << true << false;
    QTest::newRow("iforest") << QStringLiteral("iforest") << false << false << true;
}

void TestAnomalyPanel::settingsFollowTheMethod()
{
    QFETCH(QString, method);
    QFETCH(bool, window);
    QFETCH(bool, threshold);
    QFETCH(bool, contamination);
    Ui::AnomalyPanel panel;
    auto *combo = panel.findChild<QComboBox *>(QStringLiteral("anomalyMethod"));
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(method));
    QCOMPARE(panel.findChild<QSpinBox *>(QStringLiteral("anomalyWindow"))->isEnabled(), window);
    QCOMPARE(panel.findChild<QCheckBox *>(QStringLiteral("anomalySeasonal"))->isEnabled(), window);
    QCOMPARE(panel.findChild<QDoubleSpinBox *>(QStringLiteral("anomalyThreshold"))->isEnabled(), threshold);
    QCOMPARE(panel.contaminationBox()->isEnabled(), contamination);
    QCOMPARE(Anomaly::methodName(panel.params().method), method);
}

void TestAnomalyPanel::contaminationRoundTrips()
{
    Ui::AnomalyPanel panel;
    Anomaly::AnomalyParams forest = Anomaly::AnomalyParams::defaults(Anomaly::Method::IsolationForest);
    panel.setParams(forest);
    QCOMPARE(panel.params().contamination, std::optional<double>(0.01));
    forest.contamination = 0.05;
    panel.setParams(forest);
    QCOMPARE(panel.params().contamination, std::optional<double>(0.05));
    forest.contamination.reset(); // auto: the spin box's special value
    panel.setParams(forest);
    QVERIFY(!panel.params().contamination.has_value());
    QCOMPARE(panel.contaminationBox()->text(), panel.contaminationBox()->specialValueText());
}

void TestAnomalyPanel::tableShowsKindAndReason()
{
    Ui::AnomalyPanel panel;
    Anomaly::StoredAnomaly shift;
    shift.day = QDate(2025, 3, 1);
    shift.method = QStringLiteral("stl");
    shift.value = 180.0;
    shift.score = 8.2;
    shift.isOutlier = true;
    shift.kind = Anomaly::AnomalyKind::LevelShift;
    shift.reason = QStringLiteral("level shift: the level moved from 100 to 180");
    Anomaly::StoredAnomaly old; // stored before schema 8: no kind, explained from its score
    old.day = QDate(2025, 3, 5);
    old.method = QStringLiteral("zscore");
    old.value = 50.0;
    old.score = 4.0;
    old.isOutlier = true;
    old.params = Anomaly::AnomalyParams::defaults(Anomaly::Method::RollingZ).toJson();
    panel.setAnomalies({shift, old});
    QCOMPARE(panel.table()->rowCount(), 2);
    QVERIFY(panel.table()->item(0, 1)->text().contains(Ui::AnomalyPanel::kindLabel(Anomaly::AnomalyKind::LevelShift)));
    QCOMPARE(panel.table()->item(0, 3)->text(), shift.reason);
    QCOMPARE(panel.table()->item(1, 1)->text(), QStringLiteral("zscore"));
    QVERIFY(panel.table()->item(1, 3)->text().contains(QLatin1String("trailing 7-day window")));
}

QTEST_MAIN(TestAnomalyPanel)
#include "tst_anomalypanel.moc"
