#include "lsm/input_distance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "gaussian_weights.hpp"

namespace lsm {

// In steps (x = s / dt, sigma = tau / dt) the two convolutions' difference at grid point k is
// c(k) = sum_i a_i exp(-((k - x_i) / sigma)^2), a_i = +1 for u's spikes and -1 for v's, and
// the distance is sum_k c(k)^2 dt / duration. A product of two kernels is one Gaussian:
//   exp(-((k - x_i)^2 + (k - x_j)^2) / sigma^2)
//     = exp(-(x_i - x_j)^2 / (2 sigma^2)) exp(-(k - m)^2 / (2 s^2)),  m = (x_i + x_j) / 2,
// with s = sigma / 2, so sum_k c(k)^2 = sum_ij a_i a_j exp(-(x_i - x_j)^2 / (2 sigma^2)) G(m),
// G(m) being the sum of exp(-(k - m)^2 / (2 s^2)) over the grid k = 0 .. N - 1. Over all
// integers that sum is s sqrt(2 pi) (1 + 2 sum_n exp(-2 pi^2 n^2 s^2) cos(2 pi n m)) by Poisson
// summation: s sqrt(2 pi) to the last bit once s >= 8 (exp(-2 pi^2 64) = 1e-549). The grid's
// two ends cut a tail off each side, and each tail is a half-infinite sum that Euler–Maclaurin
// gives to 1e-18 from an erfc and odd derivatives of the Gaussian (Hermite polynomials).
// Pairs further apart than 9 sigma weigh below exp(-40.5) = 3e-18 and are left out, so each
// spike meets only its neighbours: about 2 exp per spike at the seed's rates instead of the
// grid's 2 * 9 tau / dt kernel samples per spike and a pass over every step.

namespace {

// The Euler–Maclaurin coefficients B_2j / (2j)!, j = 1 .. 6. With s >= 8 the sixth term is
// below 1e-15 of the tail and the remainder below 1e-18 of the Gaussian's sum.
constexpr double eulerMaclaurin[] = {1.0 / 12,       -1.0 / 720,     1.0 / 30240,
                                     -1.0 / 1209600, 1.0 / 47900160, -691.0 / 1307674368000.0};

// The closed form needs a kernel of at least 16 steps (s >= 8): then both the Poisson summation
// terms and the Euler–Maclaurin remainder vanish below double precision.
constexpr double narrowestKernelSteps = 16;
// Beyond this distance between two spikes (in sigma) their term is below 3e-18 of a spike's own.
constexpr double pairReach = 9;
// Pair terms summing to more than this many times the distance lose more than three digits to
// cancellation (trains nearly alike): the grid sum is exact there.
constexpr double largestCancellation = 1e3;

// sum_{k=0}^{N-1} exp(-(k - m)^2 / (2 s^2)) for any m.
class GaussianGridSum {
 public:
  explicit GaussianGridSum(double s) : s_(s), full_(s * std::sqrt(2 * M_PI)), reach_(9 * s) {}

  // The sum over all integers k.
  double full() const { return full_; }
  // Beyond this distance from the grid's end, the tail beyond the end is below 1e-19 of full.
  double edgeReach() const { return reach_; }

  // sum_{q >= 0} f(x + q), f(y) = exp(-y^2 / (2 s^2)), by Euler–Maclaurin:
  //   integral_x^inf f + f(x) / 2 - sum_j B_2j / (2j)! f^(2j-1)(x),
  // f^(n)(x) = (-1/s)^n He_n(z) f(x), z = x / s (probabilists' Hermite polynomials).
  double tail(double x) const {
    const double z = x / s_;
    const double f = expNonPositive(-0.5 * z * z);
    double derivatives = 0;
    double previous = 1, current = z;  // He_{n-1}, He_n for odd n
    double power = 1 / s_;             // s^-n
    for (int j = 0; j < 6; ++j) {
      const double n = 2.0 * j + 1;
      derivatives += eulerMaclaurin[j] * current * power;
      const double even = z * current - n * previous;  // He_{n+1}
      previous = even;
      current = z * even - (n + 1) * current;  // He_{n+2}
      power /= s_ * s_;
    }
    return s_ * std::sqrt(M_PI / 2) * std::erfc(z / std::sqrt(2.0)) + f * (0.5 + derivatives);
  }

