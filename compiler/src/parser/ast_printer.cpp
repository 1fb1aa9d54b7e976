#include <fmt/format.h>

#include "lsm/ast.hpp"

namespace lsm::ast {

std::string toString(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::number: {
      std::string text = fmt::format("{}", e.number);
      if (!e.unit.empty()) text += " " + e.unit;
      if (e.unitPower != 1) text += fmt::format("**{}", e.unitPower);
      return text;
    }
    case Expr::Kind::boolean:
      return e.boolean ? "True" : "False";
    case Expr::Kind::name:
      return e.name;
    case Expr::Kind::call: {
      std::string args;
      for (const auto& a : e.operands) args += (args.empty() ? "" : ", ") + toString(a);
      return e.name + "(" + args + ")";
    }
    case Expr::Kind::unary:
      return e.unaryOp == UnaryOp::logicalNot ? "not " + toString(e.operands[0])
                                              : "-" + toString(e.operands[0]);
    case Expr::Kind::binary:
      return fmt::format("({} {} {})", toString(e.operands[0]), spelling(e.binaryOp),
                         toString(e.operands[1]));
    case Expr::Kind::conditional:
      return fmt::format("({} if {} else {})", toString(e.operands[0]), toString(e.operands[1]),
                         toString(e.operands[2]));
  }
  return "?";
}

}  // namespace lsm::ast
