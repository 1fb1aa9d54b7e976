// Pair collection's bounds on the input distance (runtime/src/input_distance_bounds.hpp)
// against the sum over the grid and the closed form: Poisson trains of several rates with
// spikes added on, next to and near the grid's ends, a trial shorter than the kernels' reach,
// the closed form's narrowest kernel; pairs just beyond the bounds' reach; where no bound is
// known. And pair collection with the bounds takes the pairs the exact distances take.
#include "input_distance_bounds.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "input_pairs.hpp"
#include "lsm/input_distance.hpp"
#include "lsm/poisson_train.hpp"

namespace lsm {
namespace {

struct Grid {
  double dt, tau, duration;
};

// A Poisson train with, one time in two, spikes added at one of the ends or a few kernels in.
std::vector<double> trainWithEdges(const PoissonTrainDraws& draws, std::uint64_t index,
                                   const Grid& grid, std::mt19937_64& random) {
  std::vector<double> train;
  draws.draw(train, index);
  const double last = std::round(grid.duration / grid.dt - 1) * grid.dt;
  const double edges[] = {0.0,
                          1e-9,
                          grid.dt / 2,
                          grid.tau,
                          3 * grid.tau,
                          last,
                          last + grid.dt / 2,
                          grid.duration - 1e-9,
                          grid.duration - 2 * grid.tau};
  if (random() % 2 == 0) {
    for (int k = static_cast<int>(random() % 3); k >= 0; --k)
      train.push_back(edges[random() % std::size(edges)]);
  }
  std::sort(train.begin(), train.end());
  return train;
}

// Both the grid sum and the closed form lie within the bounds; returns their width.
double expectWithin(const std::vector<double>& u, const std::vector<double>& v, const Grid& grid) {
  const DistanceInterval bounds = InputDistanceBounds(grid.tau, grid.dt, grid.duration)(u, v);
  const double onGrid = inputDistanceOnGrid(u, v, grid.tau, grid.dt, grid.duration);
  const double closed = inputDistance(u, v, grid.tau, grid.dt, grid.duration);
  for (double d : {onGrid, closed}) {
    EXPECT_LE(bounds.lower, d) << u.size() << " and " << v.size() << " spikes, tau " << grid.tau
                               << " duration " << grid.duration;
    EXPECT_GE(bounds.upper, d) << u.size() << " and " << v.size() << " spikes, tau " << grid.tau
                               << " duration " << grid.duration;
  }
  return bounds.upper - bounds.lower;
}

TEST(InputDistanceBounds, HoldTheGridSumWithSpikesAtTheEnds) {
  std::mt19937_64 random(23);
  // The seed's grid, a coarser one, a trial shorter than the kernel's reach (both ends cut the
  // same pairs), and one only 16 steps to the kernel (the closed form's narrowest).
  const Grid grids[] = {
      {1e-4, 0.005, 0.5}, {5e-4, 0.02, 1.0}, {1e-4, 0.005, 0.03}, {1e-3, 0.016, 0.4}};
  for (const Grid& grid : grids) {
    for (double rate : {5.0, 20.0, 50.0}) {
      const PoissonTrainDraws u(rate, grid.duration, grid.dt, 3, "u"),
          v(rate, grid.duration, grid.dt, 3, "v");
      for (std::uint64_t k = 0; k < 24; ++k) {
        expectWithin(trainWithEdges(u, k, grid, random), trainWithEdges(v, k, grid, random), grid);
      }
    }
  }
}

TEST(InputDistanceBounds, NarrowOnTheSeedsCandidates) {
  // The Maass protocol's candidates: the bounds hold and are a fifth of the tolerance (0.01)
  // wide on average, which is what lets them reject a candidate.
  const Grid grid{1e-4, 0.005, 0.5};
  const PoissonTrainDraws u(20, grid.duration, grid.dt, 1, "input u"),
      v(20, grid.duration, grid.dt, 1, "input v");
  std::vector<double> a, b;
  double widths = 0;
  constexpr int candidates = 300;
  for (std::uint64_t k = 0; k < candidates; ++k) {
    u.draw(a, k);
    v.draw(b, k);
    widths += expectWithin(a, b, grid);
  }
  EXPECT_LT(widths / candidates, 0.002);
}

TEST(InputDistanceBounds, PairsBeyondTheReachCount) {
  // Two spikes of one train just beyond the bounds' reach of 5 sigma (25 ms) and far from the
  // ends: their weight, 3.6e-6 of a spike's own, is left out of the sum but not of the bounds.
  const Grid grid{1e-4, 0.005, 0.5};
  for (double gap : {0.02505, 0.0251, 0.026}) {
    expectWithin({0.2, 0.2 + gap}, {}, grid);
    expectWithin({0.2}, {0.2 + gap}, grid);
  }
}

TEST(InputDistanceBounds, NoneWithoutTheClosedForm) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  auto unbounded = [&](const DistanceInterval& bounds) {
    return bounds.lower == -infinity && bounds.upper == infinity;
  };
  const std::vector<double> sorted = {0.01, 0.2}, unsorted = {0.2, 0.01};
  // A kernel of 4 steps, an unsorted train, 65 spikes.
  EXPECT_TRUE(unbounded(InputDistanceBounds(0.004, 1e-3, 0.5)(sorted, sorted)));
  EXPECT_TRUE(unbounded(InputDistanceBounds(0.005, 1e-4, 0.5)(unsorted, sorted)));
  EXPECT_TRUE(unbounded(InputDistanceBounds(0.005, 1e-4, 0.5)(sorted, unsorted)));
  std::vector<double> many(65);
  for (std::size_t k = 0; k < many.size(); ++k) many[k] = 0.007 * static_cast<double>(k);
  EXPECT_TRUE(unbounded(InputDistanceBounds(0.005, 1e-4, 0.5)(many, sorted)));
  EXPECT_FALSE(unbounded(InputDistanceBounds(0.005, 1e-4, 0.5)(sorted, sorted)));
}

TEST(InputDistanceBounds, PairCollectionTakesTheExactDistancesPairs) {
  // Each target takes the first candidates whose exact distance is within the tolerance, in
  // candidate order, whatever the thread count: the bounds only spare the exact value.
  SeparationSettings settings;
  settings.targetDistances = {0.4, 0.2, 0.1};
  settings.pairs = 12;
  settings.seed = 7;
  const PoissonTrainDraws drawU(settings.poissonRate, settings.duration, settings.dt, settings.seed,
                                "input u"),
      drawV(settings.poissonRate, settings.duration, settings.dt, settings.seed, "input v");
  std::vector<std::vector<std::uint64_t>> expected(settings.targetDistances.size());
  std::vector<double> u, v;
  std::uint64_t k = 0;
  auto full = [&] {
    for (const auto& chosen : expected)
      if (chosen.size() < static_cast<std::size_t>(settings.pairs)) return false;
    return true;
  };
  for (; !full(); ++k) {
    drawU.draw(u, k);
    drawV.draw(v, k);
    const double d = inputDistance(u, v, settings.inputKernelTau, settings.dt, settings.duration);
    for (std::size_t t = 0; t < expected.size(); ++t) {
      if (std::fabs(d - settings.targetDistances[t]) < settings.tolerance &&
          expected[t].size() < static_cast<std::size_t>(settings.pairs))
        expected[t].push_back(k);
    }
  }
  for (int threads : {1, 2, 3}) {
    const InputPairs pairs = collectInputPairs(settings, settings.dt, threads, {});
    EXPECT_EQ(pairs.candidates, static_cast<std::int64_t>(k));
    for (std::size_t t = 0; t < expected.size(); ++t) {
      ASSERT_EQ(pairs.trains[t].size(), expected[t].size());
      for (std::size_t p = 0; p < expected[t].size(); ++p) {
        drawU.draw(u, expected[t][p]);
        drawV.draw(v, expected[t][p]);
        EXPECT_EQ(pairs.trains[t][p].first, u) << "target " << t << " pair " << p;
        EXPECT_EQ(pairs.trains[t][p].second, v) << "target " << t << " pair " << p;
        EXPECT_EQ(pairs.distances[t][p],
                  inputDistance(u, v, settings.inputKernelTau, settings.dt, settings.duration));
      }
    }
  }
}

}  // namespace
}  // namespace lsm
