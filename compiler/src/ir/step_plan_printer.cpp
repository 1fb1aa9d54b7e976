// The step plan as text: its slots, then each routine's operations with their bodies, every
// variable named by its slot (`object.variable` where it is not the loop's own).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lsm/ir_printer.hpp"
#include "lsm/step_plan.hpp"

namespace lsm::ir {

namespace {

std::string slotText(const PlanSlot& s) {
  using K = PlanSlot::Kind;
  switch (s.kind) {
    case K::variable:
      return s.shared     ? fmt::format("{}.{} : double (shared)", s.object, s.variable)
             : s.size > 0 ? fmt::format("{}.{} : double[{}]", s.object, s.variable, s.size)
                          : fmt::format("{}.{} : double per synapse", s.object, s.variable);
    case K::preIndices:
      return fmt::format("{}.pre : int32 per synapse", s.object);
    case K::postIndices:
      return fmt::format("{}.post : int32 per synapse", s.object);
    case K::synapseCount:
      return fmt::format("{}.count : int64", s.object);
    case K::outgoing:
      return fmt::format("{}.outgoing : synapses by source element", s.object);
    case K::incoming:
      return fmt::format("{}.incoming : synapses by target element", s.object);
    case K::delays:
      return fmt::format("{}.delays : int32 steps per synapse", s.object);
    case K::spikes:
      return fmt::format("spikes({}) : up to {} element{}", s.object, s.size,
                         s.size == 1 ? "" : "s");
    case K::ring:
      return s.size > 0 ? fmt::format("ring({}) : delay ring of up to {} source element{} a step",
                                      s.object, s.size, s.size == 1 ? "" : "s")
                        : fmt::format("ring({}) : delay ring of synapses", s.object);
    case K::input:
      return fmt::format("input({}) : spikes by step", s.object);
    case K::record:
      return fmt::format("record({}) : spikes of {} element{}", s.object, s.size,
                         s.size == 1 ? "" : "s");
    case K::flags:
      return fmt::format("flags({}) : a byte per element", s.object);
    case K::linkIndices:
      return fmt::format("{}.{} index : int32[{}] (source elements)", s.object, s.variable, s.size);
    case K::randomKey:
      return "random key : seed and trial of the step's draws";
    case K::table:
      return s.columns > 0 ? fmt::format("table({}) : double[{}, {}] (rows of times)", s.object,
                                         s.size / s.columns, s.columns)
                           : fmt::format("table({}) : double[{}] (one per time)", s.object, s.size);
  }
  return "?";
}

class Printer {
 public:
  explicit Printer(const StepPlan& plan) : plan_(plan) {}

  std::string print() {
    out_ += "step plan\n";
    if (!plan_.optimisations.empty())
      out_ += fmt::format("  optimised by: {}\n", fmt::join(plan_.optimisations, ", "));
    out_ += "  slots\n";
    for (std::size_t k = 0; k < plan_.slots.size(); ++k)
      out_ += fmt::format("    {:>3}  {}\n", k, slotText(plan_.slots[k]));
    if (plan_.stepSlot >= 0) out_ += fmt::format("  step number: {}\n", slotName(plan_.stepSlot));
    routine("step", plan_.step, true);
    routine("catch-up (lazy synapses to the current step)", plan_.catchUp, false);
    routine("running sums (from the synapses' state)", plan_.runningSums, false);
    routine("derive (the plan's variables, from the state)", plan_.derive, false);
    for (const PlanAssumption& a : plan_.assumptions) assumption(a);
    return out_;
  }

 private:
  void routine(const char* title, const std::vector<PlanOp>& ops, bool inStep) {
    if (ops.empty()) return;
    out_ += fmt::format("  {}\n", title);
    for (const PlanOp& op : ops) {
      out_ += inStep ? fmt::format("    {:<10}  {}\n", spelling(op.slot), op.name)
                     : fmt::format("    {}\n", op.name);
      operation(op);
    }
  }

