#include "lsm/ir.hpp"

#include <utility>

namespace lsm::ir {

std::string_view spelling(Special special) {
  switch (special) {
    case Special::i:
      return "i";
    case Special::j:
      return "j";
    case Special::N:
      return "N";
    case Special::N_pre:
      return "N_pre";
    case Special::N_post:
      return "N_post";
    case Special::t:
      return "t";
    case Special::dt:
      return "dt";
    case Special::xi:
      return "xi";
  }
  return "?";
}

std::string_view spelling(Method method) {
  switch (method) {
    case Method::exact:
      return "exact";
    case Method::euler:
      return "euler";
    case Method::rk2:
      return "rk2";
    case Method::rk4:
      return "rk4";
    case Method::heun:
      return "heun";
    case Method::milstein:
      return "milstein";
    case Method::exponentialEuler:
      return "exponential_euler";
  }
  return "?";
}

namespace {

// The slots in the order they run, each with Brian2's name.
const std::vector<std::pair<Slot, std::string_view>>& slotOrder() {
  static const std::vector<std::pair<Slot, std::string_view>> order = {
      {Slot::beforeStart, "before_start"},
      {Slot::start, "start"},
      {Slot::afterStart, "after_start"},
      {Slot::beforeGroups, "before_groups"},
      {Slot::groups, "groups"},
      {Slot::afterGroups, "after_groups"},
      {Slot::beforeThresholds, "before_thresholds"},
      {Slot::thresholds, "thresholds"},
      {Slot::afterThresholds, "after_thresholds"},
      {Slot::beforeSynapses, "before_synapses"},
      {Slot::synapses, "synapses"},
      {Slot::afterSynapses, "after_synapses"},
      {Slot::beforeResets, "before_resets"},
      {Slot::resets, "resets"},
      {Slot::afterResets, "after_resets"},
      {Slot::beforeEnd, "before_end"},
      {Slot::end, "end"},
      {Slot::afterEnd, "after_end"},
  };
  return order;
}

}  // namespace

std::string_view spelling(Slot slot) {
  for (const auto& [s, name] : slotOrder())
    if (s == slot) return name;
  return "?";
}

int rank(Slot slot) {
  const auto& order = slotOrder();
  for (std::size_t k = 0; k < order.size(); ++k)
    if (order[k].first == slot) return static_cast<int>(k);
  return -1;
}

const std::vector<Slot>& allSlots() {
  static const std::vector<Slot> slots = [] {
    std::vector<Slot> out;
    for (const auto& entry : slotOrder()) out.push_back(entry.first);
    return out;
  }();
  return slots;
}

Expr Expr::makeConstant(double value, Dimension dimension, SourceLocation location) {
  Expr e;
  e.kind = Kind::constant;
  e.value = value;
  e.dimension = dimension;
  e.location = std::move(location);
  return e;
}

std::string LinearSystem::coefficientName(const char* matrix, const std::string& row,
                                          const std::string& column) {
  return std::string("_") + matrix + "[" + row + "," + column + "]";
}

const Variable* findVariable(const std::vector<Variable>* variables, const std::string& name) {
  if (variables == nullptr) return nullptr;
  for (const auto& v : *variables)
    if (v.name == name) return &v;
  return nullptr;
}

const Variable* NeuronGroup::findVariable(const std::string& name) const {
  return ir::findVariable(variables, name);
}
const Variable* Synapses::findVariable(const std::string& name) const {
  return ir::findVariable(variables, name);
}

const SummedVariable* Synapses::findSummed(const std::string& target) const {
  for (const auto& s : summed)
    if (s.target == target) return &s;
  return nullptr;
}

const Setting* Experiment::find(const std::string& name) const {
  for (const auto& s : settings)
    if (s.name == name) return &s;
  return nullptr;
}

double Model::dt() const {
  if (experiment)
    if (const Setting* setting = experiment->find("dt")) return setting->value.value;
  return 1e-4;
}

const GroupEvent* NeuronGroup::findEvent(const std::string& event) const {
  for (const auto& e : events)
    if (e.name == event) return &e;
  return nullptr;
}
GroupEvent* NeuronGroup::findEvent(const std::string& event) {
  for (auto& e : events)
    if (e.name == event) return &e;
  return nullptr;
}

const NeuronGroup* Model::findGroup(const std::string& name) const {
  for (const auto& g : groups)
    if (g.name == name) return &g;
  return nullptr;
}
NeuronGroup* Model::findGroup(const std::string& name) {
  for (auto& g : groups)
    if (g.name == name) return &g;
  return nullptr;
}

const Synapses* Model::findSynapses(const std::string& name) const {
  for (const auto& s : synapses)
    if (s.name == name) return &s;
  return nullptr;
}

const std::vector<Variable>& Model::variablesOf(const Population& population) const {
  static const std::vector<Variable> none;
  if (population.isSynapses) {
    const Synapses* s = findSynapses(population.group);
    return s == nullptr ? none : s->variables;
  }
  const NeuronGroup* g = population.isGenerator ? nullptr : findGroup(population.group);
  return g == nullptr ? none : g->variables;
}

}  // namespace lsm::ir

namespace lsm::ir {

std::vector<const Expr*> ConnectRule::expressions() const {
  std::vector<const Expr*> out;
  for (const auto* e :
       {&condition, &probability, &target, &rangeLow, &rangeHigh, &rangeStep, &multiplicity}) {
    if (e->has_value()) out.push_back(&**e);
  }
  return out;
}

std::vector<Expr*> ConnectRule::expressions() {
  std::vector<Expr*> out;
  for (auto* e :
       {&condition, &probability, &target, &rangeLow, &rangeHigh, &rangeStep, &multiplicity}) {
    if (e->has_value()) out.push_back(&**e);
  }
  return out;
}

}  // namespace lsm::ir
