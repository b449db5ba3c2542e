#include "seasonalesd.h"

#include "scalefloor.h"

#include "common/grain.h"
#include "forecast/distributions.h"
#include "forecast/stl.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <span>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Anomaly {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// out[j] = median(a[j .. j + w - 1]) for j = 0 .. n - w (out has room for n - w + 1), by a sorted
// window (insert one, erase one). With leaveCentreOut (w odd), the median of the window without its
// centre a[j + w / 2]. kPadded: the padded width when known at compile time (16, the width-15 level of
// daily data), 0 otherwise.
template<size_t kPadded>
void slidingMedian(const std::vector<double> &a, size_t w, bool leaveCentreOut, double *out)
{
    if (w == 0 || a.size() < w)
        return;
    const size_t count = a.size() - w + 1;
    // The sorted window, padded with +inf to a multiple of 4: ranks are counted without branches (a
    // noisy series would mispredict them) and two at a time with SSE2, without a loop tail; +inf is
    // below nothing, so the padding never counts. With a fixed width, twice that room more (see below).
    const size_t padded = kPadded ? kPadded : (w + 3) / 4 * 4;
    std::vector<double> window(kPadded ? 2 * kPadded + 1 : padded, std::numeric_limits<double>::infinity());
    std::copy(a.begin(), a.begin() + long(w), window.begin());
    std::sort(window.begin(), window.begin() + long(w));
    // The ranks (number of window values strictly below) of the leaving and the entering value, in one pass.
    const auto ranksBelow = [&window, padded](double leaving, double entering, size_t &gone, size_t &place) {
        const double *v = window.data();
#if defined(__SSE2__)
        __m128i g = _mm_setzero_si128();
        __m128i p = _mm_setzero_si128();
        const __m128d l = _mm_set1_pd(leaving);
        const __m128d e = _mm_set1_pd(entering);
        for (size_t i = 0; i < padded; i += 2) {
            const __m128d x = _mm_loadu_pd(v + i);
            // A true comparison is all ones (-1): subtracting it counts one.
            g = _mm_sub_epi64(g, _mm_castpd_si128(_mm_cmplt_pd(x, l)));
            p = _mm_sub_epi64(p, _mm_castpd_si128(_mm_cmplt_pd(x, e)));
        }
        gone = size_t(_mm_cvtsi128_si64(g) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(g, g)));
        place = size_t(_mm_cvtsi128_si64(p) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(p, p)));
#else
        size_t g0 = 0, g1 = 0, p0 = 0, p1 = 0;
        for (size_t i = 0; i < padded; i += 4) {
            g0 += size_t(v[i] < leaving) + size_t(v[i + 1] < leaving);
            g1 += size_t(v[i + 2] < leaving) + size_t(v[i + 3] < leaving);
            p0 += size_t(v[i] < entering) + size_t(v[i + 1] < entering);
            p1 += size_t(v[i + 2] < entering) + size_t(v[i + 3] < entering);
        }
        gone = g0 + g1;
        place = p0 + p1;
#endif
    };
    const auto median = [&window, w, leaveCentreOut](double centre) {
        if (!leaveCentreOut)
            return w % 2 ? window[w / 2] : 0.5 * (window[w / 2 - 1] + window[w / 2]);
        // The median of the w - 1 others (w odd, m = w / 2): the centre is below, at or above the
        // middle value, which leaves (window[m] + window[m + 1]), (window[m - 1] + window[m + 1]) or
        // (window[m - 1] + window[m]) in the middle (equal values give the same either way). Chosen
        // by selects, not branches: which case applies is a coin toss on a noisy series.
        const size_t m = w / 2;
        const double low = centre < window[m] ? window[m] : window[m - 1];
        const double high = centre > window[m] ? window[m] : window[m + 1];
        return 0.5 * (low + high);
    };
    out[0] = median(a[w / 2]);
    for (size_t j = 1; j < count; ++j) {
        size_t gone = 0;
        size_t place = 0;
        ranksBelow(a[j - 1], a[j + w - 1], gone, place);
        const double entering = a[j + w - 1];
        double *v = window.data();
        if constexpr (kPadded > 0) {
            // Fixed width: shift kPadded values left over the leaving one, then kPadded values right
            // to open the entering one's slot. Constant-size moves compile to a few vector loads and
            // stores, with no branch at all; the +inf beyond the window only moves among itself.
            place -= place > gone ? 1 : 0;
            std::memmove(v + gone, v + gone + 1, kPadded * sizeof(double));
            std::memmove(v + place + 1, v + place, kPadded * sizeof(double));
            v[place] = entering;
            out[j] = median(a[j + w / 2]);
            continue;
        }
        // Remove the leaving value and insert the entering one, shifting the values in between
        // (one memmove: a loop of random length would mispredict its exit).
        if (place > gone) {
            --place; // ranks above the removed slot move down by one
            std::memmove(v + gone, v + gone + 1, (place - gone) * sizeof(double));
        } else {
            std::memmove(v + place + 1, v + place, (gone - place) * sizeof(double));
        }
        v[place] = entering;
        out[j] = median(a[j + w / 2]);
    }
}

