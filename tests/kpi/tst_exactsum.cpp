// Kpi::ExactSum: the exact sum rounded once (Python's math.fsum as the reference), the same whatever
// the order of the values, and stored and read back without loss.

#include "kpi/exactsum.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <vector>

using Kpi::ExactSum;

namespace {

double sumOf(const std::vector<double> &values)
{
    ExactSum sum;
    for (double v : values)
        sum.add(v);
    return sum.value();
}

// The same double, bit for bit (QCOMPARE on doubles is fuzzy).
#define COMPARE_BITS(actual, expected)                                                                      \
    QVERIFY2(std::memcmp(&(actual), &(expected), sizeof(double)) == 0,                                      \
             qPrintable(QString::asprintf("%a != %a", (actual), (expected))))

struct GoldenCase
{
    double expected;
    std::vector<double> values;
};

std::vector<GoldenCase> goldenCases(const char *name = "fsum_golden.txt")
{
    QFile file(QStringLiteral(SMARTDATA_TEST_DATA_DIR "/kpi/") + QLatin1String(name));
    std::vector<GoldenCase> cases;
    if (!file.open(QIODevice::ReadOnly))
        return cases;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        GoldenCase c;
        const QList<QByteArray> fields = line.split(' ');
        c.expected = std::strtod(fields.first().constData(), nullptr);
        for (qsizetype i = 1; i < fields.size(); ++i)
            c.values.push_back(std::strtod(fields[i].constData(), nullptr));
        cases.push_back(std::move(c));
    }
    return cases;
}

} // namespace

class TestExactSum final : public QObject
{
    Q_OBJECT

private slots:
    void matchesPythonFsum();
    void orderDoesNotMatter();
    void knownSums();
    void sumsOfSums();
    void serializedRoundTrip();
    void rejectsWhatItDidNotWrite();
    void runningSumsThatOverflowStayExact_data();
    void runningSumsThatOverflowStayExact();
    void overflowMatchesFractions();
    void carriedUnitsAreStored();
    void meanOfASumBeyondRange();
};

void TestExactSum::matchesPythonFsum()
{
    const auto cases = goldenCases();
    QCOMPARE(cases.size(), size_t(41));
    int naiveDiffers = 0;
    for (const GoldenCase &c : cases) {
        const double actual = sumOf(c.values);
        COMPARE_BITS(actual, c.expected);
        double naive = 0;
        for (double v : c.values)
            naive += v;
        naiveDiffers += naive != c.expected;
    }
    // The golden cases are ones where the order and rounding of a plain sum matter.
    QVERIFY(naiveDiffers >= 10);
}

void TestExactSum::orderDoesNotMatter()
{
    QRandomGenerator random(5);
    for (const GoldenCase &c : goldenCases()) {
        std::vector<double> values = c.values;
        for (int round = 0; round < 5; ++round) {
            std::shuffle(values.begin(), values.end(), random);
            const double actual = sumOf(values);
            COMPARE_BITS(actual, c.expected);
        }
    }
}

void TestExactSum::knownSums()
{
    const double tenth = sumOf(std::vector<double>(10, 0.1));
    QCOMPARE(tenth, 1.0); // a plain sum gives 0.9999999999999999
    QCOMPARE(sumOf({1e100, 1.0, -1e100}), 1.0);
    QCOMPARE(sumOf({1e16, 1.0, 1.0, -1e16}), 2.0);
    QCOMPARE(sumOf({}), 0.0);
    QCOMPARE(sumOf({-3.5}), -3.5);
    QCOMPARE(sumOf({5.0, -5.0}), 0.0);
}

void TestExactSum::sumsOfSums()
{
    // A stored day plus an import's new events equals all events added at once.
    for (const GoldenCase &c : goldenCases()) {
        const size_t half = c.values.size() / 2;
        ExactSum first, second;
        for (size_t i = 0; i < c.values.size(); ++i)
            (i < half ? first : second).add(c.values[i]);
        ExactSum stored;
        const QByteArray bytes = first.serialized();
        QVERIFY(ExactSum::deserialize(bytes.constData(), bytes.size(), stored));
        stored.add(second);
        const double actual = stored.value();
        COMPARE_BITS(actual, c.expected);
    }
}

void TestExactSum::serializedRoundTrip()
{
    ExactSum empty;
    QCOMPARE(empty.serialized().size(), qsizetype(sizeof(double))); // zero, not "no stored form"
    ExactSum sum;
    for (double v : {1e16, 1.0, 0.1, -3e-20})
        sum.add(v);
    const QByteArray bytes = sum.serialized();
    QVERIFY(bytes.size() >= qsizetype(2 * sizeof(double)));
    QCOMPARE(bytes.size() % qsizetype(sizeof(double)), 0);
    ExactSum back;
    QVERIFY(ExactSum::deserialize(bytes.constData(), bytes.size(), back));
    const double a = back.value(), b = sum.value();
    COMPARE_BITS(a, b);
    // Read back, the partials may be split differently; they add up to the same exact value.
    ExactSum again;
    const QByteArray rewritten = back.serialized();
    QVERIFY(ExactSum::deserialize(rewritten.constData(), rewritten.size(), again));
    const double c = again.value();
    COMPARE_BITS(c, b);
    // Little-endian on every host: 1.0 is 00 00 00 00 00 00 f0 3f.
    ExactSum one;
    one.add(1.0);
    QCOMPARE(one.serialized().toHex(), QByteArray("000000000000f03f"));
}

