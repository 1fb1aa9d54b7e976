// Check: what may stand where. `t` and `dt` have no value while a network is built
// (initialisations, connection rules, delays), nor do timed arrays; rand() and randn() draw anew in
// each step where a step runs them (thresholds, resets, on_pre, on_post, subexpressions constant
// over dt) and the other random functions only while a network is built (and between runs). Which
// statements a list may hold is the statement-forms check's.
#include <fmt/format.h>

#include <map>
#include <set>

#include "sema/checks.hpp"
#include "sema/model_places.hpp"

namespace lsm::sema {

namespace {

void checkExpression(const ir::Expr& e, Place place, const std::string& where,
                     DiagnosticEngine& diagnostics) {
  if (e.kind == ir::Expr::Kind::special && !allowsTime(place) &&
      (e.special == ir::Special::t || e.special == ir::Special::dt)) {
    diagnostics.error(e.location,
                      fmt::format("'{}' cannot be used in {}", ir::spelling(e.special), where));
  }
  if (e.kind == ir::Expr::Kind::table && !allowsTime(place)) {
    // A timed array is a value over the run's time, read in the step (Brian2 reads it
    // where t has a value).
    diagnostics.error(e.location, fmt::format("timed_array '{}' cannot be used in {}: it gives "
                                              "values over the run's time",
                                              e.name, where));
    return;
  }
  const bool perStep = e.function == ir::Builtin::rand || e.function == ir::Builtin::randn;
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function) && !allowsRandom(place, perStep)) {
    std::string hint = perStep ? "draws in a step belong in thresholds, resets, on_pre, on_post "
                                 "and subexpressions (constant over dt); white noise in an "
                                 "equation is xi"
                               : "it draws only in init, trial_init, connect and delay; in a "
                                 "step use rand() or randn()";
    if (perStep && place == Place::equations) {
      hint =
          "white noise in an equation is xi (xi_name for independent ones), a draw once a "
          "step a subexpression flagged (constant over dt)";
    }
    diagnostics.error(e.location, fmt::format("random function '{}' cannot be used in {}; {}",
                                              ir::spelling(e.function), where, hint));
    return;
  }
  for (const ir::Expr& operand : e.operands) checkExpression(operand, place, where, diagnostics);
}

void checkStatements(const std::vector<ir::Statement>& list, Place place, const std::string& where,
                     DiagnosticEngine& diagnostics) {
  for (const ir::Statement& s : list) {
    if (s.condition) checkExpression(*s.condition, place, where, diagnostics);
    checkExpression(s.value, place, where, diagnostics);
  }
}

bool drawsRandom(const ir::Expr& e) {
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function)) return true;
  for (const ir::Expr& operand : e.operands)
    if (drawsRandom(operand)) return true;
  return false;
}

// A subexpression (constant over dt) that draws is evaluated once a step for the equations; read
// anywhere else it would stand there as its definition and draw again (Brian2 stores it in a
// variable): only the equations may read it.
class DrawnSubexpressions {
 public:
  DrawnSubexpressions(const ir::Model& model, DiagnosticEngine& diagnostics)
      : model_(model), diagnostics_(diagnostics) {
    for (const ir::NeuronGroup& g : model.groups)
      for (const ir::Equation& eq : g.equations)
        if (eq.kind == ir::Equation::Kind::subexpression && eq.constantOverDt &&
            drawsRandom(eq.rhs))
          drawn_[g.name].insert(eq.variable);
  }

  void run() {
    if (drawn_.empty()) return;
    for (const ir::NeuronGroup& g : model_.groups) {
      const std::string owner = fmt::format("group '{}'", g.name);
      if (g.threshold)
        expression(*g.threshold, g.name, "", "", describePlace(Place::threshold, owner));
      if (g.refractory) {
        expression(*g.refractory, g.name, "", "", describePlace(Place::refractory, owner));
      }
      statements(g.reset, g.name, "", "", describePlace(Place::reset, owner));
      for (const ir::RegularOperation& r : g.regular)
        statements(r.code, g.name, "", "", describePlace(Place::regular, owner));
      for (const ir::GroupEvent& event : g.events) {
        std::string ofEvent = fmt::format("event '{}' of {}", event.name, owner);
        expression(event.condition, g.name, "", "", describePlace(Place::eventCondition, ofEvent));
        statements(event.code, g.name, "", "", describePlace(Place::eventCode, ofEvent));
      }
    }
    for (const ir::Synapses& s : model_.synapses) {
      const std::string owner = fmt::format("synapses '{}'", s.name);
      const std::string& pre = s.source.group;
      const std::string& post = s.target.group;
      for (const ir::Equation& eq : s.equations)
        expression(eq.rhs, "", pre, post, describePlace(Place::equations, owner));
      for (const ir::SummedVariable& summed : s.summed)
        expression(summed.rhs, "", pre, post, describePlace(Place::equations, owner));
      statements(s.onPre, "", pre, post, describePlace(Place::onPre, owner));
      statements(s.onPost, "", pre, post, describePlace(Place::onPost, owner));
      for (const ir::RegularOperation& r : s.regular)
        statements(r.code, "", pre, post, describePlace(Place::regular, owner));
    }
  }

 private:
  bool isDrawn(const std::string& group, const std::string& name) const {
    auto found = drawn_.find(group);
    return found != drawn_.end() && found->second.count(name) > 0;
  }

  void expression(const ir::Expr& e, const std::string& self, const std::string& pre,
                  const std::string& post, const std::string& where) {
    if (e.kind == ir::Expr::Kind::variable) {
      const std::string& group = e.scope == ir::Scope::pre    ? pre
                                 : e.scope == ir::Scope::post ? post
                                 : e.scope == ir::Scope::self ? self
                                                              : std::string();
      if (!group.empty() && isDrawn(group, e.name)) {
        diagnostics_.error(e.location,
                           fmt::format("'{}' draws random numbers once a step for the equations "
                                       "(constant over dt) and cannot be read in {}, where it "
                                       "would draw again",
                                       e.name, where));
      }
    }
    for (const ir::Expr& operand : e.operands) expression(operand, self, pre, post, where);
  }

  void statements(const std::vector<ir::Statement>& list, const std::string& self,
                  const std::string& pre, const std::string& post, const std::string& where) {
    for (const ir::Statement& st : list) {
      if (st.condition) expression(*st.condition, self, pre, post, where);
      expression(st.value, self, pre, post, where);
    }
  }

  const ir::Model& model_;
  DiagnosticEngine& diagnostics_;
  std::map<std::string, std::set<std::string>> drawn_;
};

}  // namespace

void checkPlacement(const ir::Model& model, DiagnosticEngine& diagnostics) {
  DrawnSubexpressions(model, diagnostics).run();
  forEachPlace(model,
               {[&](const ir::Expr& e, Place place, const std::string& owner) {
                  checkExpression(e, place, describePlace(place, owner), diagnostics);
                },
                [&](const std::vector<ir::Statement>& list, Place place, const std::string& owner) {
                  checkStatements(list, place, describePlace(place, owner), diagnostics);
                }});
}

}  // namespace lsm::sema
