// Check: no division by a divisor that is zero whatever the state: `v/(0 mV)`, `i % 0`,
// `x /= 0`, or a constant that is 0 (`--set TAU=0ms`). In a kernel, a real division by zero
// gives an infinity that spreads silently through the state, and an integer one stops the
// process; both are known when the model is compiled. A branch that a constant condition
// never takes (`v/TAU if TAU > 0 ms else 0 mV`) is not judged.
#include <fmt/format.h>

#include "ir/constant_folding.hpp"
#include "sema/checks.hpp"
#include "sema/model_places.hpp"

namespace lsm::sema {

namespace {

bool divides(BinaryOp op) {
  return op == BinaryOp::divide || op == BinaryOp::floorDivide || op == BinaryOp::modulo;
}

void reportZero(const ir::Expr& divisor, const std::string& where, DiagnosticEngine& diagnostics) {
  std::string cause =
      divisor.kind == ir::Expr::Kind::constant && !divisor.name.empty()
          ? fmt::format("division by zero in {}: the constant '{}' is 0", where, divisor.name)
          : fmt::format("division by zero in {}: the divisor is 0", where);
  diagnostics.error(divisor.begin, cause);
}

bool isZero(const ir::Expr& divisor) {
  auto value = ir::foldConstant(divisor);
  return value && *value == 0.0;
}

void checkExpression(const ir::Expr& e, const std::string& where, DiagnosticEngine& diagnostics) {
  if (e.kind == ir::Expr::Kind::conditional) {
    if (auto test = ir::foldConstant(e.operands[1])) {
      checkExpression(e.operands[*test != 0.0 ? 0 : 2], where, diagnostics);
      return;
    }
  }
  if (e.kind == ir::Expr::Kind::binary && divides(e.binaryOp) && isZero(e.operands[1])) {
    reportZero(e.operands[1], where, diagnostics);
  }
  for (const ir::Expr& operand : e.operands) checkExpression(operand, where, diagnostics);
}

void checkStatements(const std::vector<ir::Statement>& list, const std::string& where,
                     DiagnosticEngine& diagnostics) {
  for (const ir::Statement& s : list) {
    if (s.kind == ir::Statement::Kind::advance) continue;
    if (s.condition) checkExpression(*s.condition, where, diagnostics);
    checkExpression(s.value, where, diagnostics);
    if (s.op == AssignOp::divide && isZero(s.value)) {
      reportZero(s.value, where, diagnostics);
    }
  }
}

}  // namespace

void checkZeroDivisors(const ir::Model& model, DiagnosticEngine& diagnostics) {
  forEachPlace(model,
               {[&](const ir::Expr& e, Place place, const std::string& owner) {
                  checkExpression(e, describePlace(place, owner), diagnostics);
                },
                [&](const std::vector<ir::Statement>& list, Place place, const std::string& owner) {
                  checkStatements(list, describePlace(place, owner), diagnostics);
                }});
}

}  // namespace lsm::sema
