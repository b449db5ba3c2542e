#pragma once
// Robust (modified) z-score: z = (x - median) / (1.4826 · MAD) over the same trailing window as
// RollingZScore (same positions, gap policy and "at least 2 values" rule), MAD being the median of
// the absolute deviations from the window's median. 1.4826 makes MAD estimate the sd of normal data,
// so a threshold of 3.5 is Iglewicz and Hoaglin's (0.6745 · |x - median| / MAD > 3.5).
//
// MAD = 0 (more than half of the window holds the same value) is handled like sd = 0 in the rolling
// z: the value is an outlier iff it differs from the window's median, with z = ±1e9; a value equal
// to the median gets z = 0. The consequence for integer counts with many ties is that any change
// from a dominant value is flagged; use the rolling z or a larger window for such series.

#include "windowscore.h"

#include <QtGlobal>

#include <span>
#include <vector>

namespace Anomaly {

class RobustZScore final
{
public:
    static constexpr double kMadScale = 1.4826;

    // The window is kept as a sorted array (insert and erase by a branch-free count for windows up
    // to 64 values, binary search above, then a memmove of at most `window` doubles), so the median
    // is O(1) and the MAD an O(log window) search for the middle order statistics of two sorted
    // deviation sequences; no sort per window.
    static std::vector<WindowScore> score(std::span<const qint64> positions, std::span<const double> values,
                                          int window, double threshold, const WindowRules &rules = {});

    // The k-th smallest (0-based) absolute deviation from `centre` of a sorted array; exposed for
    // tests. Precondition: k < sorted.size().
    static double kthAbsoluteDeviation(std::span<const double> sorted, double centre, size_t k);
};

} // namespace Anomaly
