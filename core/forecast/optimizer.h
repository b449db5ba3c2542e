#pragma once
// Small unconstrained minimisers for likelihood fitting: BFGS with finite-difference gradients and a
// backtracking line search that treats non-finite values as "too far", and Nelder–Mead as the
// derivative-free fallback. Internal to the forecast library.

#include <functional>
#include <vector>

namespace Forecast {

struct MinimizeResult
{
    std::vector<double> x;
    double value = 0.0;
    int iterations = 0;
    int evaluations = 0;
    bool converged = false;
    bool ok = false; // a finite value was found
    bool abandoned = false; // BFGS: the giveUp callback ended it
    // BFGS: the final inverse Hessian approximation (row major, k×k); empty for Nelder–Mead.
    std::vector<double> inverseHessian;
};

class Optimizer final
{
public:
    using Objective = std::function<double(const std::vector<double> &)>;

    // initialInverseHessian (row major, k×k, positive definite), when given, replaces the scaled
    // identity: a curvature estimate from a related fit saves the iterations spent learning it.
    // Called with the iterate and its value after every accepted step; returning true ends the
    // minimisation there (not converged, MinimizeResult::abandoned set).
    using GiveUp = std::function<bool(const std::vector<double> &, double)>;

    static MinimizeResult bfgs(const Objective &f, const std::vector<double> &x0, int maxIterations,
                               double relativeTolerance = 1e-9,
                               const std::vector<double> *initialInverseHessian = nullptr, const GiveUp &giveUp = {});
    static MinimizeResult nelderMead(const Objective &f, const std::vector<double> &x0, int maxIterations,
                                     double tolerance = 1e-10);
};

} // namespace Forecast
