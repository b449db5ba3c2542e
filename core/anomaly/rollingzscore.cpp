#include "rollingzscore.h"

#include "scalefloor.h"

#include <cmath>

namespace Anomaly {

std::vector<WindowScore> RollingZScore::score(std::span<const qint64> positions, std::span<const double> values,
                                              int window, double threshold, const WindowRules &rules)
{
    const size_t n = std::min(positions.size(), values.size());
    std::vector<WindowScore> out(n);
    if (n == 0)
        return out;

    // run: how many equal values end at i - 1; the window [lo, i) is constant iff run >= i - lo.
    size_t run = 0;

    size_t lo = 0;
    double shift = values[0]; // sums are of (x - shift), shift ~ the window's mean, against cancellation
    double sum = 0.0;
    double sumSq = 0.0;
    size_t changesSinceAnchor = 0; // values added or removed since the shift was last set

    const auto reanchor = [&](size_t begin, size_t end) {
        const size_t count = end - begin;
        double mean = 0.0;
        for (size_t j = begin; j < end; ++j)
            mean += values[j];
        mean = count ? mean / double(count) : 0.0;
        shift = mean;
        sum = 0.0;
        sumSq = 0.0;
        for (size_t j = begin; j < end; ++j) {
            const double d = values[j] - shift;
            sum += d;
            sumSq += d * d;
        }
        changesSinceAnchor = 0;
    };

    for (size_t i = 0; i < n; ++i) {
        if (i > 0) {
            run = i > 1 && values[i - 1] == values[i - 2] ? run + 1 : 1;
            const double d = values[i - 1] - shift;
            sum += d;
            sumSq += d * d;
            ++changesSinceAnchor;
        }
        const qint64 first = positions[i] - qint64(window);
        while (lo < i && positions[lo] < first) {
            const double d = values[lo] - shift;
            sum -= d;
            sumSq -= d * d;
            ++lo;
            ++changesSinceAnchor;
        }
        const size_t count = i - lo;
        if (count > 0 && changesSinceAnchor >= 2 * count)
            reanchor(lo, i);
        if (count < size_t(std::max(rules.minValues, kMinPriorValues)))
            continue;

        WindowScore &s = out[i];
        s.computable = true;
        const double x = values[i];
        if (rules.scaleFloor > 0.0) {
            // Floored: the exact mean and sd of the window (cheap next to the rest: only the sums are
            // reused), then scalefloor.h's fallbacks.
            const double meanOffset = sum / double(count);
            const double mean = run >= count ? values[i - 1] : shift + meanOffset;
            const double variance = run >= count ? 0.0 : (sumSq - sum * meanOffset) / double(count - 1);
            const double sd = variance > 0.0 ? std::sqrt(variance) : 0.0;
            const double scale = flooredScale(sd, rules.scaleFloor, [&] {
                double acc = 0.0;
                for (size_t j = lo; j < i; ++j)
                    acc += std::abs(values[j] - mean);
                return acc / double(count);
            });
            s.centre = mean;
            s.scale = scale;
            s.z = (x - mean) / scale;
            s.isOutlier = std::abs(s.z) >= threshold;
            continue;
        }
        if (run >= count) {
            const double centre = values[i - 1];
            s.z = x == centre ? 0.0 : std::copysign(kZClamp, x - centre);
            s.isOutlier = x != centre;
            continue;
        }
        const double meanOffset = sum / double(count);
        double variance = (sumSq - sum * meanOffset) / double(count - 1);
        double mean = shift + meanOffset;
        if (!(variance > 0.0)) {
            // Not constant, yet the running sums rounded to no spread: recompute this window exactly.
            reanchor(lo, i);
            mean = shift;
            variance = sumSq / double(count - 1);
        }
        const double sd = std::sqrt(variance);
        s.centre = mean;
        s.scale = sd;
        double z = (x - mean) / sd;
        if (!std::isfinite(z) || std::abs(z) > kZClamp)
            z = std::copysign(kZClamp, x - mean);
        s.z = z;
        s.isOutlier = std::abs(z) >= threshold;
    }
    return out;
}

} // namespace Anomaly
