#pragma once
// Probability functions the diagnostics and intervals need (χ², F, Student t, normal). Small and
// self-contained so the forecast library depends on nothing but Qt Core and Eigen.

namespace Forecast::Distributions {

// Regularized lower incomplete gamma P(a, x).
double regularizedGammaP(double a, double x);
// Regularized incomplete beta I_x(a, b).
double regularizedBeta(double a, double b, double x);

double chiSquaredSurvival(double x, double dof);
double fCdf(double x, double dof1, double dof2);
double studentTCdf(double t, double dof);
// Quantile of Student's t (p in (0, 1)); falls back to the normal quantile for dof > 1e6.
double studentTQuantile(double p, double dof);
double normalCdf(double x);
double normalQuantile(double p);

} // namespace Forecast::Distributions
