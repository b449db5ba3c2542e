#pragma once
// The per-value output of the trailing-window detectors (RollingZScore, RobustZScore).

namespace Anomaly {

struct WindowScore final
{
    double z = 0.0;         // meaningful only when computable
    bool computable = false; // false when fewer than kMinPriorValues values are in the window
    bool isOutlier = false;
    double centre = 0.0; // the window's mean or median (the baseline a value is compared with)
    double scale = 0.0;  // the sd or 1.4826·MAD used (after the floors, when they apply)
};

// How a trailing window is judged.
struct WindowRules final
{
    int minValues = 2;       // values the window needs before a z is given (the warm-up)
    double scaleFloor = 0.0; // > 0: spreads are floored (scalefloor.h); 0: the predecessor's ±1e9
};

// A day needs this many values in its trailing window to get a z (the predecessor's rule; see
// AnomalyParams::minWindowValues for the default).
inline constexpr int kMinPriorValues = 2;
// |z| reported when the window has no spread (sd or MAD = 0) and the value differs from its centre.
inline constexpr double kZClamp = 1e9;

} // namespace Anomaly
