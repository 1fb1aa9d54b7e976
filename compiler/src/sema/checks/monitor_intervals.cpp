// Check: a state monitor records on the network's steps, so its interval (`every`) is a whole
// number of the experiment's dt (or of Brian2's default 0.1 ms). The runtime checks again
// for a network built with another dt.
#include <fmt/format.h>

#include <cmath>

#include "sema/checks.hpp"

namespace lsm::sema {

void checkMonitorIntervals(const ir::Model& model, DiagnosticEngine& diagnostics) {
  const double dt = model.dt();
  for (const ir::Monitor& m : model.monitors) {
    if (m.every <= 0) continue;
    double steps = std::round(m.every / dt);
    if (steps < 1 || std::abs(steps * dt - m.every) > 1e-9 * m.every) {
      diagnostics.error(m.everyLocation,
                        fmt::format("'every' ({:g} ms) must be a whole number of time steps ({:g} "
                                    "ms)",
                                    m.every * 1e3, dt * 1e3));
    }
  }
}

}  // namespace lsm::sema
