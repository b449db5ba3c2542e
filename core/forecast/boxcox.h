#pragma once
// The Box-Cox transform as forecast::BoxCox / InvBoxCox (forecast 8.20), with Guerrero's method for
// lambda (forecast::BoxCox.lambda(method = "guerrero")) and the bias-adjusted back-transform of a
// forecast mean (biasadj = TRUE): a mean on the transformed scale back-transforms to the median, so
// the mean is the median times 1 + σ²(1 − λ) / (2 (λm + 1)²) (log: 1 + σ²/2).

#include <vector>

namespace Forecast {

class BoxCox final
{
public:
    // λ = 0 is the log. Values that have no transform (negative, or 0 for λ ≤ 0) give NaN.
    static double transform(double y, double lambda);
    // The inverse; for λ > 0 a value below −1/λ (no preimage) maps to 0, the truncation that keeps
    // a non-negative series' bands at or above zero.
    static double inverse(double z, double lambda);
    // The back-transformed mean of a forecast with mean z and variance variance on the transformed scale.
    static double biasAdjustedInverse(double z, double variance, double lambda);

    // Guerrero (1993) as forecast:::guerrero: the λ in [lower, upper] that minimises the coefficient of
    // variation of sd/mean^(1−λ) over the non-overlapping subseries of length max(2, period) taken from
    // the end. Missing values are ignored. Values must be positive.
    static double guerreroLambda(const std::vector<double> &y, int period, double lower, double upper);
};

} // namespace Forecast
