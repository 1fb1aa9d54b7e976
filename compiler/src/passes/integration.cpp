#include "passes/integration.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "integration/expression_builder.hpp"
#include "integration/linear_form.hpp"
#include "lsm/ir_printer.hpp"
#include "passes/run_time_writes.hpp"

namespace lsm {

namespace {

using build::let;

using ir::Expr;
using ir::Statement;
using ir::Variable;

const Dimension second = Dimension::base(2);

Statement assign(const Variable& target, Expr value, std::optional<Expr> condition = {}) {
  Statement s =
      build::assign(target.name, ir::Scope::self, "=", target.dimension, std::move(value));
  s.targetType = target.type;
  s.condition = std::move(condition);
  return s;
}

const Variable* find(const std::vector<Variable>& variables, const std::string& name) {
  for (const auto& v : variables)
    if (v.name == name) return &v;
  return nullptr;
}

bool mentionsTime(const Expr& e) {
  return build::any(e,
                    [](const Expr& n) { return n.kind == Expr::Kind::special && n.name == "t"; });
}

// The equations of one group or synapses, prepared for integration.
struct OdeSet {
  std::vector<std::string> states;  // in declaration order
  std::map<std::string, Expr> rhs;  // subexpressions inlined
  std::map<std::string, bool> unlessRefractory;
  std::map<std::string, SourceLocation> locations;
  std::vector<Statement> prologue;  // `constant over dt` subexpressions
};

class Integrator {
 public:
  Integrator(DiagnosticEngine& diagnostics, const RunTimeWrites& writes)
      : diagnostics_(diagnostics), writes_(writes) {}

  void group(ir::NeuronGroup& g) {
    owner_ = fmt::format("group '{}'", g.name);
    written_ = &writes_.ofGroup.at(g.name);
    ir::StateUpdate update;
    update.method = g.method;
    if (g.refractory) refractoriness(g, update);
    auto odes = prepare(g.equations, [](const ir::Equation&) { return true; });
    if (!odes) return;
    integrateOdes(*odes, g.variables, g.method, update);
    g.update = std::move(update);
  }

  // Brian2 writes an `(unless refractory)` variable only where not_refractory holds, also
  // from synaptic events (the reset alone writes it unconditionally).
  void guardRefractoryWrites(ir::Synapses& s, const ir::Model& model) {
    for (auto* events : {&s.onPre, &s.onPost}) {
      for (Statement& statement : *events) {
        if (statement.kind != Statement::Kind::assign || statement.targetScope == ir::Scope::self) {
          continue;
        }
        const ir::Population& end = statement.targetScope == ir::Scope::pre ? s.source : s.target;
        const ir::NeuronGroup* group = model.findGroup(end.group);
        if (group == nullptr) continue;
        bool frozen = false;
        for (const auto& eq : group->equations) {
          frozen = frozen || (eq.variable == statement.target && eq.unlessRefractory);
        }
        const Variable* notRefractory = find(group->variables, "not_refractory");
        if (!frozen || notRefractory == nullptr) continue;
        statement.condition = build::variable(*notRefractory, statement.targetScope);
      }
    }
  }

  void synapses(ir::Synapses& s, const ir::Model& model) {
    owner_ = fmt::format("synapses '{}'", s.name);
    written_ = &writes_.ofSynapses.at(s.name);
    guardRefractoryWrites(s, model);
    ir::StateUpdate update;
    update.method = s.method;
    auto clock = prepare(s.equations, [](const ir::Equation& eq) { return !eq.eventDriven; });
    if (!clock) return;
    integrateOdes(*clock, s.variables, s.method, update);
    s.update = std::move(update);
    auto events = prepare(s.equations, [](const ir::Equation& eq) { return eq.eventDriven; });
    if (events && !events->states.empty()) eventDriven(*events, s);
  }

