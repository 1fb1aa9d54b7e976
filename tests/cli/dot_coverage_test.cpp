// The coverage image of a dense raster: each dot covers its square's area, split exactly
// over the pixels it straddles; overlaps saturate; dots beyond the image are cut off.
#include "dot_coverage.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

namespace lsm::cli {
namespace {

double total(const std::vector<float>& coverage) {
  return std::accumulate(coverage.begin(), coverage.end(), 0.0);
}

TEST(DotCoverage, ADotCoversItsAreaSplitOverThePixelsItStraddles) {
  // Centred on a pixel corner: a quarter of 1.6 x 1.6 in each of four pixels.
  std::vector<float> c = dotCoverage({2.0}, {3.0}, 5, 5, 1.6);
  EXPECT_NEAR(total(c), 1.6 * 1.6, 1e-6);
  for (int r : {2, 3})
    for (int col : {1, 2}) EXPECT_NEAR(c[static_cast<std::size_t>(r * 5 + col)], 0.64, 1e-6);
  // Centred in a pixel: all of it (clamped to 1) and 0.3-wide strips around it.
  c = dotCoverage({2.5}, {2.5}, 5, 5, 1.6);
  EXPECT_FLOAT_EQ(c[2 * 5 + 2], 1.0F);
  EXPECT_NEAR(c[2 * 5 + 1], 0.3, 1e-6);
  EXPECT_NEAR(c[1 * 5 + 1], 0.09, 1e-6);
}

TEST(DotCoverage, OverlappingDotsSaturate) {
  std::vector<double> x(100, 2.0), y(100, 3.0);
  std::vector<float> c = dotCoverage(x, y, 5, 5, 1.6);
  EXPECT_FLOAT_EQ(c[2 * 5 + 1], 1.0F);
  EXPECT_NEAR(total(c), 4.0, 1e-6);
}

TEST(DotCoverage, DotsOutsideTheImageAreCutOff) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<float> c =
      dotCoverage({-5, 100, 0.0, inf, std::nan("")}, {1, 1, 0.0, 1, 1}, 4, 4, 1.6);
  EXPECT_NEAR(total(c), 0.64, 1e-6);  // the corner dot's one quarter inside
  EXPECT_NEAR(c[0], 0.64, 1e-6);
}

}  // namespace
}  // namespace lsm::cli
