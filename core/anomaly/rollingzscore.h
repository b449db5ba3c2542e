#pragma once
// Rolling z-score, the predecessor's semantics: a value is compared with the values of its trailing
// window only (the value itself excluded, so a spike cannot mask itself), using their mean and
// SAMPLE standard deviation (ddof = 1). At least 2 values must be in the window, else z is not
// computable and the value is not flagged. When the window's sd is 0 the value is an outlier iff it
// differs from the window's (constant) value, with z = ±1e9; otherwise it is an outlier iff
// |z| >= threshold.
//
// Positions are the gap policy: value i sits at positions[i] (strictly increasing; a calendar day
// number, or a week number for the seasonal variant) and its window holds the values whose position
// lies in [positions[i] - window, positions[i] - 1]. Missing positions contribute nothing. On a
// series without gaps this is exactly "the previous `window` rows".

#include "windowscore.h"

#include <QtGlobal>

#include <span>
#include <vector>

namespace Anomaly {

class RollingZScore final
{
public:
    // O(n) overall: running sums of (x - shift) over the sliding window, the shift re-set to the
    // window's mean (an exact pass) after twice as many additions and removals as the window holds,
    // so rounding cannot drift. A constant window is recognised exactly (the run of equal values),
    // never through a rounded variance. positions and values must have the same size.
    static std::vector<WindowScore> score(std::span<const qint64> positions, std::span<const double> values,
                                          int window, double threshold, const WindowRules &rules = {});
};

} // namespace Anomaly