double medianOf(std::vector<double> v)
{
    return ScaleDetail::medianInPlace(v);
}

// Centred running median of width w (odd) without the centre itself (so that an extreme value does
// not pull its own baseline, and the residuals of ordinary and extreme points have one scale); the
// first and last w / 2 points use the points there are.
std::vector<double> centredMedian(const std::vector<double> &a, size_t w)
{
    const size_t n = a.size();
    const size_t h = w / 2;
    std::vector<double> out(n);
    if (n <= w) {
        for (size_t i = 0; i < n; ++i) {
            const size_t lo = i >= h ? i - h : 0;
            const size_t hi = std::min(n, i + h + 1);
            std::vector<double> others(a.begin() + long(lo), a.begin() + long(hi));
            others.erase(others.begin() + long(i - lo));
            out[i] = others.empty() ? a[i] : medianOf(std::move(others));
        }
        return out;
    }
    if ((w + 3) / 4 * 4 == 16)
        slidingMedian<16>(a, w, true, out.data() + h);
    else
        slidingMedian<0>(a, w, true, out.data() + h);
    for (size_t i = 0; i < h; ++i) {
        std::vector<double> head(a.begin(), a.begin() + long(i + h + 1));
        head.erase(head.begin() + long(i));
        out[i] = medianOf(std::move(head));
        const size_t k = n - 1 - i;
        std::vector<double> tail(a.begin() + long(k - h), a.end());
        tail.erase(tail.begin() + long(h));
        out[k] = medianOf(std::move(tail));
    }
    return out;
}

// The ESD critical value λ_i for a sample of n (i = 1-based rank of the candidate).
double esdCritical(size_t n, size_t i, double alpha)
{
    const double m = double(n - i + 1);
    const double dof = m - 2.0;
    if (dof < 1.0)
        return std::numeric_limits<double>::infinity();
    const double p = 1.0 - alpha / (2.0 * m);
    const double t = Forecast::Distributions::studentTQuantile(p, dof);
    return (m - 1.0) * t / std::sqrt((dof + t * t) * m);
}

// The median of v as ScaleDetail::medianInPlace gives it (the same value: a median does not depend on
// how it is found), by a quickselect whose partition has no data-dependent branch: a block's
// residuals are noise, and std::nth_element's comparisons mispredict about every other time. For
// the few hundred values of a block only (equal values make a partition step remove one value).
double blockMedianInPlace(std::vector<double> &values)
{
    const size_t n = values.size();
    if (n > 512)
        return ScaleDetail::medianInPlace(values);
    if (n == 0)
        return 0.0;
    double *v = values.data();
    const size_t k = n / 2;
    size_t lo = 0;
    size_t hi = n;
    while (hi - lo > 8) {
        // Median of three as the pivot, moved to hi - 1 (a permutation of the three values).
        const size_t mid = lo + (hi - lo) / 2;
        double a = v[lo], b = v[mid], c = v[hi - 1];
        if (a > b)
            std::swap(a, b);
        if (b > c)
            std::swap(b, c);
        if (a > b)
            std::swap(a, b);
        v[lo] = a;
        v[mid] = c;
        v[hi - 1] = b;
        const double pivot = b;
        size_t store = lo; // v[lo, store) < pivot <= v[store, i)
        for (size_t i = lo; i < hi - 1; ++i) {
            const double x = v[i];
            v[i] = v[store];
            v[store] = x;
            store += x < pivot ? 1 : 0;
        }
        v[hi - 1] = v[store];
        v[store] = pivot;
        if (store == k)
            break;
        if (k < store)
            hi = store;
        else
            lo = store + 1;
    }
    if (hi - lo <= 8) {
        for (size_t i = lo + 1; i < hi; ++i) {
            const double x = v[i];
            size_t j = i;
            for (; j > lo && v[j - 1] > x; --j)
                v[j] = v[j - 1];
            v[j] = x;
        }
    }
    const double upper = v[k];
    if (n % 2)
        return upper;
    const double lower = *std::max_element(v, v + k);
    return 0.5 * (lower + upper);
}

struct RobustCentre final
{
    double median = 0.0;
    double scale = 0.0;
};

