// The reference interpreter of the step plan: every operation executed as the plan states it,
// element by element, with the operators of ir/functions.cpp. Slow, simple, and the oracle the
// JIT's run function matches bit for bit (tests/runtime/differential_test.cpp).
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "ir/functions.hpp"
#include "ir/plan_random.hpp"
#include "lsm/execution.hpp"
#include "lsm/step_plan.hpp"

namespace lsm::ir {

namespace {

// The indices of one iteration of a loop.
struct Iteration {
  std::int64_t self = 0, pre = 0, post = 0;
};

class Interpreter {
 public:
  Interpreter(const StepPlan& plan, void* const* slots, double dt)
      : plan_(plan), slots_(slots), dt_(dt), uniform_(plan.slots.size(), false) {}

  // One step's operations at `step`; false (and nothing run) when a record lacks room.
  bool step(std::int64_t step) {
    for (std::size_t k = 0; k < plan_.slots.size(); ++k) {
      if (plan_.slots[k].kind != PlanSlot::Kind::record) continue;
      const auto* r = static_cast<const SpikeRecord*>(slots_[k]);
      if (r->count + plan_.slots[k].size > r->capacity) return false;
    }
    if (plan_.stepSlot >= 0) *memory<double>(plan_.stepSlot) = static_cast<double>(step);
    run(plan_.step, step);
    for (std::size_t k = 0; k < plan_.slots.size(); ++k) {
      if (plan_.slots[k].kind != PlanSlot::Kind::ring) continue;
      auto* ring = static_cast<DelayRing*>(slots_[k]);
      ring->position = ring->position + 1 == ring->length ? 0 : ring->position + 1;
    }
    return true;
  }

  void run(const std::vector<PlanOp>& ops, std::int64_t step) {
    t_ = static_cast<double>(step) * dt_;
    step_ = step;
    for (const PlanOp& op : ops) operation(op, step);
  }

 private:
  template <typename T>
  T* memory(int slot) const {
    return static_cast<T*>(slots_[static_cast<std::size_t>(slot)]);
  }

  void operation(const PlanOp& op, std::int64_t step) {
    if (op.every > 1 && step % op.every != 0) return;  // run_regularly between its steps
    op_ = &op;
    for (int slot : op.uniform) uniform_[static_cast<std::size_t>(slot)] = true;
    const bool fallback = op.guard >= 0 && *memory<double>(op.guard) == 0.0;
    body_ = fallback ? &op.fallback : &op.body;
    locals_.assign(static_cast<std::size_t>(op.locals), 0.0);
    using K = PlanOp::Kind;
    switch (op.kind) {
      case K::elements:
        for (std::int64_t e = op.begin; e < op.end; ++e) execute({e, 0, 0});
        break;
      case K::synapses: {
        const std::int64_t count = *memory<std::int64_t>(op.count);
        for (std::int64_t k = 0; k < count; ++k) execute(synapse(k));
        break;
      }
      case K::threshold: {
        auto* spikes = memory<SpikeList>(op.spikes);
        auto* crossed = memory<std::uint8_t>(op.flags);
        if (!op.appends) spikes->count = 0;
        for (std::int64_t e = op.begin; e < op.end; ++e) {
          execute({e, 0, 0});
          crossed[e] = evaluate(*op.condition, {e, 0, 0}) != 0.0 ? 1 : 0;
        }
        body_ = &op.onSpike;
        for (std::int64_t e = op.begin; e < op.end; ++e) {
          if (crossed[e] == 0) continue;
          spikes->elements[spikes->count++] = static_cast<std::int32_t>(e);
          execute({e, 0, 0});
        }
        break;
      }
      case K::spikeElements: {
        const auto* spikes = memory<SpikeList>(op.spikes);
        for (std::int64_t q = 0; q < spikes->count; ++q) execute({spikes->elements[q], 0, 0});
        break;
      }
      case K::emitInput: {
        auto* spikes = memory<SpikeList>(op.spikes);
        auto* input = memory<InputQueue>(op.input);
        spikes->count = 0;
        // With a period, Brian2's spikegenerator template: the step within the period, and
        // back to the first entry once the period has passed.
        const std::int64_t due = input->period > 0 ? step % input->period : step;
        if (input->period > 0 && input->next > 0 && input->steps[input->next - 1] >= due)
          input->next = 0;
        // Sorted by (step, element): this step's elements come out ascending.
        for (; input->next < input->count && input->steps[input->next] <= due; ++input->next) {
          if (input->steps[input->next] == due)
            spikes->elements[spikes->count++] = input->elements[input->next];
        }
        break;
      }
      case K::recordSpikes: {
        const auto* spikes = memory<SpikeList>(op.spikes);
        auto* record = memory<SpikeRecord>(op.record);
        for (std::int64_t q = 0; q < spikes->count; ++q) {
          const std::int32_t e = spikes->elements[q];
          if (e < op.begin || e >= op.end) continue;
          record->indices[record->count] = static_cast<std::int32_t>(e - op.begin);
          record->steps[record->count] = step;
          for (std::size_t v = 0; v < op.values.size(); ++v)
            record->values[v][record->count] = evaluate(op.values[v], {e, 0, 0});
          ++record->count;
        }
        break;
      }
      case K::pathway:
        pathway(op);
        break;
      case K::stateMonitor:
        break;  // the runtime records before the step
    }
    for (int slot : op.uniform) uniform_[static_cast<std::size_t>(slot)] = false;
  }

