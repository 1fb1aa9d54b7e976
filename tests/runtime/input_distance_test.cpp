// The input distance in closed form (lsm/input_distance.hpp) against the seed's definition
// evaluated directly on the grid: random trains of several rates, spikes on and next to the
// grid's ends, short trials whose two ends both cut the kernels, kernels narrow enough for the
// fallback, trains nearly alike, unsorted and empty trains.
#include "lsm/input_distance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "lsm/poisson_train.hpp"

namespace lsm {
namespace {

// The seed's distance(gaussian_convolution(TS, u), gaussian_convolution(TS, v), dt) / duration,
// one exp per spike and step.
double seedsDistance(const std::vector<double>& u, const std::vector<double>& v, double tau,
                     double dt, double duration) {
  const auto steps = std::llround(duration / dt);
  double sum = 0;
  for (long k = 0; k < steps; ++k) {
    const double t = static_cast<double>(k) * dt;
    double cu = 0, cv = 0;
    for (double s : u) cu += std::exp(-std::pow((t - s) / tau, 2));
    for (double s : v) cv += std::exp(-std::pow((t - s) / tau, 2));
    sum += (cu - cv) * (cu - cv);
  }
  return sum * dt / duration;
}

struct Grid {
  double dt, tau, duration;
};

// Uniform spike times with a share of them on, or a hair from, either end of the grid.
std::vector<double> randomTrain(std::mt19937_64& random, double rate, const Grid& grid) {
  std::poisson_distribution<int> count(rate * grid.duration);
  std::uniform_real_distribution<double> time(0, grid.duration);
  const double last = std::round(grid.duration / grid.dt - 1) * grid.dt;
  const double ends[] = {0.0,
                         1e-9,
                         grid.dt / 2,
                         last,
                         last + grid.dt / 2,
                         grid.duration - 1e-9,
                         3 * grid.tau,
                         grid.duration - 2 * grid.tau};
  std::vector<double> train;
  for (int n = count(random); n > 0; --n) {
    train.push_back(random() % 4 == 0 ? ends[random() % std::size(ends)] : time(random));
  }
  std::sort(train.begin(), train.end());
  return train;
}

void expectSeeds(const std::vector<double>& u, const std::vector<double>& v, const Grid& grid) {
  const double direct = seedsDistance(u, v, grid.tau, grid.dt, grid.duration);
  const double closed = inputDistance(u, v, grid.tau, grid.dt, grid.duration);
  EXPECT_NEAR(closed, direct, 1e-12 * direct)
      << u.size() << " and " << v.size() << " spikes, dt " << grid.dt << " tau " << grid.tau
      << " duration " << grid.duration;
  EXPECT_NEAR(inputDistanceOnGrid(u, v, grid.tau, grid.dt, grid.duration), direct, 1e-12 * direct);
}

TEST(InputDistance, RandomTrainsWithSpikesAtTheEnds) {
  std::mt19937_64 random(17);
  // The seed's grid, a coarser one, a trial shorter than the kernel's reach (both ends cut the
  // same pairs), and one only 16 steps to the kernel (the closed form's narrowest).
  const Grid grids[] = {
      {1e-4, 0.005, 0.5}, {5e-4, 0.02, 1.0}, {1e-4, 0.005, 0.03}, {1e-3, 0.016, 0.4}};
  for (const Grid& grid : grids) {
    for (double rate : {5.0, 20.0, 80.0}) {
      for (int k = 0; k < 12; ++k) {
        expectSeeds(randomTrain(random, rate, grid), randomTrain(random, rate, grid), grid);
      }
    }
  }
}

TEST(InputDistance, TheSeedsCandidatesAsTheGridSumHasThem) {
  // The first candidates of the Maass experiment (seed 1): the closed form decides as the
  // grid sum does.
  for (std::uint64_t k = 0; k < 400; ++k) {
    auto u = poissonTrain(20, 0.5, 1e-4, 1, "input u", k);
    auto v = poissonTrain(20, 0.5, 1e-4, 1, "input v", k);
    const double grid = inputDistanceOnGrid(u, v, 0.005, 1e-4, 0.5);
    EXPECT_NEAR(inputDistance(u, v, 0.005, 1e-4, 0.5), grid, 1e-13 * grid) << "candidate " << k;
  }
}

TEST(InputDistance, NarrowKernelsFallBackToTheGrid) {
  std::mt19937_64 random(5);
  const Grid grid{1e-3, 0.004, 0.3};  // 4 steps: Poisson summation's terms count there
  for (int k = 0; k < 10; ++k) {
    expectSeeds(randomTrain(random, 30, grid), randomTrain(random, 30, grid), grid);
  }
}

TEST(InputDistance, TrainsNearlyAlike) {
  // One spike moved by `shift`: the distance falls with shift^2 and the pair terms cancel. To a
  // thousandth the closed form holds; beyond, it hands over to the grid sum, which is as exact
  // as the definition in double precision allows (1e-12 at a shift of 1e-5 s, measured against
  // a long double evaluation).
  const Grid grid{1e-4, 0.005, 0.5};
  const std::vector<double> u = {0.0, 0.1, 0.2, 0.3, 0.4, 0.49995};
  auto exact = [&](const std::vector<double>& v) {
    long double sum = 0;
    for (long k = 0; k < 5000; ++k) {
      const long double t = static_cast<long double>(k) * 1e-4L;
      long double c = 0;
      for (double s : u) c += std::exp(-std::pow((t - s) / 0.005L, 2));
      for (double s : v) c -= std::exp(-std::pow((t - s) / 0.005L, 2));
      sum += c * c;
    }
    return static_cast<double>(sum * 1e-4L / 0.5L);
  };
  for (double shift : {1e-2, 1e-3, 1e-4}) {
    std::vector<double> v = u;
    v[2] += shift;
    const double reference = exact(v);
    EXPECT_NEAR(inputDistance(u, v, grid.tau, grid.dt, grid.duration), reference, 1e-12 * reference)
        << "shift " << shift;
  }
  for (double shift : {1e-5, 1e-7}) {
    std::vector<double> v = u;
    v[2] += shift;
    EXPECT_EQ(inputDistance(u, v, grid.tau, grid.dt, grid.duration),
              inputDistanceOnGrid(u, v, grid.tau, grid.dt, grid.duration));
  }
  EXPECT_EQ(inputDistance(u, u, grid.tau, grid.dt, grid.duration), 0.0);
}

TEST(InputDistance, UnsortedAndEmptyTrains) {
  const Grid grid{1e-4, 0.005, 0.5};
  const std::vector<double> sorted = {0.01, 0.2, 0.21, 0.4}, unsorted = {0.21, 0.01, 0.4, 0.2};
  const std::vector<double> v = {0.05, 0.3}, none;
  EXPECT_EQ(inputDistance(unsorted, v, grid.tau, grid.dt, grid.duration),
            inputDistance(sorted, v, grid.tau, grid.dt, grid.duration));
  expectSeeds(sorted, none, grid);
  expectSeeds(none, v, grid);
  EXPECT_EQ(inputDistance(none, none, grid.tau, grid.dt, grid.duration), 0.0);
}

}  // namespace
}  // namespace lsm
