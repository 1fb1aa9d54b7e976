// The vectorised log of connection sampling's geometric gaps against glibc's log.
#include "log_in_place.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
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

namespace {

// The gaps' products in one pass are those of the complement, logInPlace and the product
// one after the other, bit for bit, for counts that fill vectors and for those that do not.
TEST(ScaledLogComplements, TheProductsOfTheComplementsLogInPlaceAndTheFactor) {
  lsm::RandomStream random(11, "log test", 0);
  const double factor = 1.0 / std::log1p(-80.0 / 256000);
  for (std::size_t count : {1u, 3u, 4u, 7u, 16u, 1000u}) {
    std::vector<double> uniforms(count);
    for (double& u : uniforms) u = random.uniform();
    uniforms[0] = 0.0;  // log(1) = 0
    std::vector<double> expected(count), products(count);
    for (std::size_t k = 0; k < count; ++k) expected[k] = 1.0 - uniforms[k];
    lsm::logInPlace(expected.data(), count);
    for (double& q : expected) q *= factor;
    lsm::scaledLogComplements(uniforms.data(), products.data(), count, factor);
    for (std::size_t k = 0; k < count; ++k)
      EXPECT_EQ(std::bit_cast<std::uint64_t>(products[k]),
                std::bit_cast<std::uint64_t>(expected[k]))
          << count << " values, value " << k;
  }
}

}  // namespace