 private:
  // ------------------------------------------------------------------ refractoriness
  // Brian2 2.5.1 (NeuronGroup, StateUpdater and Thresholder): not_refractory is recomputed at
  // the start of each step, the threshold requires it, a spike clears it and sets lastspike.
  void refractoriness(ir::NeuronGroup& g, ir::StateUpdate& update) {
    const Variable* lastspike = find(g.variables, "lastspike");
    const Variable* notRefractory = find(g.variables, "not_refractory");
    Expr test;
    if (g.refractory->type == ir::ValueType::boolean) {
      // Brian2: a condition only ends refractoriness, it never starts it.
      Expr negated;
      negated.kind = Expr::Kind::unary;
      negated.op = "not";
      negated.type = ir::ValueType::boolean;
      negated.operands.push_back(*g.refractory);
      test.kind = Expr::Kind::binary;
      test.op = "or";
      test.type = ir::ValueType::boolean;
      test.operands = {build::variable(*notRefractory), std::move(negated)};
    } else {
      Expr since = build::subtract(build::special("t"), build::variable(*lastspike));
      Expr elapsed = build::call("timestep", {since, build::special("dt")}, {});
      Expr period = build::call("timestep", {*g.refractory, build::special("dt")}, {});
      elapsed.type = period.type = ir::ValueType::integer;
      test.kind = Expr::Kind::binary;
      test.op = ">=";
      test.type = ir::ValueType::boolean;
      test.operands = {std::move(elapsed), std::move(period)};
    }
    update.statements.push_back(assign(*notRefractory, std::move(test)));

    Expr threshold;
    threshold.kind = Expr::Kind::binary;
    threshold.op = "and";
    threshold.type = ir::ValueType::boolean;
    threshold.location = g.threshold ? g.threshold->location : SourceLocation{};
    threshold.begin = g.threshold ? g.threshold->begin : SourceLocation{};
    if (g.threshold) {
      threshold.operands = {*g.threshold, build::variable(*notRefractory)};
      g.threshold = std::move(threshold);
    }
    Expr no = build::constant(0.0);
    no.type = ir::ValueType::boolean;
    Expr yes = build::constant(1.0);
    yes.type = ir::ValueType::boolean;
    g.onSpike = {assign(*notRefractory, no), assign(*lastspike, build::special("t"))};
    // Brian2 starts with lastspike = -1e4 s, far enough back to be not refractory.
    g.init.insert(g.init.begin(),
                  {assign(*lastspike, build::constant(-1e4, second)), assign(*notRefractory, yes)});
  }

  // ------------------------------------------------------------------ preparation
  template <typename Select>
  std::optional<OdeSet> prepare(const std::vector<ir::Equation>& equations, Select select) {
    OdeSet set;
    std::map<std::string, const ir::Equation*> subexpressions;
    for (const auto& eq : equations) {
      if (eq.kind != ir::Equation::Kind::subexpression) continue;
      if (eq.constantOverDt) {
        // Evaluated once at the start of the step and held (Brian2's `constant over dt`).
        set.prologue.push_back(let(eq.variable, eq.rhs));
      } else {
        subexpressions[eq.variable] = &eq;
      }
    }
    std::set<std::string> heldLocals;
    for (const auto& s : set.prologue) heldLocals.insert(s.target);
    std::function<Expr(const Expr&)> inlineAll = [&](const Expr& e) -> Expr {
      return build::substitute(e, [&](const Expr& node) -> std::optional<Expr> {
        if (node.kind != Expr::Kind::variable || node.scope != ir::Scope::self) return {};
        if (heldLocals.count(node.name) > 0) {
          return build::local(node.name, node.dimension, node.type);
        }
        auto found = subexpressions.find(node.name);
        if (found == subexpressions.end()) return {};
        return inlineAll(found->second->rhs);
      });
    };
    for (auto& s : set.prologue) s.value = inlineAll(s.value);
    for (const auto& eq : equations) {
      if (eq.kind != ir::Equation::Kind::differential || !select(eq)) continue;
      set.states.push_back(eq.variable);
      set.rhs[eq.variable] = inlineAll(eq.rhs);
      set.unlessRefractory[eq.variable] = eq.unlessRefractory;
      set.locations[eq.variable] = eq.location;
    }
    return set;
  }