// Median and floored 1.4826·MAD of values; scratch is reused between calls (one block after another).
RobustCentre robustCentre(std::span<const double> values, double floor, std::vector<double> &scratch)
{
    RobustCentre c;
    scratch.assign(values.begin(), values.end());
    c.median = blockMedianInPlace(scratch);
    for (size_t i = 0; i < values.size(); ++i)
        scratch[i] = std::abs(values[i] - c.median);
    const double mad = kMadToSd * blockMedianInPlace(scratch);
    c.scale = flooredScale(mad, floor, [&values, &c] {
        double sum = 0.0;
        for (double v : values)
            sum += std::abs(v - c.median);
        return values.empty() ? 0.0 : sum / double(values.size());
    });
    return c;
}

QString number(double v)
{
    return QLocale::c().toString(v, 'g', 6);
}

} // namespace

namespace {

// Heavy tails (see step 5 of the header): the median over blocks of each block's 90th percentile of
// |z|, against its normal value; (that ratio)^kTailPower when it exceeds kTailDeadZone, else 1.
// Per block and then the median, so that anomalies (a few blocks' worth) do not pass for heavy tails:
// heavy-tailed noise is heavy in every block. Of more than 64 blocks, 64 evenly spaced ones.
double tailFactor(const std::vector<double> &score, const std::vector<std::pair<size_t, size_t>> &blocks,
                  const std::function<size_t(size_t)> &index)
{
    std::vector<double> blockQuantiles;
    std::vector<double> magnitudes;
    size_t tested = 0;
    const size_t step = std::max<size_t>(1, blocks.size() / 64);
    for (size_t b = 0; b < blocks.size(); b += step) {
        const auto [begin, end] = blocks[b];
        magnitudes.clear();
        for (size_t j = begin; j < end; ++j) {
            const double z = score[index(j)];
            if (!std::isnan(z))
                magnitudes.push_back(std::abs(z));
        }
        tested += magnitudes.size();
        if (magnitudes.size() < 20)
            continue;
        const size_t at = size_t(0.9 * double(magnitudes.size() - 1));
        std::nth_element(magnitudes.begin(), magnitudes.begin() + long(at), magnitudes.end());
        blockQuantiles.push_back(magnitudes[at]);
    }
    if (tested < size_t(SeasonalEsd::kMinTailSample) || blockQuantiles.empty())
        return 1.0;
    const double ratio = ScaleDetail::medianInPlace(blockQuantiles) / SeasonalEsd::kNormalQ90;
    return ratio > SeasonalEsd::kTailDeadZone ? std::pow(ratio, SeasonalEsd::kTailPower) : 1.0;
}

// The seasonal component on the grid. Up to kStlWhole steps: STL on the whole series (periodic
// season). Longer series: per segment of kStlWhole steps, STL on the segment's first kStlSample steps
// (or 8 periods when that is more)
// (whole periods) and that periodic pattern over the segment, which keeps the cost per point bounded
// (STL's loess passes cost a few hundred ns per point) while the pattern may still drift from segment
// to segment. Kept per segment, not per step: only the deseasonalised series is needed in full
// (deseasonalise), and the season itself only where a level shift is reported (at).
class Season final
{
public:
    Season(const std::vector<double> &y, int period)
    {
        constexpr size_t kStlWhole = 16384;
        constexpr size_t kStlSample = 1024;
        const size_t n = y.size();
        if (period < 2 || n <= size_t(2 * period))
            return;
        m_period = size_t(period);
        Forecast::StlOptions options;
        options.seasonalWindow = 0; // periodic
        options.inner = 1;
        // One robustness pass, so a spike does not leak into its weekday's season; a long series'
        // sample averages over more than a hundred periods, where a spike's share is negligible without it.
        options.outer = n <= kStlWhole ? 1 : 0;
        const size_t p = m_period;
        for (size_t begin = 0; begin < n;) {
            size_t end = std::min(n, begin + kStlWhole);
            if (n - end <= 2 * p)
                end = n;
            const size_t length = end - begin;
            const size_t sample = n <= kStlWhole ? length : std::max(8 * p, kStlSample / p * p);
            const std::vector<double> part(y.begin() + long(begin), y.begin() + long(begin + std::min(sample, length)));
            Forecast::StlResult stl = Forecast::Stl::decompose(part, period, options);
            if (stl.ok) {
                stl.seasonal.resize(std::min(length, stl.seasonal.size()));
                m_segments.push_back(Segment{begin, end, std::move(stl.seasonal)});
            }
            begin = end;
        }
    }

