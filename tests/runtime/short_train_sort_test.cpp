// The short-train sort of Poisson trains (runtime/src/short_train_sort.hpp) against std::sort:
// every length up to past the rank count's longest, times with ties (the rank count's fallback),
// zeros, and already sorted and reversed trains.
#include "short_train_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace lsm {
namespace {

void expectSorted(std::vector<double> times) {
  std::vector<double> expected = times;
  std::sort(expected.begin(), expected.end());
  sortShortTrain(times);
  EXPECT_EQ(times, expected) << times.size() << " times";
}

TEST(ShortTrainSort, AsStdSortForEveryLength) {
  std::mt19937_64 random(41);
  std::uniform_real_distribution<double> time(0, 0.5);
  for (std::size_t n = 0; n <= 40; ++n) {
    for (int k = 0; k < 20; ++k) {
      std::vector<double> times(n);
      for (double& t : times) t = time(random);
      expectSorted(times);
      // Ties: some times repeated, and a train of one time.
      for (std::size_t i = 1; i < n; i += 3) times[i] = times[random() % i];
      expectSorted(times);
      expectSorted(std::vector<double>(n, times.empty() ? 0.0 : times[0]));
    }
  }
}

TEST(ShortTrainSort, SortedReversedAndZeros) {
  const std::vector<double> ascending = {0.0, 0.0, 1e-9, 0.1, 0.2, 0.25, 0.3, 0.49999};
  expectSorted(ascending);
  expectSorted(std::vector<double>(ascending.rbegin(), ascending.rend()));
  expectSorted({0.3, 0.0, 0.3, 0.1, 0.0});
}

}  // namespace
}  // namespace lsm
