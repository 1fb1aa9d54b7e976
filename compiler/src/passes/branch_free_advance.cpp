#include "passes/branch_free_advance.hpp"

namespace lsm {

void makeAdvancesBranchFree(ir::StepPlan& plan) {
  bool changed = false;
  for (auto* ops : {&plan.step, &plan.catchUp}) {
    for (ir::PlanOp& op : *ops) {
      for (auto* list : {&op.body, &op.onSpike, &op.fallback}) {
        for (ir::Statement& s : *list) {
          if (s.kind != ir::Statement::Kind::advance || s.advance->branchFree) continue;
          s.advance->branchFree = true;
          changed = true;
        }
      }
    }
  }
  if (changed) plan.optimisations.push_back("branch-free-advance");
}

}  // namespace lsm