    // y − season, step by step (a running phase beyond a segment's sample, not a division per step).
    std::vector<double> deseasonalise(const std::vector<double> &y) const
    {
        std::vector<double> d(y);
        for (const Segment &segment : m_segments) {
            const std::vector<double> &own = segment.seasonal;
            for (size_t i = 0; i < own.size(); ++i)
                d[segment.begin + i] = y[segment.begin + i] - own[i];
            size_t phase = own.size() % m_period;
            for (size_t i = segment.begin + own.size(); i < segment.end; ++i) {
                d[i] = y[i] - own[phase];
                phase = phase + 1 == m_period ? 0 : phase + 1;
            }
        }
        return d;
    }

    double at(size_t i) const
    {
        for (const Segment &segment : m_segments) {
            if (i >= segment.begin && i < segment.end) {
                const size_t local = i - segment.begin;
                return local < segment.seasonal.size() ? segment.seasonal[local] : segment.seasonal[local % m_period];
            }
        }
        return 0.0;
    }

private:
    struct Segment final
    {
        size_t begin = 0;
        size_t end = 0;
        std::vector<double> seasonal; // STL's season on the segment's sample, then repeated
    };
    size_t m_period = 1;
    std::vector<Segment> m_segments;
};

struct Shift final
{
    size_t at = 0;
    double before = 0.0;
    double after = 0.0;
};

// Level shifts of d (see step 4 of the header). level is the centred median of width B = 2h + 1,
// so level[j + h] is the median of the block d[j, j + B) (without its centre): the block medians come
// for free. At factor f > 1 a block is f consecutive blocks, its level the median of their medians.
std::vector<Shift> levelShifts(const std::vector<double> &d, const std::vector<double> &level, size_t h, int factor,
                               double noise, std::vector<double> &scratch)
{
    std::vector<Shift> shifts;
    const size_t n = d.size();
    const size_t B = 2 * h + 1;
    const size_t span = B * size_t(factor); // points per block at this scale
    if (n < 3 * span + 1 || !(noise > 0.0))
        return shifts;
    // blockLevel[j]: the median level of d[j, j + span). At factor 1 that is level[j + h]; at
    // factor 4 each is computed once (the peak test and its neighbourhood search read every jump
    // several times).
    // scratch (n values, the caller's) holds them: a fresh array of a million doubles costs more in
    // page faults than the medians themselves.
    if (factor > 1) {
        scratch.resize(std::max(scratch.size(), n - span + 1));
        for (size_t j = 0; j + span <= n; ++j) {
            // The median of the 4 block medians: the mean of the middle two, (sum − min − max) / 2.
            const double m0 = level[j + h];
            const double m1 = level[j + B + h];
            const double m2 = level[j + 2 * B + h];
            const double m3 = level[j + 3 * B + h];
            const double sum = 0.0 + m0 + m1 + m2 + m3;
            const double lo = std::min(std::min(std::min(m0, m1), m2), m3);
            const double hi = std::max(std::max(std::max(m0, m1), m2), m3);
            scratch[j] = (sum - lo - hi) / double(factor - 2);
        }
    }
    const double *blockLevel = factor > 1 ? scratch.data() : level.data() + h;
    const auto jump = [blockLevel, span](size_t k) { return blockLevel[k] - blockLevel[k - span]; }; // k in [span, n - span]
    const size_t first = span;
    const size_t last = n - span;
    // Standard error of the peak statistic for white noise: a block median has sd ≈ 1.2533σ/√span
    // (the median of block medians a little more), and the peak combines four of them (weights
    // 1.5, 1.5, 0.5, 0.5: variance 5×).
    const double blockSe = kMeanAbsToSd * noise / std::sqrt(double(span)) * (factor == 1 ? 1.0 : 1.2);
    const double minPeak = SeasonalEsd::kShiftZ * std::sqrt(5.0) * blockSe;
    const double minJump = SeasonalEsd::kMinShiftSd * noise;
    const auto peakAt = [&](size_t k) {
        const bool left = k >= first + span;
        const bool right = k + span <= last;
        const double s = jump(k);
        double p = s;
        if (left && right)
            p = s - 0.5 * (jump(k - span) + jump(k + span));
        else if (left)
            p = s - jump(k - span);
        else if (right)
            p = s - jump(k + span);
        return (p > 0) == (s > 0) ? std::abs(p) : 0.0;
    };
    for (size_t k = first; k <= last; ++k) {
        if (std::abs(jump(k)) < minJump)
            continue;
        const double peak = peakAt(k);
        if (peak < minPeak)
            continue;
        bool isMax = true;
        for (size_t j = std::max(first, k - std::min(k, span)); j <= std::min(last, k + span) && isMax; ++j)
            isMax = j == k || peakAt(j) < peak || (peakAt(j) == peak && j > k);
        if (!isMax)
            continue;
        // Place the step where the two levels fit best (least absolute deviations).
        const double before = blockLevel[k - span];
        const double after = blockLevel[k];
        size_t best = k;
        double bestCost = std::numeric_limits<double>::infinity();
        for (size_t j = k - span / 2; j <= std::min(n - 1, k + span / 2); ++j) {
            double cost = 0.0;
            for (size_t i = k - span; i < std::min(n, k + span); ++i)
                cost += std::abs(d[i] - (i < j ? before : after));
            if (cost < bestCost) {
                bestCost = cost;
                best = j;
            }
        }
        shifts.push_back(Shift{best, before, after});
    }
    return shifts;
}

} // namespace

