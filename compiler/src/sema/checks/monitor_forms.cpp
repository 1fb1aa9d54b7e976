// Check: a monitor is `spikes(population, variable, ...)` (the variables recorded at each
// spike), `events(population, event, variable, ...)` (the same for a custom event),
// `state(population or synapses, variable, ...)` or `rate(population)`, its arguments
// written as names. Runs on the AST.
#include <fmt/format.h>

#include "sema/checks.hpp"
#include "sema/names.hpp"

namespace lsm::sema {

void checkMonitorForms(const ast::Module& module, DiagnosticEngine& diagnostics) {
  for (const ast::Monitor& m : module.monitors) {
    auto kind = monitorKindNamed(m.kind);
    bool spikes = kind == ir::Monitor::Kind::spikes;
    bool rate = kind == ir::Monitor::Kind::rate;
    if (!kind) {
      diagnostics.error(m.kindLocation,
                        fmt::format("unknown monitor '{}': monitors are spikes(population, "
                                    "variable, ...), events(population, event, variable, ...), "
                                    "state(population or synapses, variable, ...) or "
                                    "rate(population)",
                                    m.kind));
      continue;
    }
    std::size_t n = m.arguments.size();
    if (m.kind == "events" && n < 2) {
      diagnostics.error(m.kindLocation,
                        fmt::format("'events' takes a population and an event (and the variables "
                                    "to record at each event), got {} argument{}",
                                    n, n == 1 ? "" : "s"));
      continue;
    }
    if (rate ? n != 1 : spikes ? n < 1 : n < 2) {
      diagnostics.error(m.kindLocation,
                        rate     ? fmt::format("'rate' takes 1 argument (a population), got {}", n)
                        : spikes ? std::string("'spikes' takes a population (and the variables to "
                                               "record at each spike), got no argument")
                                 : fmt::format("'state' takes a population and at least one "
                                               "variable, got {} argument{}",
                                               n, n == 1 ? "" : "s"));
      continue;
    }
    for (const ast::Expr& a : m.arguments) {
      if (a.kind != ast::Expr::Kind::name) {
        diagnostics.error(a.location, "a monitor's arguments are names");
        break;
      }
    }
  }
}

}  // namespace lsm::sema
