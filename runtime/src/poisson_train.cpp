#include "lsm/poisson_train.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "host_clones.hpp"
#include "lsm/random.hpp"
#include "philox_blocks.hpp"
#include "short_train_sort.hpp"

namespace lsm {

namespace {

// The stream's uniforms in order, taken from it a batch at a time (RandomStream::uniforms
// computes 8 Philox blocks at once, 16 uniforms): a train takes about 2 n + 1 of them, and one
// block at a time was a sixth of pair collection's time. The first ones may come drawn already
// (`first`, beside another train's: PoissonTrainDraws::drawBeside).
class BatchedUniforms {
 public:
  explicit BatchedUniforms(RandomStream& random) : random_(random) {}
  BatchedUniforms(RandomStream& random, const double* first, int count)
      : random_(random), values_(first), end_(count) {}
  double next() {
    if (next_ == end_) {
      random_.uniforms(batch_, batch);
      values_ = batch_;
      next_ = 0;
      end_ = batch;
    }
    return values_[next_++];
  }

 private:
  static constexpr int batch = 16;
  RandomStream& random_;
  double batch_[batch];
  const double* values_ = batch_;
  int next_ = 0, end_ = 0;
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

// Whether two of the sorted times fall in one of the seed's bins, int((t_ms + 1e-3*dt_ms)/dt_ms)
// (truncation, as the times are not negative). Times a step and a hair apart cannot (the
// quotients differ by more than 1, rounding included), and nearly all neighbours are: the
// divisions, a twentieth of a train, are made only for the trains with a closer pair.
LSM_AVX2_CLONES bool twoInOneStep(const std::vector<double>& times, double dt) {
  const std::size_t n = times.size();
  const double* t = times.data();
  const double apart = dt * (1 + 1e-9);
  int close = 0;
  for (std::size_t k = 1; k < n; ++k) close |= t[k] - t[k - 1] < apart ? 1 : 0;
  if (close == 0) return false;
  bool clash = false;
  for (std::size_t k = 1; k < n; ++k) {
    clash |= std::trunc((t[k] + 1e-3 * dt) / dt) == std::trunc((t[k - 1] + 1e-3 * dt) / dt);
  }
  return clash;
}

// The most uniforms drawn beside another train's.
constexpr int mostBeside = 64;

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
  mean_ = mean;
  parts_ = std::max(1.0, std::ceil(mean / 500));
  limit_ = std::exp(-(mean / parts_));
}

void PoissonTrainDraws::draw(std::vector<double>& times, std::uint64_t index) const {
  RandomStream stream(seed_, RandomStream::HashedPurpose{purposeHash_}, index);
  BatchedUniforms random(stream);
  drawFrom(random, times);
}

void PoissonTrainDraws::drawBeside(const PoissonTrainDraws& other, std::uint64_t index,
                                   std::vector<double>& times,
                                   std::vector<double>& otherTimes) const {
  RandomStream stream(seed_, RandomStream::HashedPurpose{purposeHash_}, index);
  RandomStream otherStream(other.seed_, RandomStream::HashedPurpose{other.purposeHash_}, index);
  // What both trains take at the least, nearly (the Maass model's take 2 n + 1 = 21 on
  // average): half batches of both streams are computed together, and a batch of one costs as
  // much, so the first ones go beside each other and the rest a batch at a time.
  const double least = 2 * std::min(mean_, other.mean_) + 1;
  const int besideEach = static_cast<int>(std::min(std::round(least / uniformsPerHalfBatch),
                                                   1.0 * mostBeside / uniformsPerHalfBatch)) *
                         uniformsPerHalfBatch;
  double first[mostBeside], otherFirst[mostBeside];
  stream.uniformsBeside(otherStream, first, otherFirst, besideEach);
  BatchedUniforms random(stream, first, besideEach);
  drawFrom(random, times);
  BatchedUniforms otherRandom(otherStream, otherFirst, besideEach);
  other.drawFrom(otherRandom, otherTimes);
}

template <class Uniforms>
void PoissonTrainDraws::drawFrom(Uniforms& random, std::vector<double>& times) const {
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
