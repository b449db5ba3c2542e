// The Theta method against forecast::thetaf (R 4.2, forecast 8.20; golden/make_golden_theta.R).

#include "forecast/theta.h"

#include "fuzzy.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace Forecast;

class TestTheta final : public QObject
{
    Q_OBJECT

private:
    static QJsonObject goldenCase(const QString &name)
    {
        QFile file(TestData::path("../forecast/golden/golden_theta.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        for (const QJsonValue &v : QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray())
            if (v.toObject().value(QStringLiteral("name")).toString() == name)
                return v.toObject();
        return {};
    }

    static std::vector<double> doubles(const QJsonValue &v)
    {
        std::vector<double> out;
        for (const QJsonValue &x : v.toArray())
            out.push_back(x.toDouble());
        return out;
    }

private slots:
    void matchesR_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"Nile", "LakeHuron", "WWWusage", "airmiles", "AirPassengers", "USAccDeaths", "nottem",
                                 "UKgas", "JohnsonJohnson", "austres", "co2[1:100]"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void matchesR()
    {
        QFETCH(QString, name);
        const QJsonObject c = goldenCase(name);
        QVERIFY2(!c.isEmpty(), qPrintable(name));
        const std::vector<double> y = doubles(c.value(QStringLiteral("values")));
        const int h = c.value(QStringLiteral("h")).toInt();
        const ThetaResult r = Theta::forecast(y, c.value(QStringLiteral("period")).toInt(), h);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.seasonal, c.value(QStringLiteral("seasonal")).toBool());
        QCOMPARE(int(r.points.size()), h);
        // R's Nelder–Mead stops near the least-squares optimum; the exact one differs slightly in
        // alpha where the SSE is flat (Nile: R 0.2456682, SSE 2038674.438; exact 0.2457281, SSE
        // 2038674.432), which moves the forecasts by up to ~1.4e-5 of the series' scale.
        SD_COMPARE_NEAR(r.alpha, c.value(QStringLiteral("alpha")).toDouble(), 2e-3);
        SD_COMPARE_NEAR(r.drift, c.value(QStringLiteral("drift")).toDouble(), 1e-9 * std::max(1.0, std::abs(r.drift)));
        const double sigma2 = c.value(QStringLiteral("sigma2")).toDouble();
        SD_COMPARE_NEAR(r.sigma2, sigma2, 1e-4 * sigma2);
        const std::vector<double> mean = doubles(c.value(QStringLiteral("mean")));
        const std::vector<double> lower95 = doubles(c.value(QStringLiteral("lower95")));
        const std::vector<double> upper80 = doubles(c.value(QStringLiteral("upper80")));
        double scale = 0.0;
        for (double v : y)
            scale = std::max(scale, std::abs(v));
        for (int i = 0; i < h; ++i) {
            SD_COMPARE_NEAR(r.points[size_t(i)].mean, mean[size_t(i)], 5e-5 * scale);
            SD_COMPARE_NEAR(r.points[size_t(i)].lower95, lower95[size_t(i)], 1e-4 * scale);
            SD_COMPARE_NEAR(r.points[size_t(i)].upper80, upper80[size_t(i)], 1e-4 * scale);
        }
    }

    // A fixed alpha replaces the least-squares one; the fitted alpha given back reproduces the fit.
    void fixedAlpha()
    {
        const QJsonObject c = goldenCase(QStringLiteral("AirPassengers"));
        const std::vector<double> y = doubles(c.value(QStringLiteral("values")));
        QVERIFY(y.size() > 100);
        const ThetaResult fitted = Theta::forecast(y, 12, 12);
        QVERIFY2(fitted.ok, qPrintable(fitted.error));
        const ThetaResult again = Theta::forecast(y, 12, 12, fitted.alpha);
        QVERIFY(again.ok);
        QCOMPARE(again.alpha, fitted.alpha);
        for (size_t i = 0; i < 12; ++i)
            SD_COMPARE_NEAR(again.points[i].mean, fitted.points[i].mean, 1e-9 * fitted.points[i].mean);
        const ThetaResult other = Theta::forecast(y, 12, 12, 0.2);
        QVERIFY(other.ok);
        QCOMPARE(other.alpha, 0.2);
        QVERIFY(std::abs(other.points[0].mean - fitted.points[0].mean) > 1e-6);
        QVERIFY(other.sigma2 >= fitted.sigma2); // least squares is least
    }

    void badInputIsAnError()
    {
        QVERIFY(!Theta::forecast({1.0, 2.0}, 1, 3).ok);
        QVERIFY(!Theta::forecast({1.0, 2.0, 3.0, 4.0}, 1, 0).ok);
        const ThetaResult gap = Theta::forecast({1.0, 2.0, NAN, 4.0, 5.0}, 1, 2);
        QVERIFY(!gap.ok);
        QVERIFY(gap.error.contains(QLatin1String("3")));
        // A constant series is not seasonal and forecasts itself with zero width.
        const ThetaResult flat = Theta::forecast(std::vector<double>(40, 5.0), 12, 3);
        QVERIFY2(flat.ok, qPrintable(flat.error));
        QVERIFY(!flat.seasonal);
        SD_COMPARE_NEAR(flat.points[2].mean, 5.0, 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestTheta)
#include "tst_theta.moc"
