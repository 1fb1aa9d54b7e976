#include "input_pairs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "input_distance_bounds.hpp"
#include "lsm/trials.hpp"

namespace lsm {

namespace {

// Candidates are judged in blocks: the distances of a block on all threads, then the block's
// acceptance in candidate order (which candidates a target takes does not depend on the blocks).
// The first block is 2048; each next one is what the acceptance so far says the targets still
// need, and a tenth more, so that the Maass model's 31 000 candidates take 5 blocks and few are
// drawn beyond the last one accepted.
constexpr std::int64_t firstBlock = 2048, smallestBlock = 256, largestBlock = 65536;
// Each thread takes this many candidates at a time from the block.
constexpr std::int64_t chunk = 64;
// Targets that a million candidates did not fill are out of reach (the Maass model's need
// about 31 000).
constexpr std::int64_t maxCandidates = 1'000'000;

}  // namespace

InputPairs collectInputPairs(const SeparationSettings& settings, double dt, int threads,
                             const Progress& progress) {
  const std::size_t targets = settings.targetDistances.size();
  const auto pairs = static_cast<std::size_t>(settings.pairs);
  auto draws = [&](const char* purpose) {
    return PoissonTrainDraws(settings.poissonRate, settings.duration, dt, settings.seed, purpose);
  };
  const PoissonTrainDraws drawU = draws("input u"), drawV = draws("input v"),
                          drawSame = draws("input d=0");
  InputPairs result;
  result.trains.resize(targets);
  result.distances.resize(targets);
  auto full = [&] {
    for (const auto& c : result.trains)
      if (c.size() < pairs) return false;
    return true;
  };
  // Candidates still needed, at the acceptance rate of each target so far.
  auto nextBlock = [&] {
    if (result.candidates == 0) return firstBlock;
    double needed = 0;
    for (const auto& chosen : result.trains) {
      const double remaining = static_cast<double>(pairs - chosen.size());
      const double rate = static_cast<double>(std::max<std::size_t>(chosen.size(), 1)) /
                          static_cast<double>(result.candidates);
      needed = std::max(needed, remaining / rate);
    }
    const auto block = static_cast<std::int64_t>(std::min(1.1 * needed, 1e9));
    return std::clamp((block + chunk - 1) / chunk * chunk, smallestBlock, largestBlock);
  };
  // Whether every distance within the bounds is at least the tolerance from every target that
  // still takes pairs (with a margin for the rounding of |d - target|).
  const double margin = settings.tolerance * (1 + 1e-9);
  const InputDistanceBounds distanceBounds(settings.inputKernelTau, dt, settings.duration);
  std::vector<double> open;
  auto outsideEveryTarget = [&](const DistanceInterval& bounds) {
    for (double target : open)
      if (!(bounds.upper <= target - margin || bounds.lower >= target + margin)) return false;
    return true;
  };
  std::vector<double> distances;
  for (std::int64_t first = 0, block = 0; !full(); first += block) {
    block = nextBlock();
    distances.resize(static_cast<std::size_t>(block));
    if (first >= maxCandidates) {
      throw ExperimentError(fmt::format(
          "{} input pairs drawn, and some target distances still lack pairs: no target can be "
          "further than the inputs allow, or the tolerance ({}) is too small",
          first, settings.tolerance));
    }
    // A target filled before the block takes none of its candidates.
    open.clear();
    for (std::size_t t = 0; t < targets; ++t)
      if (result.trains[t].size() < pairs) open.push_back(settings.targetDistances[t]);
    parallelFor(block / chunk, threads, [&](std::int64_t part, int) {
      std::vector<double> u, v;
      for (std::int64_t k = part * chunk; k < (part + 1) * chunk; ++k) {
        const auto index = static_cast<std::uint64_t>(first + k);
        drawU.drawBeside(drawV, index, u, v);
        // A candidate whose bounds lie outside every target's tolerance would be rejected by
        // its exact distance too: it gets NaN, which no target accepts.
        const DistanceInterval bounds = distanceBounds(u, v);
        distances[static_cast<std::size_t>(k)] =
            outsideEveryTarget(bounds)
                ? std::numeric_limits<double>::quiet_NaN()
                : inputDistance(u, v, settings.inputKernelTau, dt, settings.duration);
      }
    });
    for (std::int64_t k = 0; k < block && !full(); ++k) {
      ++result.candidates;
      const double d = distances[static_cast<std::size_t>(k)];
      for (std::size_t t = 0; t < targets; ++t) {
        if (std::fabs(d - settings.targetDistances[t]) < settings.tolerance &&
            result.trains[t].size() < pairs) {
          // The streams are counter-based: drawing the candidate again gives its trains, which
          // the block did not keep (nearly all candidates are rejected).
          InputPairs::Trains& chosen = result.trains[t].emplace_back();
          drawU.draw(chosen.first, static_cast<std::uint64_t>(first + k));
          drawV.draw(chosen.second, static_cast<std::uint64_t>(first + k));
          result.distances[t].push_back(d);
        }
      }
    }
    if (progress) {
      std::int64_t done = 0;
      for (const auto& c : result.trains) done += static_cast<std::int64_t>(c.size());
      progress("pairs", done, static_cast<std::int64_t>(targets * pairs));
    }
  }
  // d = 0: one input, twice (the initial state alone differs).
  auto& same = result.trains.emplace_back();
  auto& zero = result.distances.emplace_back();
  for (std::size_t k = 0; k < pairs; ++k) {
    auto& chosen = same.emplace_back();
    drawSame.draw(chosen.first, k);
    chosen.second = chosen.first;
    zero.push_back(0.0);
  }
  return result;
}

}  // namespace lsm
