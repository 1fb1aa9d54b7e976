#include "pipeline/verifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "ir/functions.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/ir_printer.hpp"
#include "sema/dimension_inference.hpp"

namespace lsm::ir {

namespace {

// Where an expression or statement stands: the variables each scope sees.
struct Frame {
  std::string where;  // "group 'g', threshold" for the report
  const std::vector<Variable>* own = nullptr;
  const std::vector<Variable>* pre = nullptr;
  const std::vector<Variable>* post = nullptr;
  bool synapses = false;
};

class Verifier {
 public:
  Verifier(const Model& model, Invariant level) : model_(model), level_(level) {}

  std::vector<std::string> run() {
    for (const NeuronGroup& g : model_.groups) group(g);
    for (const Subgroup& s : model_.subgroups) subgroup(s);
    for (const Synapses& s : model_.synapses) synapses(s);
    for (const Monitor& m : model_.monitors) monitor(m);
    if (model_.experiment) steps(*model_.experiment);
    if (level_ >= Invariant::scheduled) schedule();
    return std::move(problems_);
  }

 private:
  template <typename... Args>
  void problem(fmt::format_string<Args...> format, Args&&... args) {
    problems_.push_back(fmt::format(format, std::forward<Args>(args)...));
  }

  const std::vector<Variable>* variablesOf(const Population& p) const {
    static const std::vector<Variable> none;
    if (p.isGenerator) return &none;
    if (p.isSynapses) {
      const Synapses* s = model_.findSynapses(p.group);
      return s == nullptr ? nullptr : &s->variables;
    }
    const NeuronGroup* g = model_.findGroup(p.group);
    return g == nullptr ? nullptr : &g->variables;
  }

  std::int64_t sizeOf(const std::string& object) const {
    if (const NeuronGroup* g = model_.findGroup(object)) return g->size;
    for (const auto& g : model_.generators)
      if (g.name == object) return g.size;
    return -1;
  }

  void population(const Population& p, const std::string& where) {
    if (p.isSynapses) {
      if (model_.findSynapses(p.group) == nullptr || p.start != 0 || p.stop != 0)
        problem("{}: target '{}' is no synapses object, or has a range", where, p.group);
      return;
    }
    std::int64_t size = sizeOf(p.group);
    if (size < 0) {
      problem("{}: population '{}' of unknown group '{}'", where, p.name, p.group);
    } else if (p.start < 0 || p.start >= p.stop || p.stop > size) {
      problem("{}: population '{}' is [{}:{}] of '{}' with {} elements", where, p.name, p.start,
              p.stop, p.group, size);
    }
  }

  // ---------------------------------------------------------------- expressions
  // Whether `e` is well formed (then printing and typing it are safe).
  bool expr(const Expr& e, const Frame& frame, const std::set<std::string>& locals) {
    std::size_t expected = 0;
    switch (e.kind) {
      case Expr::Kind::constant:
        break;
      case Expr::Kind::variable:
        variable(e, frame, locals);
        break;
      case Expr::Kind::special: {
        bool synapsesOnly =
            e.special == Special::j || e.special == Special::N_pre || e.special == Special::N_post;
        if (synapsesOnly && !frame.synapses) {
          problem("{}: '{}' outside synapses", frame.where, spelling(e.special));
        }
        break;
      }
      case Expr::Kind::call:
        expected = static_cast<std::size_t>(describe(e.function).arity);
        break;
      case Expr::Kind::unary:
        expected = 1;
        break;
      case Expr::Kind::binary:
        expected = 2;
        break;
      case Expr::Kind::conditional:
        expected = 3;
        break;
      case Expr::Kind::table:  // t (and i), or in a plan the row (and column)
        expected = e.operands.size() == 2 ? 2 : 1;
        break;
    }
    if (e.operands.size() != expected) {
      problem("{}: an expression has {} operands, expected {}", frame.where, e.operands.size(),
              expected);
      return false;
    }
    bool ok = true;
    for (const Expr& operand : e.operands) ok = expr(operand, frame, locals) && ok;
    return ok;
  }