 private:
  double s_, full_, reach_;
};

// What one distance works in, kept per thread so that pair collection's tens of thousands of
// candidates allocate nothing: the spikes of both trains in one sequence by time (in steps,
// each with its train's sign), and the near pairs' exponents and sign products.
struct DistanceScratch {
  std::vector<double> steps, signs;
  std::vector<double> exponents, products;
};

void mergeTrains(const std::vector<double>& u, const std::vector<double>& v, double perStep,
                 DistanceScratch& merged) {
  const std::size_t n = u.size() + v.size();
  merged.steps.resize(n);
  merged.signs.resize(n);
  // Without a branch on which train is next: the choice is random, and a mispredicted branch
  // per spike cost more than the arithmetic. A train's index stops at its end, where the
  // comparison reads infinity instead of a time.
  constexpr double past = std::numeric_limits<double>::infinity();
  const double* a = u.data();
  const double* b = v.data();
  const std::size_t na = u.size(), nb = v.size();
  std::size_t i = 0, j = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double p = i < na ? a[i] : past, q = j < nb ? b[j] : past;
    const std::size_t fromU = p <= q ? 1 : 0;
    merged.steps[k] = std::min(p, q) * perStep;
    merged.signs[k] = 2.0 * static_cast<double>(fromU) - 1.0;
    i += fromU;
    j += 1 - fromU;
  }
}

// sum_k c(k)^2 for sorted spikes: every pair's exp(-(x_i - x_j)^2 / (2 sigma^2)) G(m_ij).
// `magnitude` is the same sum of absolute values with G at its largest; it bounds the rounding
// error of the result.
class PairSum {
 public:
  PairSum(double sigma, double points)
      : grid_(sigma / 2),
        reach_(pairReach * sigma),
        edge_(grid_.edgeReach()),
        points_(points),
        scale_(-1 / (2 * sigma * sigma)) {}

  double operator()(DistanceScratch& scratch, double& magnitude) const {
    const std::size_t n = scratch.steps.size();
    const double* x = scratch.steps.data();
    const double* sign = scratch.signs.data();
    // As if the grid had no ends: G = s sqrt(2 pi) for every pair. The pairs i, i + d for one
    // offset d at a time, those nearer than the reach gathered without a branch; the offsets
    // end where no pair is near (a pair at offset d is near only if the pairs inside it are).
    // Then the weights of all of them in one vectorised exp (gaussian_weights.hpp), and their
    // sums in the order gathered. The arrays grow, without being cleared, only when an offset
    // could overflow them.
    std::vector<double>& exponents = scratch.exponents;
    std::vector<double>& products = scratch.products;
    std::size_t near = 0;
    for (std::size_t d = 1; d < n; ++d) {
      if (exponents.size() < near + n) {
        exponents.resize(2 * (near + n));
        products.resize(2 * (near + n));
      }
      double* exponent = exponents.data();
      double* product = products.data();
      const std::size_t before = near;
      for (std::size_t i = 0; i + d < n; ++i) {
        const double gap = x[i + d] - x[i];
        exponent[near] = scale_ * gap * gap;
        product[near] = sign[i] * sign[i + d];
        near += gap < reach_ ? 1 : 0;
      }
      if (near == before) break;
    }
    expInPlace(exponents.data(), near);
    double cross = 0, weights = 0;
    for (std::size_t k = 0; k < near; ++k) {
      cross += products[k] * exponents[k];
      weights += exponents[k];
    }
    const double full = grid_.full();
    magnitude = full * (static_cast<double>(n) + 2 * weights);
    // What the grid's ends cut off, for the pairs whose midpoint lies near an end.
    double cut = 0;
    for (std::size_t i = 0; i < n && x[i] + 1 < edge_; ++i) {
      for (std::size_t j = i; j < n && (x[i] + x[j]) / 2 + 1 < edge_; ++j)
        cut += term(x[i], x[j], sign[i] * sign[j], i == j) * grid_.tail((x[i] + x[j]) / 2 + 1);
    }
    for (std::size_t i = n; i-- > 0 && points_ - x[i] < edge_;) {
      for (std::size_t j = i + 1; j-- > 0 && points_ - (x[i] + x[j]) / 2 < edge_;)
        cut +=
            term(x[j], x[i], sign[i] * sign[j], i == j) * grid_.tail(points_ - (x[i] + x[j]) / 2);
    }
    return full * (static_cast<double>(n) + 2 * cross) - cut;
  }

