// What the passes on the step plan share: which values are fixed while a simulation runs (no
// routine of the plan writes them, so they change only from outside, after which `derive`
// runs again), and derived values: expressions of fixed values computed per element (or once)
// by the plan's `derive` routine into variables of the plan's own.
#pragma once

#include <map>
#include <set>
#include <string>

#include "lsm/step_plan.hpp"

namespace lsm {

class PlanValues {
 public:
  explicit PlanValues(ir::StepPlan& plan);

  // Written by some routine of the plan while it runs (the step, the catch-up, the running
  // sums).
  bool written(int slot) const { return written_.count(slot) > 0; }
  // The same in every step of a run: constants, dt, the element's indices, and variables no
  // routine writes; locals only when `fixedLocals` has them. No random draws.
  // With `op`: also the variables fixed on its range (ir::PlanOp::rangeFixed).
  bool fixed(const ir::Expr& e, const std::set<int>& fixedLocals = {},
             const ir::PlanOp* op = nullptr) const;
  // Whether `e` can differ between the elements of the loop (reads a variable per element or
  // an index).
  bool perElement(const ir::Expr& e) const;

  // A reference to a variable of the plan's own that `derive` sets to `value` (fixed) for the
  // elements of `op`'s loop; one per distinct value, object and range. `prefix` names it.
  ir::Expr derived(const ir::PlanOp& op, const ir::Expr& value, const std::string& prefix);

  // Makes `op` a guarded operation if it is not one yet, for a rewrite of its body that holds
  // only under an assumption: `before`, the body before the rewrite, becomes the fallback
  // (a guarded operation's fallback is the body as lowered, Brian2's operations), and its
  // guard is its object's (one per object, so that the loops over one group still fuse).
  void guard(ir::PlanOp& op, std::vector<ir::Statement> before);
  // After `optimisation` rewrote `op`'s body from `before`: where the new body reads values
  // `derive` computes, guards `op` and assumes each of them finite
  // (ir::PlanAssumption::Kind::finite).
  void assumeFinite(ir::PlanOp& op, std::vector<ir::Statement> before,
                    const std::string& optimisation);

 private:
  ir::StepPlan& plan_;
  std::set<int> written_;
  std::map<std::string, int> derivedByKey_;
};

}  // namespace lsm
