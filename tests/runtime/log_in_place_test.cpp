// The vectorised log of connection sampling's geometric gaps against glibc's log.
#include "log_in_place.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "lsm/random.hpp"

namespace {

// The largest distance from glibc's log, in units of the last place of glibc's result.
double largestUlpError(const std::vector<double>& arguments) {
  std::vector<double> values = arguments;
  lsm::logInPlace(values.data(), values.size());
  double largest = 0;
  for (std::size_t k = 0; k < arguments.size(); ++k) {
    const double expected = std::log(arguments[k]);
    if (expected == 0) {
      EXPECT_EQ(values[k], 0.0) << arguments[k];
      continue;
    }
    const double ulp = std::fabs(std::nextafter(expected, 2 * expected) - expected);
    largest = std::max(largest, std::fabs(values[k] - expected) / ulp);
  }
  return largest;
}

TEST(LogInPlace, WithinOneUlpOfGlibcOverConnectionSamplingsArguments) {
  // 1 - uniform(), as connection sampling draws them: (0, 1] in steps of 2^-53.
  lsm::RandomStream random(7, "log test", 0);
  std::vector<double> arguments(400000);
  for (double& x : arguments) x = 1.0 - random.uniform();
  EXPECT_LE(largestUlpError(arguments), 1.0);
}

TEST(LogInPlace, WithinOneUlpNearOneAndAcrossTheReductionsBoundaries) {
  std::vector<double> arguments = {1.0, 0x1p-53, 0x1p-1022, 1e300, M_SQRT1_2, M_SQRT2};
  for (int k = 1; k < 2000; ++k) {
    arguments.push_back(1.0 - k * 0x1p-53);  // log(x) about x - 1, relative accuracy kept
    arguments.push_back(1.0 + k * 0x1p-52);
    arguments.push_back(std::nextafter(M_SQRT1_2, 0.0) * (1 + k * 0x1p-40));
    arguments.push_back(std::ldexp(M_SQRT1_2, -(k % 60)) * (1 - k * 0x1p-45));
  }
  EXPECT_LE(largestUlpError(arguments), 1.0);
  // Every length, so that the vector loop's remainder is covered.
  for (std::size_t count = 0; count < 19; ++count) {
    std::vector<double> head(arguments.begin(), arguments.begin() + count);
    EXPECT_LE(largestUlpError(head), 1.0) << count;
  }
}

}  // namespace
