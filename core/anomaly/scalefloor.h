#pragma once
// Scale floors shared by every detector: a window or block whose spread is zero or tiny must not turn
// every small change into an anomaly (the predecessor set |z| = 1e9 there, so 0.068 after a run of
// 0.066 was "anomalous").
//
// The rule, in order:
//   1. the detector's own spread (sample sd, or 1.4826·MAD) when it is at least the floor;
//   2. else the mean absolute deviation × 1.2533 (= sd for normal data), when at least the floor;
//   3. else the floor itself.
// The floor is kScaleFloorFraction × the series' typical scale (typicalNoiseScale below), so it is
// relative to the series' own units and noise: a quiet week of a noisy series is not a zero-noise week.

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

namespace Anomaly {

// The floor as a share of the series' typical scale.
inline constexpr double kScaleFloorFraction = 0.5;
// Normal-consistency factors: sd = 1.4826·MAD = 1.2533·mean absolute deviation for normal data.
inline constexpr double kMadToSd = 1.4826;
inline constexpr double kMeanAbsToSd = 1.2533;

namespace ScaleDetail {

inline double medianInPlace(std::vector<double> &v)
{
    if (v.empty())
        return 0.0;
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + long(mid), v.end());
    const double upper = v[mid];
    if (v.size() % 2)
        return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + long(mid));
    return 0.5 * (lower + upper);
}

} // namespace ScaleDetail

// The series' typical step-to-step noise, in its own units: 1.4826·median|Δx|/√2 (σ for white
// noise, and blind to level shifts, trends and rare spikes); when more than half the steps are zero
// (a quantised or mostly flat series) 1.2533·mean|Δx|/√2; when the series never changes, 1% of its
// typical level (median |x|); 1 for a series of zeros. Over 65,536 steps, a regular sample of them.
inline double typicalNoiseScale(std::span<const double> values)
{
    if (values.size() < 2)
        return values.empty() || values[0] == 0.0 ? 1.0 : 0.01 * std::abs(values[0]);
    // Long series: every stride-th step (at most 65,536 of them) tells the typical scale as well.
    const size_t steps = values.size() - 1;
    const size_t stride = steps > 65536 ? (steps + 65535) / 65536 : 1;
    std::vector<double> diffs;
    diffs.reserve(steps / stride + 1);
    double meanAbs = 0.0;
    for (size_t i = 1; i < values.size(); i += stride) {
        diffs.push_back(std::abs(values[i] - values[i - 1]));
        meanAbs += diffs.back();
    }
    meanAbs /= double(diffs.size());
    const double med = ScaleDetail::medianInPlace(diffs);
    if (med > 0.0)
        return kMadToSd * med / std::sqrt(2.0);
    if (meanAbs > 0.0)
        return kMeanAbsToSd * meanAbs / std::sqrt(2.0);
    std::vector<double> levels(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        levels[i] = std::abs(values[i]);
    const double level = ScaleDetail::medianInPlace(levels);
    return level > 0.0 ? 0.01 * level : 1.0;
}

// Steps 1–3 above. meanAbsDeviation is only called when the spread is below the floor.
template<typename MeanAbsDeviation>
double flooredScale(double spread, double floor, MeanAbsDeviation meanAbsDeviation)
{
    if (spread >= floor && spread > 0.0)
        return spread;
    const double fallback = kMeanAbsToSd * meanAbsDeviation();
    if (fallback >= floor && fallback > 0.0)
        return fallback;
    return floor > 0.0 ? floor : 1.0;
}

} // namespace Anomaly
