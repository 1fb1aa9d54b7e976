#include "sema/experiment_schema.hpp"

namespace lsm::sema {

const std::vector<ExperimentRule>& experimentSettings() {
  using K = ExperimentRule::Kind;
  static const std::vector<ExperimentRule> rules = {
      {"dt", K::quantity, Dimension::base(2)},
      {"duration", K::quantity, Dimension::base(2)},
      {"input", K::spikeGenerator, {}},
      {"poisson_rate", K::quantity, Dimension::base(2, -1)},
      {"target_distances", K::quantities, {}},
      {"distance_tolerance", K::quantity, {}},
      {"input_kernel_tau", K::quantity, Dimension::base(2)},
      {"pairs", K::count, {}},
      {"liquid", K::spikeMonitors, {}},
      {"liquid_tau", K::quantity, Dimension::base(2)},
      {"seed", K::count, {}},
  };
  return rules;
}

const ExperimentRule* experimentRule(const std::string& name) {
  for (const auto& rule : experimentSettings())
    if (rule.name == name) return &rule;
  return nullptr;
}

}  // namespace lsm::sema
