#pragma once
// Floating-point comparison for tests: QCOMPARE's fuzzy compare is relative only and useless near
// zero, so tests state their tolerance explicitly.

#include <QTest>
#include <cmath>

#define SD_COMPARE_NEAR(actual, expected, tolerance)                                            \
    do {                                                                                         \
        const double sdActual_ = double(actual);                                                 \
        const double sdExpected_ = double(expected);                                             \
        const double sdTol_ = double(tolerance);                                                 \
        if (!(std::isfinite(sdActual_) && std::abs(sdActual_ - sdExpected_) <= sdTol_)) {        \
            QFAIL(qPrintable(QStringLiteral("%1 = %2, expected %3 within %4 (off by %5)")       \
                                 .arg(QStringLiteral(#actual))                                   \
                                 .arg(sdActual_, 0, 'g', 12)                                     \
                                 .arg(sdExpected_, 0, 'g', 12)                                   \
                                 .arg(sdTol_, 0, 'g', 3)                                         \
                                 .arg(std::abs(sdActual_ - sdExpected_), 0, 'g', 3)));           \
        }                                                                                        \
    } while (false)

namespace TestData {
inline QString path(const char *relative)
{
    return QStringLiteral(SMARTDATA_TEST_DATA_DIR "/") + QString::fromUtf8(relative);
}
} // namespace TestData
