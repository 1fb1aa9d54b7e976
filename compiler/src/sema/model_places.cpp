#include "sema/model_places.hpp"

#include <fmt/format.h>

namespace lsm::sema {

namespace {

Place equationPlace(const ir::Equation& eq) {
  return eq.constantOverDt ? Place::constantOverDt : Place::equations;
}

}  // namespace

void forEachPlace(const ir::Model& model, const PlaceVisitor& visitor) {
  auto expression = [&](const ir::Expr& e, Place place, const std::string& owner) {
    if (visitor.expression) visitor.expression(e, place, owner);
  };
  auto statements = [&](const std::vector<ir::Statement>& list, Place place,
                        const std::string& owner) {
    if (visitor.statements) visitor.statements(list, place, owner);
  };
  for (const ir::NeuronGroup& g : model.groups) {
    std::string owner = fmt::format("group '{}'", g.name);
    for (const ir::Equation& eq : g.equations) expression(eq.rhs, equationPlace(eq), owner);
    if (g.threshold) expression(*g.threshold, Place::threshold, owner);
    if (g.refractory) expression(*g.refractory, Place::refractory, owner);
    statements(g.reset, Place::reset, owner);
    statements(g.init, Place::initialisation, owner);
    statements(g.trialInit, Place::initialisation, owner);
    for (const ir::RegularOperation& r : g.regular) statements(r.code, Place::regular, owner);
    for (const ir::GroupEvent& event : g.events) {
      std::string ofEvent = fmt::format("event '{}' of {}", event.name, owner);
      expression(event.condition, Place::eventCondition, ofEvent);
      statements(event.code, Place::eventCode, ofEvent);
    }
  }
  for (const ir::Subgroup& s : model.subgroups) {
    std::string owner = fmt::format("subgroup '{}'", s.name);
    statements(s.init, Place::initialisation, owner);
    statements(s.trialInit, Place::initialisation, owner);
  }
  for (const ir::Synapses& s : model.synapses) {
    std::string owner = fmt::format("synapses '{}'", s.name);
    for (const ir::Equation& eq : s.equations) expression(eq.rhs, equationPlace(eq), owner);
    for (const ir::SummedVariable& summed : s.summed) {
      expression(summed.rhs, Place::equations, owner);
    }
    statements(s.onPre, Place::onPre, owner);
    statements(s.onPost, Place::onPost, owner);
    for (const ir::Expr* e : s.connect.expressions()) expression(*e, Place::connect, owner);
    if (s.delay) expression(*s.delay, Place::delay, owner);
    statements(s.init, Place::initialisation, owner);
    statements(s.trialInit, Place::initialisation, owner);
    for (const ir::RegularOperation& r : s.regular) statements(r.code, Place::regular, owner);
  }
  if (model.experiment) {
    for (const ir::ExperimentStep& step : model.experiment->steps) {
      if (step.kind != ir::ExperimentStep::Kind::assign) continue;
      statements(step.statement, Place::betweenRuns, describeObject(model, step.object));
    }
  }
}

ObjectVariables objectVariables(const ir::Model& model, const std::string& object) {
  if (const ir::Synapses* s = model.findSynapses(object)) return {&s->variables, false};
  if (const ir::NeuronGroup* g = model.findGroup(object)) return {&g->variables, false};
  for (const auto& sub : model.subgroups) {
    if (sub.name != object) continue;
    if (const ir::NeuronGroup* g = model.findGroup(sub.group)) return {&g->variables, true};
  }
  return {};
}

std::string describeObject(const ir::Model& model, const std::string& object) {
  if (model.findGroup(object) != nullptr) return fmt::format("group '{}'", object);
  if (model.findSynapses(object) != nullptr) return fmt::format("synapses '{}'", object);
  return fmt::format("subgroup '{}'", object);
}

}  // namespace lsm::sema
