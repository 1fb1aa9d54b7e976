// Lazy synapses. Example (the Maass model's Tsodyks-Markram synapses after integration):
//     summed I_syn_post = A * y
//     on_pre:  u += U * (1 - u);  y += u * x;  x += -u * x
//     step:    let _B_x = 1 / D
//              let _new_x = _Phi[x,x] * x + _Psi[x,x] * _B_x + _Phi[x,y] * y
//              let _new_y = _Phi[y,y] * y
//              let _new_u = _Phi[u,u] * u
//              x = _new_x;  y = _new_y;  u = _new_u
// becomes
//     summed I_syn_post = A * y  (running sum _running_I_syn: decays by _Decay[y], then
//                                 sets the target)
//     on_pre:  let _steps = timestep(t + dt - _lastupdate, dt)
//              advance [x, y] by _steps steps
//              advance [u] by _steps steps
//              _lastupdate = t + dt
//              u += U * (1 - u)
//              let _delta0 = u * x
//              _running_I_syn_post += A * _delta0
//              y += _delta0
//              x += -u * x
//     precomputed when built:  _Offset[x] = _Psi[x,x] * (1 / D)
//                              _Decay[y] = exp(-1 / tau_I * dt)
//     step: (none)
// `_lastupdate` is the start of the step from which a synapse's values are still to be
// advanced: 0 when a trial starts (the values are those before its first step), and after an
// event in the step at t, the step after it. Per step, the synapses then cost nothing; per
// event, a few dozen operations (the powers of the step's map by repeated squaring).
//
// Brian2 computes the summed variable every step, in the 'groups' slot. The running sum
// (`_running_I_syn`, a hidden variable of the target group) always holds the sum as of now;
// the summed operation keeps its place and sets the target from it, after or before this
// step's decay as Brian2's order of the synapses' update and the sum has it. So the target
// holds Brian2's values up to rounding, for whatever reads or writes it between. The runtime
// recomputes the running sums from scratch when the state may have been changed from outside
// (a trial's start, an edit between runs).
#include "passes/lazy_synapses.hpp"

#include <fmt/format.h>

#include <set>

#include "integration/expression_builder.hpp"
#include "integration/linear_form.hpp"
#include "ir/functions.hpp"
#include "passes/run_time_writes.hpp"
#include "passes/schedule.hpp"

namespace lsm {

namespace {

using build::assign;
using build::let;
using ir::Expr;
using ir::Statement;
using ir::Variable;

const Dimension second = Dimension::base(2);

// A summed variable that can be kept as a running sum: rhs = factor * state.
struct RunningSum {
  ir::SummedVariable* summed = nullptr;
  std::string state;
  Expr factor;
  Expr decay;  // the state's decay over one step
};

class LazySynapses {
 public:
  LazySynapses(ir::Synapses& s, ir::Model& model, const std::set<std::string>& written,
               const std::vector<ir::ScheduledOperation>& brian2Schedule)
      : s_(s), model_(model), written_(written), brian2Schedule_(brian2Schedule) {}

  void run() {
    if (!eligible()) return;
    Variable lastupdate;
    lastupdate.name = "_lastupdate";
    lastupdate.dimension = second;
    lastupdate.implicit = true;
    s_.variables.push_back(lastupdate);

    ir::StateUpdate& update = *s_.update;
    std::vector<Statement> catchUp;
    Expr nextStep = build::add(build::special(ir::Special::t), build::special(ir::Special::dt));
    Expr since = build::subtract(nextStep, build::variable(lastupdate));
    Expr steps = build::call(ir::Builtin::timestep, {since, build::special(ir::Special::dt)}, {});
    steps.type = ir::ValueType::integer;
    catchUp.push_back(let("_steps", std::move(steps)));
    for (const ir::LinearSystem& sys : update.systems) {
      Statement advance;
      advance.kind = Statement::Kind::advance;
      advance.value = build::local("_steps", {}, ir::ValueType::integer);
      advance.advance = advanceOf(sys);
      catchUp.push_back(std::move(advance));
    }
    catchUp.push_back(assign(lastupdate.name, ir::Scope::self, AssignOp::assign, second, nextStep));

    for (RunningSum& sum : sums_) {
      std::string decay = fmt::format("_Decay[{}]", sum.state);
      if (s_.findVariable(decay) == nullptr) addPrecomputed(decay, sum.decay);
      sum.summed->decay = decay;
      sum.summed->runningSum = runningSumOf(*sum.summed);
      sum.summed->decayFirst = brian2UpdatesBeforeSumming(*sum.summed);
    }
    for (auto* events : {&s_.onPre, &s_.onPost}) {
      if (events->empty()) continue;  // no such pathway
      std::vector<Statement> code = catchUp;
      for (const Statement& statement : *events) addToRunningSums(statement, code);
      *events = std::move(code);
    }
    s_.catchUp = std::move(catchUp);
    update.statements.clear();
  }

