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

// The subexpressions of a population's group or target synapses.
std::map<std::string, const ir::Expr*> subexpressionsOf(const ir::Model& model,
                                                        const ir::Population& p) {
  const std::vector<ir::Equation>* equations = nullptr;
  if (p.isSynapses) {
    if (const ir::Synapses* s = model.findSynapses(p.group)) equations = &s->equations;
  } else if (const ir::NeuronGroup* g = model.findGroup(p.group)) {
    equations = &g->equations;
  }
  std::map<std::string, const ir::Expr*> out;
  if (equations == nullptr) return out;
  for (const ir::Equation& equation : *equations)
    if (equation.kind == ir::Equation::Kind::subexpression) out[equation.variable] = &equation.rhs;
  return out;
}

}  // namespace

VariableReader::VariableReader(const ir::Model& model, const NetworkInstance& network,
                               const ir::Population& population, const std::string& synapses,
                               double dt)
    : state_(stateOf(network, population, synapses)), dt_(dt) {
  const std::vector<ir::Equation>* equations = nullptr;
  if (const ir::Synapses* s = model.findSynapses(synapses)) {
    equations = &s->equations;
    synapses_ = s;
    connectivity_ = network.connectivity.at(s->name).get();
    if (!s->source.isGenerator) pre_ = &network.groups.at(s->source.group);
    post_ = populationState(network, s->target);
    postSize_ = populationSize(network, s->target);
    preSubexpressions_ = subexpressionsOf(model, s->source);
    postSubexpressions_ = subexpressionsOf(model, s->target);
  } else if (const ir::NeuronGroup* group = model.findGroup(population.group)) {
    equations = &group->equations;
  }
  if (equations == nullptr) return;
  for (const ir::Equation& equation : *equations) {
    if (equation.kind == ir::Equation::Kind::subexpression) {
      subexpressions_[equation.variable] = &equation.rhs;
    }
  }
}

double VariableReader::value(const std::string& variable, std::int64_t element, double t) const {
  if (state_.has(variable)) return state_.get(variable, element);
  auto found = subexpressions_.find(variable);
  if (found == subexpressions_.end()) {
    throw std::logic_error("a monitor reads no variable '" + variable + "'");
  }
  const auto k = static_cast<std::size_t>(element);
  ir::Environment environment;
  environment.variable = [&](const std::string& name, ir::Scope scope) {
    if (scope == ir::Scope::pre)
      return ofEnd(*pre_, preSubexpressions_, name, connectivity_->pre.at(k), t);
    if (scope == ir::Scope::post)
      return ofEnd(*post_, postSubexpressions_, name, connectivity_->post.at(k), t);
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
  return ir::evaluate(*found->second, environment);
}

// A source's or target's subexpression reads that object's variables, and its i and N are the
// element's index and the group's size (Brian2; the step plan reads it the same way). A target
// synapses object's subexpressions read only its own variables (sema checks it).
double VariableReader::ofEnd(const ObjectState& state, const Subexpressions& subexpressions,
                             const std::string& name, std::int64_t at, double t) const {
  if (state.has(name)) return state.get(name, at);
  auto found = subexpressions.find(name);
  if (found == subexpressions.end()) {
    throw std::logic_error("a monitor reads no variable '" + name + "'");
  }
  ir::Environment environment;
  environment.variable = [&](const std::string& inner, ir::Scope) {
    return ofEnd(state, subexpressions, inner, at, t);
  };
  environment.special = [&](ir::Special special) -> double {
    switch (special) {
      case ir::Special::t:
        return t;
      case ir::Special::dt:
        return dt_;
      case ir::Special::i:
        return static_cast<double>(at);
      case ir::Special::N:
        return static_cast<double>(state.size);
      default:
        break;
    }
    throw std::logic_error("'" + std::string(ir::spelling(special)) +
                           "' is not available to a monitor");
  };
  return ir::evaluate(*found->second, environment);
}

}  // namespace lsm
