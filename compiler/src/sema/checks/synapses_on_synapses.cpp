// Check: synapses whose target is a synapses object (Brian2's synapses on synapses) do what
// such a target allows. Synapses do not spike, so there is no on_post pathway (Brian2:
// "Target group '...' does not define an event 'spike'"); lsmc sums summed variables into
// groups only (Brian2 also sums into a synapses target's parameters; not supported here).
#include <fmt/format.h>

#include "sema/checks.hpp"

namespace lsm::sema {

void checkSynapsesOnSynapses(const ir::Model& model, DiagnosticEngine& diagnostics) {
  for (const ir::Synapses& s : model.synapses) {
    if (!s.target.isSynapses) continue;
    if (!s.onPost.empty()) {
      diagnostics.error(s.onPost.front().location,
                        fmt::format("synapses '{}' cannot have on_post: their target '{}' is "
                                    "synapses, which do not spike",
                                    s.name, s.target.name));
    }
    for (const ir::SummedVariable& summed : s.summed) {
      diagnostics.error(summed.location,
                        fmt::format("summed variable '{}_post': lsmc sums into the variables of "
                                    "groups, not of synapses ('{}')",
                                    summed.target, s.target.name));
    }
  }
}

}  // namespace lsm::sema