  std::string slotName(int slot) const {
    const PlanSlot& s = plan_.slots[static_cast<std::size_t>(slot)];
    switch (s.kind) {
      case PlanSlot::Kind::spikes:
      case PlanSlot::Kind::ring:
      case PlanSlot::Kind::input:
      case PlanSlot::Kind::record:
      case PlanSlot::Kind::flags:
        return fmt::format("{}({})",
                           s.kind == PlanSlot::Kind::spikes  ? "spikes"
                           : s.kind == PlanSlot::Kind::ring  ? "ring"
                           : s.kind == PlanSlot::Kind::input ? "input"
                           : s.kind == PlanSlot::Kind::flags ? "flags"
                                                             : "record",
                           s.variable.empty() ? s.object : s.object + ":" + s.variable);
      default:
        return s.variable.empty() ? s.object : s.object + "." + s.variable;
    }
  }

  // A reference as the IR writes it, with the object where it is another's.
  std::string reference(int slot, Scope scope, const std::string& name, const PlanOp& op,
                        int indexSlot = -1) const {
    if (scope == Scope::local || slot < 0) return name;
    const PlanSlot& s = plan_.slots[static_cast<std::size_t>(slot)];
    if (indexSlot >= 0) {  // `source.v[follower.v_in index]`, of the element the scope names
      const PlanSlot& index = plan_.slots[static_cast<std::size_t>(indexSlot)];
      return fmt::format("{}.{}[{}.{} index{}]", s.object, s.variable, index.object, index.variable,
                         scope == Scope::pre    ? " of pre"
                         : scope == Scope::post ? " of post"
                                                : "");
    }
    if (scope == Scope::pre) return s.variable + "_pre";
    if (scope == Scope::post) return s.variable + "_post";
    return s.object == op.object ? s.variable : s.object + "." + s.variable;
  }

  std::string expr(const Expr& e, const PlanOp& op) const {
    return toString(
        e, [&](const Expr& v) { return reference(v.slot, v.scope, v.name, op, v.indexSlot); });
  }

  void assumption(const PlanAssumption& a) {
    switch (a.kind) {
      case PlanAssumption::Kind::refractorySteps:
        out_ += fmt::format(
            "  assumption {} ({}): on [{}:{}], timestep(i*dt - s*dt, dt) >= {} is i - s >= {} "
            "for every spike step s ({}) and step i\n",
            slotName(a.guard), a.optimisation, a.begin, a.end, slotName(a.steps), slotName(a.steps),
            slotName(a.lastspike));
        break;
      case PlanAssumption::Kind::finite:
        out_ += fmt::format("  assumption {} ({}): {} is finite {}\n", slotName(a.guard),
                            a.optimisation, slotName(a.value),
                            plan_.slots[static_cast<std::size_t>(a.value)].shared
                                ? std::string("(shared)")
                            : a.count >= 0 ? std::string("for every synapse")
                                           : fmt::format("on [{}:{}]", a.begin, a.end));
        break;
    }
  }

  void body(const PlanOp& op, const std::string& indent) {
    if (op.guard < 0) {
      statements(op, op.body, indent);
      return;
    }
    out_ += fmt::format("{}where {} holds:\n", indent, slotName(op.guard));
    statements(op, op.body, indent + "  ");
    out_ += fmt::format("{}else:\n", indent);
    statements(op, op.fallback, indent + "  ");
  }

  void statements(const PlanOp& op, const std::vector<Statement>& list, const std::string& indent) {
    for (const Statement& s : list) {
      if (s.kind == Statement::Kind::advance) {
        out_ += fmt::format("{}advance [{}] by {} steps{}\n", indent,
                            fmt::join(s.advance->variables, ", "), expr(s.value, op),
                            s.advance->branchFree ? ", branch-free" : "");
        continue;
      }
      std::string target = s.kind == Statement::Kind::let
                               ? "let " + s.target
                               : reference(s.targetSlot, s.targetScope, s.target, op);
      if (s.condition) target += "[" + expr(*s.condition, op) + "]";
      out_ += fmt::format("{}{} {} {}\n", indent, target, spelling(s.op), expr(s.value, op));
    }
  }

