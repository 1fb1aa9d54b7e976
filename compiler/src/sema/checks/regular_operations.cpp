// Check: a run_regularly runs where lsmc's step can run it, as Brian2 would.
// - With a dt of its own it runs on the network's steps, every k of them, so its dt is a whole
//   number k of the experiment's dt (or of Brian2's default 0.1 ms). Brian2 also runs clocks
//   whose dt is no multiple, between the network's steps; lsmc's step has no place for that,
//   so it is an error here rather than a different schedule. The runtime refuses a network
//   built with another dt.
// - State monitors record before anything else of a step runs; a run_regularly that Brian2
//   would run before one (slot before_start; or start with a lower order, or order 0 and a name
//   that sorts first)
//   would change what Brian2 records, so it is an error that says how to order it after.
#include <fmt/format.h>

#include <cmath>

#include "sema/checks.hpp"

namespace lsm::sema {

namespace {

void check(const std::vector<ir::RegularOperation>& operations, double dt,
           DiagnosticEngine& diagnostics) {
  for (const ir::RegularOperation& r : operations) {
    if (r.dt <= 0) continue;
    // Brian2's Clock.epsilon_dt: clocks tick together within 1e-4 of a step.
    double steps = std::round(r.dt / dt);
    if (!(steps <= 1e15)) {  // the plan counts steps in 64-bit integers
      diagnostics.error(r.dtLocation,
                        fmt::format("run_regularly's 'dt' ({:g} s) is more than 10^15 time steps "
                                    "({:g} ms)",
                                    r.dt, dt * 1e3));
      continue;
    }
    if (steps < 1 || std::abs(steps * dt - r.dt) > 1e-4 * dt) {
      diagnostics.error(r.dtLocation,
                        fmt::format("run_regularly's 'dt' ({:g} ms) must be a whole number of "
                                    "time steps ({:g} ms)",
                                    r.dt * 1e3, dt * 1e3));
    }
  }
}

// Brian2 sorts the start slot by (order, name); state monitors have order 0. Only a monitor
// of the same object can see what the code writes.
void beforeStateMonitors(const std::vector<ir::RegularOperation>& operations,
                         const std::string& object, const ir::Model& model,
                         DiagnosticEngine& diagnostics) {
  for (const ir::RegularOperation& r : operations) {
    const int slot = ir::rank(r.when), start = ir::rank(ir::Slot::start);
    const bool inStart = slot == start;
    if (slot > start || (inStart && r.order > 0)) continue;
    for (const ir::Monitor& m : model.monitors) {
      if (m.kind != ir::Monitor::Kind::state || (inStart && r.order == 0 && r.name > m.name))
        continue;
      if (m.synapses != object && (!m.synapses.empty() || m.population.group != object)) continue;
      diagnostics.error(r.location,
                        fmt::format("run_regularly '{}' would run before state monitor '{}' "
                                    "(Brian2 orders the start slot by order, then name), but "
                                    "lsmc's state monitors record before the step: give it "
                                    "'order = 1' or another slot ('when = groups')",
                                    r.name, m.name));
      break;
    }
  }
}

}  // namespace

void checkRegularOperations(const ir::Model& model, DiagnosticEngine& diagnostics) {
  for (const ir::NeuronGroup& g : model.groups) {
    check(g.regular, model.dt(), diagnostics);
    beforeStateMonitors(g.regular, g.name, model, diagnostics);
  }
  for (const ir::Synapses& s : model.synapses) {
    check(s.regular, model.dt(), diagnostics);
    beforeStateMonitors(s.regular, s.name, model, diagnostics);
  }
}

}  // namespace lsm::sema
