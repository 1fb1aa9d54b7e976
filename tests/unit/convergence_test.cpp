// Each explicit method converges with its order on non-linear models: the error against the
// closed-form solution falls by 2^p when dt halves (Euler 1, midpoint rk2 2, rk4 4,
// exponential Euler 1).
#include <gtest/gtest.h>

#include <cmath>

#include "compile_text.hpp"
#include "element_stepper.hpp"

namespace lsm {
namespace {

constexpr double tau = 0.01;

// The logistic equation dv/dt = v (1 - v) / tau: v(t) = 1 / (1 + (1/v0 - 1) exp(-t/tau)).
double logisticError(const std::string& method, double dt) {
  auto c = test::compileIntegrated(
      "group g(1) {\n  equations {\n    dv/dt = v*(1 - v)/(10 ms) : 1\n"
      "  }\n  method: " +
      method + "\n}\n");
  EXPECT_TRUE(c.ok()) << c.diagnostics;
  test::ElementStepper e{*c.model().groups[0].update, {{"v", 0.1}}, dt};
  const double end = 4 * tau;
  int steps = static_cast<int>(std::lround(end / dt));
  for (int k = 0; k < steps; ++k) e.step();
  double exact = 1 / (1 + (1 / 0.1 - 1) * std::exp(-end / tau));
  return std::fabs(e["v"] - exact);
}

// dv/dt = -v (1 + sin(t/tau)) / tau: linear in v with a time-varying coefficient, the case
// exponential Euler is for. v(t) = v0 exp(-(t + tau (1 - cos(t/tau))) / tau).
double timeVaryingError(const std::string& method, double dt) {
  auto c = test::compileIntegrated(
      "group g(1) {\n  equations {\n"
      "    dv/dt = -v*(1 + sin(t/(10 ms)))/(10 ms) : 1\n  }\n"
      "  method: " +
      method + "\n}\n");
  EXPECT_TRUE(c.ok()) << c.diagnostics;
  test::ElementStepper e{*c.model().groups[0].update, {{"v", 1.0}}, dt};
  const double end = 3 * tau;
  int steps = static_cast<int>(std::lround(end / dt));
  for (int k = 0; k < steps; ++k) e.step();
  double exact = std::exp(-(end + tau * (1 - std::cos(end / tau))) / tau);
  return std::fabs(e["v"] - exact);
}

double order(double (*error)(const std::string&, double), const std::string& method) {
  double coarse = error(method, tau / 20);
  double fine = error(method, tau / 40);
  return std::log2(coarse / fine);
}

TEST(Convergence, Euler) {
  EXPECT_NEAR(order(logisticError, "euler"), 1.0, 0.1);
  EXPECT_NEAR(order(timeVaryingError, "euler"), 1.0, 0.1);
}
TEST(Convergence, MidpointRk2) {
  EXPECT_NEAR(order(logisticError, "rk2"), 2.0, 0.1);
  EXPECT_NEAR(order(timeVaryingError, "rk2"), 2.0, 0.1);
}
TEST(Convergence, Rk4) {
  EXPECT_NEAR(order(logisticError, "rk4"), 4.0, 0.15);
  EXPECT_NEAR(order(timeVaryingError, "rk4"), 4.0, 0.15);
}
TEST(Convergence, ExponentialEuler) {
  EXPECT_NEAR(order(timeVaryingError, "exponential_euler"), 1.0, 0.1);
}

}  // namespace
}  // namespace lsm