  Iteration synapse(std::int64_t k) const {
    return {k, memory<const std::int32_t>(op_->pre)[k], memory<const std::int32_t>(op_->post)[k]};
  }

  // Brian2's SpikeQueue: this step's spikes queued `delay` steps ahead, by source element then
  // synapse; then the synapses due now, in queue order.
  void pathway(const PlanOp& op) {
    const auto* spikes = memory<SpikeList>(op.spikes);
    const auto* adjacency = memory<Adjacency>(op.adjacency);
    auto synapsesOf = [&](std::int64_t element, auto&& run) {
      for (std::int64_t k = adjacency->begin[element]; k < adjacency->begin[element + 1]; ++k)
        run(adjacency->synapses != nullptr ? adjacency->synapses[k] : static_cast<std::int32_t>(k));
    };
    if (op.delivery == PlanOp::Delivery::targets) {
      for (std::int64_t q = 0; q < spikes->count; ++q) {
        const std::int32_t e = spikes->elements[q];
        if (e < op.begin || e >= op.end) continue;
        synapsesOf(e - op.begin, [&](std::int32_t k) { execute(synapse(k)); });
      }
      return;
    }
    auto* ring = memory<DelayRing>(op.ring);
    auto push = [&](std::int64_t delay, std::int32_t entry) {
      std::int64_t at = ring->position + delay;
      if (at >= ring->length) at -= ring->length;
      ring->entries[at * ring->capacity + ring->counts[at]++] = entry;
    };
    const bool bySource = op.delivery == PlanOp::Delivery::sources;
    const auto* delays = bySource ? nullptr : memory<const std::int32_t>(op.delays);
    for (std::int64_t q = 0; q < spikes->count; ++q) {
      const std::int32_t e = spikes->elements[q];
      if (e < op.begin || e >= op.end) continue;
      const auto element = static_cast<std::int32_t>(e - op.begin);
      if (bySource) {
        push(ring->length - 1, element);  // every synapse has the largest delay
      } else {
        synapsesOf(element, [&](std::int32_t k) { push(delays[k], k); });
      }
    }
    const std::int32_t* due = ring->entries + ring->position * ring->capacity;
    const std::int64_t count = ring->counts[ring->position];
    for (std::int64_t q = 0; q < count; ++q) {
      if (bySource) {
        synapsesOf(due[q], [&](std::int32_t k) { execute(synapse(k)); });
      } else {
        execute(synapse(due[q]));
      }
    }
    ring->counts[ring->position] = 0;
  }