void TestExactSum::rejectsWhatItDidNotWrite()
{
    ExactSum sum;
    QVERIFY(!ExactSum::deserialize(nullptr, 0, sum));
    QVERIFY(!ExactSum::deserialize("\x01\x02\x03", 3, sum));
    const double inf = std::numeric_limits<double>::infinity();
    QVERIFY(!ExactSum::deserialize(reinterpret_cast<const char *>(&inf), sizeof inf, sum));
    const QByteArray tooMany((ExactSum::MaxParts + 1) * sizeof(double), '\x3f');
    QVERIFY(!ExactSum::deserialize(tooMany.constData(), tooMany.size(), sum));
}

// A running sum may pass the largest double on its way to a total that is not beyond it.
void TestExactSum::runningSumsThatOverflowStayExact_data()
{
    const double inf = std::numeric_limits<double>::infinity();
    const double max = std::numeric_limits<double>::max();
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<double>("expected");
    QTest::newRow("1e308 twice") << std::vector<double>{1e308, 1e308} << inf;
    QTest::newRow("-1e308 twice") << std::vector<double>{-1e308, -1e308} << -inf;
    QTest::newRow("1e308, 1e308, -1e308") << std::vector<double>{1e308, 1e308, -1e308} << 1e308;
    QTest::newRow("max, max, -max, -max, 1") << std::vector<double>{max, max, -max, -max, 1.0} << 1.0;
    QTest::newRow("max + half its last place (tie to even)") << std::vector<double>{max, 0x1p970} << inf;
    QTest::newRow("max + a hair under half") << std::vector<double>{max, 0x1p970, -0x1p-1074} << max;
    QTest::newRow("2^1023 twice minus 2^1023") << std::vector<double>{0x1p1023, 0x1p1023, -0x1p1023} << 0x1p1023;
}

void TestExactSum::runningSumsThatOverflowStayExact()
{
    QFETCH(std::vector<double>, values);
    QFETCH(double, expected);
    double actual = sumOf(values);
    COMPARE_BITS(actual, expected);
    std::reverse(values.begin(), values.end());
    actual = sumOf(values);
    COMPARE_BITS(actual, expected);
}

// Sums near the largest double against exact rational arithmetic, in any order and split in two
// through the stored form (as an import adds to a stored day).
void TestExactSum::overflowMatchesFractions()
{
    auto cases = goldenCases("overflow_golden.txt");
    QCOMPARE(cases.size(), size_t(400));
    QRandomGenerator random(7);
    int beyond = 0, finiteAfterOverflow = 0;
    for (GoldenCase &c : cases) {
        // The mean too depends on the exact sum alone, not on the order or the split.
        const auto count = qint64(c.values.size());
        const double mean = [&] { ExactSum s; for (double v : c.values) s.add(v); return s.mean(count); }();
        QVERIFY(std::isfinite(mean));
        double naive = 0;
        for (double v : c.values)
            naive += v;
        beyond += std::isinf(c.expected);
        finiteAfterOverflow += std::isinf(naive) && std::isfinite(c.expected);
        for (int round = 0; round < 3; ++round) {
            const double actual = sumOf(c.values);
            COMPARE_BITS(actual, c.expected);
            ExactSum first, second;
            for (size_t i = 0; i < c.values.size(); ++i)
                (i % 2 ? first : second).add(c.values[i]);
            ExactSum stored;
            const QByteArray bytes = first.serialized();
            QVERIFY(ExactSum::deserialize(bytes.constData(), bytes.size(), stored));
            stored.add(second);
            const double combined = stored.value();
            COMPARE_BITS(combined, c.expected);
            const double combinedMean = stored.mean(count);
            COMPARE_BITS(combinedMean, mean);
            std::shuffle(c.values.begin(), c.values.end(), random);
        }
    }
    QVERIFY(beyond >= 100);
    QVERIFY(finiteAfterOverflow >= 20);
}

void TestExactSum::carriedUnitsAreStored()
{
    const double max = std::numeric_limits<double>::max();
    ExactSum sum;
    for (double v : {max, max, max, 1.0})
        sum.add(v);
    QVERIFY(std::isinf(sum.value()));
    const QByteArray bytes = sum.serialized();
    QVERIFY(!bytes.isEmpty());
    ExactSum back;
    QVERIFY(ExactSum::deserialize(bytes.constData(), bytes.size(), back));
    for (double v : {-max, -max})
        back.add(v);
    double expected = max + 1.0; // max: 1 is far below its last place
    double actual = back.value();
    COMPARE_BITS(actual, expected);
    // Too many carried units to store: no stored form (the day is recomputed from its events).
    ExactSum huge;
    for (int i = 0; i < 2 * ExactSum::MaxParts + 2; ++i)
        huge.add(max);
    QVERIFY(huge.serialized().isEmpty());
    QVERIFY(huge.isExact());
    for (int i = 0; i < 2 * ExactSum::MaxParts + 1; ++i)
        huge.add(-max);
    actual = huge.value();
    COMPARE_BITS(actual, max);
}

// The mean of finite values is finite even when their sum is not.
void TestExactSum::meanOfASumBeyondRange()
{
    const double max = std::numeric_limits<double>::max();
    ExactSum sum;
    sum.add(1e308);
    sum.add(1e308);
    QCOMPARE(sum.mean(2), 1e308);
    sum.add(4e307);
    QVERIFY(std::isinf(sum.value()));
    QCOMPARE(sum.mean(3), 8e307);
    ExactSum top;
    for (int i = 0; i < 5; ++i)
        top.add(max);
    // Rounded twice (scaled sum, quotient): within a last place; metric_daily clamps it to [min, max].
    const double mean = top.mean(5);
    QVERIFY(std::isfinite(mean));
    QVERIFY(std::fabs(mean - max) <= max * 0x1p-52);
    ExactSum small;
    small.add(3.0);
    small.add(4.0);
    QCOMPARE(small.mean(2), 3.5);
}

QTEST_GUILESS_MAIN(TestExactSum)
#include "tst_exactsum.moc"
