#include "lsm/execution.hpp"

#include <map>
#include <stdexcept>

#include "lsm/propagator.hpp"

namespace lsm::ir {

void execute(const std::vector<Statement>& statements, const ElementAccess& access) {
  std::map<std::string, double> locals;
  Environment environment;
  environment.variable = [&](const std::string& name, Scope scope) {
    if (scope == Scope::local) {
      auto found = locals.find(name);
      if (found == locals.end()) throw std::logic_error("unbound local " + name);
      return found->second;
    }
    return access.read(name, scope);
  };
  environment.special = access.special;
  environment.random = access.random;
  for (const Statement& s : statements) {
    if (s.kind == Statement::Kind::expression) continue;
    if (s.condition && evaluate(*s.condition, environment) == 0.0) continue;
    double value = evaluate(s.value, environment);
    if (s.kind == Statement::Kind::let) {
      locals[s.target] = value;
      continue;
    }
    if (s.op != "=") {
      double old = access.read(s.target, s.targetScope);
      if (s.op == "+=")
        value = old + value;
      else if (s.op == "-=")
        value = old - value;
      else if (s.op == "*=")
        value = old * value;
      else if (s.op == "/=")
        value = old / value;
    }
    access.write(s.target, s.targetScope, value);
  }
}

std::vector<std::pair<std::string, double>> computeCoefficients(const LinearSystem& system,
                                                                const Environment& environment,
                                                                double dt) {
  const std::size_t n = system.variables.size();
  std::vector<std::pair<std::string, double>> out;
  auto add = [&](const char* phiName, const char* psiName, bool refractory) {
    std::vector<double> m(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (refractory && system.frozen[i]) continue;  // frozen rows are zero while refractory
      for (std::size_t j = 0; j < n; ++j) {
        if (system.matrix[i][j]) m[i * n + j] = evaluate(*system.matrix[i][j], environment);
      }
    }
    Propagator p = computePropagator(m, static_cast<int>(n), dt);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (!system.reach[i][j]) continue;
        const auto& row = system.variables[i];
        const auto& column = system.variables[j];
        out.emplace_back(LinearSystem::coefficientName(phiName, row, column),
                         p.phiAt(static_cast<int>(i), static_cast<int>(j)));
        out.emplace_back(LinearSystem::coefficientName(psiName, row, column),
                         p.psiAt(static_cast<int>(i), static_cast<int>(j)));
      }
    }
  };
  add("Phi", "Psi", false);
  if (system.refractoryVariant) add("PhiR", "PsiR", true);
  return out;
}

}  // namespace lsm::ir
