#include "robustzscore.h"

#include "scalefloor.h"

#include <algorithm>
#include <cmath>

namespace Anomaly {

namespace {

// The k-th and (k-1)-th smallest absolute deviations from `centre` of a sorted array (the
// (k-1)-th is only meaningful for k >= 1). Below the centre, deviations grow leftwards:
// A[j] = centre - sorted[split - 1 - j]; from the centre on, rightwards: B[j] = sorted[split + j]
// - centre. Both ascend; a binary search on how many of the k + 1 smallest come from A finds
// both order statistics at once.
struct TwoOrderStatistics final
{
    double kth = 0.0;
    double previous = 0.0;
};

TwoOrderStatistics kthAndPrevious(std::span<const double> sorted, double centre, size_t k)
{
    const size_t split = size_t(std::lower_bound(sorted.begin(), sorted.end(), centre) - sorted.begin());
    const size_t na = split;
    const size_t nb = sorted.size() - split;
    const auto a = [&](size_t j) { return centre - sorted[split - 1 - j]; };
    const auto b = [&](size_t j) { return sorted[split + j] - centre; };
    const size_t take = k + 1;
    size_t low = take > nb ? take - nb : 0;
    size_t high = std::min(take, na);
    while (low < high) {
        const size_t t = low + (high - low) / 2; // t from A, take - t from B
        if (take - t > 0 && t < na && b(take - t - 1) > a(t))
            low = t + 1; // B's last taken exceeds A's next: take more from A
        else
            high = t;
    }
    const size_t fromA = low;
    const size_t fromB = take - fromA;
    const double lastA = fromA > 0 ? a(fromA - 1) : -1.0;
    const double lastB = fromB > 0 ? b(fromB - 1) : -1.0;
    TwoOrderStatistics out;
    if (lastA >= lastB) {
        out.kth = lastA;
        out.previous = std::max(fromA > 1 ? a(fromA - 2) : -1.0, lastB);
    } else {
        out.kth = lastB;
        out.previous = std::max(lastA, fromB > 1 ? b(fromB - 2) : -1.0);
    }
    return out;
}

} // namespace

double RobustZScore::kthAbsoluteDeviation(std::span<const double> sorted, double centre, size_t k)
{
    return kthAndPrevious(sorted, centre, k).kth;
}

namespace {

// Where to insert v (after equal values) / where v sits (first equal value). For short windows a
// branch-free count beats a binary search, whose branches a random series mispredicts.
constexpr size_t kLinearSearchLimit = 64;

size_t upperIndex(const std::vector<double> &sorted, double v)
{
    if (sorted.size() > kLinearSearchLimit)
        return size_t(std::upper_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
    size_t count = 0;
    for (double s : sorted)
        count += s <= v ? 1 : 0;
    return count;
}

size_t lowerIndex(const std::vector<double> &sorted, double v)
{
    if (sorted.size() > kLinearSearchLimit)
        return size_t(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
    size_t count = 0;
    for (double s : sorted)
        count += s < v ? 1 : 0;
    return count;
}

} // namespace

std::vector<WindowScore> RobustZScore::score(std::span<const qint64> positions, std::span<const double> values,
                                             int window, double threshold, const WindowRules &rules)
{
    const size_t n = std::min(positions.size(), values.size());
    std::vector<WindowScore> out(n);
    std::vector<double> sorted;
    sorted.reserve(size_t(std::max(window, 1)) + 1);
    size_t lo = 0;
    for (size_t i = 0; i < n; ++i) {
        if (i > 0) {
            const double v = values[i - 1];
            sorted.insert(sorted.begin() + qsizetype(upperIndex(sorted, v)), v);
        }
        const qint64 first = positions[i] - qint64(window);
        while (lo < i && positions[lo] < first) {
            sorted.erase(sorted.begin() + qsizetype(lowerIndex(sorted, values[lo])));
            ++lo;
        }
        const size_t count = sorted.size();
        if (count < size_t(std::max(rules.minValues, kMinPriorValues)))
            continue;

        const double median = count % 2 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
        const TwoOrderStatistics middle = kthAndPrevious(sorted, median, count / 2);
        const double mad = count % 2 ? middle.kth : 0.5 * (middle.previous + middle.kth);

        WindowScore &s = out[i];
        s.computable = true;
        const double x = values[i];
        s.centre = median;
        if (rules.scaleFloor > 0.0) {
            s.scale = flooredScale(kMadScale * mad, rules.scaleFloor, [&] {
                double acc = 0.0;
                for (double v : sorted)
                    acc += std::abs(v - median);
                return acc / double(count);
            });
            s.z = (x - median) / s.scale;
            s.isOutlier = std::abs(s.z) >= threshold;
            continue;
        }
        s.scale = kMadScale * mad;
        if (!(mad > 0.0)) {
            s.z = x == median ? 0.0 : std::copysign(kZClamp, x - median);
            s.isOutlier = x != median;
            continue;
        }
        double z = (x - median) / (kMadScale * mad);
        if (!std::isfinite(z) || std::abs(z) > kZClamp)
            z = std::copysign(kZClamp, x - median);
        s.z = z;
        s.isOutlier = std::abs(z) >= threshold;
    }
    return out;
}

} // namespace Anomaly
