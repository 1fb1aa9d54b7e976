// Fig. 2's fidelity: with a few pairs per distance, lsmc's curves land where Brian2's own runs
// of the seed land across network seeds (../shared/brian2/fig2_reference.md), and the state
// distance grows with the input distance.
#include <gtest/gtest.h>

#include <cmath>

#include "lsm/frontend.hpp"
#include "lsm/separation_experiment.hpp"
#include "maass_model.hpp"

namespace lsm {
namespace {

// Brian2's 100-500 ms means, min-max over six network instances (fig2_reference.md).
struct Reference {
  double target, low, high;
};
constexpr Reference references[] = {
    {0.4, 0.761, 0.883}, {0.2, 0.435, 0.553}, {0.1, 0.263, 0.358}, {0.0, 0.015, 0.024}};

TEST(Fidelity, LateStateDistancesMatchBrian2sRange) {
  auto model = test::maassModel();
  SeparationSettings settings = SeparationSettings::fromModel(*model);
  settings.pairs = 30;
  NetworkInstance network = buildNetwork(model, {.seed = settings.seed});
  SeparationResult separation = runSeparation(network, CompiledModel::compile(*model), settings, 2);
  ASSERT_EQ(separation.curves.size(), 4u);
  double previous = 1e9;
  for (std::size_t c = 0; c < 4; ++c) {
    const DistanceCurve& curve = separation.curves[c];
    ASSERT_EQ(curve.target, references[c].target);
    // The 100-500 ms mean and its standard error over the pairs' own window means.
    const auto& pairs = curve.lateMeans;
    double late = 0, squares = 0;
    for (double m : pairs) late += m;
    late /= static_cast<double>(pairs.size());
    for (double m : pairs) squares += (m - late) * (m - late);
    double sem = std::sqrt(squares / static_cast<double>(pairs.size() - 1) /
                           static_cast<double>(pairs.size()));
    // 30 pairs instead of 200: allow three of our standard errors beyond Brian2's range.
    EXPECT_GT(late, references[c].low - 3 * sem) << "d = " << curve.target;
    EXPECT_LT(late, references[c].high + 3 * sem) << "d = " << curve.target;
    EXPECT_LT(late, previous) << "the distance must grow with d(u,v)";
    previous = late;
    std::printf("d=%.1f: 100-500 ms mean %.3f (SEM %.3f), Brian2 %.3f-%.3f\n", curve.target, late,
                sem, references[c].low, references[c].high);
    double realised = 0;
    for (double d : curve.inputDistances) realised += d;
    realised /= static_cast<double>(curve.inputDistances.size());
    EXPECT_NEAR(realised, curve.target, settings.tolerance);
  }
}

TEST(Fidelity, InputDistanceIsTheSeeds) {
  // The seed's definition evaluated directly: sum over the grid of (conv_u - conv_v)^2 * dt /
  // duration with exp(-((t - s)/tau)^2).
  std::vector<double> u = {0.0123, 0.2501, 0.4999}, v = {0.1, 0.25004};
  const double dt = 1e-4, tau = 0.005, duration = 0.5;
  double direct = 0;
  for (int k = 0; k < 5000; ++k) {
    double t = k * dt, cu = 0, cv = 0;
    for (double s : u) cu += std::exp(-std::pow((t - s) / tau, 2));
    for (double s : v) cv += std::exp(-std::pow((t - s) / tau, 2));
    direct += (cu - cv) * (cu - cv);
  }
  direct *= dt / duration;
  EXPECT_NEAR(inputDistance(u, v, tau, dt, duration), direct, 1e-12 * direct);
}

TEST(Fidelity, PoissonTrainsHaveNoTwoSpikesInAStep) {
  for (std::uint64_t k = 0; k < 200; ++k) {
    auto train = poissonTrain(200.0, 0.5, 1e-4, 1, "test", k);
    for (std::size_t n = 1; n < train.size(); ++n) {
      EXPECT_NE(static_cast<long>((train[n] + 1e-7) / 1e-4),
                static_cast<long>((train[n - 1] + 1e-7) / 1e-4));
    }
  }
}

}  // namespace
}  // namespace lsm

namespace lsm {
namespace {

// Same seed, same result, whatever the thread count.
TEST(Determinism, SeparationIsIndependentOfTheThreadCount) {
  auto model = test::maassModel();
  SeparationSettings settings = SeparationSettings::fromModel(*model);
  settings.pairs = 3;
  NetworkInstance network = buildNetwork(model, {.seed = 99});
  auto compiled = std::shared_ptr<const CompiledModel>(CompiledModel::compile(*model));
  SeparationResult one = runSeparation(network, compiled, settings, 1);
  SeparationResult three = runSeparation(network, compiled, settings, 3);
  ASSERT_EQ(one.curves.size(), three.curves.size());
  for (std::size_t c = 0; c < one.curves.size(); ++c) {
    EXPECT_EQ(one.curves[c].mean, three.curves[c].mean);
    EXPECT_EQ(one.curves[c].inputDistances, three.curves[c].inputDistances);
  }
  EXPECT_EQ(one.candidates, three.candidates);
}

}  // namespace
}  // namespace lsm
