#include "state_recorder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "lsm/ir_evaluator.hpp"

namespace lsm {

StateRecorder::StateRecorder(const ir::Monitor& monitor, const ir::Model& model,
                             const ObjectState& state, double dt)
    : monitor_(monitor), state_(state), dt_(dt) {
  if (const ir::NeuronGroup* group = model.findGroup(monitor.population.group)) {
    for (const ir::Equation& equation : group->equations) {
      if (equation.kind == ir::Equation::Kind::subexpression)
        subexpressions_[equation.variable] = &equation.rhs;
    }
  }
  if (monitor.every > 0) {
    double steps = std::round(monitor.every / dt);
    // Brian2 would run the monitor on a clock of its own; lsmc records on the network's steps,
    // so the interval must be a whole number of them.
    if (steps < 1 || std::abs(steps * dt - monitor.every) > 1e-9 * monitor.every) {
      throw BuildError(fmt::format(
          "{}:{}:{}: monitor '{}': 'every' ({}) is not a whole number of time steps ({})",
          monitor.everyLocation.file, monitor.everyLocation.line, monitor.everyLocation.column,
          monitor.name, fmt::format("{:g} ms", monitor.every * 1e3),
          fmt::format("{:g} ms", dt * 1e3)));
    }
    everySteps_ = static_cast<std::int64_t>(steps);
  }
  record_.elements = monitor.elements;
  if (record_.elements.empty()) {
    for (std::int64_t e = 0; e < monitor.population.size(); ++e) record_.elements.push_back(e);
  }
  clear();
}

void StateRecorder::recordAt(std::vector<std::int64_t> steps) {
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  chosenSteps_ = std::move(steps);
  chosen_ = true;
  nextChosen_ = 0;
}

void StateRecorder::clear() {
  record_.steps.clear();
  record_.values.clear();
  for (const auto& variable : monitor_.variables) record_.values[variable];
  nextChosen_ = 0;
}

bool StateRecorder::due(std::int64_t step) {
  if (!chosen_) return step % everySteps_ == 0;
  while (nextChosen_ < chosenSteps_.size() && chosenSteps_[nextChosen_] < step) ++nextChosen_;
  return nextChosen_ < chosenSteps_.size() && chosenSteps_[nextChosen_] == step;
}

void StateRecorder::maybeRecord(std::int64_t step, double t) {
  if (!due(step)) return;
  record_.steps.push_back(step);
  for (const auto& variable : monitor_.variables) {
    std::vector<double> row;
    row.reserve(record_.elements.size());
    for (std::int64_t e : record_.elements) {
      row.push_back(value(variable, monitor_.population.start + e, t));
    }
    record_.values[variable].push_back(std::move(row));
  }
}

double StateRecorder::value(const std::string& variable, std::int64_t element, double t) const {
  if (state_.has(variable)) return state_.get(variable, element);
  // A subexpression: not stored, so evaluated from the values it reads.
  auto found = subexpressions_.find(variable);
  if (found == subexpressions_.end()) {
    throw std::logic_error("state monitor '" + monitor_.name + "': no variable '" + variable + "'");
  }
  ir::Environment environment;
  environment.variable = [&](const std::string& name, ir::Scope) {
    return value(name, element, t);
  };
  environment.special = [&](ir::Special name) -> double {
    if (name == ir::Special::t) return t;
    if (name == ir::Special::dt) return dt_;
    if (name == ir::Special::i) return static_cast<double>(element);
    if (name == ir::Special::N) return static_cast<double>(state_.size);
    throw std::logic_error("'" + std::string(ir::spelling(name)) +
                           "' is not available to a state monitor");
  };
  return ir::evaluate(*found->second, environment);
}

}  // namespace lsm
