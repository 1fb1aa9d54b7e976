#include "connection_sampling.hpp"

namespace lsm {

bool variesWithTarget(const ir::Expr& expr) {
  switch (expr.kind) {
    case ir::Expr::Kind::variable:
      if (expr.scope == ir::Scope::post) return true;
      break;
    case ir::Expr::Kind::special:
      if (expr.special == ir::Special::j) return true;
      break;
    case ir::Expr::Kind::call:
      if (ir::isRandom(expr.function)) return true;
      break;
    case ir::Expr::Kind::constant:
    case ir::Expr::Kind::unary:
    case ir::Expr::Kind::binary:
    case ir::Expr::Kind::conditional:
    case ir::Expr::Kind::table:
      break;
  }
  for (const ir::Expr& operand : expr.operands) {
    if (variesWithTarget(operand)) return true;
  }
  return false;
}

bool readsTargetVariables(const ir::Expr& expr) {
  if (expr.kind == ir::Expr::Kind::variable && expr.scope == ir::Scope::post) return true;
  for (const ir::Expr& operand : expr.operands) {
    if (readsTargetVariables(operand)) return true;
  }
  return false;
}

}  // namespace lsm
