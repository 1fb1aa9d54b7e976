#include "passes/deferred_stores.hpp"

#include <set>

namespace lsm {

namespace {

using ir::Expr;
using ir::PlanOp;
using ir::Statement;

// The variable slots `e` reads, in any scope (locals are not slots).
void readsOf(const Expr& e, std::set<int>& into) {
  if (e.kind == Expr::Kind::variable && e.scope != ir::Scope::local) {
    into.insert(e.slot);
    if (e.indexSlot >= 0) into.insert(e.indexSlot);
  }
  for (const Expr& o : e.operands) readsOf(o, into);
}

// The variable slots `e` reads otherwise than as the element's own value (through an index,
// or another scope): those reads would need the memory of other elements.
void readsOfOthers(const Expr& e, std::set<int>& into) {
  if (e.kind == Expr::Kind::variable && e.scope != ir::Scope::local &&
      (e.scope != ir::Scope::self || e.indexSlot >= 0))
    into.insert(e.slot);
  for (const Expr& o : e.operands) readsOfOthers(o, into);
}

// The slots an advance reads and writes.
void slotsOf(const ir::Advance& a, std::set<int>& into) {
  for (int s : a.variableSlots) into.insert(s);
  for (const auto& row : a.phiSlots)
    for (int s : row) into.insert(s);
  for (int s : a.offsetSlots) into.insert(s);
}

// The slots one statement reads (an advance: every slot it touches).
void readsOf(const Statement& s, std::set<int>& into) {
  readsOf(s.value, into);
  if (s.condition) readsOf(*s.condition, into);
  if (s.kind == Statement::Kind::advance) slotsOf(*s.advance, into);
}

// The slots `op` reads (or an advance of it touches): `own`, those read only as the element's
// own value in a loop over [begin, end) of its object; `any`, the others.
struct Reads {
  std::set<int> own, any;
};

Reads readsOf(const PlanOp& op) {
  std::set<int> slots, others;
  for (const auto* statements : {&op.body, &op.fallback, &op.onSpike}) {
    for (const Statement& s : *statements) {
      readsOf(s, slots);
      readsOfOthers(s.value, others);
      if (s.condition) readsOfOthers(*s.condition, others);
      // A compound or conditional assignment reads its target; through an index, the index.
      if (s.kind == Statement::Kind::assign &&
          (s.op != AssignOp::assign || s.condition || s.targetScope != ir::Scope::self))
        others.insert(s.targetSlot);
    }
  }
  if (op.condition) {
    readsOf(*op.condition, slots);
    readsOfOthers(*op.condition, others);
  }
  for (const Expr& v : op.values) readsOf(v, others);
  for (int s : op.uniform) others.insert(s);
  const bool ownElements = op.kind == PlanOp::Kind::elements || op.kind == PlanOp::Kind::threshold;
  Reads reads;
  for (int s : slots) (ownElements && others.count(s) == 0 ? reads.own : reads.any).insert(s);
  for (int s : others) reads.any.insert(s);
  return reads;
}

// Whether `other` may read `slot` on an element of `op`'s loop (an own read in a loop over
// another object counts: it may be the same group under another name).
bool readsOnRange(const PlanOp& other, const Reads& reads, const PlanOp& op, int slot) {
  if (reads.any.count(slot) > 0) return true;
  if (reads.own.count(slot) == 0) return false;
  return other.object != op.object || (other.begin < op.end && op.begin < other.end);
}

bool plainOwnAssignment(const Statement& s) {
  return s.kind == Statement::Kind::assign && s.op == AssignOp::assign && !s.condition &&
         s.targetScope == ir::Scope::self;
}

// The per-element variables that `statements` set, each with a plain assignment before any
// read of it and with no other kind of write or advance (the first condition above).
std::set<int> setBeforeRead(const ir::StepPlan& plan, const std::vector<Statement>& statements) {
  std::set<int> set, excluded;
  for (const Statement& s : statements) {
    std::set<int> read;
    readsOf(s, read);
    for (int slot : read)
      if (set.count(slot) == 0) excluded.insert(slot);
    readsOfOthers(s.value, excluded);
    if (s.condition) readsOfOthers(*s.condition, excluded);
    if (s.kind != Statement::Kind::assign) continue;
    const ir::PlanSlot& target = plan.slots[static_cast<std::size_t>(s.targetSlot)];
    if (!plainOwnAssignment(s) || target.kind != ir::PlanSlot::Kind::variable || target.shared) {
      excluded.insert(s.targetSlot);
      continue;
    }
    set.insert(s.targetSlot);
  }
  std::set<int> result;
  for (int slot : set)
    if (excluded.count(slot) == 0) result.insert(slot);
  return result;
}

// The slots `statements` assign or read, in any way.
std::set<int> touched(const std::vector<Statement>& statements) {
  std::set<int> slots;
  for (const Statement& s : statements) {
    readsOf(s, slots);
    if (s.kind == Statement::Kind::assign) slots.insert(s.targetSlot);
  }
  return slots;
}

}  // namespace

void deferStores(ir::StepPlan& plan) {
  bool changed = false;
  std::vector<Reads> reads;
  for (const PlanOp& op : plan.step) reads.push_back(readsOf(op));
  for (std::size_t k = 0; k < plan.step.size(); ++k) {
    PlanOp& op = plan.step[k];
    if (op.kind != PlanOp::Kind::elements && op.kind != PlanOp::Kind::threshold) continue;
    if (op.every > 1) continue;
    const std::set<int> inFallback = setBeforeRead(plan, op.fallback);
    const std::set<int> fallbackTouches = touched(op.fallback);
    std::set<int> onSpikeReads;
    for (const Statement& s : op.onSpike) readsOf(s, onSpikeReads);
    for (int slot : setBeforeRead(plan, op.body)) {
      // Set before read in the fallback too, or not touched there at all.
      if (inFallback.count(slot) == 0 && fallbackTouches.count(slot) > 0) continue;
      if (onSpikeReads.count(slot) > 0) continue;
      bool readElsewhere = false;
      for (std::size_t other = 0; other < plan.step.size() && !readElsewhere; ++other)
        readElsewhere = other != k && readsOnRange(plan.step[other], reads[other], op, slot);
      if (readElsewhere) continue;
      op.deferredStores.push_back(slot);
      changed = true;
    }
  }
  if (changed) plan.optimisations.push_back("deferred-stores");
}

}  // namespace lsm
