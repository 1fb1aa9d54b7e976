#include "input_distance_bounds.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "gaussian_weights.hpp"
#include "host_clones.hpp"

// The vector helpers below are inlined into the AVX2 clone, so no call passes a 32-byte vector
// across the baseline ABI that GCC warns about.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

namespace lsm {

// input_distance.cpp's closed form, in steps (x = s / dt, sigma = tau / dt, s = sigma / 2):
//   sum_k c(k)^2 = full (n + 2 cross) - cut,  full = s sqrt(2 pi),
// cross = sum_{i<j} a_i a_j w_ij, w_ij = exp(-(x_i - x_j)^2 / (2 sigma^2)), and cut the part of
// the all-integer sum that lies beyond the grid's ends: sum_{k<0} c(k)^2 + sum_{k>=N} c(k)^2,
// which is >= 0. So
//   upper: full (n + 2 cross),
//   lower: full (n + 2 cross) - a bound on the cut.
// The bound on the cut: by Minkowski's inequality sum_{k<0} (sum_i a_i g_i(k))^2 <=
// (sum_i ||g_i||)^2, where ||g_i||^2 = sum_{k<0} exp(-2 (k - x_i)^2 / sigma^2) = T(x_i + 1),
// T(y) = sum_{q>=0} f(y + q), f(y) = exp(-y^2 / (2 s^2)); the right end likewise with T(N - x_i).
// f decreases beyond y >= 0, so T(y) <= f(y) + integral_y^inf f = f(y) + s sqrt(pi/2) erfc(t),
// t = y / (s sqrt 2), and erfc(t) <= 2 exp(-t^2) / (sqrt(pi) (t + sqrt(t^2 + 4/pi))) (Abramowitz
// and Stegun 7.1.13): T(y) <= f(y) (1 + s sqrt 2 / (t + sqrt(t^2 + 4/pi))). For y < 0 (a spike
// a rounding error beyond the last step) T(y) <= f(y) + f(y + 1) + ... <= 2 + s sqrt(pi/2).
// The cross sum takes the pairs nearer than 5 sigma; each one left out weighs below
// exp(-12.5) = 3.8e-6, and at most n (n - 1) / 2 are, which widens both bounds.

namespace {

// The closed form's narrowest kernel (input_distance.cpp).
constexpr double narrowestKernelSteps = 16;
// Merged trains live on the stack: longer ones get no bound (the Maass model's have 20 spikes).
constexpr std::size_t mostSpikes = 64;
constexpr std::size_t lanes = 4;
// Pairs further apart than this (in sigma) are left out of the cross sum.
constexpr double pairReach = 5;
// exp(-pairReach^2 / 2) = 3.7266531720786709e-06, rounded up.
constexpr double leftOutWeight = 3.7267e-6;
// Spikes further than this from an end (in s) have T below exp(-40.5) * 33 s: their norms are
// bounded together.
constexpr double edgeReach = 9;
// Relative slack for rounding: the closed form is exact to 1e-14 and the grid sum to about
// 1e-13 of the terms' magnitude; the bounds' own sums are of the same terms, their weights
// within 1e-8 (expLanes).
constexpr double roundingSlack = 1e-7;

// sum_{q>=0} f(y + q) <= tailBound(y), as above.
[[gnu::always_inline]] inline double tailBound(double y, double s) {
  if (!(y >= 0)) return 2 + s * std::sqrt(M_PI / 2);
  const double t = y / (s * std::sqrt(2.0));
  return expNonPositive(-t * t) * (1 + s * std::sqrt(2.0) / (t + std::sqrt(t * t + 4 / M_PI)));
}

struct Merged {
  alignas(32) double x[mostSpikes + lanes];
  alignas(32) double sign[mostSpikes + lanes];
  std::size_t n;
};

// Whether the times ascend (a vectorisable reduction, not a branch per time).
[[gnu::always_inline]] inline bool ascending(const std::vector<double>& times) {
  const double* t = times.data();
  int sorted = 1;
  for (std::size_t k = 1; k < times.size(); ++k) sorted &= t[k - 1] <= t[k] ? 1 : 0;
  return sorted != 0;
}

// The spikes below `time` in a train padded with +infinity to a whole number of vectors
// (or at or below it, `orEqual`).
[[gnu::always_inline]] inline std::size_t countBelow(const double* padded, std::size_t count,
                                                     double time, bool orEqual) {
  std::int64_t below = 0;
  for (std::size_t k = 0; k < count; ++k)
    below += (padded[k] < time || (orEqual && padded[k] == time)) ? 1 : 0;
  return static_cast<std::size_t>(below);
}

// Both sorted trains in one sequence by time (in steps), each spike with its train's sign (u's
// first among equal times, as input_distance.cpp merges them), padded with +infinity (sign 0)
// to a whole number of vectors. Each spike's place is its index plus the other train's spikes
// before it: counts without a loop-carried dependency, where a merge's next comparison waits
// for the previous one.
[[gnu::always_inline]] inline void merge(const std::vector<double>& u, const std::vector<double>& v,
                                         double perStep, Merged& merged) {
  constexpr double past = std::numeric_limits<double>::infinity();
  const std::size_t na = u.size(), nb = v.size(), n = na + nb;
  alignas(32) double a[mostSpikes + lanes], b[mostSpikes + lanes];
  const std::size_t paddedA = (na + lanes - 1) / lanes * lanes;
  const std::size_t paddedB = (nb + lanes - 1) / lanes * lanes;
  std::copy(u.begin(), u.end(), a);
  std::fill(a + na, a + paddedA, past);
  std::copy(v.begin(), v.end(), b);
  std::fill(b + nb, b + paddedB, past);
  for (std::size_t i = 0; i < na; ++i) {
    const std::size_t k = i + countBelow(b, paddedB, a[i], false);
    merged.x[k] = a[i] * perStep;
    merged.sign[k] = 1;
  }
  for (std::size_t j = 0; j < nb; ++j) {
    const std::size_t k = j + countBelow(a, paddedA, b[j], true);
    merged.x[k] = b[j] * perStep;
    merged.sign[k] = -1;
  }
  merged.n = n;
  for (std::size_t k = n; k < n + lanes; ++k) {
    merged.x[k] = past;
    merged.sign[k] = 0;
  }
}

// Four doubles, and four 64-bit masks or integers: GCC's vector extensions, which the AVX2
// clone computes an instruction at a time (the loop vectoriser left crossSum's loop scalar).
using Lanes = double __attribute__((vector_size(32)));
using LaneBits = std::int64_t __attribute__((vector_size(32)));

[[gnu::always_inline]] inline Lanes load(const double* values) {
  Lanes lanes;
  std::memcpy(&lanes, values, sizeof lanes);
  return lanes;
}

// exp on four arguments in [-700, 0], to within 1e-8 relative: 2^n exp(r) as expNonPositive
// (gaussian_weights.hpp) splits it, r = x - n ln 2 with ln 2 in one part (the error, n * 2.3e-17
// for n <= 18 here, is far below the series'), and the Taylor series of exp(r), |r| <= ln 2 / 2,
// to r^7 (the rest is below (ln 2 / 2)^8 / 8! e^(ln 2 / 2) = 7.4e-9 of it) by Estrin's scheme:
// pairs of terms, then pairs of pairs, for a shorter chain of dependent multiplications.
[[gnu::always_inline]] inline Lanes expLanes(Lanes x) {
  constexpr double log2e = 1.4426950408889634074, ln2 = 0.6931471805599453094;
  constexpr double shifter = 0x1.8p52;  // adding it rounds to an integer, left in the low bits
  const Lanes rounded = x * log2e + shifter;
  const Lanes r = x - (rounded - shifter) * ln2;
  const Lanes r2 = r * r;
  const Lanes low = (1.0 + r) + r2 * (1.0 / 2 + r * (1.0 / 6));
  const Lanes high = (1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720 + r * (1.0 / 5040));
  const Lanes power = std::bit_cast<Lanes>((std::bit_cast<LaneBits>(rounded) + 1023) << 52);
  return (low + (r2 * r2) * high) * power;
}

// cross over the pairs nearer than `reach`, and the sum of their weights: one offset d at a
// time (i, i + d), four i an instruction, until an offset has no near pair (a pair at offset d
// is near only if the pairs inside it are).
[[gnu::always_inline]] inline void crossSum(const Merged& merged, double reach, double scale,
                                            double& cross, double& weights) {
  const std::size_t n = merged.n;
  const double* x = merged.x;
  const double* sign = merged.sign;
  Lanes crossLanes = {}, weightLanes = {};
  for (std::size_t d = 1; d < n; ++d) {
    LaneBits anyNear = {};
    for (std::size_t i = 0; i + d < n; i += lanes) {
      // Beyond n - d the padding: gaps of infinity or NaN, which are not near.
      const Lanes gap = load(x + i + d) - load(x + i);
      const LaneBits near = gap < reach;
      const Lanes nearGap = std::bit_cast<Lanes>(std::bit_cast<LaneBits>(gap) & near);
      const Lanes weight =
          std::bit_cast<Lanes>(std::bit_cast<LaneBits>(expLanes(scale * nearGap * nearGap)) & near);
      crossLanes += load(sign + i) * load(sign + i + d) * weight;
      weightLanes += weight;
      anyNear |= near;
    }
    if ((anyNear[0] | anyNear[1] | anyNear[2] | anyNear[3]) == 0) break;
  }
  cross = (crossLanes[0] + crossLanes[1]) + (crossLanes[2] + crossLanes[3]);
  weights = (weightLanes[0] + weightLanes[1]) + (weightLanes[2] + weightLanes[3]);
}

// The bounds for one candidate: one function, all of it compiled for AVX2 (its helpers inline).
LSM_AVX2_CLONES DistanceInterval boundsOnGrid(const InputDistanceBounds::Grid& grid,
                                              const std::vector<double>& u,
                                              const std::vector<double>& v) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  if (!grid.known || u.size() + v.size() > mostSpikes || !ascending(u) || !ascending(v))
    return {-infinity, infinity};
  Merged merged;
  merge(u, v, grid.perStep, merged);
  const std::size_t n = merged.n;
  const double count = static_cast<double>(n);
  double cross = 0, weights = 0;
  crossSum(merged, grid.pairReach, grid.pairScale, cross, weights);
  const double leftOut = count * (count - 1) / 2 * leftOutWeight;
  // The norms at each end: the spikes near it one by one, the others together.
  double left = count * grid.farNorm, right = count * grid.farNorm;
  for (std::size_t k = 0; k < n && merged.x[k] < grid.edge; ++k)
    left += std::sqrt(tailBound(merged.x[k] + 1, grid.s));
  for (std::size_t k = n; k-- > 0 && merged.x[k] > grid.points - grid.edge;)
    right += std::sqrt(tailBound(grid.points - merged.x[k], grid.s));
  const double cut = (left * left + right * right) / grid.full;
  // In units of full: the sum without the cut, and the terms' magnitude for the rounding.
  const double sum = count + 2 * cross;
  const double slack = 2 * leftOut + roundingSlack * (count + 2 * weights + cut);
  return {(sum - cut - slack) * grid.perUnit, (sum + slack) * grid.perUnit};
}

}  // namespace

InputDistanceBounds::InputDistanceBounds(double tau, double dt, double duration) {
  Grid& g = grid_;
  g.perStep = 1 / dt;
  g.points = static_cast<double>(std::llround(duration / dt));
  const double sigma = tau / dt;
  g.s = sigma / 2;
  g.known = sigma >= narrowestKernelSteps && g.points >= 1;
  g.pairReach = pairReach * sigma;
  g.pairScale = -1 / (2 * sigma * sigma);
  g.edge = edgeReach * g.s;
  g.farNorm = std::sqrt(tailBound(g.edge, g.s));
  g.full = g.s * std::sqrt(2 * M_PI);
  g.perUnit = g.full * dt / duration;
}

DistanceInterval InputDistanceBounds::operator()(const std::vector<double>& u,
                                                 const std::vector<double>& v) const {
  return boundsOnGrid(grid_, u, v);
}

}  // namespace lsm
