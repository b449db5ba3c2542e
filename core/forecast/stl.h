#pragma once
// STL, the seasonal-trend decomposition by loess of Cleveland, Cleveland, McRae & Terpenning (1990),
// computed as R's stats::stl does (same windows, degrees, jumps, inner/outer loops and end-point
// rules), so that forecast::nsdiffs' seasonal-strength heuristic can be reproduced exactly. Used by
// automatic order selection to choose the seasonal difference D.

#include <vector>

namespace Forecast {

struct StlOptions
{
    // Seasonal smoothing window (odd, ≥ 3); 0 means "periodic" (R: s.window = "periodic": a window of
    // 10n + 1, degree 0, and the seasonal component averaged per cycle position afterwards).
    int seasonalWindow = 0;
    int seasonalDegree = 0;
    int trendWindow = -1; // -1: R's nextodd(ceiling(1.5·period / (1 − 1.5/seasonalWindow)))
    int trendDegree = 1;
    int lowPassWindow = -1; // -1: nextodd(period)
    int lowPassDegree = -1; // -1: trendDegree
    int inner = 2;
    int outer = 0; // robustness iterations (R: 15 with robust = TRUE, inner 1)
};

struct StlResult
{
    bool ok = false;
    std::vector<double> seasonal;
    std::vector<double> trend;
    std::vector<double> remainder;
};

class Stl final
{
public:
    // x must be finite, with period ≥ 2 and more than two full periods (R refuses otherwise).
    static StlResult decompose(const std::vector<double> &x, int period, const StlOptions &options = {});

    // forecast's seas.heuristic on a single-period series: STL with s.window = 11 (what forecast::mstl
    // passes for one period), then max(0, min(1, 1 − Var(R)/Var(R + S))). Missing values are filled by
    // linear interpolation first. Returns 0 when the series is too short to decompose.
    static double seasonalStrength(const std::vector<double> &x, int period);
};

} // namespace Forecast
