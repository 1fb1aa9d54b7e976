// Check: what may stand where. `t` and `dt` have no value while a network is built
// (initialisations, connection rules, delays); random draws happen only then; `let` and
// conditional assignments belong in initialisations; a statement assigns a variable.
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
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function) && !allowsRandom(place)) {
    diagnostics.error(e.location, fmt::format("random function '{}' cannot be used in {}; "
                                              "random draws belong in init, trial_init, "
                                              "connect and delay",
                                              ir::spelling(e.function), where));
    return;
  }
  for (const ir::Expr& operand : e.operands) checkExpression(operand, place, where, diagnostics);
}

void checkStatements(const std::vector<ir::Statement>& list, Place place, const std::string& where,
                     DiagnosticEngine& diagnostics) {
  for (const ir::Statement& s : list) {
    if (s.kind == ir::Statement::Kind::expression) {
      diagnostics.error(s.location, fmt::format("a statement in {} must assign a variable", where));
      continue;
    }
    if (s.kind == ir::Statement::Kind::let && !allowsInitialisationStatements(place)) {
      diagnostics.error(s.location, fmt::format("'let' can only be used in init and trial_init, "
                                                "not in {}",
                                                where));
    }
    if (s.condition) {
      if (!allowsInitialisationStatements(place)) {
        diagnostics.error(s.condition->location,
                          fmt::format("a conditional assignment 'x[condition] = value' can only "
                                      "be used in init and trial_init, not in {}",
                                      where));
      } else {
        checkExpression(*s.condition, place, where, diagnostics);
      }
    }
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
