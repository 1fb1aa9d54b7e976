#include "dot_coverage.hpp"

#include <algorithm>
#include <cmath>

namespace lsm::cli {

std::vector<float> dotCoverage(const std::vector<double>& x, const std::vector<double>& y,
                               int width, int height, double side) {
  std::vector<float> coverage(static_cast<std::size_t>(width) * static_cast<std::size_t>(height),
                              0.0F);
  const std::size_t n = std::min(x.size(), y.size());
  for (std::size_t k = 0; k < n; ++k) {
    const double x0 = x[k] - side / 2, x1 = x[k] + side / 2;
    const double y0 = y[k] - side / 2, y1 = y[k] + side / 2;
    // Not finite, or entirely outside: nothing to cover (and no cast of a huge value).
    if (!(x1 > 0 && y1 > 0 && x0 < width && y0 < height)) continue;
    const int c0 = std::max(0, static_cast<int>(std::floor(x0)));
    const int c1 = std::min(width - 1, static_cast<int>(std::floor(x1)));
    const int r0 = std::max(0, static_cast<int>(std::floor(y0)));
    const int r1 = std::min(height - 1, static_cast<int>(std::floor(y1)));
    for (int r = r0; r <= r1; ++r) {
      const double dy = std::min(y1, r + 1.0) - std::max(y0, static_cast<double>(r));
      for (int c = c0; c <= c1; ++c) {
        const double dx = std::min(x1, c + 1.0) - std::max(x0, static_cast<double>(c));
        float& cell = coverage[static_cast<std::size_t>(r) * static_cast<std::size_t>(width) +
                               static_cast<std::size_t>(c)];
        cell = std::min(1.0F, cell + static_cast<float>(dx * dy));
      }
    }
  }
  return coverage;
}

}  // namespace lsm::cli
