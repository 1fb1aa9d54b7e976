#include "lsm/poisson_train.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "host_clones.hpp"
#include "lsm/random.hpp"

namespace lsm {

namespace {

// The stream's uniforms in order, taken from it a batch at a time (RandomStream::uniforms
// computes 8 Philox blocks at once): a train takes about 2 n + 1 of them, and one block at a
// time was a sixth of pair collection's time.
class BatchedUniforms {
 public:
  explicit BatchedUniforms(RandomStream& random) : random_(random) {}
  double next() {
    if (next_ == batch) {
      random_.uniforms(values_, batch);
      next_ = 0;
    }
    return values_[next_++];
  }

 private:
  static constexpr int batch = 32;
  RandomStream& random_;
  double values_[batch];
  int next_ = batch;
};

// Knuth's inversion for a Poisson count: exact, and the seed's construction, while exp(-mean)
// is a normal double; larger means are the sum of the counts of `parts` parts of at most 500,
// each with exp(-part mean) = limit.
std::int64_t poissonCount(BatchedUniforms& random, double parts, double limit) {
  std::int64_t n = 0;
  for (double k = 0; k < parts; ++k) {
    for (double product = random.next(); product >= limit; product *= random.next()) ++n;
  }
  return n;
}

// Sorts ascending. A train of the seed's rates has about ten spikes in random order, where
// insertion sort (std::sort's choice below 16) mispredicts a branch at most steps; counting each
// time's rank compares every pair without a branch: 11% less time per train (perf stat). The
// ranks of all times grow together, one time compared against all of them at a time, over a
// whole number of AVX2 vectors (the padding is +infinity, below no time and equal to none).
LSM_AVX2_CLONES void sortShortTrain(std::vector<double>& times) {
  constexpr std::size_t longest = 32, lanes = 4;
  const std::size_t n = times.size();
  if (n > longest) {
    std::sort(times.begin(), times.end());
    return;
  }
  if (n < 2) return;
  const std::size_t padded = (n + lanes - 1) / lanes * lanes;
  alignas(32) double unsorted[longest];
  alignas(32) std::int64_t rank[longest];
  std::copy(times.begin(), times.end(), unsorted);
  std::fill(unsorted + n, unsorted + padded, std::numeric_limits<double>::infinity());
  // Equal times keep their order, so that every rank is taken once. The first time's
  // comparisons set the ranks (clearing them first was a fifth of the sort: rep stos).
  auto below = [&](std::size_t j, std::size_t i) {
    const double t = unsorted[j];
    return static_cast<std::int64_t>(t < unsorted[i]) +
           static_cast<std::int64_t>(t == unsorted[i] && j < i);
  };
  for (std::size_t i = 0; i < padded; ++i) rank[i] = below(0, i);
  for (std::size_t j = 1; j < n; ++j) {
    for (std::size_t i = 0; i < padded; ++i) rank[i] += below(j, i);
  }
  for (std::size_t i = 0; i < n; ++i) times[static_cast<std::size_t>(rank[i])] = unsorted[i];
}

// Whether two of the sorted times fall in one of the seed's bins, int((t_ms + 1e-3*dt_ms)/dt_ms)
// (truncation, as the times are not negative). Vectorised: the divisions were a twentieth of a
// train.
LSM_AVX2_CLONES bool twoInOneStep(const std::vector<double>& times, double dt) {
  const std::size_t n = times.size();
  const double* t = times.data();
  bool clash = false;
  for (std::size_t k = 1; k < n; ++k) {
    clash |= std::trunc((t[k] + 1e-3 * dt) / dt) == std::trunc((t[k - 1] + 1e-3 * dt) / dt);
  }
  return clash;
}

}  // namespace

PoissonTrainDraws::PoissonTrainDraws(double rate, double duration, double dt, std::uint64_t seed,
                                     std::string_view purpose)
    : rate_(rate), duration_(duration), dt_(dt), seed_(seed), purposeHash_(hashPurpose(purpose)) {
  const double mean = rate * duration;
  if (!(mean >= 0) || !std::isfinite(mean) || !(dt > 0)) {
    throw ExperimentError(fmt::format(
        "a Poisson train of {} Hz over {} s: not a rate and a duration", rate, duration));
  }
  // The seed redraws a train until no two spikes fall in one step. With n spikes in B steps
  // about n^2 / 2B pairs collide, and a draw succeeds with probability exp(-n^2 / 2B): below
  // exp(-10) the redrawing would all but never end.
  const double bins = duration / dt + 1;
  const double collisions = mean * mean / (2 * bins);
  if (collisions > 10 || mean > 1e8) {
    throw ExperimentError(fmt::format(
        "a Poisson train of {:g} Hz over {:g} s has about {:.0f} spikes, and two of them fall "
        "in one step of {:g} s in all but {:.1g} of the draws (the trains have no two spikes "
        "in one step): lower the rate, the duration or the step",
        rate, duration, mean, dt, std::exp(-collisions)));
  }
  parts_ = std::max(1.0, std::ceil(mean / 500));
  limit_ = std::exp(-(mean / parts_));
}

void PoissonTrainDraws::draw(std::vector<double>& times, std::uint64_t index) const {
  RandomStream stream(seed_, RandomStream::HashedPurpose{purposeHash_}, index);
  BatchedUniforms random(stream);
  for (int attempt = 0; attempt < 100000; ++attempt) {
    // Poisson count by inversion (Knuth), then uniform times: the seed's construction.
    std::int64_t n = poissonCount(random, parts_, limit_);
    times.resize(static_cast<std::size_t>(n));
    for (double& t : times) t = random.next() * duration_;
    sortShortTrain(times);
    if (!twoInOneStep(times, dt_)) return;
  }
  throw ExperimentError(
      fmt::format("a Poisson train of {} Hz with no two spikes in one step of {} s: the rate is "
                  "too high for the step",
                  rate_, dt_));
}

void drawPoissonTrain(std::vector<double>& times, double rate, double duration, double dt,
                      std::uint64_t seed, std::string_view purpose, std::uint64_t index) {
  PoissonTrainDraws(rate, duration, dt, seed, purpose).draw(times, index);
}

std::vector<double> poissonTrain(double rate, double duration, double dt, std::uint64_t seed,
                                 std::string_view purpose, std::uint64_t index) {
  std::vector<double> times;
  drawPoissonTrain(times, rate, duration, dt, seed, purpose, index);
  return times;
}

}  // namespace lsm
