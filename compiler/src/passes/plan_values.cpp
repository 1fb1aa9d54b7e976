#include "passes/plan_values.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "integration/expression_builder.hpp"
#include "lsm/ir_printer.hpp"

namespace lsm {

namespace {

void noteReads(const ir::Expr& e, std::set<int>& read) {
  build::any(e, [&](const ir::Expr& n) {
    if (n.kind == ir::Expr::Kind::variable && n.scope != ir::Scope::local) read.insert(n.slot);
    return false;
  });
}

}  // namespace

void PlanValues::guard(ir::PlanOp& op, std::vector<ir::Statement> before) {
  if (op.guard >= 0) return;
  int slot = plan_.findVariable(op.object, "_guard");
  if (slot < 0) slot = plan_.addPlanVariable(op.object, "_guard", true, 1);
  op.guard = slot;
  op.fallback = std::move(before);
}

void PlanValues::assumeFinite(ir::PlanOp& op, std::vector<ir::Statement> before,
                              const std::string& optimisation) {
  std::set<int> read;
  for (const ir::Statement& s : op.body) {
    noteReads(s.value, read);
    if (s.condition) noteReads(*s.condition, read);
  }
  for (const ir::PlanOp& compute : plan_.derive) {
    for (const ir::Statement& s : compute.body) {
      if (s.kind != ir::Statement::Kind::assign || read.count(s.targetSlot) == 0 ||
          written(s.targetSlot))
        continue;
      guard(op, before);
      bool known = false;
      for (const ir::PlanAssumption& a : plan_.assumptions)
        known = known || (a.kind == ir::PlanAssumption::Kind::finite && a.guard == op.guard &&
                          a.value == s.targetSlot);
      if (known) continue;
      ir::PlanAssumption a;
      a.kind = ir::PlanAssumption::Kind::finite;
      a.optimisation = optimisation;
      a.guard = op.guard;
      a.value = s.targetSlot;
      a.begin = compute.begin;
      a.end = compute.end;
      if (compute.kind == ir::PlanOp::Kind::synapses) a.count = compute.count;
      plan_.assumptions.push_back(a);
    }
  }
}

PlanValues::PlanValues(ir::StepPlan& plan) : plan_(plan) {
  for (int slot : ir::writtenVariables(plan)) written_.insert(slot);
}

bool PlanValues::fixed(const ir::Expr& e, const std::set<int>& fixedLocals,
                       const ir::PlanOp* op) const {
  auto fixedHere = [&](const ir::Expr& n) {
    return op != nullptr && n.scope == ir::Scope::self &&
           std::find(op->rangeFixed.begin(), op->rangeFixed.end(), n.slot) != op->rangeFixed.end();
  };
  return !build::any(e, [&](const ir::Expr& n) {
    switch (n.kind) {
      case ir::Expr::Kind::special:
        return n.special == ir::Special::t;
      case ir::Expr::Kind::call:
        return ir::isRandom(n.function);
      case ir::Expr::Kind::variable:
        if (n.scope == ir::Scope::local) return fixedLocals.count(n.slot) == 0;
        return written(n.slot) && !fixedHere(n);
      case ir::Expr::Kind::table:  // a value over time
        return true;
      case ir::Expr::Kind::constant:
      case ir::Expr::Kind::unary:
      case ir::Expr::Kind::binary:
      case ir::Expr::Kind::conditional:
        return false;
    }
    return false;
  });
}

bool PlanValues::perElement(const ir::Expr& e) const {
  return build::any(e, [&](const ir::Expr& n) {
    if (n.kind == ir::Expr::Kind::special) return n.special != ir::Special::dt;
    if (n.kind != ir::Expr::Kind::variable || n.scope == ir::Scope::local) return false;
    return !plan_.slots[static_cast<std::size_t>(n.slot)].shared;
  });
}

ir::Expr PlanValues::derived(const ir::PlanOp& op, const ir::Expr& value,
                             const std::string& prefix) {
  const bool shared = !perElement(value);
  const bool synapses =
      op.kind == ir::PlanOp::Kind::synapses || op.kind == ir::PlanOp::Kind::pathway;
  std::string text = ir::toString(value, [](const ir::Expr& v) {
    return fmt::format("#{}{}", v.slot,
                       v.scope == ir::Scope::pre    ? "_pre"
                       : v.scope == ir::Scope::post ? "_post"
                                                    : "");
  });
  std::string key = fmt::format("{} {} {}:{} {}", op.object, synapses ? "synapses" : "elements",
                                op.begin, op.end, text);
  auto found = derivedByKey_.find(key);
  int slot = 0;
  std::string name;
  if (found != derivedByKey_.end()) {
    slot = found->second;
    name = plan_.slots[static_cast<std::size_t>(slot)].variable;
  } else {
    name = fmt::format("_{}{}", prefix, derivedByKey_.size());
    // The variable's elements are the loop's object's: a group's, or the synapses'.
    std::int64_t size = synapses ? 0 : op.frame.groupSize;
    slot = plan_.addPlanVariable(op.object, name, shared, size);
    derivedByKey_.emplace(key, slot);
    ir::PlanOp compute;
    compute.kind = synapses && !shared ? ir::PlanOp::Kind::synapses : ir::PlanOp::Kind::elements;
    compute.name = fmt::format("{} {}", op.object, name);
    compute.object = op.object;
    compute.begin = shared ? 0 : op.begin;
    compute.end = shared ? 1 : op.end;
    compute.frame = op.frame;
    compute.count = op.count;
    compute.postCount = op.postCount;
    compute.pre = op.pre;
    compute.post = op.post;
    ir::Statement set =
        build::assign(name, ir::Scope::self, AssignOp::assign, value.dimension, value);
    set.targetSlot = slot;
    compute.body.push_back(std::move(set));
    plan_.derive.push_back(std::move(compute));
  }
  ir::Expr reference = value;
  reference.kind = ir::Expr::Kind::variable;
  reference.name = name;
  reference.scope = ir::Scope::self;
  reference.slot = slot;
  reference.operands.clear();
  return reference;
}

}  // namespace lsm
