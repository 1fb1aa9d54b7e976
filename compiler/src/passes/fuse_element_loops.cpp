#include "passes/fuse_element_loops.hpp"

#include <fmt/format.h>

#include <set>

#include "integration/expression_builder.hpp"

namespace lsm {

namespace {

using ir::Expr;
using ir::PlanOp;
using ir::Statement;

// The statements with their locals renumbered from `offset` on.
std::vector<Statement> shifted(std::vector<Statement> body, int offset) {
  auto shift = [&](Expr& e) {
    e = build::substitute(e, [&](const Expr& n) -> std::optional<Expr> {
      if (n.kind != Expr::Kind::variable || n.scope != ir::Scope::local) return std::nullopt;
      Expr moved = n;
      moved.slot += offset;
      return moved;
    });
  };
  for (Statement& s : body) {
    shift(s.value);
    if (s.condition) shift(*s.condition);
    if (s.kind == Statement::Kind::let) s.targetSlot += offset;
  }
  return body;
}

class Fusion {
 public:
  explicit Fusion(const ir::StepPlan& plan) : plan_(plan) {}

  // Whether `op` may join a loop over `object`'s elements: it reads and writes its elements
  // one at a time, writes nothing shared, and runs at every step (not a run_regularly of a dt
  // of its own).
  bool joins(const PlanOp& op, const std::string& object) const {
    if (op.object != object || !op.uniform.empty() || op.every > 1) return false;
    if (op.kind != PlanOp::Kind::elements && op.kind != PlanOp::Kind::threshold) return false;
    for (const auto* body : {&op.body, &op.fallback})
      for (const Statement& s : *body) {
        if (s.kind == Statement::Kind::advance) return false;
        if (s.kind == Statement::Kind::assign &&
            plan_.slots[static_cast<std::size_t>(s.targetSlot)].shared)
          return false;
      }
    return true;
  }

  // The loops [first, last] as one loop per element range.
  std::vector<PlanOp> fuse(const std::vector<PlanOp>& step, std::size_t first, std::size_t last) {
    std::set<std::int64_t> cuts;
    int guard = -1;
    for (std::size_t k = first; k <= last; ++k) {
      cuts.insert(step[k].begin);
      cuts.insert(step[k].end);
      if (step[k].guard >= 0) guard = step[k].guard;
    }
    std::vector<PlanOp> out;
    for (auto a = cuts.begin(); std::next(a) != cuts.end(); ++a) {
      const std::int64_t begin = *a, end = *std::next(a);
      PlanOp fused;
      fused.kind = PlanOp::Kind::elements;
      fused.slot = step[first].slot;
      fused.object = step[first].object;
      fused.begin = begin;
      fused.end = end;
      fused.frame = step[first].frame;
      fused.guard = guard;
      std::vector<std::string> names;
      for (std::size_t k = first; k <= last; ++k) {
        const PlanOp& op = step[k];
        if (op.begin > begin || op.end < end) continue;
        names.push_back(op.name);
        auto append = [&](std::vector<Statement>& into, const std::vector<Statement>& from) {
          auto moved = shifted(from, fused.locals);
          into.insert(into.end(), moved.begin(), moved.end());
        };
        append(fused.body, op.body);
        if (guard >= 0) append(fused.fallback, op.guard >= 0 ? op.fallback : op.body);
        if (op.kind == PlanOp::Kind::threshold) {
          fused.kind = PlanOp::Kind::threshold;
          fused.condition = op.condition;
          fused.onSpike = op.onSpike;
          fused.spikes = op.spikes;
          fused.flags = op.flags;
          fused.appends = op.appends || begin > op.begin;
        }
        fused.locals += op.locals;
      }
      if (names.empty()) continue;  // a gap between loops
      fused.name = fmt::format("{}", fmt::join(names, " + "));
      out.push_back(std::move(fused));
    }
    return out;
  }

 private:
  const ir::StepPlan& plan_;
};

}  // namespace

void fuseElementLoops(ir::StepPlan& plan) {
  Fusion fusion(plan);
  std::vector<PlanOp> step;
  bool changed = false;
  for (std::size_t k = 0; k < plan.step.size();) {
    const PlanOp& op = plan.step[k];
    std::size_t last = k;
    int guard = op.guard;
    if (op.kind == PlanOp::Kind::elements && fusion.joins(op, op.object)) {
      // Loops over the same group, at most one guard among them, up to a threshold.
      while (last + 1 < plan.step.size() && plan.step[last].kind != PlanOp::Kind::threshold) {
        const PlanOp& next = plan.step[last + 1];
        if (!fusion.joins(next, op.object)) break;
        if (next.guard >= 0 && guard >= 0 && next.guard != guard) break;
        if (next.guard >= 0) guard = next.guard;
        ++last;
      }
    }
    if (last == k) {
      step.push_back(op);
      ++k;
      continue;
    }
    for (PlanOp& fused : fusion.fuse(plan.step, k, last)) step.push_back(std::move(fused));
    changed = true;
    k = last + 1;
  }
  if (!changed) return;
  plan.step = std::move(step);
  plan.optimisations.push_back("fuse-loops");
}

}  // namespace lsm
