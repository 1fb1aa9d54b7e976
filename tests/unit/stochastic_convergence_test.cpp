// The stochastic methods converge with their orders. Each path's Brownian motion is drawn on
// a fine grid and summed into the increments of every coarser step, so that a scheme at
// several dt and the exact solution see the same path: the strong error E|X_T - X(T)| and the
// weak error |E[X_T - X(T)]| (common random numbers: the difference has a small variance)
// against dt, their slopes in log-log fitted by least squares.
//   euler on Ornstein–Uhlenbeck dx = -x dt/T0 + s dW (additive noise): strong 1, weak 1
//   heun and milstein on geometric Brownian motion dx = mu x dt + s x o dW in Stratonovich's
//   sense (Brian2's reading of both; its solution x0 exp(mu t + s W_t)): strong 1, weak 1
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "compile_text.hpp"
#include "element_stepper.hpp"

namespace lsm {
namespace {

constexpr double end = 1.0;    // T (s)
constexpr int fineLevel = 12;  // the Brownian path on 2^12 steps

struct Orders {
  double strong, weak;
};

// The least-squares slope of log2(error) against log2(dt).
double slope(const std::vector<double>& log2dt, const std::vector<double>& log2error) {
  const double n = static_cast<double>(log2dt.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < log2dt.size(); ++k) {
    sx += log2dt[k];
    sy += log2error[k];
    sxx += log2dt[k] * log2dt[k];
    sxy += log2dt[k] * log2error[k];
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

enum class Problem { ornsteinUhlenbeck, geometric };

std::string model(Problem problem, const std::string& method) {
  const std::string rhs = problem == Problem::ornsteinUhlenbeck
                              ? "-x/second + 0.5*xi/sqrt(second)"
                              : "x/second + 0.5*x*xi/sqrt(second)";
  return "group g(1) {\n  equations {\n    dx/dt = " + rhs + " : 1\n  }\n  method: " + method +
         "\n}\n";
}

// The exact solution on a fine path (increments dW, step h): geometric in closed form;
// Ornstein–Uhlenbeck from the exact transition of each fine step driven by its increment
// (x e^{-h} + s e^{-h/2} dW: the midpoint weight makes the reference error O(h^2) per path).
double exactEnd(Problem problem, const std::vector<double>& dW, double h) {
  double x = 1.0;
  if (problem == Problem::geometric) {
    double w = 0;
    for (double d : dW) w += d;
    return std::exp(1.0 * end + 0.5 * w);
  }
  for (double d : dW) x = x * std::exp(-h) + 0.5 * std::exp(-h / 2) * d;
  return x;
}

Orders orders(Problem problem, const std::string& method, int paths, int coarsest, int finest) {
  auto c = test::compileIntegrated(model(problem, method));
  EXPECT_TRUE(c.ok()) << c.diagnostics;
  if (!c.ok()) return {0, 0};
  const ir::StateUpdate& update = *c.model().groups[0].update;
  const int fine = 1 << fineLevel;
  const double h = end / fine;
  std::mt19937_64 random(1999);
  std::normal_distribution<double> normal;
  const int levels = finest - coarsest + 1;
  std::vector<double> strong(static_cast<std::size_t>(levels), 0.0);
  std::vector<double> weak(static_cast<std::size_t>(levels), 0.0);
  std::vector<double> dW(static_cast<std::size_t>(fine));
  for (int p = 0; p < paths; ++p) {
    for (double& d : dW) d = std::sqrt(h) * normal(random);
    const double exact = exactEnd(problem, dW, h);
    for (int level = coarsest; level <= finest; ++level) {
      const int steps = 1 << level;
      const int per = fine / steps;
      const double dt = end / steps;
      test::ElementStepper e{update, {{"x", 1.0}}, dt};
      int step = 0;
      e.normal = [&] {
        double sum = 0;
        for (int k = 0; k < per; ++k) sum += dW[static_cast<std::size_t>(step * per + k)];
        return sum / std::sqrt(dt);
      };
      for (; step < steps; ++step) e.step();
      const auto at = static_cast<std::size_t>(level - coarsest);
      strong[at] += std::fabs(e["x"] - exact) / paths;
      weak[at] += (e["x"] - exact) / paths;
    }
  }
  std::vector<double> log2dt, log2strong, log2weak;
  for (int level = coarsest; level <= finest; ++level) {
    const auto at = static_cast<std::size_t>(level - coarsest);
    log2dt.push_back(-level);
    log2strong.push_back(std::log2(strong[at]));
    log2weak.push_back(std::log2(std::fabs(weak[at])));
    std::printf("%s %s dt = T/%d: strong %.3e weak %.3e\n",
                problem == Problem::geometric ? "geometric" : "OU", method.c_str(), 1 << level,
                strong[at], weak[at]);
  }
  return {slope(log2dt, log2strong), slope(log2dt, log2weak)};
}

TEST(StochasticConvergence, EulerMaruyamaOnAdditiveNoise) {
  Orders o = orders(Problem::ornsteinUhlenbeck, "euler", 400, 3, 7);
  std::printf("euler: strong %.2f, weak %.2f\n", o.strong, o.weak);
  EXPECT_NEAR(o.strong, 1.0, 0.15);
  EXPECT_NEAR(o.weak, 1.0, 0.15);
}

TEST(StochasticConvergence, HeunOnMultiplicativeNoise) {
  Orders o = orders(Problem::geometric, "heun", 400, 3, 7);
  std::printf("heun: strong %.2f, weak %.2f\n", o.strong, o.weak);
  EXPECT_NEAR(o.strong, 1.0, 0.15);
  EXPECT_NEAR(o.weak, 1.0, 0.15);
}

TEST(StochasticConvergence, MilsteinOnMultiplicativeNoise) {
  Orders o = orders(Problem::geometric, "milstein", 400, 3, 7);
  std::printf("milstein: strong %.2f, weak %.2f\n", o.strong, o.weak);
  EXPECT_NEAR(o.strong, 1.0, 0.15);
  EXPECT_NEAR(o.weak, 1.0, 0.15);
}

}  // namespace
}  // namespace lsm
