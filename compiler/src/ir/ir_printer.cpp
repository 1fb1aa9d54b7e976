#include "lsm/ir_printer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace lsm::ir {

namespace {

// Python's operator precedence, higher binds tighter.
int precedence(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::conditional:
      return 1;
    case Expr::Kind::unary:
      return e.unaryOp == UnaryOp::logicalNot ? 4 : 8;
    case Expr::Kind::binary:
      return precedence(e.binaryOp);
    case Expr::Kind::constant:
    case Expr::Kind::variable:
    case Expr::Kind::special:
    case Expr::Kind::call:
    case Expr::Kind::table:
      return 10;
  }
  return 10;
}

std::string number(double value) {
  return fmt::format("{}", value);
}

std::string print(const Expr& e, const VariableNames* names = nullptr);

std::string scoped(const std::string& name, Scope scope) {
  switch (scope) {
    case Scope::pre:
      return name + "_pre";
    case Scope::post:
      return name + "_post";
    case Scope::self:
    case Scope::local:
      return name;
  }
  return name;
}

// `quantityInParentheses`: a quantity prints as `0.01 second`, which after a multiplication
// or division needs parentheses to read as one value (`v / (0.01 second)`).
std::string operand(const Expr& e, int parentPrecedence, bool parenthesiseEqual,
                    bool quantityInParentheses, const VariableNames* names) {
  std::string text = print(e, names);
  int p = precedence(e);
  bool quantity =
      e.kind == Expr::Kind::constant && e.type == ValueType::real && !e.dimension.isDimensionless();
  if (p < parentPrecedence || (parenthesiseEqual && p == parentPrecedence) ||
      (quantity && quantityInParentheses)) {
    return "(" + text + ")";
  }
  return text;
}

std::string print(const Expr& e, const VariableNames* names) {
  switch (e.kind) {
    case Expr::Kind::constant:
      if (e.type == ValueType::boolean) return e.value != 0.0 ? "True" : "False";
      if (e.dimension.isDimensionless()) return number(e.value);
      return fmt::format("{} {}", number(e.value), e.dimension.toString());
    case Expr::Kind::variable:
      return names != nullptr ? (*names)(e) : scoped(e.name, e.scope);
    case Expr::Kind::special:
      return e.special == Special::xi ? e.name : std::string(spelling(e.special));
    case Expr::Kind::call: {
      std::string args;
      for (const auto& a : e.operands) args += (args.empty() ? "" : ", ") + print(a, names);
      return fmt::format("{}({})", spelling(e.function), args);
    }
    case Expr::Kind::unary:
      if (e.unaryOp == UnaryOp::logicalNot)
        return "not " + operand(e.operands[0], 4, false, false, names);
      {
        std::string negated = operand(e.operands[0], 8, false, false, names);
        // `-(-x)`, not `- -x` or `--x`
        return negated.starts_with('-') ? "-(" + negated + ")" : "-" + negated;
      }
    case Expr::Kind::binary: {
      int p = precedence(e);
      bool power = e.binaryOp == BinaryOp::power;  // right-associative
      std::string right = operand(e.operands[1], p, !power, p >= 7, names);
      bool additive = e.binaryOp == BinaryOp::add || e.binaryOp == BinaryOp::subtract;
      if (additive && right.starts_with('-')) right = "(" + right + ")";
      return fmt::format("{} {} {}", operand(e.operands[0], p, power, power, names),
                         spelling(e.binaryOp), right);
    }
    case Expr::Kind::conditional:
      return fmt::format("{} if {} else {}", operand(e.operands[0], 2, false, false, names),
                         operand(e.operands[1], 2, false, false, names),
                         operand(e.operands[2], 1, false, false, names));
    case Expr::Kind::table: {
      // The call as written; in a step plan, the row (and column) it reads.
      std::string args;
      for (const auto& a : e.operands) args += (args.empty() ? "" : ", ") + print(a, names);
      return e.slot >= 0 ? fmt::format("{}[{}]", e.name, args)
                         : fmt::format("{}({})", e.name, args);
    }
  }
  return "?";
}

std::string typeText(const Dimension& dimension, ValueType type) {
  if (type == ValueType::boolean) return "boolean";
  if (type == ValueType::integer) return "integer";
  return dimension.toString();
}

