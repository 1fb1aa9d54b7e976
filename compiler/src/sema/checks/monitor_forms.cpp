// Check: a monitor is `spikes(population)` or `state(population, variable, ...)`, its
// arguments written as names. Runs on the AST.
#include <fmt/format.h>

#include "sema/checks.hpp"

namespace lsm::sema {

void checkMonitorForms(const ast::Module& module, DiagnosticEngine& diagnostics) {
  for (const ast::Monitor& m : module.monitors) {
    bool spikes = m.kind == "spikes";
    if (!spikes && m.kind != "state") {
      diagnostics.error(m.kindLocation,
                        fmt::format("unknown monitor '{}': monitors are spikes(population) or "
                                    "state(population, variable, ...)",
                                    m.kind));
      continue;
    }
    std::size_t n = m.arguments.size();
    if (spikes ? n != 1 : n < 2) {
      diagnostics.error(
          m.kindLocation,
          spikes ? fmt::format("'spikes' takes 1 argument (a population), got {}", n)
                 : fmt::format("'state' takes a population and at least one variable, got {} "
                               "argument{}",
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
