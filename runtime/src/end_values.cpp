#include "end_values.hpp"

#include <stdexcept>

#include "lsm/ir_evaluator.hpp"

namespace lsm {

EndValues::EndValues(const ir::Model& model, const ir::Population& population,
                     const NetworkInstance& network)
    : state_(populationState(network, population)) {
  const std::vector<ir::Equation>* equations = nullptr;
  if (population.isSynapses) {
    if (const ir::Synapses* s = model.findSynapses(population.group)) equations = &s->equations;
  } else if (const ir::NeuronGroup* g = model.findGroup(population.group)) {
    equations = &g->equations;
    linked_ = LinkedVariables(*g, network);
  }
  if (equations == nullptr) return;
  for (const ir::Equation& equation : *equations)
    if (equation.kind == ir::Equation::Kind::subexpression)
      subexpressions_[equation.variable] = &equation.rhs;
}

double EndValues::get(const std::string& name, std::int64_t at, double t, double dt) const {
  if (auto linked = linked_.get(name, at)) return *linked;
  if (state_ != nullptr && state_->has(name)) return state_->get(name, at);
  auto found = subexpressions_.find(name);
  if (state_ == nullptr || found == subexpressions_.end()) {
    throw std::logic_error("no variable '" + name + "'");
  }
  ir::Environment environment;
  environment.variable = [&](const std::string& inner, ir::Scope) { return get(inner, at, t, dt); };
  environment.special = [&](ir::Special special) -> double {
    switch (special) {
      case ir::Special::t:
        return t;
      case ir::Special::dt:
        return dt;
      case ir::Special::i:
        return static_cast<double>(at);
      case ir::Special::N:
        return static_cast<double>(state_->size);
      default:
        break;
    }
    throw std::logic_error("'" + std::string(ir::spelling(special)) + "' in subexpression '" +
                           name + "' of a synapse's source or target");
  };
  return ir::evaluate(*found->second, environment);
}

}  // namespace lsm