  void integrateOdes(const OdeSet& odes, std::vector<Variable>& variables,
                     const std::string& method, ir::StateUpdate& update) {
    if (odes.states.empty()) return;
    for (const auto& x : odes.states) {
      if (odes.unlessRefractory.at(x) && find(variables, "not_refractory") == nullptr) {
        diagnostics_.error(odes.locations.at(x),
                           fmt::format("d{}/dt is '(unless refractory)', but {} has no "
                                       "'refractory:' setting",
                                       x, owner_));
        return;
      }
    }
    for (const auto& s : odes.prologue) update.statements.push_back(s);
    if (method == "exact") {
      exact(odes, variables, update);
    } else if (method == "exponential_euler") {
      exponentialEuler(odes, variables, update);
    } else {
      explicitRungeKutta(odes, variables, method, update);
    }
  }

  Expr notRefractory(const std::vector<Variable>& variables) {
    const Variable* v = find(variables, "not_refractory");
    return build::variable(*v);
  }

  // ------------------------------------------------------------------ exact
  bool isBuildConstant(const Expr& e, const std::vector<Variable>& variables) {
    return !build::any(e, [&](const Expr& n) {
      if (n.kind == Expr::Kind::special) return n.name == "t";
      if (n.kind == Expr::Kind::call) {
        return n.name == "rand" || n.name == "randn" || n.name == "uniform" || n.name == "normal" ||
               n.name == "gamma" || n.name == "exponential" || n.name == "permutation";
      }
      if (n.kind != Expr::Kind::variable) return false;
      if (n.scope == ir::Scope::local) return true;
      if (n.scope != ir::Scope::self) return true;  // pre/post values are not ours to fix
      const Variable* v = find(variables, n.name);
      if (v == nullptr || v->kind == Variable::Kind::subexpression) return true;
      return !v->constant && written_->count(v->name) > 0;
    });
  }

  // `conditionallyLinear`: the equation is linear in its own variable, so exponential Euler
  // would integrate it.
  void nonLinear(const std::string& state, const Expr& term, const SourceLocation& where,
                 bool conditionallyLinear) {
    diagnostics_.error(term.begin.valid() ? term.begin : where,
                       fmt::format("'exact' cannot integrate d{}/dt in {}: the term '{}' is not "
                                   "linear in the state variables; use euler, rk2 or rk4{}",
                                   state, owner_, ir::toString(term),
                                   conditionallyLinear ? " (or exponential_euler)" : ""));
  }

  void exact(const OdeSet& odes, std::vector<Variable>& variables, ir::StateUpdate& update) {
    std::set<std::string> states(odes.states.begin(), odes.states.end());
    std::map<std::string, LinearForm> forms;
    bool ok = true;
    for (const auto& x : odes.states) {
      auto form = linearForm(odes.rhs.at(x), states);
      if (auto* term = std::get_if<const Expr*>(&form)) {
        bool conditionallyLinear =
            std::holds_alternative<LinearForm>(linearForm(odes.rhs.at(x), {x}));
        nonLinear(x, **term, odes.locations.at(x), conditionallyLinear);
        ok = false;
        continue;
      }
      const LinearForm& f = std::get<LinearForm>(form);
      for (const auto& [y, c] : f.coefficients) {
        if (mentionsTime(c)) {
          diagnostics_.error(odes.locations.at(x),
                             fmt::format("'exact' cannot integrate d{}/dt in {}: the coefficient "
                                         "'{}' of '{}' changes with time t; use euler, rk2, rk4 "
                                         "or exponential_euler",
                                         x, owner_, ir::toString(c), y));
          ok = false;
        }
      }
      if (f.offset && mentionsTime(*f.offset)) {
        diagnostics_.error(odes.locations.at(x),
                           fmt::format("'exact' cannot integrate d{}/dt in {}: '{}' changes with "
                                       "time t; use euler, rk2, rk4 or exponential_euler",
                                       x, owner_, ir::toString(*f.offset)));
        ok = false;
      }
      forms.emplace(x, f);
    }
    if (!ok) return;

    // Coupled systems: connected components of "x's equation mentions y".
    std::map<std::string, std::string> root;
    for (const auto& x : odes.states) root[x] = x;
    std::function<std::string(const std::string&)> findRoot = [&](const std::string& x) {
      return root[x] == x ? x : root[x] = findRoot(root[x]);
    };
    for (const auto& x : odes.states)
      for (const auto& [y, c] : forms.at(x).coefficients) root[findRoot(x)] = findRoot(y);
    std::vector<std::vector<std::string>> components;
    std::map<std::string, std::size_t> componentOf;
    for (const auto& x : odes.states) {
      auto r = findRoot(x);
      if (componentOf.count(r) == 0) {
        componentOf[r] = components.size();
        components.emplace_back();
      }
      components[componentOf[r]].push_back(x);
    }

    std::vector<Statement> writes;
    for (const auto& members : components) {
      system(members, forms, odes, variables, update, writes);
    }
    for (auto& w : writes) update.statements.push_back(std::move(w));
  }