 private:
  // A pair's weight, counted twice off the diagonal.
  double term(double x, double y, double product, bool same) const {
    const double gap = y - x;
    return (same ? 1.0 : 2.0) * product * expNonPositive(scale_ * gap * gap);
  }

  GaussianGridSum grid_;
  double reach_, edge_, points_, scale_;
};

}  // namespace

double inputDistance(const std::vector<double>& u, const std::vector<double>& v, double tau,
                     double dt, double duration) {
  const double sigma = tau / dt;
  const double points = static_cast<double>(std::llround(duration / dt));
  if (!(sigma >= narrowestKernelSteps) || !(points >= 1))
    return inputDistanceOnGrid(u, v, tau, dt, duration);
  thread_local DistanceScratch scratch;
  DistanceScratch& spikes = scratch;
  mergeTrains(u, v, 1 / dt, spikes);
  if (!std::is_sorted(spikes.steps.begin(), spikes.steps.end())) {
    std::vector<double> a = u, b = v;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return inputDistance(a, b, tau, dt, duration);
  }
  double magnitude = 0;
  const double sum = PairSum(sigma, points)(spikes, magnitude);
  if (sum * largestCancellation < magnitude) return inputDistanceOnGrid(u, v, tau, dt, duration);
  return sum * dt / duration;
}

double inputDistanceOnGrid(const std::vector<double>& u, const std::vector<double>& v, double tau,
                           double dt, double duration) {
  const auto steps = static_cast<std::int64_t>(std::llround(duration / dt));
  thread_local std::vector<double> difference;
  difference.assign(static_cast<std::size_t>(std::max<std::int64_t>(steps, 0)), 0.0);
  // exp(-((t_k - s)/tau)^2) by recurrence from the sample nearest s outwards: the ratio of
  // neighbours changes by a constant factor, so two multiplications per sample. Beyond 9 tau
  // the kernel is below 1e-35 of its peak.
  const double c = std::exp(-2.0 * dt * dt / (tau * tau));
  const auto reach = static_cast<std::int64_t>(std::ceil(9.0 * tau / dt));
  auto add = [&](double s, double sign) {
    auto centre = std::clamp<std::int64_t>(std::llround(s / dt), 0, steps - 1);
    double x = (static_cast<double>(centre) * dt - s) / tau;
    double g0 = sign * std::exp(-x * x);
    double r = dt / tau;
    for (int direction : {1, -1}) {
      double g = g0;
      double ratio = std::exp(-(2.0 * x * r * direction + r * r));
      std::int64_t k = centre;
      if (direction == 1) difference[static_cast<std::size_t>(k)] += g;
      for (std::int64_t n = 1; n <= reach; ++n) {
        k += direction;
        g *= ratio;
        ratio *= c;
        if (k < 0 || k >= steps) break;
        difference[static_cast<std::size_t>(k)] += g;
      }
    }
  };
  if (steps >= 1) {
    for (double s : u) add(s, 1.0);
    for (double s : v) add(s, -1.0);
  }
  double sum = 0;
  for (double d : difference) sum += d * d;
  return sum * dt / duration;
}

}  // namespace lsm