 private:
  // ------------------------------------------------------------------ eligibility
  bool eligible() {
    if (!s_.update || s_.update->statements.empty() || s_.update->method != ir::Method::exact)
      return false;
    if (s_.findVariable("_lastupdate") != nullptr) return false;
    // A state monitor of these synapses reads their variables every step it records.
    for (const ir::Monitor& m : model_.monitors) {
      if (m.synapses == s_.name) return false;
    }
    // Synapses on these synapses read and write their variables at their own events.
    for (const ir::Synapses& other : model_.synapses) {
      if (other.target.isSynapses && other.target.group == s_.name) return false;
    }
    // So does a run_regularly of theirs, at every step it runs.
    if (!s_.regular.empty()) return false;
    const ir::StateUpdate& update = *s_.update;
    // Every clock-driven state is in a linear system with constant coefficients, and the step
    // is nothing but those systems' exact update.
    std::set<std::string> inSystems;
    for (const ir::LinearSystem& sys : update.systems) {
      if (sys.refractoryVariant) return false;
      for (std::size_t i = 0; i < sys.variables.size(); ++i) {
        if (sys.frozen[i]) return false;
        inSystems.insert(sys.variables[i]);
      }
    }
    for (const auto& eq : s_.equations) {
      if (eq.kind == ir::Equation::Kind::differential && !eq.eventDriven &&
          inSystems.count(eq.variable) == 0) {
        return false;
      }
    }
    for (const Statement& statement : update.statements) {
      if (statement.kind == Statement::Kind::let && statement.target.rfind("_B_", 0) == 0) {
        if (!fixed(statement.value)) return false;  // an offset that changes while running
        offsets_[statement.target.substr(3)] = statement.value;
        continue;
      }
      bool newValue = statement.kind == Statement::Kind::let &&
                      statement.target.rfind("_new_", 0) == 0 &&
                      inSystems.count(statement.target.substr(5)) > 0;
      bool write = statement.kind == Statement::Kind::assign && !statement.condition &&
                   statement.value.kind == Expr::Kind::variable &&
                   statement.value.scope == ir::Scope::local &&
                   statement.value.name == "_new_" + statement.target;
      if (!newValue && !write) return false;
    }
    for (ir::SummedVariable& summed : s_.summed) {
      auto sum = runningSum(summed, inSystems);
      if (!sum) return false;  // the sum is needed every step
      sums_.push_back(std::move(*sum));
    }
    return true;
  }

  // Fixed: the same value in every step of every trial of the built network.
  bool fixed(const Expr& e) const {
    return !build::any(e, [&](const Expr& n) {
      switch (n.kind) {
        case Expr::Kind::special:
          return n.special != ir::Special::dt;
        case Expr::Kind::call:
          return ir::isRandom(n.function);
        case Expr::Kind::variable: {
          if (n.scope != ir::Scope::self) return true;
          const Variable* v = s_.findVariable(n.name);
          return v == nullptr || v->kind == Variable::Kind::subexpression ||
                 (!v->constant && written_.count(v->name) > 0);
        }
        case Expr::Kind::table:  // a value over time
          return true;
        case Expr::Kind::constant:
        case Expr::Kind::unary:
        case Expr::Kind::binary:
        case Expr::Kind::conditional:
          return false;
      }
      return false;
    });
  }

