// The step plan's queries (lsm/step_plan.hpp); the printer and the interpreter are files of
// their own.
#include "lsm/step_plan.hpp"

#include <algorithm>
#include <set>

namespace lsm::ir {

namespace {

void noteWrites(const std::vector<Statement>& body, std::set<int>& written) {
  for (const Statement& s : body) {
    if (s.kind == Statement::Kind::assign) written.insert(s.targetSlot);
    if (s.kind == Statement::Kind::advance)
      for (int slot : s.advance->variableSlots) written.insert(slot);
  }
}

// Whether `e` reads a slot of `written` otherwise than at the element that writes it (of
// `scope`, without a linked variable's index): another thread might be writing it.
bool readsOthers(const Expr& e, const std::vector<int>& written, Scope scope) {
  if (e.kind == Expr::Kind::variable && e.scope != Scope::local &&
      std::find(written.begin(), written.end(), e.slot) != written.end() &&
      (e.scope != scope || e.indexSlot >= 0))
    return true;
  return std::any_of(e.operands.begin(), e.operands.end(),
                     [&](const Expr& o) { return readsOthers(o, written, scope); });
}

}  // namespace

int StepPlan::findVariable(const std::string& object, const std::string& variable) const {
  for (std::size_t k = 0; k < slots.size(); ++k)
    if (slots[k].kind == PlanSlot::Kind::variable && slots[k].object == object &&
        slots[k].variable == variable)
      return static_cast<int>(k);
  return -1;
}

int StepPlan::find(PlanSlot::Kind kind, const std::string& object) const {
  for (std::size_t k = 0; k < slots.size(); ++k)
    if (slots[k].kind == kind && slots[k].object == object) return static_cast<int>(k);
  return -1;
}

int StepPlan::addPlanVariable(const std::string& object, const std::string& name, bool shared,
                              std::int64_t size) {
  PlanSlot s;
  s.kind = PlanSlot::Kind::variable;
  s.object = object;
  s.variable = name;
  s.shared = shared;
  s.size = shared ? 1 : size;
  s.planOwned = true;
  slots.push_back(std::move(s));
  return static_cast<int>(slots.size()) - 1;
}

std::vector<int> writtenVariables(const StepPlan& plan) {
  std::set<int> written;
  for (const auto* routine : {&plan.step, &plan.catchUp, &plan.runningSums}) {
    for (const PlanOp& op : *routine) {
      noteWrites(op.body, written);
      noteWrites(op.fallback, written);
      noteWrites(op.onSpike, written);
    }
  }
  if (plan.stepSlot >= 0) written.insert(plan.stepSlot);
  return {written.begin(), written.end()};
}

std::optional<std::int64_t> elementsOnly(const StepPlan& plan, const PlanOp& op, Scope scope,
                                         OwnElementUse access) {
  std::int64_t size = 0;
  std::vector<int> written;
  for (const auto* body : {&op.body, &op.fallback, &op.onSpike}) {
    for (const Statement& s : *body) {
      if (s.kind == Statement::Kind::let) continue;
      if (s.kind != Statement::Kind::assign || s.targetScope != scope || s.targetSlot < 0)
        return std::nullopt;
      const PlanSlot& slot = plan.slots[static_cast<std::size_t>(s.targetSlot)];
      if (slot.kind != PlanSlot::Kind::variable || slot.shared || slot.size <= 0)
        return std::nullopt;
      if (std::find(op.uniform.begin(), op.uniform.end(), s.targetSlot) != op.uniform.end())
        return std::nullopt;
      if (size != 0 && size != slot.size) return std::nullopt;
      size = slot.size;
      written.push_back(s.targetSlot);
    }
  }
  if (access == OwnElementUse::writes) return size;
  for (const auto* body : {&op.body, &op.fallback, &op.onSpike}) {
    for (const Statement& s : *body) {
      if (readsOthers(s.value, written, scope)) return std::nullopt;
      if (s.condition && readsOthers(*s.condition, written, scope)) return std::nullopt;
    }
  }
  if (op.condition && readsOthers(*op.condition, written, scope)) return std::nullopt;
  return size;
}

}  // namespace lsm::ir
