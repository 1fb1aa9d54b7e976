#include "passes/refractoriness_in_steps.hpp"

#include "integration/expression_builder.hpp"
#include "passes/plan_values.hpp"

namespace lsm {

namespace {

using ir::Expr;
using ir::Statement;

bool isVariable(const Expr& e, const ir::StepPlan& plan, const char* name) {
  return e.kind == Expr::Kind::variable && e.scope == ir::Scope::self && e.slot >= 0 &&
         plan.slots[static_cast<std::size_t>(e.slot)].variable == name;
}

// `timestep(t - lastspike, dt) >= K`: the K expression, or nullptr.
const Expr* refractoryLimit(const Statement& s, const ir::StepPlan& plan, int& lastspike) {
  if (s.kind != Statement::Kind::assign || s.condition) return nullptr;
  if (plan.slots[static_cast<std::size_t>(s.targetSlot)].variable != "not_refractory")
    return nullptr;
  const Expr& test = s.value;
  if (test.kind != Expr::Kind::binary || test.binaryOp != BinaryOp::greaterEqual) return nullptr;
  const Expr& steps = test.operands[0];
  if (steps.kind != Expr::Kind::call || steps.function != ir::Builtin::timestep) return nullptr;
  const Expr& since = steps.operands[0];
  if (!build::isSpecial(steps.operands[1], ir::Special::dt)) return nullptr;
  if (since.kind != Expr::Kind::binary || since.binaryOp != BinaryOp::subtract) return nullptr;
  if (!build::isSpecial(since.operands[0], ir::Special::t)) return nullptr;
  if (!isVariable(since.operands[1], plan, "lastspike")) return nullptr;
  lastspike = since.operands[1].slot;
  return &test.operands[1];
}

Expr variableOf(const ir::StepPlan& plan, int slot, Dimension dimension = {}) {
  Expr e;
  e.kind = Expr::Kind::variable;
  e.scope = ir::Scope::self;
  e.slot = slot;
  e.name = plan.slots[static_cast<std::size_t>(slot)].variable;
  e.dimension = dimension;
  return e;
}

Statement set(const ir::StepPlan& plan, int slot, Expr value) {
  Statement s = build::assign(plan.slots[static_cast<std::size_t>(slot)].variable, ir::Scope::self,
                              AssignOp::assign, value.dimension, std::move(value));
  s.targetSlot = slot;
  return s;
}

}  // namespace

void makeRefractorinessSteps(ir::StepPlan& plan) {
  PlanValues values(plan);
  bool changed = false;
  for (ir::PlanOp& update : plan.step) {
    if (update.kind != ir::PlanOp::Kind::elements) continue;
    int lastspike = -1;
    std::size_t at = 0;
    const Expr* limit = nullptr;
    for (; at < update.body.size(); ++at) {
      limit = refractoryLimit(update.body[at], plan, lastspike);
      if (limit != nullptr) break;
    }
    if (limit == nullptr || !values.fixed(*limit)) continue;
    // The group's threshold, whose on_spike writes lastspike = t; nothing else may write it.
    ir::PlanOp* threshold = nullptr;
    for (ir::PlanOp& op : plan.step)
      if (op.kind == ir::PlanOp::Kind::threshold && op.object == update.object &&
          plan.slots[static_cast<std::size_t>(op.spikes)].variable.empty())  // not a custom event
        threshold = &op;
    if (threshold == nullptr) continue;
    bool spikeWrites = false, otherWrites = false;
    for (const ir::PlanOp& op : plan.step) {
      for (const auto* body : {&op.body, &op.fallback, &op.onSpike}) {
        for (const Statement& s : *body) {
          if (s.kind != Statement::Kind::assign || s.targetSlot != lastspike) continue;
          const bool atSpike = &op == threshold && build::isSpecial(s.value, ir::Special::t) &&
                               !s.condition && s.op == AssignOp::assign;
          (atSpike ? spikeWrites : otherWrites) = true;
        }
      }
    }
    if (!spikeWrites || otherWrites) continue;

    Expr k = *limit;
    if (k.kind != Expr::Kind::variable) k = values.derived(update, k, "Steps");
    if (plan.stepSlot < 0) plan.stepSlot = plan.addPlanVariable(update.object, "_step", true, 1);
    const int end =
        plan.addPlanVariable(update.object, "_refractory_end", false, update.frame.groupSize);
    Expr step = variableOf(plan, plan.stepSlot);
    Expr endValue = variableOf(plan, end);

    // The body as the plan has it is the fallback; the guarded body compares step numbers.
    values.guard(update, update.body);
    Expr test = update.body[at].value;
    test.operands[0] = step;
    test.operands[1] = endValue;
    update.body[at].value = std::move(test);

    threshold->onSpike.push_back(set(plan, end, build::add(step, k)));

    ir::PlanOp derive;
    derive.kind = ir::PlanOp::Kind::elements;
    derive.name = update.object + " _refractory_end";
    derive.object = update.object;
    derive.begin = update.begin;
    derive.end = update.end;
    derive.frame = update.frame;
    Expr spikeStep = build::call(
        ir::Builtin::timestep,
        {variableOf(plan, lastspike, Dimension::base(2)), build::special(ir::Special::dt)}, {});
    derive.body.push_back(set(plan, end, build::add(std::move(spikeStep), k)));
    plan.derive.push_back(std::move(derive));

    ir::PlanAssumption assumption;
    assumption.kind = ir::PlanAssumption::Kind::refractorySteps;
    assumption.optimisation = "refractoriness-in-steps";
    assumption.guard = update.guard;
    assumption.lastspike = lastspike;
    assumption.steps = k.slot;
    assumption.begin = update.begin;
    assumption.end = update.end;
    plan.assumptions.push_back(assumption);
    changed = true;
  }
  if (changed) plan.optimisations.push_back("refractoriness-in-steps");
}

}  // namespace lsm
