// Check: what statements may assign. A constant variable is set by initialisations only, not
// by resets or synaptic events; a subexpression is computed, never assigned.
#include <fmt/format.h>

#include "sema/checks.hpp"
#include "sema/model_places.hpp"

namespace lsm::sema {

namespace {

// The variables a statement of `owner`'s code assigns (own, pre or post).
struct Scopes {
  const std::vector<ir::Variable>* own = nullptr;
  const std::vector<ir::Variable>* pre = nullptr;
  const std::vector<ir::Variable>* post = nullptr;

  const ir::Variable* target(const ir::Statement& s) const {
    const std::vector<ir::Variable>* list = s.targetScope == ir::Scope::pre    ? pre
                                            : s.targetScope == ir::Scope::post ? post
                                                                               : own;
    if (list == nullptr) return nullptr;
    for (const auto& v : *list)
      if (v.name == s.target) return &v;
    return nullptr;
  }
};

// Where a constant cannot be changed, as messages name it.
const char* runTimePlace(Place place) {
  switch (place) {
    case Place::reset:
      return "the reset";
    case Place::onPre:
      return "on_pre";
    case Place::onPost:
      return "on_post";
    case Place::regular:
      return "run_regularly";
    case Place::eventCode:
      return "run_on_event";
    case Place::equations:
    case Place::constantOverDt:
    case Place::eventCondition:
    case Place::threshold:
    case Place::refractory:
    case Place::connect:
    case Place::delay:
    case Place::initialisation:
    case Place::betweenRuns:  // the runtime computes what depends on it anew
      return nullptr;
  }
  return nullptr;
}

void checkStatements(const std::vector<ir::Statement>& list, Place place, const Scopes& scopes,
                     DiagnosticEngine& diagnostics) {
  for (const ir::Statement& s : list) {
    if (s.kind != ir::Statement::Kind::assign) continue;
    const ir::Variable* v = scopes.target(s);
    if (v == nullptr) continue;
    if (v->kind == ir::Variable::Kind::subexpression) {
      diagnostics.error(s.location, fmt::format("cannot assign to subexpression '{}'", s.target));
    } else if (v->linked) {
      diagnostics.error(s.location, fmt::format("'{}' is linked to '{}.{}' and is read-only: "
                                                "assign '{}' of group '{}' instead",
                                                s.target, v->linkedGroup, v->linkedVariable,
                                                v->linkedVariable, v->linkedGroup));
    } else if (const char* where = runTimePlace(place); where != nullptr && v->constant) {
      diagnostics.error(
          s.location, fmt::format("'{}' is constant and cannot be changed in {}", s.target, where));
    }
  }
}

}  // namespace

void checkAssignmentTargets(const ir::Model& model, DiagnosticEngine& diagnostics) {
  for (const ir::NeuronGroup& g : model.groups) {
    Scopes scopes{&g.variables};
    for (const auto* list : {&g.reset, &g.init, &g.trialInit}) {
      checkStatements(*list, list == &g.reset ? Place::reset : Place::initialisation, scopes,
                      diagnostics);
    }
    for (const ir::RegularOperation& r : g.regular)
      checkStatements(r.code, Place::regular, scopes, diagnostics);
    for (const ir::GroupEvent& event : g.events)
      checkStatements(event.code, Place::eventCode, scopes, diagnostics);
  }
  for (const ir::Subgroup& s : model.subgroups) {
    const ir::NeuronGroup* parent = model.findGroup(s.group);
    if (parent == nullptr) continue;
    Scopes scopes{&parent->variables};
    checkStatements(s.init, Place::initialisation, scopes, diagnostics);
    checkStatements(s.trialInit, Place::initialisation, scopes, diagnostics);
  }
  for (const ir::Synapses& s : model.synapses) {
    const ir::NeuronGroup* pre = model.findGroup(s.source.group);
    Scopes scopes{&s.variables, pre ? &pre->variables : nullptr, &model.variablesOf(s.target)};
    checkStatements(s.onPre, Place::onPre, scopes, diagnostics);
    checkStatements(s.onPost, Place::onPost, scopes, diagnostics);
    for (const ir::RegularOperation& r : s.regular)
      checkStatements(r.code, Place::regular, scopes, diagnostics);
    checkStatements(s.init, Place::initialisation, scopes, diagnostics);
    checkStatements(s.trialInit, Place::initialisation, scopes, diagnostics);
  }
  if (!model.experiment) return;
  for (const ir::ExperimentStep& step : model.experiment->steps) {
    if (step.kind != ir::ExperimentStep::Kind::assign) continue;
    Scopes scopes{objectVariables(model, step.object).variables};
    checkStatements(step.statement, Place::betweenRuns, scopes, diagnostics);
  }
}

}  // namespace lsm::sema
