// Check: a spike generator's spikes fit the model's time step as Brian2's SpikeGeneratorGroup
// requires before a run (input/spikegeneratorgroup.py, before_run and _check_args): at most
// one spike of an element in a step (step = int((t + 1e-3 dt) / dt)), and a period of at least
// one step, a whole number of steps, after the last spike's step.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>

#include "sema/checks.hpp"

namespace lsm::sema {

namespace {

// Times in messages, as a model writes them.
std::string asTime(double seconds) {
  return fmt::format("{:g} ms", seconds * 1e3);
}

// Brian2's timestep(t, dt).
std::int64_t stepOf(double t, double dt) {
  return static_cast<std::int64_t>((t + 1e-3 * dt) / dt);
}

void checkGenerator(const ir::SpikeGenerator& g, double dt, DiagnosticEngine& diagnostics) {
  if (!g.times.empty() && g.times.back() / dt > 0x1p62) {
    diagnostics.error(g.spikesLocation,
                      fmt::format("the last spike of '{}', at {}, is more than 2^62 steps of {} "
                                  "away",
                                  g.name, asTime(g.times.back()), asTime(dt)));
    return;
  }
  // Brian2 compares neighbours in its (time, index) order; a step holds spikes of other
  // elements in between too, so every pair in a step is compared here.
  std::map<std::pair<std::int64_t, std::int32_t>, double> seen;
  for (std::size_t k = 0; k < g.times.size(); ++k) {
    const std::int64_t step = stepOf(g.times[k], dt);
    auto [at, fresh] = seen.emplace(std::pair{step, g.indices[k]}, g.times[k]);
    if (fresh) continue;
    diagnostics.error(g.spikesLocation,
                      fmt::format("element {} of '{}' spikes twice in step {} (at {} and {}) with "
                                  "dt = {}: Brian2 allows one spike per element and step",
                                  g.indices[k], g.name, step, asTime(at->second),
                                  asTime(g.times[k]), asTime(dt)));
    return;
  }
  if (g.period == 0) return;
  if (g.period < dt) {
    diagnostics.error(g.periodLocation, fmt::format("the period of '{}' is {}, shorter than its "
                                                    "dt of {}",
                                                    g.name, asTime(g.period), asTime(dt)));
    return;
  }
  const double periodSteps = std::round(g.period / dt);
  if (std::abs(periodSteps * dt - g.period) > g.period * std::numeric_limits<double>::epsilon()) {
    diagnostics.error(g.periodLocation,
                      fmt::format("the period of '{}' is {}, not a whole number of steps of {}",
                                  g.name, asTime(g.period), asTime(dt)));
    return;
  }
  if (!g.times.empty() && static_cast<double>(stepOf(g.times.back(), dt)) >= periodSteps) {
    diagnostics.error(g.periodLocation,
                      fmt::format("the period of '{}' is {}, not after its last spike at {} (the "
                                  "spikes repeat every period)",
                                  g.name, asTime(g.period), asTime(g.times.back())));
  }
}

}  // namespace

void checkSpikeGenerators(const ir::Model& model, DiagnosticEngine& diagnostics) {
  for (const ir::SpikeGenerator& g : model.generators) checkGenerator(g, model.dt(), diagnostics);
}

}  // namespace lsm::sema
