#include "passes/event_lanes.hpp"

#include <algorithm>

namespace lsm {

namespace {

using ir::Expr;
using ir::Statement;

// Whether `e` computes the same in vector lanes as in scalar code: IEEE operations that the
// JIT emits lane by lane (no library calls, which might differ between their scalar and
// vector versions, no random draws, tables or gathers through a linked variable's index).
bool laneExpression(const Expr& e) {
  using K = Expr::Kind;
  switch (e.kind) {
    case K::constant:
      return true;
    case K::variable:
      return e.indexSlot < 0;
    case K::special:
      return e.special == ir::Special::t || e.special == ir::Special::dt;
    case K::table:
      return false;
    case K::call:
      switch (e.function) {
        case ir::Builtin::timestep:
        case ir::Builtin::abs:
        case ir::Builtin::sqrt:
        case ir::Builtin::floor:
        case ir::Builtin::ceil:
        case ir::Builtin::toInt:
        case ir::Builtin::min:
        case ir::Builtin::max:
        case ir::Builtin::clip:
        case ir::Builtin::sign:
          break;
        default:
          return false;
      }
      break;
    case K::binary:
      if (e.binaryOp == BinaryOp::power) return false;
      break;
    case K::unary:
    case K::conditional:
      break;
  }
  return std::all_of(e.operands.begin(), e.operands.end(), laneExpression);
}

// Whether `e` reads one of `slots` (in any scope), or one of `own` otherwise than at the
// synapse itself.
bool reads(const Expr& e, const std::vector<int>& slots, const std::vector<int>& own) {
  if (e.kind == Expr::Kind::variable && e.scope != ir::Scope::local) {
    if (std::find(slots.begin(), slots.end(), e.slot) != slots.end()) return true;
    if (e.scope != ir::Scope::self && std::find(own.begin(), own.end(), e.slot) != own.end())
      return true;
  }
  return std::any_of(e.operands.begin(), e.operands.end(),
                     [&](const Expr& o) { return reads(o, slots, own); });
}

bool laneStatements(const ir::StepPlan& plan, const ir::PlanOp& op,
                    const std::vector<Statement>& statements) {
  std::vector<int> summed, own;
  bool advances = false;
  auto perElement = [&](int slot) {
    if (slot < 0) return false;
    const ir::PlanSlot& s = plan.slots[static_cast<std::size_t>(slot)];
    return s.kind == ir::PlanSlot::Kind::variable && !s.shared &&
           std::find(op.uniform.begin(), op.uniform.end(), slot) == op.uniform.end();
  };
  for (const Statement& s : statements) {
    if (!laneExpression(s.value) || (s.condition && !laneExpression(*s.condition))) return false;
    switch (s.kind) {
      case Statement::Kind::let:
        break;
      case Statement::Kind::advance:
        advances = true;
        own.insert(own.end(), s.advance->variableSlots.begin(), s.advance->variableSlots.end());
        for (int slot : s.advance->variableSlots)
          if (!perElement(slot)) return false;
        break;
      case Statement::Kind::assign:
        if (!perElement(s.targetSlot)) return false;
        if (s.targetScope == ir::Scope::self) {
          own.push_back(s.targetSlot);
        } else if (s.targetScope == ir::Scope::pre || s.targetScope == ir::Scope::post) {
          // Added after the lanes, one synapse after another.
          if (s.op != AssignOp::add || s.condition) return false;
          summed.push_back(s.targetSlot);
        } else {
          return false;
        }
        break;
    }
  }
  // Lanes pay for a catch-up's chain of multiplications; without one they only cost.
  if (!advances) return false;
  for (int slot : summed)
    if (std::find(own.begin(), own.end(), slot) != own.end()) return false;
  for (const Statement& s : statements) {
    if (reads(s.value, summed, own) || (s.condition && reads(*s.condition, summed, own)))
      return false;
    if (s.kind == Statement::Kind::advance) {
      for (const auto& row : s.advance->phiSlots)
        for (int slot : row)
          if (slot >= 0 && std::find(summed.begin(), summed.end(), slot) != summed.end())
            return false;
      for (int slot : s.advance->offsetSlots)
        if (slot >= 0 && std::find(summed.begin(), summed.end(), slot) != summed.end())
          return false;
    }
  }
  return true;
}

}  // namespace

bool runsInLanes(const ir::StepPlan& plan, const ir::PlanOp& op) {
  if (op.kind != ir::PlanOp::Kind::pathway || op.pre < 0 || op.post < 0) return false;
  if (!laneStatements(plan, op, op.body)) return false;
  return op.guard < 0 || laneStatements(plan, op, op.fallback);
}

void putEventsInLanes(ir::StepPlan& plan) {
  bool changed = false;
  for (ir::PlanOp& op : plan.step) {
    if (op.inLanes || !runsInLanes(plan, op)) continue;
    op.inLanes = true;
    changed = true;
  }
  if (changed) plan.optimisations.push_back("event-lanes");
}

}  // namespace lsm