int SeasonalEsd::periodOf(const std::vector<double> &values, int grainPeriod)
{
    const size_t n = values.size();
    const size_t maxLag = std::min(size_t(kMaxAcfLag), n / 3);
    if (maxLag < 4)
        return grainPeriod;
    const size_t m = std::min(n, kAcfSample);
    const size_t begin = (n - m) / 2;
    // Centred moving average of width 2·maxLag + 1 (fewer points at the ends), by prefix sums.
    std::vector<double> prefix(m + 1, 0.0);
    for (size_t i = 0; i < m; ++i)
        prefix[i + 1] = prefix[i] + values[begin + i];
    std::vector<double> x(m);
    for (size_t i = 0; i < m; ++i) {
        const size_t lo = i >= maxLag ? i - maxLag : 0;
        const size_t hi = std::min(m, i + maxLag + 1);
        x[i] = values[begin + i] - (prefix[hi] - prefix[lo]) / double(hi - lo);
    }
    std::vector<double> scratch(x);
    const double centre = ScaleDetail::medianInPlace(scratch);
    for (size_t i = 0; i < m; ++i)
        scratch[i] = std::abs(x[i] - centre);
    double scale = kMadToSd * ScaleDetail::medianInPlace(scratch);
    if (!(scale > 0.0)) {
        double sum = 0.0;
        for (size_t i = 0; i < m; ++i)
            sum += std::abs(x[i] - centre);
        scale = kMeanAbsToSd * sum / double(m);
    }
    if (!(scale > 0.0))
        return grainPeriod;
    double mean = 0.0;
    for (double &v : x) {
        v = std::clamp(v - centre, -4.0 * scale, 4.0 * scale);
        mean += v;
    }
    mean /= double(m);
    double variance = 0.0;
    for (double &v : x) {
        v -= mean;
        variance += v * v;
    }
    variance /= double(m);
    if (!(variance > 0.0))
        return grainPeriod;
    std::vector<double> r(maxLag + 2, 0.0);
    for (size_t lag = 1; lag <= maxLag + 1 && lag < m; ++lag) {
        double sum = 0.0;
        for (size_t i = 0; i + lag < m; ++i)
            sum += x[i] * x[i + lag];
        r[lag] = sum / double(m - lag) / variance;
    }
    // Candidates: lags from 3 on (an alternation of two is no rhythm) whose autocorrelation peaks
    // high enough and rises clearly above every shorter lag's.
    std::vector<char> candidate(maxLag + 1, 0);
    size_t best = 0;
    double lowest = std::min(r[1], r[2]);
    for (size_t lag = 3; lag <= maxLag; ++lag) {
        const bool peak = r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1];
        candidate[lag] = peak && r[lag] >= kMinAcf && r[lag] - lowest >= kMinAcfRise ? 1 : 0;
        if (candidate[lag] && (best == 0 || r[lag] > r[best]))
            best = lag;
        lowest = std::min(lowest, r[lag]);
    }
    if (best == 0 || int(best) == grainPeriod)
        return grainPeriod;
    // The grain's period keeps its place when it is a peak of its own and nearly as strong.
    if (grainPeriod >= 3 && size_t(grainPeriod) <= maxLag && candidate[size_t(grainPeriod)]
        && r[size_t(grainPeriod)] >= kGrainAcfShare * r[best])
        return grainPeriod;
    for (size_t lag = 3; lag < best; ++lag) {
        if (best % lag == 0 && candidate[lag] && r[lag] >= kDivisorAcfShare * r[best])
            return int(lag);
    }
    // A long rhythm's peak is broad (286 for 288): a common instrument period within 3 % that is
    // nearly as strong is the period.
    for (int common : kCommonPeriods) {
        const size_t c = size_t(common);
        if (c <= maxLag && std::abs(double(c) - double(best)) <= std::max(1.0, 0.03 * double(c))
            && r[c] >= kDivisorAcfShare * r[best])
            return common;
    }
    return int(best);
}

