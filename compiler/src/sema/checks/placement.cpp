// Check: what may stand where. `t` and `dt` have no value while a network is built
// (initialisations, connection rules, delays); rand() and randn() draw anew in each step
// where a step runs them (thresholds, resets, on_pre, on_post, subexpressions constant over
// dt) and the other random functions only while a network is built (and between runs). Which
// statements a list may hold is the statement-forms check's.
#include <fmt/format.h>

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

}  // namespace

void checkPlacement(const ir::Model& model, DiagnosticEngine& diagnostics) {
  forEachPlace(model,
               {[&](const ir::Expr& e, Place place, const std::string& owner) {
                  checkExpression(e, place, describePlace(place, owner), diagnostics);
                },
                [&](const std::vector<ir::Statement>& list, Place place, const std::string& owner) {
                  checkStatements(list, place, describePlace(place, owner), diagnostics);
                }});
}

}  // namespace lsm::sema