  void system(const std::vector<std::string>& members,
              const std::map<std::string, LinearForm>& forms, const OdeSet& odes,
              std::vector<Variable>& variables, ir::StateUpdate& update,
              std::vector<Statement>& writes) {
    const std::size_t n = members.size();
    ir::LinearSystem sys;
    sys.variables = members;
    sys.matrix.assign(n, std::vector<std::optional<Expr>>(n));
    sys.frozen.assign(n, false);
    bool constantMatrix = true;
    for (std::size_t i = 0; i < n; ++i) {
      const LinearForm& f = forms.at(members[i]);
      sys.frozen[i] = odes.unlessRefractory.at(members[i]);
      for (std::size_t j = 0; j < n; ++j) {
        auto c = f.coefficients.find(members[j]);
        if (c == f.coefficients.end() || build::isZero(c->second)) continue;
        sys.matrix[i][j] = c->second;
        constantMatrix = constantMatrix && isBuildConstant(c->second, variables);
        sys.perElement = sys.perElement || differsPerElement(c->second, variables);
      }
    }
    // reach[i][j]: X[j] influences X[i] (transitive closure of the matrix's pattern).
    sys.reach.assign(n, std::vector<bool>(n, false));
    for (std::size_t i = 0; i < n; ++i) {
      sys.reach[i][i] = true;
      for (std::size_t j = 0; j < n; ++j)
        if (sys.matrix[i][j]) sys.reach[i][j] = true;
    }
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
          if (sys.reach[i][k] && sys.reach[k][j]) sys.reach[i][j] = true;

    // Offsets B, evaluated every step.
    std::vector<std::optional<Expr>> offsets(n);
    for (std::size_t i = 0; i < n; ++i) {
      const LinearForm& f = forms.at(members[i]);
      if (f.offset && !build::isZero(*f.offset)) offsets[i] = *f.offset;
    }

    if (!constantMatrix) {
      if (n == 1) {
        scalarWithVaryingCoefficient(members[0], *sys.matrix[0][0], offsets[0], variables,
                                     sys.frozen[0], update, writes);
        return;
      }
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
          if (sys.matrix[i][j] && !isBuildConstant(*sys.matrix[i][j], variables)) {
            diagnostics_.error(
                odes.locations.at(members[i]),
                fmt::format("'exact' cannot integrate the coupled equations of {} in {}: the "
                            "coefficient '{}' changes during the run; use exponential_euler, "
                            "rk2 or rk4",
                            describe(members), owner_, ir::toString(*sys.matrix[i][j])));
            return;
          }
    }

    // Refractory elements need their own coefficients when a variable that keeps integrating
    // is driven by a frozen one.
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        if (!sys.frozen[i] && sys.frozen[j] && sys.reach[i][j] && i != j)
          sys.refractoryVariant = true;

    auto addCoefficient = [&](const std::string& name, Dimension dimension) {
      if (find(variables, name) != nullptr) return;
      Variable v;
      v.name = name;
      v.dimension = dimension;
      v.constant = true;
      v.implicit = true;
      v.shared = !sys.perElement;
      variables.push_back(v);
    };
    auto dimensionOf = [&](const std::string& x) { return find(variables, x)->dimension; };

    for (std::size_t i = 0; i < n; ++i) {
      if (!offsets[i]) continue;
      update.statements.push_back(let("_B_" + members[i], *offsets[i]));
    }
    auto combination = [&](std::size_t i, const char* phi, const char* psi, bool refractory) {
      Expr sum = build::constant(0.0, dimensionOf(members[i]));
      for (std::size_t j = 0; j < n; ++j) {
        if (!sys.reach[i][j]) continue;
        if (refractory && (sys.frozen[i] || !reachesWithoutFrozen(sys, i, j))) continue;
        std::string phiName = ir::LinearSystem::coefficientName(phi, members[i], members[j]);
        addCoefficient(phiName, dimensionOf(members[i]) / dimensionOf(members[j]));
        Expr coefficient = build::variable(*find(variables, phiName));
        sum = build::add(
            sum, build::multiply(coefficient, build::variable(*find(variables, members[j]))));
        // While refractory, a frozen variable's offset is multiplied by not_refractory too.
        if (!offsets[j] || (refractory && sys.frozen[j])) continue;
        std::string psiName = ir::LinearSystem::coefficientName(psi, members[i], members[j]);
        addCoefficient(psiName, dimensionOf(members[i]) * second / dimensionOf(members[j]));
        sum = build::add(sum,
                         build::multiply(build::variable(*find(variables, psiName)),
                                         build::local("_B_" + members[j], offsets[j]->dimension)));
      }
      return sum;
    };
    for (std::size_t i = 0; i < n; ++i) {
      Expr next = combination(i, "Phi", "Psi", false);
      if (sys.refractoryVariant && !sys.frozen[i]) {
        next = build::conditional(std::move(next), notRefractory(variables),
                                  combination(i, "PhiR", "PsiR", true));
      }
      std::string local = "_new_" + members[i];
      update.statements.push_back(let(local, next));
      const Variable* target = find(variables, members[i]);
      std::optional<Expr> condition;
      if (sys.frozen[i]) condition = notRefractory(variables);
      writes.push_back(assign(*target, build::local(local, target->dimension), condition));
    }
    update.systems.push_back(std::move(sys));
  }