namespace {

// Bowley's skewness with the 5 % and 95 % quantiles, of each value's deviation from the median of
// its 7 neighbours (itself included): the noise's asymmetry, blind to level, trend and slow waves.
double localSkew(std::span<const double> v)
{
    if (v.size() < 50)
        return 0.0;
    std::vector<double> deviations;
    deviations.reserve(v.size());
    std::array<double, 7> window{};
    for (size_t i = 3; i + 3 < v.size(); ++i) {
        std::copy(v.begin() + long(i - 3), v.begin() + long(i + 4), window.begin());
        std::nth_element(window.begin(), window.begin() + 3, window.end());
        deviations.push_back(v[i] - window[3]);
    }
    const auto quantile = [&deviations](double q) {
        const size_t at = size_t(q * double(deviations.size() - 1));
        std::nth_element(deviations.begin(), deviations.begin() + long(at), deviations.end());
        return deviations[at];
    };
    const double q05 = quantile(0.05);
    const double q50 = quantile(0.5);
    const double q95 = quantile(0.95);
    return q95 > q05 ? (q95 + q05 - 2.0 * q50) / (q95 - q05) : 0.0;
}

} // namespace

bool SeasonalEsd::isMultiplicative(const std::vector<double> &values)
{
    if (values.empty() || *std::min_element(values.begin(), values.end()) <= 0.0)
        return false;
    const size_t m = std::min(values.size(), kAcfSample);
    const std::span<const double> middle(values.data() + (values.size() - m) / 2, m);
    const double skew = localSkew(middle);
    if (!(skew > kMultiplicativeSkew))
        return false;
    std::vector<double> logs(middle.begin(), middle.end());
    for (double &v : logs)
        v = std::log(v);
    return std::abs(localSkew(logs)) < 0.5 * skew;
}