void variables(std::string& out, const std::vector<Variable>& list,
               const std::vector<Equation>& equations) {
  for (const Variable& v : list) {
    const char* kind = v.kind == Variable::Kind::state           ? "state"
                       : v.kind == Variable::Kind::subexpression ? "subexpression"
                                                                 : "parameter";
    std::string flags;
    if (v.shared) flags += "shared";
    if (v.constant) flags += flags.empty() ? "constant" : ", constant";
    if (v.implicit) flags += flags.empty() ? "implicit" : ", implicit";
    if (v.linked) {
      flags += fmt::format("{}linked to {}.{}{}", flags.empty() ? "" : ", ", v.linkedGroup,
                           v.linkedVariable,
                           v.linkedIndex ? "[" + print(*v.linkedIndex) + "]" : std::string());
    }
    out += fmt::format("  {} {} : {}{}\n", kind, v.name, typeText(v.dimension, v.type),
                       flags.empty() ? "" : " (" + flags + ")");
  }
  for (const Equation& eq : equations) {
    std::string flags;
    auto add = [&](bool on, const char* flag) {
      if (on) flags += flags.empty() ? flag : std::string(", ") + flag;
    };
    add(eq.unlessRefractory, "unless refractory");
    add(eq.clockDriven, "clock-driven");
    add(eq.eventDriven, "event-driven");
    add(eq.constantOverDt, "constant over dt");
    std::string lhs =
        eq.kind == Equation::Kind::differential ? "d" + eq.variable + "/dt" : eq.variable;
    out +=
        fmt::format("  {} = {}{}\n", lhs, print(eq.rhs), flags.empty() ? "" : "  (" + flags + ")");
  }
}

void statements(std::string& out, const char* title, const std::vector<Statement>& list);

// `run_regularly g_run_regularly (every 1 ms, start 0):` and its code.
void regularOperations(std::string& out, const std::vector<RegularOperation>& list) {
  for (const RegularOperation& r : list) {
    std::string every = r.dt > 0
                            ? fmt::format("every {}", formatQuantity({r.dt, Dimension::base(2)}))
                            : std::string("every step");
    std::string title =
        fmt::format("run_regularly {} ({}, {} {})", r.name, every, spelling(r.when), r.order);
    if (r.code.empty()) {
      out += fmt::format("  {}: (no code)\n", title);
      continue;
    }
    statements(out, title.c_str(), r.code);
  }
}

void statements(std::string& out, const char* title, const std::vector<Statement>& list) {
  if (list.empty()) return;
  out += fmt::format("  {}:\n", title);
  for (const Statement& s : list) {
    if (s.kind == Statement::Kind::advance) {
      out += fmt::format("    advance [{}] by {} steps\n", fmt::join(s.advance->variables, ", "),
                         print(s.value));
      continue;
    }
    std::string target =
        s.kind == Statement::Kind::let ? "let " + s.target : scoped(s.target, s.targetScope);
    if (s.condition) target += "[" + print(*s.condition) + "]";
    out += fmt::format("    {} {} {}\n", target, spelling(s.op), print(s.value));
  }
}

void stateUpdate(std::string& out, const std::optional<StateUpdate>& update) {
  if (!update) return;
  for (const LinearSystem& sys : update->systems) {
    std::string members;
    for (const auto& x : sys.variables) members += (members.empty() ? "" : ", ") + x;
    out += fmt::format("  linear system [{}]: coefficients {}{}\n", members,
                       sys.perElement ? "per element" : "shared",
                       sys.refractoryVariant ? ", with a refractory variant" : "");
    for (std::size_t i = 0; i < sys.variables.size(); ++i) {
      for (std::size_t j = 0; j < sys.variables.size(); ++j) {
        if (!sys.matrix[i][j]) continue;
        out += fmt::format("    M[{},{}] = {}\n", sys.variables[i], sys.variables[j],
                           print(*sys.matrix[i][j]));
      }
    }
  }
  if (!update->precomputed.empty()) {
    out += "  precomputed when built:\n";
    for (const auto& p : update->precomputed) {
      out += fmt::format("    {} = {}\n", p.variable, print(p.value));
    }
  }
  statements(out, "step", update->statements);
}

std::string population(const Population& p) {
  if (p.isSynapses) return fmt::format("{} (synapses)", p.name);
  if (p.name == p.group) return p.name;
  return fmt::format("{} ({}[{}:{}])", p.name, p.group, p.start, p.stop);
}