  // Whether X[j] reaches X[i] along a path that avoids frozen variables (whose rows are zero
  // while refractory), i.e. whether the refractory propagator has a non-zero (i, j) entry.
  static bool reachesWithoutFrozen(const ir::LinearSystem& sys, std::size_t i, std::size_t j) {
    std::size_t n = sys.variables.size();
    std::vector<bool> seen(n, false);
    std::vector<std::size_t> stack = {i};
    seen[i] = true;
    while (!stack.empty()) {
      std::size_t k = stack.back();
      stack.pop_back();
      if (k == j) return true;
      if (sys.frozen[k]) continue;  // a frozen row takes no input
      for (std::size_t m = 0; m < n; ++m) {
        if (sys.matrix[k][m] && !seen[m]) {
          seen[m] = true;
          stack.push_back(m);
        }
      }
    }
    return false;
  }

  static std::string describe(const std::vector<std::string>& members) {
    std::string out;
    for (const auto& m : members) out += (out.empty() ? "" : ", ") + m;
    return out;
  }

  // dx/dt = a x + b with a changing between steps (a summed conductance, say): exact over the
  // step with a and b held, x + (a x + b) dt phi1(a dt), evaluated every step.
  void scalarWithVaryingCoefficient(const std::string& x, const Expr& a,
                                    const std::optional<Expr>& b, std::vector<Variable>& variables,
                                    bool frozen, ir::StateUpdate& update,
                                    std::vector<Statement>& writes) {
    const Variable* target = find(variables, x);
    Expr state = build::variable(*target);
    Expr slope = build::multiply(a, state);
    if (b) slope = build::add(std::move(slope), *b);
    Expr adt = build::multiply(a, build::special("dt"));
    Expr step = build::multiply(build::multiply(std::move(slope), build::special("dt")),
                                build::call("phi1", {adt}, {}));
    std::string local = "_new_" + x;
    update.statements.push_back(let(local, build::add(state, std::move(step))));
    std::optional<Expr> condition;
    if (frozen) condition = notRefractory(variables);
    writes.push_back(assign(*target, build::local(local, target->dimension), condition));
  }

