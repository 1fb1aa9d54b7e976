// The exact propagator against closed-form solutions, including coinciding and nearly
// coinciding time constants, where the textbook formula divides 0 by 0.
#include "lsm/propagator.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace lsm {
namespace {

constexpr double dt = 1e-4;
constexpr int steps = 10000;

long double phi1(long double x) {
  return x == 0 ? 1.0L : std::expm1(x) / x;
}

TEST(Propagator, ScalarDecayWithConstantInput) {
  const double tau = 0.02, b = 0.7;  // dx/dt = -x/tau + b
  Propagator p = computePropagator({-1.0 / tau}, 1, dt);
  EXPECT_NEAR(p.phi[0], std::exp(-dt / tau), 1e-17);
  EXPECT_NEAR(p.psi[0], -tau * std::expm1(-dt / tau), 1e-20);
  double x = 0.3, worst = 0;
  for (int k = 1; k <= steps; ++k) {
    x = p.phi[0] * x + p.psi[0] * b;
    long double t = static_cast<long double>(k) * dt;
    long double exact = b * tau + (0.3L - b * tau) * std::exp(-t / tau);
    worst = std::max(worst, static_cast<double>(std::fabs(x - exact) / (b * tau)));
  }
  EXPECT_LE(worst, 1e-12);
}

TEST(Propagator, SingularMatrixIntegratesConstantInput) {
  Propagator p = computePropagator({0.0}, 1, dt);  // dx/dt = b
  EXPECT_EQ(p.phi[0], 1.0);
  EXPECT_DOUBLE_EQ(p.psi[0], dt);
  // dx/dt = y, dy/dt = 0: Phi = [[1, dt], [0, 1]], Psi = [[dt, dt^2/2], [0, dt]].
  Propagator q = computePropagator({0.0, 1.0, 0.0, 0.0}, 2, dt);
  EXPECT_DOUBLE_EQ(q.phiAt(0, 1), dt);
  EXPECT_DOUBLE_EQ(q.psiAt(0, 1), dt * dt / 2);
  EXPECT_EQ(q.phiAt(1, 0), 0.0);
}

// The Maass neuron's system: dI/dt = -I/tau_s, dv/dt = -v/tau_m + c I + b, with c = R/tau_m
// (1e6 ohm: a badly scaled matrix), for tau_s from equal to tau_m to far from it.
class CoupledPair : public testing::TestWithParam<double> {};

TEST_P(CoupledPair, MatchesTheClosedFormOverTenThousandSteps) {
  const double tauM = 0.03;
  const double tauS = tauM * (1.0 + GetParam());
  const double c = 1e6 / tauM;  // R_in / tau_mem
  const double b = 13.5e-9 * 1e6 / tauM;
  const double i0 = 18e-9, v0 = 0.0142;
  Propagator p = computePropagator({-1.0 / tauS, 0.0, c, -1.0 / tauM}, 2, dt);
  double current = i0, v = v0;
  double worstI = 0, worstV = 0;
  const long double delta = 1.0L / tauM - 1.0L / tauS;  // exact in long double
  for (int k = 1; k <= steps; ++k) {
    double nextI = p.phiAt(0, 0) * current;
    double nextV = p.phiAt(1, 0) * current + p.phiAt(1, 1) * v + p.psiAt(1, 1) * b;
    current = nextI;
    v = nextV;
    ASSERT_TRUE(std::isfinite(current) && std::isfinite(v));
    long double t = static_cast<long double>(k) * dt;
    long double exactI = i0 * std::exp(-t / tauS);
    long double exactV = b * tauM + (v0 - b * tauM) * std::exp(-t / tauM) +
                         c * i0 * t * std::exp(-t / tauM) * phi1(delta * t);
    worstI = std::max(worstI, static_cast<double>(std::fabs(current - exactI) / i0));
    worstV = std::max(worstV, static_cast<double>(std::fabs(v - exactV) / (b * tauM)));
  }
  EXPECT_LE(worstI, 1e-12) << "tau_s/tau_m - 1 = " << GetParam();
  EXPECT_LE(worstV, 1e-12) << "tau_s/tau_m - 1 = " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(TimeConstants, CoupledPair,
                         testing::Values(0.0, 1e-15, -1e-15, 1e-13, 1e-11, 1e-9, 1e-7, 1e-5, 1e-3,
                                         -1e-3, 1e-1, -1e-1, 0.5, -0.9, 10.0));

// The synapse's system: dx/dt = (1 - x - y)/D, dy/dt = -y/tau_I, with D near tau_I.
class SynapsePair : public testing::TestWithParam<double> {};

TEST_P(SynapsePair, MatchesTheClosedForm) {
  const double tauI = 0.003;
  const double d = tauI * (1.0 + GetParam());
  Propagator p = computePropagator({-1.0 / d, -1.0 / d, 0.0, -1.0 / tauI}, 2, dt);
  const double b = 1.0 / d;
  double x = 0.2, y = 0.7, worst = 0;
  const long double delta = 1.0L / d - 1.0L / tauI;
  for (int k = 1; k <= steps; ++k) {
    double nextX = p.phiAt(0, 0) * x + p.phiAt(0, 1) * y + p.psiAt(0, 0) * b;
    double nextY = p.phiAt(1, 1) * y;
    x = nextX;
    y = nextY;
    long double t = static_cast<long double>(k) * dt;
    // x = 1 + (x0 - 1) e^{-t/D} - y0 t/D e^{-t/D} phi1(delta t)
    long double exactX =
        1 + (0.2L - 1) * std::exp(-t / d) - 0.7L * t / d * std::exp(-t / d) * phi1(delta * t);
    worst = std::max(worst, static_cast<double>(std::fabs(x - exactX)));
    ASSERT_TRUE(std::isfinite(x));
  }
  EXPECT_LE(worst, 1e-12) << "D/tau_I - 1 = " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(TimeConstants, SynapsePair,
                         testing::Values(0.0, 1e-15, 1e-12, 1e-8, 1e-4, 1e-1, 10.0, 300.0));

}  // namespace
}  // namespace lsm