  // rhs = factor * state, with a fixed factor, and a state that decays on its own at the same
  // rate in every synapse, with nothing driving it between events.
  std::optional<RunningSum> runningSum(ir::SummedVariable& summed,
                                       const std::set<std::string>& states) const {
    auto form = linearForm(summed.rhs, states);
    const auto* linear = std::get_if<LinearForm>(&form);
    if (linear == nullptr || linear->coefficients.size() != 1) return std::nullopt;
    if (linear->offset && !build::isZero(*linear->offset)) return std::nullopt;
    const auto& [state, factor] = *linear->coefficients.begin();
    if (!fixed(factor) || offsets_.count(state) > 0) return std::nullopt;
    const ir::NeuronGroup* group = model_.findGroup(s_.target.group);
    const Variable* target = group ? group->findVariable(summed.target) : nullptr;
    if (target == nullptr || target->shared) return std::nullopt;
    for (const ir::LinearSystem& sys : s_.update->systems) {
      for (std::size_t i = 0; i < sys.variables.size(); ++i) {
        if (sys.variables[i] != state) continue;
        for (std::size_t j = 0; j < sys.variables.size(); ++j)
          if (j != i && sys.matrix[i][j]) return std::nullopt;  // driven by another state
        if (!sys.matrix[i][i]) return RunningSum{&summed, state, factor, build::constant(1.0)};
        const Expr& rate = *sys.matrix[i][i];
        if (differsPerElement(rate, s_.variables)) return std::nullopt;
        Expr decay = build::call(ir::Builtin::exp,
                                 {build::multiply(rate, build::special(ir::Special::dt))}, {});
        return RunningSum{&summed, state, factor, std::move(decay)};
      }
    }
    return std::nullopt;
  }

  // ------------------------------------------------------------------ rewriting
  // The target group's variable that holds the running sum (`_running_I_syn`), added to it.
  std::string runningSumOf(const ir::SummedVariable& summed) {
    ir::NeuronGroup& group = *model_.findGroup(s_.target.group);
    std::string name = "_running_" + summed.target;
    if (group.findVariable(name) == nullptr) {
      Variable v;
      v.name = name;
      v.dimension = summed.dimension;
      v.implicit = true;
      group.variables.push_back(v);
    }
    return name;
  }

  // Whether Brian2's schedule runs these synapses' state update before the summed variable
  // (a sum into a subgroup sorts by name), so that the sum sees this step's decay; a sum into
  // a whole group comes first and sees the state before it.
  bool brian2UpdatesBeforeSumming(const ir::SummedVariable& summed) const {
    auto position = [&](const std::string& name) {
      for (std::size_t k = 0; k < brian2Schedule_.size(); ++k)
        if (brian2Schedule_[k].name == name) return k;
      throw std::logic_error("not scheduled: " + name);
    };
    return position(s_.name + "_stateupdater") <
           position(fmt::format("{}_summed_variable_{}_post", s_.name, summed.target));
  }

  ir::Advance advanceOf(const ir::LinearSystem& sys) {
    const std::size_t n = sys.variables.size();
    ir::Advance a;
    a.variables = sys.variables;
    a.phi.assign(n, std::vector<std::string>(n));
    a.offset.assign(n, "");
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& row = sys.variables[i];
      std::optional<Expr> offset;
      for (std::size_t j = 0; j < n; ++j) {
        if (!sys.reach[i][j]) continue;
        const std::string& column = sys.variables[j];
        a.phi[i][j] = ir::LinearSystem::coefficientName("Phi", row, column);
        auto b = offsets_.find(column);
        if (b == offsets_.end()) continue;
        const Variable* psi =
            s_.findVariable(ir::LinearSystem::coefficientName("Psi", row, column));
        Expr term = build::multiply(build::variable(*psi), b->second);
        offset = offset ? build::add(std::move(*offset), std::move(term)) : std::move(term);
      }
      if (!offset) continue;
      a.offset[i] = fmt::format("_Offset[{}]", row);
      addPrecomputed(a.offset[i], *offset);
    }
    return a;
  }

