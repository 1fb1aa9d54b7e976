// Sampling of `connect: p = ...` one source element (a row) at a time. When the probability
// does not vary with the target, the targets a row keeps are drawn with geometric jumps (as
// Brian2's `sample()` does), so that a row costs O(synapses kept) rather than O(targets).
#pragma once

#include <cmath>
#include <cstdint>

#include "lsm/ir.hpp"
#include "lsm/random.hpp"

namespace lsm {

// Whether the expression must be evaluated for each (i, j) pair: it reads the target (`j`,
// a postsynaptic variable) or draws random numbers (a draw per pair, not one per row).
bool variesWithTarget(const ir::Expr& expr);

// Whether the expression reads a variable of the target (`x_post`): it can only be evaluated
// for a target inside the population.
bool readsTargetVariables(const ir::Expr& expr);

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
  // The gaps a chunk at a time: a chunk's draws, logs and divisions do not wait for one
  // another nor for the targets kept, as one gap after the other made them do. The chunk is
  // about the targets still expected, so that few draws are wasted; the gaps and the targets
  // are those of one gap after the other, bit for bit.
  constexpr int chunk = 16;
  double q[chunk];
  std::int64_t j = -1;
  for (;;) {
    const double expected = p * static_cast<double>(n - 1 - j);
    const int size = expected >= chunk - 1 ? chunk : static_cast<int>(expected) + 1;
    for (int k = 0; k < size; ++k) q[k] = 1.0 - stream.uniform();  // (0, 1]: log is finite
    for (int k = 0; k < size; ++k) q[k] = std::log(q[k]);
    for (int k = 0; k < size; ++k) q[k] /= logOfMiss;
    for (int k = 0; k < size; ++k) {
      // The gap is floor(q), q >= 0; without std::floor (a call or a long sequence without
      // SSE4.1): floor(q) < m for a whole m exactly when q < m, and the conversion truncates.
      // Compared as doubles first: a gap can be far beyond any integer type.
      if (!(q[k] < static_cast<double>(n - 1 - j))) return;
      j += static_cast<std::int64_t>(q[k]) + 1;
      emit(j);
    }
  }
}

}  // namespace lsm