  // ------------------------------------------------------------------ explicit methods
  // Brian2's rk2 is the midpoint method; rk4 the classical one.
  void explicitRungeKutta(const OdeSet& odes, std::vector<Variable>& variables,
                          const std::string& method, ir::StateUpdate& update) {
    auto derivative = [&](const std::string& x, const std::map<std::string, Expr>& stateValues,
                          std::optional<Expr> time) {
      Expr f = build::substitute(odes.rhs.at(x), [&](const Expr& n) -> std::optional<Expr> {
        if (n.kind == Expr::Kind::variable && n.scope == ir::Scope::self) {
          auto found = stateValues.find(n.name);
          if (found != stateValues.end()) return found->second;
        }
        if (time && n.kind == Expr::Kind::special && n.name == "t") return *time;
        return {};
      });
      if (odes.unlessRefractory.at(x)) {
        f = build::conditional(std::move(f), notRefractory(variables),
                               build::constant(0.0, f.dimension));
      }
      return f;
    };
    std::map<std::string, Expr> current;
    for (const auto& x : odes.states) current[x] = build::variable(*find(variables, x));
    auto stage = [&](const std::string& name, const std::map<std::string, Expr>& values,
                     std::optional<Expr> time) {
      for (const auto& x : odes.states) {
        update.statements.push_back(
            let(name + x, build::multiply(build::special("dt"), derivative(x, values, time))));
      }
    };
    auto kOf = [&](const std::string& name, const std::string& x) {
      return build::local(name + x, find(variables, x)->dimension);
    };
    auto shifted = [&](const std::string& k, double fraction) {
      std::map<std::string, Expr> values;
      for (const auto& x : odes.states) {
        values[x] = build::add(current[x], build::multiply(build::constant(fraction), kOf(k, x)));
      }
      return values;
    };
    Expr halfStep = build::add(build::special("t"),
                               build::multiply(build::constant(0.5), build::special("dt")));
    Expr fullStep = build::add(build::special("t"), build::special("dt"));
    std::map<std::string, Expr> next;
    if (method == "euler") {
      stage("_k_", current, std::nullopt);
      for (const auto& x : odes.states) next[x] = build::add(current[x], kOf("_k_", x));
    } else if (method == "rk2") {
      stage("_k_", current, std::nullopt);
      for (const auto& x : odes.states) {
        next[x] = build::add(
            current[x],
            build::multiply(build::special("dt"), derivative(x, shifted("_k_", 0.5), halfStep)));
      }
    } else {  // rk4
      stage("_k1_", current, std::nullopt);
      stage("_k2_", shifted("_k1_", 0.5), halfStep);
      stage("_k3_", shifted("_k2_", 0.5), halfStep);
      stage("_k4_", shifted("_k3_", 1.0), fullStep);
      for (const auto& x : odes.states) {
        Expr sum = build::add(
            build::add(kOf("_k1_", x), build::multiply(build::constant(2.0), kOf("_k2_", x))),
            build::add(build::multiply(build::constant(2.0), kOf("_k3_", x)), kOf("_k4_", x)));
        next[x] = build::add(current[x], build::divide(std::move(sum), build::constant(6.0)));
      }
    }
    writeBack(odes, variables, next, update);
  }

  void writeBack(const OdeSet& odes, std::vector<Variable>& variables,
                 std::map<std::string, Expr>& next, ir::StateUpdate& update) {
    for (const auto& x : odes.states) update.statements.push_back(let("_new_" + x, next[x]));
    for (const auto& x : odes.states) {
      const Variable* target = find(variables, x);
      update.statements.push_back(assign(*target, build::local("_new_" + x, target->dimension)));
    }
  }

  // Brian2's exponential Euler: each variable's equation is linear in that variable, with
  // coefficients that may depend on the others (held at the step's start):
  // x_new = x + (A x + B) dt phi1(A dt).
  void exponentialEuler(const OdeSet& odes, std::vector<Variable>& variables,
                        ir::StateUpdate& update) {
    std::map<std::string, Expr> next;
    for (const auto& x : odes.states) {
      auto form = linearForm(odes.rhs.at(x), {x});
      if (auto* term = std::get_if<const Expr*>(&form)) {
        diagnostics_.error((*term)->begin.valid() ? (*term)->begin : odes.locations.at(x),
                           fmt::format("'exponential_euler' cannot integrate d{}/dt in {}: the "
                                       "term '{}' is not linear in '{}'; use euler, rk2 or rk4",
                                       x, owner_, ir::toString(**term), x));
        continue;
      }
      const LinearForm& f = std::get<LinearForm>(form);
      Expr state = build::variable(*find(variables, x));
      auto a = f.coefficients.find(x);
      Expr slope = odes.rhs.at(x);
      Expr increment;
      if (a == f.coefficients.end()) {
        increment = build::multiply(build::special("dt"), slope);  // no x in it: Euler
      } else {
        Expr adt = build::multiply(a->second, build::special("dt"));
        increment = build::multiply(build::multiply(slope, build::special("dt")),
                                    build::call("phi1", {adt}, {}));
      }
      if (odes.unlessRefractory.at(x)) {
        increment = build::conditional(std::move(increment), notRefractory(variables),
                                       build::constant(0.0, increment.dimension));
      }
      next[x] = build::add(state, std::move(increment));
    }
    if (next.size() == odes.states.size()) writeBack(odes, variables, next, update);
  }

