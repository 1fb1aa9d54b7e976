#include "ir/constant_folding.hpp"

#include <cmath>

#include "ir/functions.hpp"

namespace lsm::ir {

std::optional<double> foldConstant(const Expr& expr) {
  std::vector<double> values;
  for (const Expr& operand : expr.operands) {
    // A conditional only needs the branch it takes.
    if (expr.kind == Expr::Kind::conditional) break;
    auto value = foldConstant(operand);
    if (!value) return std::nullopt;
    values.push_back(*value);
  }
  switch (expr.kind) {
    case Expr::Kind::constant:
      return expr.value;
    case Expr::Kind::variable:
    case Expr::Kind::special:
    case Expr::Kind::table:  // its values are the plan's
      return std::nullopt;
    case Expr::Kind::call: {
      if (isRandom(expr.function)) return std::nullopt;
      return evaluateFunction(expr.function, values);
    }
    case Expr::Kind::unary:
      return applyUnary(expr.unaryOp, values[0]);
    case Expr::Kind::binary:
      if (isSquare(expr)) return values[0] * values[0];
      return applyBinary(expr.binaryOp, values[0], values[1]);
    case Expr::Kind::conditional: {
      auto test = foldConstant(expr.operands[1]);
      if (!test) return std::nullopt;
      return foldConstant(expr.operands[*test != 0.0 ? 0 : 2]);
    }
  }
  return std::nullopt;
}

}  // namespace lsm::ir
