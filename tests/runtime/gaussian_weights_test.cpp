// The vectorised exp of the input distance's pair weights against glibc's exp.
#include "gaussian_weights.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "lsm/random.hpp"

namespace {

// The largest distance from glibc's exp, in units of the last place of glibc's result.
double largestUlpError(const std::vector<double>& arguments) {
  std::vector<double> values = arguments;
  lsm::expInPlace(values.data(), values.size());
  double largest = 0;
  for (std::size_t k = 0; k < arguments.size(); ++k) {
    const double expected = std::exp(arguments[k]);
    const double ulp = std::nextafter(expected, 2 * expected) - expected;
    largest = std::max(largest, std::fabs(values[k] - expected) / ulp);
  }
  return largest;
}

TEST(GaussianWeights, ExpWithinOneUlpOfGlibcOverTheInputDistancesRange) {
  lsm::RandomStream random(7, "exp test", 0);
  std::vector<double> arguments(200000);
  for (double& x : arguments) x = -40.5 * random.uniform();
  EXPECT_LE(largestUlpError(arguments), 1.0);
}

TEST(GaussianWeights, ExpWithinOneUlpOfGlibcDownToMinus700) {
  lsm::RandomStream random(8, "exp test", 0);
  std::vector<double> arguments(200000);
  for (double& x : arguments) x = -700 * random.uniform();
  EXPECT_LE(largestUlpError(arguments), 1.0);
}

TEST(GaussianWeights, ExpExactAtZeroAndAtTheRoundingPointsOfItsReduction) {
  // 0 gives 1 exactly; multiples of ln 2 and the halfway points between them are where the
  // reduction's integer part changes.
  std::vector<double> arguments = {0.0, -0.0, -std::numeric_limits<double>::denorm_min()};
  for (int n = 1; n < 1000; ++n) {
    arguments.push_back(-n * M_LN2);
    arguments.push_back(-(n - 0.5) * M_LN2);
    if (arguments.back() < -700) break;
  }
  std::vector<double> values = arguments;
  lsm::expInPlace(values.data(), 1);
  EXPECT_EQ(values[0], 1.0);
  EXPECT_LE(largestUlpError(arguments), 1.0);
  // Every length, so that the vector loop's remainder is covered.
  for (std::size_t count = 0; count < 19; ++count) {
    std::vector<double> head(arguments.begin(), arguments.begin() + count);
    EXPECT_LE(largestUlpError(head), 1.0) << count;
  }
}

}  // namespace
