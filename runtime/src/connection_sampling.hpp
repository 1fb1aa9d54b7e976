// Sampling of `connect: p = ...` one source element (a row) at a time. When the probability
// does not vary with the target, the targets a row keeps are drawn with geometric jumps (as
// Brian2's `sample()` does), so that a row costs O(synapses kept) rather than O(targets).
#pragma once

#include <cmath>
#include <cstdint>

#include "log_in_place.hpp"
#include "lsm/ir.hpp"
#include "lsm/pair_rule.hpp"  // variesWithTarget, readsTargetVariables
#include "lsm/random.hpp"

namespace lsm {

// Calls emit(j) for each j in [0, n) that is kept, each independently with probability p.
// The gap to the next kept j is geometric, floor(log(U) / log(1 - p)); one draw per kept j
// and one that jumps past the end. The stream is the row's own: the last chunk of gaps (below)
// may draw past that end, so the stream is not to be drawn from after.
template <typename Emit>
void sampleRow(double p, std::int64_t n, RandomStream& stream, Emit&& emit) {
  if (!(p > 0.0) || n <= 0) return;
  if (p >= 1.0) {
    for (std::int64_t j = 0; j < n; ++j) emit(j);
    return;
  }
  const double logOfMiss = std::log1p(-p);
  const double perLogOfMiss = 1.0 / logOfMiss;
  // The gaps a chunk at a time: a chunk's draws, logs and divisions do not wait for one
  // another nor for the targets kept, as one gap after the other made them do, and they are
  // vectorised (RandomStream::uniforms, scaledLogComplements). The chunk is about the targets still
  // expected, so that few draws are wasted; the gaps and the targets are those of one gap
  // after the other with glibc's log, bit for bit (below).
  constexpr int chunk = 16;
  double u[chunk], q[chunk];
  std::int64_t j = -1;
  for (;;) {
    const double expected = p * static_cast<double>(n - 1 - j);
    const int size = expected >= chunk - 1 ? chunk : static_cast<int>(expected) + 1;
    stream.uniforms(u, size);
    // log(1 - u), 1 - u in (0, 1]: the log is finite.
    scaledLogComplements(u, q, static_cast<std::size_t>(size), perLogOfMiss);
    for (int k = 0; k < size; ++k) {
      // The gap is floor(q), q >= 0; without std::floor (a call or a long sequence without
      // SSE4.1): floor(q) < m for a whole m exactly when q < m, and the conversion truncates.
      // Compared as doubles first: a gap can be far beyond any integer type.
      const double remaining = static_cast<double>(n - 1 - j);
      // scaledLogComplements's log is within an ulp of glibc's log, and the rounded reciprocal
      // and the product add an ulp each, so q is within a relative 2^-50 of the quotient with
      // glibc's log, far inside the margin; where the margin leaves the gap or the end in doubt
      // (a q within 2^-40 q of a whole number: about once in 10^8 gaps at p = 80/256000),
      // glibc's log and the division decide.
      constexpr double margin = 0x1p-40;
      double gap = q[k];
      const double low = gap * (1 - margin), high = gap * (1 + margin);
      const bool decided = high < remaining
                               ? static_cast<std::int64_t>(low) == static_cast<std::int64_t>(high)
                               : !(low < remaining);
      if (!decided) gap = std::log(1.0 - u[k]) / logOfMiss;
      if (!(gap < remaining)) return;
      j += static_cast<std::int64_t>(gap) + 1;
      emit(j);
    }
  }
}

}  // namespace lsm