  bool inSynapseLoop() const {
    return op_->kind == PlanOp::Kind::synapses || op_->kind == PlanOp::Kind::pathway;
  }

  std::int64_t index(int slot, Scope scope, const Iteration& at, int indexSlot = -1) const {
    const PlanSlot& s = plan_.slots[static_cast<std::size_t>(slot)];
    if (s.shared) return 0;
    if (indexSlot >= 0) {
      const std::int64_t element = scope == Scope::pre    ? at.pre
                                   : scope == Scope::post ? at.post
                                                          : at.self;
      return memory<const std::int32_t>(indexSlot)[element];
    }
    if (uniform_[static_cast<std::size_t>(slot)]) return op_->begin;
    switch (scope) {
      case Scope::pre:
        return at.pre;
      case Scope::post:
        return at.post;
      case Scope::self:
      case Scope::local:
        break;
    }
    return at.self;
  }

  double& variable(int slot, Scope scope, const Iteration& at, int indexSlot = -1) const {
    return memory<double>(slot)[index(slot, scope, at, indexSlot)];
  }

  double special(Special name, const Iteration& at) const {
    const PlanFrame& f = op_->frame;
    switch (name) {
      case Special::t:
        return t_;
      case Special::dt:
        return dt_;
      case Special::i:
        return static_cast<double>(inSynapseLoop() ? at.pre - f.sourceStart : at.self);
      case Special::j:
        if (!inSynapseLoop()) break;
        return static_cast<double>(at.post - f.targetStart);
      case Special::N:
        if (!inSynapseLoop()) return static_cast<double>(f.groupSize);
        return static_cast<double>(*memory<const std::int64_t>(op_->count));
      case Special::N_pre:
        if (!inSynapseLoop()) break;
        return static_cast<double>(f.sourceSize);
      case Special::N_post:
        if (!inSynapseLoop()) break;
        if (op_->postCount >= 0)
          return static_cast<double>(*memory<const std::int64_t>(op_->postCount));
        return static_cast<double>(f.targetSize);
      case Special::xi:
        break;  // the integration pass draws it
    }
    throw std::logic_error("'" + std::string(spelling(name)) + "' is not available here");
  }

  // A timed array's value at the row (clipped by the lowering) and, 2-D, the column the
  // operands give; NaN outside the columns, as Brian2's code gives.
  double tableValue(const Expr& e, const Iteration& at) const {
    const PlanSlot& table = plan_.slots[static_cast<std::size_t>(e.slot)];
    const auto row = static_cast<std::int64_t>(evaluate(e.operands[0], at));
    std::int64_t index = row;
    if (e.operands.size() == 2) {
      const auto column = static_cast<std::int64_t>(evaluate(e.operands[1], at));
      if (column < 0 || column >= table.columns) return std::numeric_limits<double>::quiet_NaN();
      index = row * table.columns + column;
    }
    return memory<const double>(e.slot)[index];
  }

  double evaluate(const Expr& e, const Iteration& at) const {
    switch (e.kind) {
      case Expr::Kind::constant:
        return e.value;
      case Expr::Kind::variable:
        if (e.scope == Scope::local) return locals_[static_cast<std::size_t>(e.slot)];
        return variable(e.slot, e.scope, at, e.indexSlot);
      case Expr::Kind::special:
        return special(e.special, at);
      case Expr::Kind::call: {
        if (isRandom(e.function)) return draw(e, at);
        std::vector<double> arguments;
        arguments.reserve(e.operands.size());
        for (const Expr& operand : e.operands) arguments.push_back(evaluate(operand, at));
        return evaluateFunction(e.function, arguments);
      }
      case Expr::Kind::unary:
        return applyUnary(e.unaryOp, evaluate(e.operands[0], at));
      case Expr::Kind::conditional:
        return evaluate(e.operands[1], at) != 0.0 ? evaluate(e.operands[0], at)
                                                  : evaluate(e.operands[2], at);
      case Expr::Kind::binary:
        if (isSquare(e)) {
          const double a = evaluate(e.operands[0], at);
          return a * a;
        }
        return applyBinary(e.binaryOp, evaluate(e.operands[0], at), evaluate(e.operands[1], at));
      case Expr::Kind::table:
        return tableValue(e, at);
    }
    throw std::logic_error("unknown expression kind");
  }

