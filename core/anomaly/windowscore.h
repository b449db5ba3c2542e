#pragma once
// The per-value output of the trailing-window detectors (RollingZScore, RobustZScore).

namespace Anomaly {

struct WindowScore final
{
    double z = 0.0;         // meaningful only when computable
    bool computable = false; // false when fewer than kMinPriorValues values are in the window
    bool isOutlier = false;
};

// A day needs this many values in its trailing window to get a z (the predecessor's rule).
inline constexpr int kMinPriorValues = 2;
// |z| reported when the window has no spread (sd or MAD = 0) and the value differs from its centre.
inline constexpr double kZClamp = 1e9;

} // namespace Anomaly
