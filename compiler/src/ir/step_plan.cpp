// The step plan's queries (lsm/step_plan.hpp); the printer and the interpreter are files of
// their own.
#include "lsm/step_plan.hpp"

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

}  // namespace lsm::ir