  // rand() and randn(); the lowering admits no other random function in a step.
  double draw(const Expr& e, const Iteration& at) const {
    if (e.function != Builtin::rand && e.function != Builtin::randn)
      throw std::logic_error("a random draw other than rand() or randn() in a step");
    return plan_random::draw(*memory<const PlanRandomKey>(e.slot), e.stream,
                             static_cast<std::uint64_t>(at.self), static_cast<std::uint64_t>(step_),
                             e.function == Builtin::randn);
  }

  void advance(const Advance& a, double steps, const Iteration& at) const {
    const std::size_t n = a.variables.size();
    std::vector<bool> pattern(n * n);
    std::vector<double> phi(n * n, 0.0), offset(n, 0.0), x(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        pattern[i * n + j] = a.phiSlots[i][j] >= 0;
        if (pattern[i * n + j]) phi[i * n + j] = variable(a.phiSlots[i][j], Scope::self, at);
      }
      if (a.offsetSlots[i] >= 0) offset[i] = variable(a.offsetSlots[i], Scope::self, at);
      x[i] = variable(a.variableSlots[i], Scope::self, at);
    }
    advanceAffine(n, pattern, std::move(phi), std::move(offset), x,
                  static_cast<std::int64_t>(steps));
    for (std::size_t i = 0; i < n; ++i) variable(a.variableSlots[i], Scope::self, at) = x[i];
  }

  void execute(const Iteration& at) {
    for (const Statement& s : *body_) {
      if (s.condition && evaluate(*s.condition, at) == 0.0) continue;
      double value = evaluate(s.value, at);
      switch (s.kind) {
        case Statement::Kind::advance:
          advance(*s.advance, value, at);
          break;
        case Statement::Kind::let:
          locals_[static_cast<std::size_t>(s.targetSlot)] = value;
          break;
        case Statement::Kind::assign: {
          double& target = variable(s.targetSlot, s.targetScope, at);
          target = applyCompound(s.op, target, value);
          break;
        }
      }
    }
  }

  const StepPlan& plan_;
  void* const* slots_;
  double dt_;
  double t_ = 0;
  std::int64_t step_ = 0;
  const PlanOp* op_ = nullptr;
  const std::vector<Statement>* body_ = nullptr;  // the op's body, or its fallback
  std::vector<bool> uniform_;
  std::vector<double> locals_;
};

}  // namespace

std::int64_t runPlan(const StepPlan& plan, void* const* slots, std::int64_t firstStep,
                     std::int64_t steps, double dt) {
  Interpreter interpreter(plan, slots, dt);
  for (std::int64_t k = 0; k < steps; ++k)
    if (!interpreter.step(firstStep + k)) return k;
  return steps;
}

void runRoutine(const StepPlan& plan, PlanRoutine routine, void* const* slots, std::int64_t step,
                double dt) {
  Interpreter interpreter(plan, slots, dt);
  switch (routine) {
    case PlanRoutine::step:
      interpreter.step(step);
      break;
    case PlanRoutine::catchUp:
      interpreter.run(plan.catchUp, step);
      break;
    case PlanRoutine::runningSums:
      interpreter.run(plan.runningSums, step);
      break;
    case PlanRoutine::derive:
      interpreter.run(plan.derive, step);
      break;
  }
}

}  // namespace lsm::ir