// The rule as the model would write it (the generator's variable is j).
std::string connectRule(const ConnectRule& c) {
  std::vector<std::string> parts;
  switch (c.kind) {
    case ConnectRule::Kind::one_to_one:
      return "one_to_one";
    case ConnectRule::Kind::all_to_all:
      if (!c.condition) return "all_to_all";
      break;
    case ConnectRule::Kind::probability:
      break;
    case ConnectRule::Kind::target:
      parts.push_back("j = " + print(*c.target));
      break;
    case ConnectRule::Kind::range: {
      std::string bounds = print(*c.rangeLow) + ", " + print(*c.rangeHigh);
      if (c.rangeStep) bounds += ", " + print(*c.rangeStep);
      parts.push_back(fmt::format("j = j for j in range({})", bounds));
      break;
    }
    case ConnectRule::Kind::pairs:
      parts.push_back(fmt::format("i = [{}]", fmt::join(c.pairsPre, ", ")));
      parts.push_back(fmt::format("j = [{}]", fmt::join(c.pairsPost, ", ")));
      break;
  }
  if (c.condition) parts.push_back("condition = " + print(*c.condition));
  if (c.probability) parts.push_back("p = " + print(*c.probability));
  if (c.multiplicity) parts.push_back("n = " + print(*c.multiplicity));
  if (c.skipIfInvalid) parts.push_back("skip_if_invalid = true");
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string toString(const Expr& expr) {
  return print(expr);
}

std::string toString(const Expr& expr, const VariableNames& names) {
  return print(expr, &names);
}

std::string toString(const Model& model) {
  std::string out;
  for (const Constant& c : model.constants) {
    out +=
        fmt::format("constant {} = {}{}\n", c.name,
                    c.value.dimension.isDimensionless()
                        ? number(c.value.value)
                        : fmt::format("{} {}", number(c.value.value), c.value.dimension.toString()),
                    c.overridden ? "  (--set)" : "");
  }
  for (const TimedArray& a : model.timedArrays) {
    std::string shown;
    for (std::size_t k = 0; k < std::min<std::size_t>(a.values.size(), 6); ++k)
      shown += (shown.empty() ? "" : ", ") + number(a.values[k]);
    out += fmt::format("\ntimed_array {}[{}{}] : {}, dt = {} s\n  values: {}{}\n", a.name, a.rows,
                       a.columns > 0 ? fmt::format(", {}", a.columns) : "", a.dimension.toString(),
                       number(a.dt), shown, a.values.size() > 6 ? ", ..." : "");
  }
  for (const SpikeGenerator& g : model.generators) {
    out += fmt::format("\nspike_generator {}[{}]\n", g.name, g.size);
    if (!g.indices.empty()) {
      // The first few spikes show how the model's were read; the count says how many.
      std::string shown;
      for (std::size_t k = 0; k < std::min<std::size_t>(g.indices.size(), 6); ++k) {
        shown += fmt::format("{}{} at {} s", shown.empty() ? "" : ", ", g.indices[k],
                             number(g.times[k]));
      }
      out += fmt::format("  spikes: {} ({}{})\n", g.indices.size(), shown,
                         g.indices.size() > 6 ? ", ..." : "");
    }
    if (g.period > 0) out += fmt::format("  period: {} s\n", number(g.period));
  }
  for (const NeuronGroup& g : model.groups) {
    out += fmt::format("\ngroup {}[{}] method={}\n", g.name, g.size, spelling(g.method));
    variables(out, g.variables, g.equations);
    if (g.threshold) out += fmt::format("  threshold: {}\n", print(*g.threshold));
    statements(out, "reset", g.reset);
    if (g.refractory) out += fmt::format("  refractory: {}\n", print(*g.refractory));
    statements(out, "init", g.init);
    statements(out, "trial_init", g.trialInit);
    stateUpdate(out, g.update);
    statements(out, "on_spike", g.onSpike);
    regularOperations(out, g.regular);
    for (const GroupEvent& e : g.events) {
      out += fmt::format("  event {}: {}\n", e.name, print(e.condition));
      statements(out, fmt::format("run_on_event {}", e.name).c_str(), e.code);
    }
  }
  for (const Subgroup& s : model.subgroups) {
    out += fmt::format("\nsubgroup {} = {}[{}:{}]\n", s.name, s.group, s.start, s.stop);
    statements(out, "init", s.init);
    statements(out, "trial_init", s.trialInit);
  }
  for (const Synapses& s : model.synapses) {
    out += fmt::format("\nsynapses {}: {} -> {} method={}\n", s.name, population(s.source),
                       population(s.target), spelling(s.method));
    if (!s.model.empty()) {
      std::string args;
      for (const auto& p : s.parameters) {
        args += fmt::format(
            "{}{}={}", args.empty() ? "" : ", ", p.name,
            p.value.dimension.isDimensionless()
                ? number(p.value.value)
                : fmt::format("{} {}", number(p.value.value), p.value.dimension.toString()));
      }
      out += fmt::format("  model: {}({})\n", s.model, args);
    }
    variables(out, s.variables, s.equations);
    for (const SummedVariable& summed : s.summed) {
      std::string running;
      if (!summed.runningSum.empty()) {
        running = summed.decayFirst
                      ? fmt::format("  (running sum {}: decays by {}, then sets the target)",
                                    summed.runningSum, summed.decay)
                      : fmt::format("  (running sum {}: sets the target, then decays by {})",
                                    summed.runningSum, summed.decay);
      }
      out += fmt::format("  summed {} = {} : {}{}\n", scoped(summed.target, summed.targetScope),
                         print(summed.rhs), summed.dimension.toString(), running);
    }
    if (s.preEvent != "spike") out += fmt::format("  on_event pre: {}\n", s.preEvent);
    if (s.postEvent != "spike") out += fmt::format("  on_event post: {}\n", s.postEvent);
    statements(out, "on_pre", s.onPre);
    statements(out, "on_post", s.onPost);
    out += "  connect: " + connectRule(s.connect) + "\n";
    if (s.delay) out += fmt::format("  delay: {}\n", print(*s.delay));
    statements(out, "init", s.init);
    statements(out, "trial_init", s.trialInit);
    stateUpdate(out, s.update);
    regularOperations(out, s.regular);
  }
  for (const PoissonInput& p : model.poissonInputs) {
    out += fmt::format("\npoisson_input {}({}.{}): N={} rate={} weight={}\n", p.name,
                       population(p.target), p.variable, p.n,
                       formatQuantity(Quantity{p.rate, Dimension::base(2).power(-1)}),
                       toString(p.weight));
  }
  for (const Monitor& m : model.monitors) {
    std::string variablesText;
    for (const auto& v : m.variables) variablesText += ", " + v;
    const char* kind = m.kind == Monitor::Kind::spikes  ? m.event == "spike" ? "spikes" : "events"
                       : m.kind == Monitor::Kind::state ? "state"
                                                        : "rate";
    std::string event = m.event == "spike" ? "" : ", " + m.event;
    out += fmt::format("\nmonitor {} = {}({}{}{})\n", m.name, kind,
                       m.synapses.empty() ? population(m.population) : m.synapses, event,
                       variablesText);
    if (m.every > 0) {
      out += fmt::format("  every: {}\n", formatQuantity(Quantity{m.every, Dimension::base(2)}));
    }
    if (!m.elements.empty()) out += fmt::format("  elements: {}\n", fmt::join(m.elements, ", "));
  }
  if (!model.schedule.empty()) {
    out += "\nschedule (one step)\n";
    for (const ScheduledOperation& op : model.schedule) {
      out += fmt::format("  {:<10} {:>2}  {}\n", spelling(op.slot), op.order, op.name);
    }
  }
  if (model.experiment) {
    out += fmt::format("\nexperiment {}\n", model.experiment->name);
    for (const Setting& s : model.experiment->settings) {
      std::string values;
      for (const auto& q : s.values) values += (values.empty() ? "" : ", ") + formatQuantity(q);
      for (const auto& n : s.names) values += (values.empty() ? "" : ", ") + n;
      out += fmt::format("  {}: {}\n", s.name, values);
    }
    for (const ExperimentStep& step : model.experiment->steps) {
      switch (step.kind) {
        case ExperimentStep::Kind::run:
          out += fmt::format("  run({})\n", formatQuantity(step.duration));
          break;
        case ExperimentStep::Kind::assign:
          for (const Statement& s : step.statement) {
            std::string target = step.object + "." + s.target;
            if (s.condition) target += "[" + print(*s.condition) + "]";
            out += fmt::format("  {} {} {}\n", target, spelling(s.op), print(s.value));
          }
          break;
        case ExperimentStep::Kind::monitorActive:
          out += fmt::format("  {}.active = {}\n", step.object, step.active ? "True" : "False");
          break;
      }
    }
  }
  return out;
}

}  // namespace lsm::ir
