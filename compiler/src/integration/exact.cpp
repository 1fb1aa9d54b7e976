// The `exact` method: linear systems dX/dt = M X + B with M fixed once the network is built,
// split into coupled components, each integrated jointly over a step with its propagators
// (computed when the network is built; lsm/propagator.hpp). A scalar equation whose
// coefficient changes while the network runs is integrated exactly over each step with the
// coefficient held (phi1).
#include <fmt/format.h>

#include <functional>

#include "integration/expression_builder.hpp"
#include "integration/linear_form.hpp"
#include "integration/method_registry.hpp"
#include "lsm/ir_printer.hpp"
#include "passes/run_time_writes.hpp"

namespace lsm::integration {

namespace {

using build::let;
using ir::Expr;
using ir::Statement;
using ir::Variable;

const Dimension second = Dimension::base(2);

bool mentionsTime(const Expr& e) {
  return build::any(e, [](const Expr& n) { return build::isSpecial(n, ir::Special::t); });
}

std::string describe(const std::vector<std::string>& members) {
  std::string out;
  for (const auto& m : members) out += (out.empty() ? "" : ", ") + m;
  return out;
}

// `conditionallyLinear`: the equation is linear in its own variable, so exponential Euler
// would integrate it.
void nonLinear(const IntegrationContext& context, const std::string& state, const Expr& term,
               const SourceLocation& where, bool conditionallyLinear) {
  context.diagnostics.error(
      term.begin.valid() ? term.begin : where,
      fmt::format("'exact' cannot integrate d{}/dt in {}: the term '{}' is not "
                  "linear in the state variables; use euler, rk2 or rk4{}",
                  state, context.owner, ir::toString(term),
                  conditionallyLinear ? " (or exponential_euler)" : ""));
}

// Whether X[j] reaches X[i] along a path that avoids frozen variables (whose rows are zero
// while refractory), i.e. whether the refractory propagator has a non-zero (i, j) entry.
bool reachesWithoutFrozen(const ir::LinearSystem& sys, std::size_t i, std::size_t j) {
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

// dx/dt = a x + b with a changing between steps (a summed conductance, say): exact over the
// step with a and b held, x + (a x + b) dt phi1(a dt), evaluated every step.
void scalarWithVaryingCoefficient(const std::string& x, const Expr& a, const std::optional<Expr>& b,
                                  IntegrationContext& context, bool frozen, ir::StateUpdate& update,
                                  std::vector<Statement>& writes) {
  const Variable* target = findVariable(context.variables, x);
  Expr state = build::variable(*target);
  Expr slope = build::multiply(a, state);
  if (b) slope = build::add(std::move(slope), *b);
  Expr adt = build::multiply(a, build::special(ir::Special::dt));
  Expr step = build::multiply(build::multiply(std::move(slope), build::special(ir::Special::dt)),
                              build::call(ir::Builtin::phi1, {adt}, {}));
  std::string local = "_new_" + x;
  update.statements.push_back(let(local, build::add(state, std::move(step))));
  std::optional<Expr> condition;
  if (frozen) condition = notRefractory(context.variables);
  writes.push_back(assignVariable(*target, build::local(local, target->dimension), condition));
}

// One coupled component: its matrix, which entries of the propagator can be non-zero, and the
// step X(t+dt) = Phi X + Psi B (and the refractory variant) written as statements.
void system(const std::vector<std::string>& members, const std::map<std::string, LinearForm>& forms,
            const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update,
            std::vector<Statement>& writes) {
  std::vector<Variable>& variables = context.variables;
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
      constantMatrix = constantMatrix && isBuildConstant(c->second, context);
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
      scalarWithVaryingCoefficient(members[0], *sys.matrix[0][0], offsets[0], context,
                                   sys.frozen[0], update, writes);
      return;
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        if (sys.matrix[i][j] && !isBuildConstant(*sys.matrix[i][j], context)) {
          context.diagnostics.error(
              odes.locations.at(members[i]),
              fmt::format("'exact' cannot integrate the coupled equations of {} in {}: the "
                          "coefficient '{}' changes during the run; use exponential_euler, "
                          "rk2 or rk4",
                          describe(members), context.owner, ir::toString(*sys.matrix[i][j])));
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
    if (findVariable(variables, name) != nullptr) return;
    Variable v;
    v.name = name;
    v.dimension = dimension;
    v.constant = true;
    v.implicit = true;
    v.shared = !sys.perElement;
    variables.push_back(v);
  };
  auto dimensionOf = [&](const std::string& x) { return findVariable(variables, x)->dimension; };

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
      Expr coefficient = build::variable(*findVariable(variables, phiName));
      sum = build::add(
          sum, build::multiply(coefficient, build::variable(*findVariable(variables, members[j]))));
      // While refractory, a frozen variable's offset is multiplied by not_refractory too.
      if (!offsets[j] || (refractory && sys.frozen[j])) continue;
      std::string psiName = ir::LinearSystem::coefficientName(psi, members[i], members[j]);
      addCoefficient(psiName, dimensionOf(members[i]) * second / dimensionOf(members[j]));
      sum =
          build::add(sum, build::multiply(build::variable(*findVariable(variables, psiName)),
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
    const Variable* target = findVariable(variables, members[i]);
    std::optional<Expr> condition;
    if (sys.frozen[i]) condition = notRefractory(variables);
    writes.push_back(assignVariable(*target, build::local(local, target->dimension), condition));
  }
  update.systems.push_back(std::move(sys));
}

}  // namespace

void integrateExact(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update) {
  std::set<std::string> states(odes.states.begin(), odes.states.end());
  std::map<std::string, LinearForm> forms;
  bool ok = true;
  for (const auto& x : odes.states) {
    auto form = linearForm(odes.rhs.at(x), states);
    if (auto* term = std::get_if<const Expr*>(&form)) {
      bool conditionallyLinear =
          std::holds_alternative<LinearForm>(linearForm(odes.rhs.at(x), {x}));
      nonLinear(context, x, **term, odes.locations.at(x), conditionallyLinear);
      ok = false;
      continue;
    }
    const LinearForm& f = std::get<LinearForm>(form);
    for (const auto& [y, c] : f.coefficients) {
      if (mentionsTime(c)) {
        context.diagnostics.error(
            odes.locations.at(x),
            fmt::format("'exact' cannot integrate d{}/dt in {}: the coefficient "
                        "'{}' of '{}' changes with time t; use euler, rk2, rk4 "
                        "or exponential_euler",
                        x, context.owner, ir::toString(c), y));
        ok = false;
      }
    }
    if (f.offset && mentionsTime(*f.offset)) {
      context.diagnostics.error(
          odes.locations.at(x),
          fmt::format("'exact' cannot integrate d{}/dt in {}: '{}' changes with "
                      "time t; use euler, rk2, rk4 or exponential_euler",
                      x, context.owner, ir::toString(*f.offset)));
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
  for (const auto& members : components) system(members, forms, odes, context, update, writes);
  for (auto& w : writes) update.statements.push_back(std::move(w));
}

}  // namespace lsm::integration