  void variable(const Expr& e, const Frame& frame, const std::set<std::string>& locals) {
    if (e.scope == Scope::local) {
      if (locals.count(e.name) == 0) {
        problem("{}: local '{}' is used before a 'let' defines it", frame.where, e.name);
      }
      return;
    }
    const std::vector<Variable>* scope = e.scope == Scope::pre    ? frame.pre
                                         : e.scope == Scope::post ? frame.post
                                                                  : frame.own;
    const Variable* v = findVariable(scope, e.name);
    if (v == nullptr) {
      problem("{}: '{}' names no variable of its scope", frame.where, toString(e));
    } else if (level_ >= Invariant::typed &&
               (!(v->dimension == e.dimension) || !sameKind(v->type, e.type))) {
      problem("{}: '{}' is typed unlike its variable", frame.where, toString(e));
    }
  }

  // The dimensions and types stored in `e` are those its operands give.
  void typed(const Expr& e, const Frame& frame, const sema::LocalTypes& locals) {
    Expr copy = e;
    DiagnosticEngine engine(1);
    if (!sema::inferDimensions(copy, engine, &locals)) {
      problem("{}: '{}' does not type-check: {}", frame.where, toString(e),
              engine.diagnostics().front().message);
      return;
    }
    compareTypes(e, copy, frame);
  }

  // Integers and reals are both doubles in a step: a subexpression declared real with an
  // integer value (`h = i : 1`) is inlined as it is. Booleans and dimensions must agree.
  static bool sameKind(ValueType a, ValueType b) {
    return (a == ValueType::boolean) == (b == ValueType::boolean);
  }

  void compareTypes(const Expr& stored, const Expr& inferred, const Frame& frame) {
    if (!(stored.dimension == inferred.dimension) || !sameKind(stored.type, inferred.type)) {
      problem("{}: '{}' is stored as {} ({}), its operands give {} ({})", frame.where,
              toString(stored), stored.dimension.describe(), typeName(stored.type),
              inferred.dimension.describe(), typeName(inferred.type));
      return;
    }
    for (std::size_t k = 0; k < stored.operands.size(); ++k) {
      compareTypes(stored.operands[k], inferred.operands[k], frame);
    }
  }

  static const char* typeName(ValueType type) {
    switch (type) {
      case ValueType::real:
        return "real";
      case ValueType::integer:
        return "integer";
      case ValueType::boolean:
        return "boolean";
    }
    return "?";
  }

  void checkExpr(const Expr& e, const Frame& frame) {
    if (expr(e, frame, {}) && level_ >= Invariant::typed) typed(e, frame, {});
  }

  void statements(const std::vector<Statement>& list, const Frame& frame) {
    std::set<std::string> locals;
    sema::LocalTypes localTypes;
    for (const Statement& s : list) {
      if (s.condition && expr(*s.condition, frame, locals) && level_ >= Invariant::typed) {
        typed(*s.condition, frame, localTypes);
      }
      if (expr(s.value, frame, locals) && level_ >= Invariant::typed) {
        typed(s.value, frame, localTypes);
      }
      switch (s.kind) {
        case Statement::Kind::let:
          locals.insert(s.target);
          localTypes[s.target] = {s.value.dimension, s.value.type};
          break;
        case Statement::Kind::assign:
          target(s, frame);
          break;
        case Statement::Kind::advance:
          advance(s, frame);
          break;
      }
    }
  }

  void target(const Statement& s, const Frame& frame) {
    const std::vector<Variable>* scope = s.targetScope == Scope::pre    ? frame.pre
                                         : s.targetScope == Scope::post ? frame.post
                                                                        : frame.own;
    if (s.targetScope == Scope::local || findVariable(scope, s.target) == nullptr) {
      problem("{}: the assignment to '{}' names no variable of its scope", frame.where, s.target);
    }
  }

  void advance(const Statement& s, const Frame& frame) {
    if (!s.advance) {
      problem("{}: an advance statement without its system", frame.where);
      return;
    }
    const Advance& a = *s.advance;
    std::size_t n = a.variables.size();
    if (a.phi.size() != n || a.offset.size() != n) {
      problem("{}: advance [{}] has a {}x? matrix and {} offsets", frame.where, n, a.phi.size(),
              a.offset.size());
      return;
    }
    auto exists = [&](const std::string& name) {
      if (!name.empty() && findVariable(frame.own, name) == nullptr) {
        problem("{}: advance names no variable '{}'", frame.where, name);
      }
    };
    for (std::size_t i = 0; i < n; ++i) {
      exists(a.variables[i]);
      exists(a.offset[i]);
      if (a.phi[i].size() != n)
        problem("{}: advance matrix row {} is not {} long", frame.where, i, n);
      for (const auto& entry : a.phi[i]) exists(entry);
    }
  }

