#pragma once
// The default detector ("stl"): season, level and noise separated first, then a robust test on what
// is left, so that neither the weekly rhythm, nor a trend, nor a level shift is mistaken for a run of
// anomalies. The idea of Twitter's S-H-ESD (Hochenbaum, Vallis & Kejariwal 2017), with a median
// filter for the level so that steps are kept sharp and reported once.
//
//  1. Grid. The observed values are placed on the series' own steps (common/grain.h: days, weeks,
//     months, quarters); missing steps are filled by linear interpolation for the decomposition only
//     and are never tested or flagged.
//  2. Season. The period comes from the grain (7 for daily KPIs, 52 weekly, 12 monthly, 4 quarterly),
//     unless the series' own autocorrelation shows another one clearly (periodOf: hourly data read
//     as days has a wave of 24, not 7).
//     With more than two full periods, Forecast::Stl (periodic season, one robustness pass) gives the
//     seasonal component; shorter series are tested without one. Series over 16,384 steps get one
//     pattern per 16,384 steps, from STL (without the robustness pass: over 146 periods a spike
//     barely moves the average) on the first 1,024 of them, or 8 periods if more (a 288-step
//     rhythm needs more than 3 periods to be estimated well; STL costs too much per point
//     to run on a million).
//  3. Level. A centred running median of the deseasonalised series (width max(15, 2·period + 1))
//     follows trends and steps without being pulled by spikes.
//  4. Level shifts. The medians of the `width` steps before and after each step (step 3's medians)
//     are compared; a step whose jump stands out from the jumps one `width` earlier and later (so a
//     steady trend or a slope change is not a shift) by kShiftZ standard errors, and is at least
//     kMinShiftSd noise sd, is a shift. It is reported once, on its first step, with the levels
//     before and after; the level of step 3 adapts at once, so the days after it are not flagged.
//     The same test at kSlowShiftFactor times the scale finds a ramp to a new level (a slow shift).
//  5. Residuals = value − season − level, tested in blocks of kBlockPeriods periods (at least
//     kMinBlock points) by the generalized ESD test (α = kAlpha, at most kMaxShare of a block) on
//     the block's median and 1.4826·MAD (the "hybrid" of S-H-ESD; median and MAD are not recomputed
//     as candidates are removed, which changes them by a negligible amount and keeps the test
//     O(n)). Zero or tiny MAD falls back to the mean absolute deviation ×1.2533 and then to half the
//     series' typical residual scale (scalefloor.h). A flagged residual must also reach
//     params.threshold robust sd. Both in units of the tail factor (1 for normal noise; above 1
//     when the residuals' tails are heavy, see kTailDeadZone).
//  6. Warm-up: nothing is scored on a series of fewer than kMinPoints observed values.
//
// Cost: O(n · width) for the medians plus STL's loess passes.

#include "anomalyparams.h"
#include "anomalyresult.h"
#include "dailyseries.h"

namespace Anomaly {

class SeasonalEsd final
{
public:
    static constexpr int kMinPoints = 7;
    static constexpr double kAlpha = 0.05;
    static constexpr double kMaxShare = 0.1;
    static constexpr int kBlockPeriods = 13; // a quarter of daily data
    static constexpr int kMinBlock = 91;
    static constexpr int kMinLevelWidth = 15;
    static constexpr double kShiftZ = 5.0;
    static constexpr double kMinShiftSd = 3.0;
    static constexpr int kSlowShiftFactor = 4; // slow shifts (ramps to a new level) at 4× the scale
    // Noise and scale floors are at least this share of the series' median |value|: a pure pattern,
    // removed exactly, leaves only floating-point rounding, which must not be an anomaly.
    static constexpr double kRoundingFloor = 1e-9;

    // periodOf: autocorrelation of the series after a centred moving average (width 2·kMaxAcfLag + 1,
    // so no period considered is averaged away) is removed and values beyond 4 robust sd are clipped
    // (a spike or a step must not make a period), on the middle kAcfSample points. A lag L in
    // 3..min(kMaxAcfLag, n / 3) is a candidate when its autocorrelation is a local maximum of at least
    // kMinAcf that rises at least kMinAcfRise above the lowest autocorrelation at a shorter lag (a
    // random walk's slowly decaying autocorrelation has no such peak). The strongest candidate wins
    // over the grain's period unless the grain's period is a candidate with at least kGrainAcfShare
    // of its autocorrelation; a multiple of a shorter candidate (48 for 24) is reduced to it when the
    // shorter one has kDivisorAcfShare of the autocorrelation. Cost: kAcfSample × kMaxAcfLag
    // multiply-adds. A series with no clear rhythm keeps the grain's period.
    static constexpr int kMaxAcfLag = 400;
    static constexpr size_t kAcfSample = 4096;
    static constexpr double kMinAcf = 0.3;
    static constexpr double kMinAcfRise = 0.3;
    static constexpr double kGrainAcfShare = 0.8;
    static constexpr double kDivisorAcfShare = 0.97;
    // Points per day or week of hourly, 30-, 15-, 10- and 5-minute data, and the calendar's periods.
    static constexpr int kCommonPeriods[] = {7, 12, 24, 48, 52, 96, 144, 168, 288};
    static int periodOf(const std::vector<double> &values, int grainPeriod);

    // Heavy tails (step 5): the median over blocks of each block's 90th percentile of |robust z|,
    // against its value for normal noise (1.645). Above kTailDeadZone times that, robust z is tested
    // in units of tailFactor = ratio^kTailPower (Student t with 3 dof: about 2.2; with 4: about 1.8), so
    // noise with heavy tails is not flagged at the rate of its tails; normal noise is tested as it
    // was. Needs kMinTailSample tested values.
    static constexpr double kNormalQ90 = 1.6449;
    static constexpr double kTailDeadZone = 1.1;
    static constexpr double kTailPower = 3.5;
    static constexpr int kMinTailSample = 200;

    // Multiplicative noise (web traffic, latencies: the spread grows with the level, the tail is on the
    // right): detect() tests log(values) when every value is positive, the deviations from a running
    // median of 7 have a Bowley skewness (5 % / 95 %) above kMultiplicativeSkew, and the log halves
    // it at least. Scores are then robust z on the log scale; baselines and levels are reported in
    // the series' units. On the middle kAcfSample values.
    static constexpr double kMultiplicativeSkew = 0.15;
    static bool isMultiplicative(const std::vector<double> &values);

    // params.method is not checked here (AnomalyDetector::run dispatches on it).
    static AnomalyResult detect(const DailySeries &series, const AnomalyParams &params);

    // The same on a plain, regularly spaced series (no dates; period 0 or 1 = no season). Used by the
    // benchmark and the evaluation; detect() calls it after placing the values on the grid.
    struct Flag final
    {
        size_t at = 0;
        AnomalyKind kind = AnomalyKind::None;
        double baseline = 0.0;  // the expected value
        double threshold = 0.0; // the |score| it had to reach
        double levelBefore = 0.0, levelAfter = 0.0; // level shifts only (NaN otherwise)
    };
    struct Flags final
    {
        std::vector<double> score; // robust z of the residual, or a shift in noise sd (NaN where not tested)
        std::vector<Flag> flags;   // by position
    };
    static Flags detectRegular(const std::vector<double> &values, const std::vector<bool> &observed, int period,
                               double minZ);
};

} // namespace Anomaly
