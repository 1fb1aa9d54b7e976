#include "passes/range_fixed_values.hpp"

#include <map>
#include <set>
#include <utility>

#include "integration/expression_builder.hpp"

namespace lsm {

namespace {

using ir::Expr;
using ir::PlanOp;
using ir::Statement;

using Range = std::pair<std::int64_t, std::int64_t>;

// Per variable slot, the element ranges the plan's routines write it on; `everywhere` where a
// write is not confined to a loop's own elements.
class WriteRanges {
 public:
  explicit WriteRanges(const ir::StepPlan& plan) {
    for (const auto* routine : {&plan.step, &plan.catchUp, &plan.runningSums}) {
      for (const PlanOp& op : *routine) {
        const bool ranged =
            (op.kind == PlanOp::Kind::elements || op.kind == PlanOp::Kind::threshold) &&
            op.uniform.empty();
        for (const auto* body : {&op.body, &op.fallback, &op.onSpike}) {
          for (const Statement& s : *body) {
            if (s.kind == Statement::Kind::advance) {
              for (int slot : s.advance->variableSlots) everywhere_.insert(slot);
              continue;
            }
            if (s.kind != Statement::Kind::assign) continue;
            if (ranged && s.targetScope == ir::Scope::self &&
                !plan.slots[static_cast<std::size_t>(s.targetSlot)].shared) {
              ranges_[s.targetSlot].insert({op.begin, op.end});
            } else {
              everywhere_.insert(s.targetSlot);
            }
          }
        }
      }
    }
    if (plan.stepSlot >= 0) everywhere_.insert(plan.stepSlot);
  }

  // Written on ranges only (none everywhere), and on at least one.
  const std::set<Range>* only(int slot) const {
    if (everywhere_.count(slot) > 0) return nullptr;
    auto found = ranges_.find(slot);
    return found == ranges_.end() ? nullptr : &found->second;
  }

 private:
  std::map<int, std::set<Range>> ranges_;
  std::set<int> everywhere_;
};

bool overlaps(const Range& a, std::int64_t begin, std::int64_t end) {
  return a.first < end && begin < a.second;
}

// Whether the loop may run in consecutive pieces: its statements write only their own
// element's variables (ir::elementsOnly).
bool divisible(const ir::StepPlan& plan, const PlanOp& op) {
  return op.kind == PlanOp::Kind::elements && op.uniform.empty() && op.every <= 1 &&
         ir::elementsOnly(plan, op, ir::Scope::self, ir::OwnElementUse::writes).has_value();
}

void noteReads(const Expr& e, std::set<int>& read) {
  build::any(e, [&](const Expr& n) {
    if (n.kind == Expr::Kind::variable && n.scope == ir::Scope::self) read.insert(n.slot);
    return false;
  });
}

}  // namespace

void splitAtRangeFixedValues(ir::StepPlan& plan) {
  WriteRanges writes(plan);
  bool changed = false;
  std::vector<PlanOp> step;
  for (PlanOp& op : plan.step) {
    if (!divisible(plan, op)) {
      step.push_back(std::move(op));
      continue;
    }
    std::set<int> read;
    for (const Statement& s : op.body) {
      noteReads(s.value, read);
      if (s.condition) noteReads(*s.condition, read);
    }
    // The candidates (written on some ranges only) and where the loop is cut for them.
    std::map<int, const std::set<Range>*> candidates;
    std::set<std::int64_t> cuts{op.begin, op.end};
    for (int slot : read) {
      if (plan.slots[static_cast<std::size_t>(slot)].shared) continue;
      const std::set<Range>* ranges = writes.only(slot);
      if (ranges == nullptr) continue;
      candidates[slot] = ranges;
      for (const Range& r : *ranges) {
        if (r.first > op.begin && r.first < op.end) cuts.insert(r.first);
        if (r.second > op.begin && r.second < op.end) cuts.insert(r.second);
      }
    }
    std::vector<PlanOp> pieces;
    bool fixedSomewhere = false;
    for (auto a = cuts.begin(); std::next(a) != cuts.end(); ++a) {
      PlanOp piece = op;
      piece.begin = *a;
      piece.end = *std::next(a);
      for (const auto& [slot, ranges] : candidates) {
        bool written = false;
        for (const Range& r : *ranges) written = written || overlaps(r, piece.begin, piece.end);
        if (!written) piece.rangeFixed.push_back(slot);
      }
      fixedSomewhere = fixedSomewhere || !piece.rangeFixed.empty();
      pieces.push_back(std::move(piece));
    }
    if (!fixedSomewhere) {
      step.push_back(std::move(op));
      continue;
    }
    changed = true;
    for (PlanOp& piece : pieces) step.push_back(std::move(piece));
  }
  plan.step = std::move(step);
  if (changed) plan.optimisations.push_back("range-fixed-values");
}

}  // namespace lsm