SeasonalEsd::Flags SeasonalEsd::detectRegular(const std::vector<double> &y, const std::vector<bool> &observed,
                                              int period, double minZ)
{
    const size_t n = y.size();
    Flags f;
    f.score.assign(n, kNaN);
    size_t observedCount = 0;
    for (size_t i = 0; i < n; ++i)
        observedCount += observed[i] ? 1 : 0;
    if (observedCount < size_t(kMinPoints))
        return f;

    // 2. Season.
    const Season season(y, period);
    std::vector<double> d = season.deseasonalise(y);

    // 3. Level. Median filters keep steps sharp: the level is at the new value from the first step
    // after a shift, so the detector adapts to a shift at once and its days are not flagged one by one.
    const size_t width = size_t(std::max(kMinLevelWidth, 2 * std::max(period, 1) + 1)) | 1u;
    const size_t half = width / 2;
    std::vector<double> level = centredMedian(d, width);
    // The noise from the observed values only: interpolated steps are smooth by construction and
    // would make every slope look like a shift.
    double noise = 0.0;
    if (observedCount == n) {
        noise = typicalNoiseScale(d);
    } else {
        std::vector<double> seen;
        seen.reserve(observedCount);
        for (size_t i = 0; i < n; ++i)
            if (observed[i])
                seen.push_back(d[i]);
        noise = typicalNoiseScale(seen);
    }
    // A series whose rhythm is removed exactly (a pure pattern) leaves only rounding in d: its noise
    // is at least kRoundingFloor of the series' typical magnitude, so rounding is never an anomaly.
    double rounding = 0.0;
    {
        const size_t stride = std::max<size_t>(1, n / 4096);
        std::vector<double> magnitudes;
        for (size_t i = 0; i < n; i += stride)
            magnitudes.push_back(std::abs(y[i]));
        rounding = kRoundingFloor * ScaleDetail::medianInPlace(magnitudes);
        noise = std::max(noise, rounding);
    }

    // 4. Level shifts: sharp ones at the scale of the level filter, slow ones (a ramp to a new level)
    // at kSlowShiftFactor times it, unless a sharp one is near.
    // f.score is not written before step 5: the slow test uses it as scratch, then it is NaN again.
    std::vector<Shift> shifts = levelShifts(d, level, half, 1, noise, f.score);
    static_assert(kSlowShiftFactor == 4, "levelShifts' median of block medians assumes 4 blocks");
    const size_t slowSpan = width * size_t(kSlowShiftFactor);
    const std::vector<Shift> slowShifts = levelShifts(d, level, half, kSlowShiftFactor, noise, f.score);
    std::fill(f.score.begin(), f.score.end(), kNaN);
    for (const Shift &slow : slowShifts) {
        const bool near = std::any_of(shifts.begin(), shifts.end(), [&](const Shift &s) {
            return (s.at > slow.at ? s.at - slow.at : slow.at - s.at) <= slowSpan;
        });
        if (!near)
            shifts.push_back(slow);
    }
    std::vector<char> isShift(n, 0);
    for (Shift s : shifts) {
        while (s.at < n && !observed[s.at])
            ++s.at;
        if (s.at >= n || isShift[s.at])
            continue;
        isShift[s.at] = 1;
        // Next to the step a centred window straddles it; there the level is taken from the side
        // of the step the point is on, so the days just before and after are not flagged for it.
        std::vector<double> side;
        for (size_t i = s.at >= half ? s.at - half : 0; i < std::min(n, s.at + half); ++i) {
            const size_t lo = i < s.at ? (i >= half ? i - half : 0) : s.at;
            const size_t hi = i < s.at ? s.at : std::min(n, i + half + 1);
            side.clear();
            for (size_t j = lo; j < hi; ++j)
                if (j != i)
                    side.push_back(d[j]);
            if (!side.empty())
                level[i] = medianOf(side);
        }
        f.score[s.at] = (s.after - s.before) / noise;
        f.flags.push_back(Flag{s.at, AnomalyKind::LevelShift, s.before + season.at(s.at), kMinShiftSd, s.before, s.after});
    }

    // 5. Residuals, tested by blocks of observed points. They take d's place (d is not needed any
    // more; a fresh array would cost page faults), the j-th observed point's in d[j]; index(j) is its
    // step, kept only when some steps are missing (else it is j).
    std::vector<size_t> observedIndex;
    if (observedCount < n) {
        observedIndex.reserve(observedCount);
        for (size_t i = 0; i < n; ++i) {
            if (observed[i]) {
                d[observedIndex.size()] = d[i] - level[i];
                observedIndex.push_back(i);
            }
        }
    } else {
        for (size_t i = 0; i < n; ++i)
            d[i] -= level[i];
    }
    d.resize(observedCount);
    std::vector<double> &residual = d;
    const auto index = [&observedIndex](size_t j) { return observedIndex.empty() ? j : observedIndex[j]; };
    const size_t blockSize = size_t(std::max(kMinBlock, kBlockPeriods * std::max(period, 1)));
    // Blocks: [begin, end) of the observed points; no short last block (it joins the one before).
    std::vector<std::pair<size_t, size_t>> blocks;
    for (size_t begin = 0; begin < residual.size();) {
        size_t end = std::min(residual.size(), begin + blockSize);
        if (residual.size() - end < blockSize / 2)
            end = residual.size();
        blocks.emplace_back(begin, end);
        begin = end;
    }
    // The series' typical residual scale (the floor's reference): the median of the blocks' own scales.
    std::vector<RobustCentre> centres;
    std::vector<double> scratch;
    std::vector<double> rawScales;
    const std::span<const double> residuals(residual);
    for (const auto &[begin, end] : blocks) {
        centres.push_back(robustCentre(residuals.subspan(begin, end - begin), 0.0, scratch));
        rawScales.push_back(centres.back().scale);
    }
    const double typical = ScaleDetail::medianInPlace(rawScales);
    const double floor = kScaleFloorFraction * std::max(typical > 0.0 ? typical : noise, rounding);
    for (size_t b = 0; b < blocks.size(); ++b) {
        const auto [begin, end] = blocks[b];
        if (centres[b].scale < floor)
            centres[b] = robustCentre(residuals.subspan(begin, end - begin), floor, scratch);
        for (size_t j = begin; j < end; ++j) {
            if (!isShift[index(j)])
                f.score[index(j)] = (residual[j] - centres[b].median) / centres[b].scale;
        }
    }
    const double tail = tailFactor(f.score, blocks, index);
    size_t cachedN = 0;
    std::vector<double> critical; // λ_i for the block size cachedN, computed on demand
    std::vector<std::pair<double, size_t>> candidates;
    for (size_t b = 0; b < blocks.size(); ++b) {
        const auto [begin, end] = blocks[b];
        const RobustCentre &centre = centres[b];
        const size_t m = end - begin;
        candidates.clear();
        for (size_t j = begin; j < end; ++j) {
            if (isShift[index(j)])
                continue;
            // Tested in units of tail × robust sd; reported as robust z.
            const double z = f.score[index(j)] / tail;
            if (std::abs(z) >= minZ)
                candidates.emplace_back(std::abs(z), j);
        }
        const size_t maxK = std::max<size_t>(1, size_t(kMaxShare * double(m)));
        if (!candidates.empty() && m >= 3) {
            std::sort(candidates.begin(), candidates.end(), std::greater<>());
            if (cachedN != m) {
                cachedN = m;
                critical.assign(maxK + 1, kNaN);
            }
            size_t flagged = 0;
            for (size_t i = 1; i <= std::min(maxK, candidates.size()); ++i) {
                if (std::isnan(critical[i]))
                    critical[i] = esdCritical(m, i, kAlpha);
                if (candidates[i - 1].first > critical[i])
                    flagged = i;
            }
            for (size_t i = 0; i < flagged; ++i) {
                const size_t j = candidates[i].second;
                const size_t at = index(j);
                const double z = f.score[at];
                f.flags.push_back(Flag{at, z > 0 ? AnomalyKind::Spike : AnomalyKind::Dip, y[at] - (residual[j] - centre.median),
                                       tail * std::max(minZ, critical[i + 1]), kNaN, kNaN});
            }
        }
    }
    std::sort(f.flags.begin(), f.flags.end(), [](const Flag &a, const Flag &b) { return a.at < b.at; });
    return f;
}

