#include "sema/name_binding.hpp"

#include "sema/binder.hpp"

namespace lsm::sema {

void bindNames(const ast::Module& module, ModelScope& scope, ir::Model& model,
               DiagnosticEngine& diagnostics) {
  Binder binder(scope, model, diagnostics);
  for (const auto& m : module.synapseModels) scope.declare(m.name, m.location, "synapse_model");
  for (const auto& a : module.timedArrays) binder.timedArray(a);
  for (const auto& g : module.generators) binder.generator(g);
  for (const auto& g : module.groups) binder.declareGroup(g);
  for (const auto& s : module.subgroups) binder.subgroup(s);
  // Groups are declared before any is defined: synapses and subgroups may name them in any
  // order.
  for (std::size_t k = 0; k < module.groups.size(); ++k) {
    binder.defineGroup(module.groups[k], model.groups[k]);
  }
  for (const auto& s : module.subgroups) binder.defineSubgroup(s);
  for (const auto& s : module.synapses) binder.noteSynapses(s.name);
  for (const auto& s : module.synapses) binder.synapses(s);
  for (const auto& p : module.poissonInputs) binder.poissonInput(p);
  for (const auto& m : module.monitors) binder.monitor(m);
  if (!module.experiments.empty()) binder.experiment(module.experiments.front());
}

}  // namespace lsm::sema
