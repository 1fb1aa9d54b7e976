#include "lsm/pair_rule.hpp"

#include <bit>
#include <cstdint>

#include "ir/functions.hpp"

namespace lsm {

bool sameExpression(const ir::Expr& a, const ir::Expr& b, bool constants) {
  if (a.kind != b.kind || a.operands.size() != b.operands.size() || a.type != b.type) return false;
  switch (a.kind) {
    case ir::Expr::Kind::constant:
      if (constants &&
          std::bit_cast<std::uint64_t>(a.value) != std::bit_cast<std::uint64_t>(b.value))
        return false;
      break;
    case ir::Expr::Kind::variable:
    case ir::Expr::Kind::table:
      if (a.name != b.name || a.scope != b.scope) return false;
      break;
    case ir::Expr::Kind::special:
      if (a.special != b.special) return false;
      break;
    case ir::Expr::Kind::call:
      if (a.function != b.function) return false;
      break;
    case ir::Expr::Kind::unary:
      if (a.unaryOp != b.unaryOp) return false;
      break;
    case ir::Expr::Kind::binary:
      // A square is a multiplication, whatever the constants: not the same as another power.
      if (a.binaryOp != b.binaryOp || ir::isSquare(a) != ir::isSquare(b)) return false;
      break;
    case ir::Expr::Kind::conditional:
      break;
  }
  for (std::size_t k = 0; k < a.operands.size(); ++k) {
    if (!sameExpression(a.operands[k], b.operands[k], constants)) return false;
  }
  return true;
}

namespace {

bool same(const std::optional<ir::Expr>& a, const std::optional<ir::Expr>& b) {
  return a.has_value() == b.has_value() && (!a || sameExpression(*a, *b));
}

}  // namespace

bool CompiledPairRule::compiledFrom(const ir::ConnectRule& rule) const {
  if (conditionJudgedPerTarget(rule)) return !probability && same(condition, rule.condition);
  return judgedPairByPair(rule) && same(condition, rule.condition) &&
         same(probability, rule.probability);
}

bool CompiledPairRule::compiledFromDelay(const ir::Expr& delay) const {
  return !condition && probability && sameExpression(*probability, delay);
}

bool sameForEveryElement(const ir::Expr& e) {
  if (e.kind == ir::Expr::Kind::variable) return false;
  if (e.kind == ir::Expr::Kind::special &&
      (e.special == ir::Special::i || e.special == ir::Special::j))
    return false;
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function)) return false;
  for (const ir::Expr& operand : e.operands)
    if (!sameForEveryElement(operand)) return false;
  return true;
}

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

namespace {

bool overEveryTarget(const ir::ConnectRule& rule) {
  return rule.kind == ir::ConnectRule::Kind::probability ||
         rule.kind == ir::ConnectRule::Kind::all_to_all;
}

}  // namespace

bool judgedPairByPair(const ir::ConnectRule& rule) {
  return overEveryTarget(rule) && (rule.condition || rule.probability) &&
         (!rule.probability || variesWithTarget(*rule.probability));
}

bool conditionJudgedPerTarget(const ir::ConnectRule& rule) {
  return overEveryTarget(rule) && rule.probability && !variesWithTarget(*rule.probability) &&
         rule.condition && variesWithTarget(*rule.condition);
}

}  // namespace lsm
