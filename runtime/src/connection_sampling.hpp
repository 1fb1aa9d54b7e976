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
// and one that jumps past the end.
template <typename Emit>
void sampleRow(double p, std::int64_t n, RandomStream& stream, Emit&& emit) {
  if (!(p > 0.0) || n <= 0) return;
  if (p >= 1.0) {
    for (std::int64_t j = 0; j < n; ++j) emit(j);
    return;
  }
  const double logOfMiss = std::log1p(-p);
  std::int64_t j = -1;
  for (;;) {
    const double u = 1.0 - stream.uniform();  // (0, 1]: log(u) is finite
    // The gap is floor(q), q >= 0; without std::floor (a call or a long sequence without
    // SSE4.1): floor(q) < m for a whole m exactly when q < m, and the conversion truncates.
    const double q = std::log(u) / logOfMiss;
    // Compared as doubles first: a gap can be far beyond any integer type.
    if (!(q < static_cast<double>(n - 1 - j))) return;
    j += static_cast<std::int64_t>(q) + 1;
    emit(j);
  }
}

}  // namespace lsm
