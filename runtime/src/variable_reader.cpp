#include "variable_reader.hpp"

#include <stdexcept>

#include "lsm/ir_evaluator.hpp"

namespace lsm {

namespace {

const ObjectState& stateOf(const NetworkInstance& network, const ir::Population& population,
                           const std::string& synapses) {
  if (!synapses.empty()) return network.synapses.at(synapses);
  return network.groups.at(population.group);
}

}  // namespace

VariableReader::VariableReader(const ir::Model& model, const NetworkInstance& network,
                               const ir::Population& population, const std::string& synapses,
                               double dt)
    : model_(model), state_(stateOf(network, population, synapses)), dt_(dt) {
  const std::vector<ir::Equation>* equations = nullptr;
  if (const ir::Synapses* s = model.findSynapses(synapses)) {
    equations = &s->equations;
    synapses_ = s;
    connectivity_ = network.connectivity.at(s->name).get();
    pre_ = EndValues(model, s->source, network);
    post_ = EndValues(model, s->target, network);
    postSize_ = populationSize(network, s->target);
  } else if (const ir::NeuronGroup* group = model.findGroup(population.group)) {
    equations = &group->equations;
    linked_ = LinkedVariables(*group, network);
  }
  if (equations == nullptr) return;
  for (const ir::Equation& equation : *equations) {
    if (equation.kind == ir::Equation::Kind::subexpression) {
      subexpressions_[equation.variable] = &equation.rhs;
    }
  }
}

const double* VariableReader::storedValues(const std::string& variable) const {
  if (linked_.links(variable)) return nullptr;
  auto found = state_.arrays.find(variable);
  return found == state_.arrays.end() ? nullptr : found->second.data();
}

double VariableReader::value(const std::string& variable, std::int64_t element, double t) const {
  if (auto linked = linked_.get(variable, element)) return *linked;
  if (state_.has(variable)) return state_.get(variable, element);
  auto found = subexpressions_.find(variable);
  if (found == subexpressions_.end()) {
    throw std::logic_error("a monitor reads no variable '" + variable + "'");
  }
  const auto k = static_cast<std::size_t>(element);
  ir::Environment environment;
  environment.variable = [&](const std::string& name, ir::Scope scope) {
    if (scope == ir::Scope::pre) return pre_.get(name, connectivity_->pre.at(k), t, dt_);
    if (scope == ir::Scope::post) return post_.get(name, connectivity_->post.at(k), t, dt_);
    return value(name, element, t);
  };
  environment.special = [&](ir::Special name) -> double {
    switch (name) {
      case ir::Special::t:
        return t;
      case ir::Special::dt:
        return dt_;
      case ir::Special::N:
        return static_cast<double>(state_.size);
      case ir::Special::i:
        if (synapses_ == nullptr) return static_cast<double>(element);
        return static_cast<double>(connectivity_->pre.at(k) - synapses_->source.start);
      case ir::Special::j:
        if (synapses_ == nullptr) break;
        return static_cast<double>(connectivity_->post.at(k) - synapses_->target.start);
      case ir::Special::N_pre:
      case ir::Special::N_post:
        if (synapses_ == nullptr) break;
        return static_cast<double>(name == ir::Special::N_pre ? synapses_->source.size()
                                                              : postSize_);
      case ir::Special::xi:
        break;
    }
    throw std::logic_error("'" + std::string(ir::spelling(name)) +
                           "' is not available to a monitor");
  };
  environment.timedArray = [&](const ir::Expr& table, const std::vector<double>& arguments) {
    return ir::timedArrayValue(*model_.findTimedArray(table.name), model_.dt(), arguments.at(0),
                               arguments.size() > 1 ? arguments[1] : 0.0);
  };
  return ir::evaluate(*found->second, environment);
}

}  // namespace lsm