  // ---------------------------------------------------------------- objects
  void update(const std::optional<StateUpdate>& u, const std::vector<Equation>& equations,
              const Frame& frame, const std::vector<Statement>* catchUp) {
    if (level_ < Invariant::integrated) return;
    if (!u) {
      problem("{}: no state update after integration", frame.where);
      return;
    }
    for (const auto& p : u->precomputed) {
      if (findVariable(frame.own, p.variable) == nullptr) {
        problem("{}: precomputed '{}' is no variable", frame.where, p.variable);
      }
      checkExpr(p.value, frame);
    }
    for (const LinearSystem& sys : u->systems) {
      for (const auto& row : sys.matrix)
        for (const auto& entry : row)
          if (entry) checkExpr(*entry, frame);
    }
    statements(u->statements, frame);
    std::set<std::string> written;
    for (const Statement& s : u->statements) {
      if (s.kind == Statement::Kind::assign && s.targetScope == Scope::self)
        written.insert(s.target);
    }
    if (catchUp != nullptr) {
      for (const Statement& s : *catchUp) {
        if (s.kind == Statement::Kind::advance && s.advance) {
          written.insert(s.advance->variables.begin(), s.advance->variables.end());
        }
      }
    }
    for (const Equation& eq : equations) {
      if (eq.kind != Equation::Kind::differential || eq.eventDriven) continue;
      if (written.count(eq.variable) == 0) {
        problem("{}: d{}/dt has no update in the step", frame.where, eq.variable);
      }
    }
  }

  void group(const NeuronGroup& g) {
    Frame frame{fmt::format("group '{}'", g.name), &g.variables};
    for (const Equation& eq : g.equations) {
      if (findVariable(&g.variables, eq.variable) == nullptr) {
        problem("{}: an equation for unknown '{}'", frame.where, eq.variable);
      }
      checkExpr(eq.rhs, frame);
    }
    if (g.threshold) checkExpr(*g.threshold, frame);
    if (g.refractory) checkExpr(*g.refractory, frame);
    for (const auto* list : {&g.reset, &g.init, &g.trialInit, &g.onSpike}) statements(*list, frame);
    for (const RegularOperation& r : g.regular) statements(r.code, frame);
    for (const GroupEvent& event : g.events) {
      checkExpr(event.condition, frame);
      statements(event.code, frame);
    }
    update(g.update, g.equations, frame, nullptr);
  }

  void subgroup(const Subgroup& s) {
    const NeuronGroup* parent = model_.findGroup(s.group);
    std::string where = fmt::format("subgroup '{}'", s.name);
    if (parent == nullptr) {
      problem("{}: of unknown group '{}'", where, s.group);
      return;
    }
    population(Population{s.name, s.group, s.start, s.stop, false}, where);
    Frame frame{where, &parent->variables};
    statements(s.init, frame);
    statements(s.trialInit, frame);
  }

  void synapses(const Synapses& s) {
    std::string where = fmt::format("synapses '{}'", s.name);
    population(s.source, where);
    population(s.target, where);
    // Synapses on synapses: the target is built first, so it comes before them in the model.
    if (s.target.isSynapses && model_.findSynapses(s.target.group) >= &s)
      problem("{}: target synapses '{}' do not come before them", where, s.target.group);
    Frame frame{where, &s.variables, variablesOf(s.source), variablesOf(s.target), true};
    for (const Equation& eq : s.equations) checkExpr(eq.rhs, frame);
    for (const SummedVariable& summed : s.summed) {
      checkExpr(summed.rhs, frame);
      if (level_ >= Invariant::typed && findVariable(frame.post, summed.target) == nullptr) {
        problem("{}: summed variable into unknown '{}'", where, summed.target);
      }
      auto uses = [&](const std::string& name, const std::vector<Variable>* scope) {
        if (!name.empty() && findVariable(scope, name) == nullptr) {
          problem("{}: summed variable '{}' uses unknown '{}'", where, summed.target, name);
        }
      };
      uses(summed.runningSum, frame.post);
      uses(summed.decay, frame.own);
    }
    for (const auto* list : {&s.onPre, &s.onPost, &s.init, &s.trialInit, &s.catchUp}) {
      statements(*list, frame);
    }
    for (const RegularOperation& r : s.regular) statements(r.code, frame);
    for (const ir::Expr* e : s.connect.expressions()) checkExpr(*e, frame);
    if (s.delay) checkExpr(*s.delay, frame);
    update(s.update, s.equations, frame, &s.catchUp);
  }

