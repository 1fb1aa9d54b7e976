// Check: the experiment's values and the durations of its runs are positive, and its counts
// (pairs, seed) positive integers. Their dimensions are unit checking's.
#include <fmt/format.h>

#include <cmath>

#include "sema/checks.hpp"
#include "sema/experiment_schema.hpp"

namespace lsm::sema {

void checkExperimentValues(const ir::Model& model, DiagnosticEngine& diagnostics) {
  if (!model.experiment) return;
  for (const ir::ExperimentStep& step : model.experiment->steps) {
    if (step.kind == ir::ExperimentStep::Kind::run && !(step.duration.value > 0)) {
      diagnostics.error(step.location, fmt::format("run(...) takes a positive duration, got {}",
                                                   formatQuantity(step.duration)));
    }
  }
  for (const ir::Setting& setting : model.experiment->settings) {
    const ExperimentRule* rule = experimentRule(setting.name);
    if (rule == nullptr) continue;
    bool count = rule->kind == ExperimentRule::Kind::count;
    for (std::size_t k = 0; k < setting.values.size(); ++k) {
      double value = setting.values[k].value;
      if (value > 0 && (!count || std::trunc(value) == value)) continue;
      diagnostics.error(setting.valueLocations[k],
                        fmt::format("experiment setting '{}' must be a positive {}", setting.name,
                                    count ? "integer" : "number"));
    }
  }
}

}  // namespace lsm::sema
