// Check: what may stand where. `t` and `dt` have no value while a network is built
// (initialisations, connection rules, delays); random draws happen only then (and between
// runs). Which statements a list may hold is the statement-forms check's.
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