  void monitor(const Monitor& m) {
    std::string where = fmt::format("monitor '{}'", m.name);
    const std::vector<Variable>* variables = nullptr;
    if (!m.synapses.empty()) {
      const Synapses* s = model_.findSynapses(m.synapses);
      if (s == nullptr) {
        problem("{}: records unknown synapses '{}'", where, m.synapses);
        return;
      }
      variables = &s->variables;
    } else {
      population(m.population, where);
      variables = variablesOf(m.population);
    }
    for (const auto& v : m.variables) {
      if (findVariable(variables, v) == nullptr) problem("{}: records unknown '{}'", where, v);
    }
  }

  // The statements between runs, in the scope of the object they set.
  void steps(const Experiment& experiment) {
    for (const ExperimentStep& step : experiment.steps) {
      if (step.kind != ExperimentStep::Kind::assign) continue;
      Frame frame{fmt::format("the experiment's assignment to '{}'", step.object)};
      if (const Synapses* s = model_.findSynapses(step.object)) {
        frame =
            Frame{frame.where, &s->variables, variablesOf(s->source), variablesOf(s->target), true};
      } else if (const NeuronGroup* g = model_.findGroup(step.object)) {
        frame.own = &g->variables;
      } else {
        for (const Subgroup& sub : model_.subgroups) {
          if (sub.name == step.object) frame.own = &model_.findGroup(sub.group)->variables;
        }
      }
      if (frame.own == nullptr) {
        problem("{}: no such group, subgroup or synapses", frame.where);
        continue;
      }
      statements(step.statement, frame);
    }
  }

  void schedule() {
    using K = ScheduledOperation::Kind;
    for (std::size_t k = 0; k < model_.schedule.size(); ++k) {
      const ScheduledOperation& op = model_.schedule[k];
      if (k > 0) {
        const ScheduledOperation& before = model_.schedule[k - 1];
        auto key = [](const ScheduledOperation& o) {
          return std::tuple(rank(o.slot), o.order, o.name);
        };
        if (key(op) < key(before)) problem("schedule: '{}' comes after '{}'", op.name, before.name);
      }
      const NeuronGroup* g = model_.findGroup(op.object);
      const Synapses* s = model_.findSynapses(op.object);
      bool ok = true;
      switch (op.kind) {
        case K::stateUpdate:
          ok = (g != nullptr && g->update) || (s != nullptr && s->update);
          break;
        case K::summedVariable:
          ok = s != nullptr && s->findSummed(op.target) != nullptr;
          break;
        case K::threshold:
        case K::reset: {
          if (g == nullptr) {
            ok = false;
          } else if (op.target.empty()) {
            ok = op.kind == K::threshold ? g->threshold.has_value() : !g->reset.empty();
          } else {
            ok = std::any_of(g->events.begin(), g->events.end(), [&](const GroupEvent& e) {
              return e.name == op.target && (op.kind == K::threshold || !e.code.empty());
            });
          }
          break;
        }
        case K::regular: {
          const std::vector<RegularOperation>* list = g != nullptr   ? &g->regular
                                                      : s != nullptr ? &s->regular
                                                                     : nullptr;
          ok = list != nullptr && std::any_of(list->begin(), list->end(),
                                              [&](const auto& r) { return r.name == op.target; });
          break;
        }
        case K::pathway:
          ok = s != nullptr && !(op.pathway == Pathway::pre ? s->onPre : s->onPost).empty();
          break;
        case K::spikeGenerator:
          ok = sizeOf(op.object) >= 0 && g == nullptr;
          break;
        case K::poissonInput:
          ok = std::any_of(model_.poissonInputs.begin(), model_.poissonInputs.end(),
                           [&](const PoissonInput& p) { return p.name == op.object; });
          break;
        case K::spikeMonitor:
        case K::stateMonitor: {
          ok = false;
          for (const auto& m : model_.monitors) {
            ok = ok || (m.name == op.object &&
                        (m.kind == Monitor::Kind::state) == (op.kind == K::stateMonitor));
          }
          break;
        }
      }
      if (!ok) problem("schedule: '{}' names no object that it can run", op.name);
    }
  }

  const Model& model_;
  Invariant level_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> verify(const Model& model, Invariant level) {
  if (level == Invariant::none) return {};
  return Verifier(model, level).run();
}

}  // namespace lsm::ir