  void addPrecomputed(const std::string& name, const Expr& value) {
    Variable v;
    v.name = name;
    v.dimension = value.dimension;
    v.constant = true;
    v.implicit = true;
    v.shared = !differsPerElement(value, s_.variables);
    s_.variables.push_back(v);
    s_.update->precomputed.push_back({name, value});
  }

  // Appends `statement` to `code`, with the change it makes to a running sum's state added to
  // that sum first: `y += value` becomes `let _deltaN = value; I_post += c * _deltaN;
  // y += _deltaN`, and `y = value` (or *=, /=) becomes `let _deltaN = <new y> - y; ...`.
  void addToRunningSums(const Statement& statement, std::vector<Statement>& code) {
    if (statement.kind != Statement::Kind::assign || statement.targetScope != ir::Scope::self) {
      code.push_back(statement);
      return;
    }
    std::vector<const RunningSum*> affected;
    for (const RunningSum& sum : sums_)
      if (sum.state == statement.target) affected.push_back(&sum);
    if (affected.empty()) {
      code.push_back(statement);
      return;
    }
    const Variable* state = s_.findVariable(statement.target);
    const int number = changes_++;
    std::string delta = fmt::format("_delta{}", number);
    // A local is referred to with the dimension and type its `let` gives it.
    auto defineLocal = [&](const std::string& name, Expr value) {
      if (value.kind == Expr::Kind::constant && value.value == 0.0 && value.name.empty()) {
        value.dimension = state->dimension;  // a literal 0 is zero of the variable it sets
      }
      Expr reference = build::local(name, value.dimension, value.type);
      code.push_back(let(name, std::move(value)));
      return reference;
    };
    Expr deltaValue;
    Statement write = statement;
    AssignOp sumOp = statement.op == AssignOp::subtract ? AssignOp::subtract : AssignOp::add;
    if (statement.op == AssignOp::add || statement.op == AssignOp::subtract) {
      deltaValue = defineLocal(delta, statement.value);
      write.value = deltaValue;
    } else {
      // The new value is computed once (it may draw a random number), then written as is.
      std::string next = fmt::format("_next{}", number);
      Expr now = build::variable(*state);
      Expr value = statement.value;
      if (statement.op == AssignOp::multiply) value = build::multiply(now, std::move(value));
      if (statement.op == AssignOp::divide) value = build::divide(now, std::move(value));
      Expr nextValue = defineLocal(next, std::move(value));
      deltaValue = defineLocal(delta, build::subtract(nextValue, std::move(now)));
      write.op = AssignOp::assign;
      write.value = nextValue;
    }
    for (const RunningSum* sum : affected) {
      Statement add = assign(sum->summed->runningSum, ir::Scope::post, sumOp,
                             sum->summed->dimension, build::multiply(sum->factor, deltaValue));
      add.condition = statement.condition;
      add.location = statement.location;
      code.push_back(std::move(add));
    }
    code.push_back(std::move(write));
  }

  ir::Synapses& s_;
  ir::Model& model_;
  const std::set<std::string>& written_;
  const std::vector<ir::ScheduledOperation>& brian2Schedule_;  // without this pass
  std::map<std::string, Expr> offsets_;                        // state -> its offset B (fixed)
  std::vector<RunningSum> sums_;
  int changes_ = 0;
};

}  // namespace

void makeSynapsesLazy(ir::Model& model) {
  const std::vector<ir::ScheduledOperation> brian2Schedule = scheduleOf(model);
  RunTimeWrites writes(model);
  for (auto& s : model.synapses) {
    LazySynapses(s, model, writes.ofSynapses.at(s.name), brian2Schedule).run();
  }
}

}  // namespace lsm