  void operation(const PlanOp& op) {
    using K = PlanOp::Kind;
    const std::string head = "      ";
    std::string range = fmt::format("{}[{}:{}]", op.object, op.begin, op.end);
    if (op.every > 1)
      out_ += fmt::format("{}at the steps that are multiples of {}:\n", head, op.every);
    switch (op.kind) {
      case K::elements:
        out_ += fmt::format("{}for each element of {}{}\n", head, range, uniform(op));
        break;
      case K::synapses:
        out_ += fmt::format("{}for each synapse of {}\n", head, op.object);
        break;
      case K::threshold:
        out_ += fmt::format("{}for each element of {}{}{}\n", head, range, uniform(op),
                            op.body.empty() ? "" : ":");
        body(op, head + "  ");
        out_ += fmt::format("{}{} the elements where {} to {}, and for each:\n", head,
                            op.appends ? "add" : "collect", expr(*op.condition, op),
                            slotName(op.spikes));
        statements(op, op.onSpike, head + "  ");
        return;
      case K::spikeElements:
        out_ += fmt::format("{}for each element of {}\n", head, slotName(op.spikes));
        break;
      case K::emitInput:
        out_ += fmt::format("{}emit {} due now into {}\n", head, slotName(op.input),
                            slotName(op.spikes));
        break;
      case K::recordSpikes:
        out_ += fmt::format("{}record {}[{}:{}] into {}\n", head, slotName(op.spikes), op.begin,
                            op.end, slotName(op.record));
        for (std::size_t v = 0; v < op.values.size(); ++v)
          out_ += fmt::format("{}  with {} = {}\n", head, op.valueNames[v], expr(op.values[v], op));
        break;
      case K::stateMonitor:
        out_ += fmt::format("{}recorded by the runtime before the step\n", head);
        break;
      case K::pathway:
        switch (op.delivery) {
          case PlanOp::Delivery::synapses:
            out_ += fmt::format(
                "{}queue the synapses of {}[{}:{}] in {} by their delays; for each synapse "
                "due:\n",
                head, slotName(op.spikes), op.begin, op.end, slotName(op.ring));
            break;
          case PlanOp::Delivery::sources:
            out_ += fmt::format(
                "{}queue {}[{}:{}] in {} (one delay); for each synapse of the elements due:\n",
                head, slotName(op.spikes), op.begin, op.end, slotName(op.ring));
            break;
          case PlanOp::Delivery::targets:
            out_ += fmt::format("{}for each synapse reaching {}[{}:{}]:\n", head,
                                slotName(op.spikes), op.begin, op.end);
            break;
        }
        break;
    }
    if (op.inLanes)
      out_ += fmt::format(
          "{}  (in vector lanes; the additions into targets in the synapses' order)\n", head);
    if (op.postCount >= 0) {
      out_ += fmt::format("{}  (post: the synapses of {}; N_post = {}.count)\n", head,
                          plan_.slots[static_cast<std::size_t>(op.postCount)].object,
                          plan_.slots[static_cast<std::size_t>(op.postCount)].object);
    }
    body(op, head + "  ");
  }

  std::string uniform(const PlanOp& op) const {
    std::string out;
    auto names = [&](const std::vector<int>& slots) {
      std::vector<std::string> out;
      for (int slot : slots) out.push_back(reference(slot, Scope::self, "", op));
      return out;
    };
    if (!op.uniform.empty())
      out += fmt::format(" (one value on the range: {})", fmt::join(names(op.uniform), ", "));
    if (!op.rangeFixed.empty())
      out += fmt::format(" (fixed here: {})", fmt::join(names(op.rangeFixed), ", "));
    if (!op.deferredStores.empty())
      out += fmt::format(" (stored at a run's last step: {})",
                         fmt::join(names(op.deferredStores), ", "));
    return out;
  }

  const StepPlan& plan_;
  std::string out_;
};

}  // namespace

std::string toString(const StepPlan& plan) {
  return Printer(plan).print();
}

}  // namespace lsm::ir
