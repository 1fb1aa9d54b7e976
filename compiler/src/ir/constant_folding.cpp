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
    case Expr::Kind::constant: return expr.value;
    case Expr::Kind::variable:
    case Expr::Kind::special: return std::nullopt;
    case Expr::Kind::call: {
      const Function* function = findFunction(expr.name);
      if (function == nullptr || function->isRandom) return std::nullopt;
      return evaluateFunction(*function, values);
    }
    case Expr::Kind::unary:
      return expr.op == "-" ? -values[0] : static_cast<double>(values[0] == 0.0);
    case Expr::Kind::binary: {
      double a = values[0], b = values[1];
      const std::string& op = expr.op;
      if (op == "+") return a + b;
      if (op == "-") return a - b;
      if (op == "*") return a * b;
      if (op == "/") return a / b;
      if (op == "//") return std::floor(a / b);
      if (op == "%") return a - std::floor(a / b) * b;  // Python's sign convention
      if (op == "**") return std::pow(a, b);
      if (op == "<") return a < b;
      if (op == "<=") return a <= b;
      if (op == ">") return a > b;
      if (op == ">=") return a >= b;
      if (op == "==") return a == b;
      if (op == "!=") return a != b;
      if (op == "and") return a != 0.0 && b != 0.0;
      if (op == "or") return a != 0.0 || b != 0.0;
      return std::nullopt;
    }
    case Expr::Kind::conditional: {
      auto test = foldConstant(expr.operands[1]);
      if (!test) return std::nullopt;
      return foldConstant(expr.operands[*test != 0.0 ? 0 : 2]);
    }
  }
  return std::nullopt;
}

}  // namespace lsm::ir