AnomalyResult SeasonalEsd::detect(const DailySeries &series, const AnomalyParams &params)
{
    AnomalyResult result;
    result.params = params;
    const QList<DailyPoint> &points = series.points();
    result.points.reserve(points.size());
    QList<QDate> days;
    days.reserve(points.size());
    for (const DailyPoint &p : points) {
        result.points.append(AnomalyPoint::unscored(p.day, p.value(params.field)));
        if (p.value(params.field))
            days.append(p.day);
    }
    if (days.size() < kMinPoints) {
        result.insufficientData = true;
        result.insufficientReason = QStringLiteral("The seasonal ESD detector needs at least %1 values; the series has %2.")
                                        .arg(kMinPoints)
                                        .arg(days.size());
        return result;
    }
    const Common::Grain grain = Common::grainOf(days);
    const qint64 first = Common::stepIndex(grain, days.first());
    const qint64 last = Common::stepIndex(grain, days.last());
    const size_t n = size_t(last - first + 1);
    std::vector<double> y(n, 0.0);
    std::vector<bool> observed(n, false);
    std::vector<qsizetype> row(n, -1);
    for (qsizetype i = 0; i < result.points.size(); ++i) {
        const AnomalyPoint &p = result.points.at(i);
        if (!p.value)
            continue;
        const size_t k = size_t(Common::stepIndex(grain, p.day) - first);
        y[k] = *p.value;
        observed[k] = true;
        row[k] = i;
    }
    // Missing steps: linear interpolation between the observed neighbours (decomposition only).
    size_t previous = 0;
    for (size_t k = 1; k < n; ++k) {
        if (!observed[k])
            continue;
        for (size_t j = previous + 1; j < k; ++j)
            y[j] = y[previous] + (y[k] - y[previous]) * double(j - previous) / double(k - previous);
        previous = k;
    }
    const int period = periodOf(y, Common::seasonalPeriod(grain));
    // Multiplicative noise (right-skewed, positive): tested on the log scale, reported back in the
    // series' own units.
    const bool onLogScale = isMultiplicative(y);
    if (onLogScale) {
        for (double &v : y)
            v = std::log(v);
    }
    const auto units = [onLogScale](double v) { return onLogScale ? std::exp(v) : v; };
    const Flags f = detectRegular(y, observed, period, params.threshold);
    const QString scale = onLogScale ? QStringLiteral(" on the log scale") : QString();
    const QString unit = Common::unitName(grain);
    for (size_t k = 0; k < n; ++k) {
        if (row[k] >= 0 && !std::isnan(f.score[k]))
            result.points[row[k]].score = f.score[k];
    }
    for (const Flag &flag : f.flags) {
        AnomalyPoint &p = result.points[row[flag.at]];
        p.isOutlier = true;
        p.kind = flag.kind;
        p.baseline = units(flag.baseline);
        p.threshold = flag.threshold;
        if (p.kind == AnomalyKind::LevelShift) {
            p.levelBefore = units(flag.levelBefore);
            p.levelAfter = units(flag.levelAfter);
            p.reason = QStringLiteral("level shift: the level moved from %1 to %2 (%3 noise sd%4; a shift needs %5) and "
                                      "stayed there; later %6 are judged against the new level")
                           .arg(number(*p.levelBefore), number(*p.levelAfter), number(*p.score), scale,
                                number(flag.threshold), unit);
        } else {
            p.reason = QStringLiteral("%1: %2 is %3 robust sd%4 %5 the expected %6 (season and level; flagged from %7 sd)")
                           .arg(kindName(p.kind), number(*p.value), number(std::abs(*p.score)), scale,
                                p.kind == AnomalyKind::Spike ? QStringLiteral("above") : QStringLiteral("below"),
                                number(*p.baseline), number(flag.threshold));
        }
    }
    return result;
}

} // namespace Anomaly