  // ------------------------------------------------------------------ event-driven
  // Brian2: event-driven variables are updated when a spike arrives, over the time since
  // `lastupdate`; then the event's statements run; then lastupdate = t.
  void eventDriven(const OdeSet& odes, ir::Synapses& s) {
    std::set<std::string> states(odes.states.begin(), odes.states.end());
    Variable lastupdate;
    lastupdate.name = "lastupdate";
    lastupdate.dimension = second;
    lastupdate.implicit = true;
    if (find(s.variables, "lastupdate") == nullptr) s.variables.push_back(lastupdate);
    std::vector<Statement> prologue;
    Expr elapsed = build::subtract(build::special("t"), build::variable(lastupdate));
    prologue.push_back(let("_elapsed", elapsed));
    Expr h = build::local("_elapsed", second);
    std::vector<std::pair<const Variable*, Expr>> next;
    for (const auto& x : odes.states) {
      auto form = linearForm(odes.rhs.at(x), states);
      const SourceLocation& where = odes.locations.at(x);
      if (auto* term = std::get_if<const Expr*>(&form)) {
        diagnostics_.error(where, fmt::format("the event-driven equation for '{}' in {} must be "
                                              "linear; the term '{}' is not",
                                              x, owner_, ir::toString(**term)));
        return;
      }
      const LinearForm& f = std::get<LinearForm>(form);
      for (const auto& [y, c] : f.coefficients) {
        if (y != x) {
          diagnostics_.error(where, fmt::format("the event-driven equation for '{}' in {} "
                                                "depends on '{}': coupled event-driven "
                                                "equations are not supported",
                                                x, owner_, y));
          return;
        }
        if (!isBuildConstant(c, s.variables)) {
          diagnostics_.error(where, fmt::format("the event-driven equation for '{}' in {} needs "
                                                "a constant coefficient, not '{}'",
                                                x, owner_, ir::toString(c)));
          return;
        }
      }
      const Variable* target = find(s.variables, x);
      Expr state = build::variable(*target);
      auto a = f.coefficients.find(x);
      Expr value;
      if (a == f.coefficients.end()) {
        value = f.offset ? build::add(state, build::multiply(*f.offset, h)) : state;
      } else {
        Expr ah = build::multiply(a->second, h);
        Expr slope = build::multiply(a->second, state);
        if (f.offset) slope = build::add(std::move(slope), *f.offset);
        value = build::add(state, build::multiply(build::multiply(std::move(slope), h),
                                                  build::call("phi1", {ah}, {})));
      }
      prologue.push_back(let("_new_" + x, std::move(value)));
      next.emplace_back(target, build::local("_new_" + x, target->dimension));
    }
    for (auto& [target, value] : next) prologue.push_back(assign(*target, value));
    Statement stamp = assign(*find(s.variables, "lastupdate"), build::special("t"));
    for (auto* events : {&s.onPre, &s.onPost}) {
      if (events->empty()) continue;  // no such pathway
      std::vector<Statement> code = prologue;
      code.insert(code.end(), events->begin(), events->end());
      code.push_back(stamp);
      *events = std::move(code);
    }
  }

  DiagnosticEngine& diagnostics_;
  const RunTimeWrites& writes_;
  const std::set<std::string>* written_ = nullptr;
  std::string owner_;
};

}  // namespace

void integrate(ir::Model& model, DiagnosticEngine& diagnostics) {
  RunTimeWrites writes(model);
  Integrator integrator(diagnostics, writes);
  for (auto& g : model.groups) integrator.group(g);
  for (auto& s : model.synapses) integrator.synapses(s, model);
}

}  // namespace lsm
