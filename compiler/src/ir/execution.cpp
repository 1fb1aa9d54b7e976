#include "lsm/execution.hpp"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

#include "lsm/propagator.hpp"

namespace lsm::ir {

double applyCompound(AssignOp op, double old, double value) {
  switch (op) {
    case AssignOp::assign:
      return value;
    case AssignOp::add:
      return old + value;
    case AssignOp::subtract:
      return old - value;
    case AssignOp::multiply:
      return old * value;
    case AssignOp::divide:
      return old / value;
  }
  return value;
}

void advanceAffine(std::size_t n, const std::vector<bool>& pattern, std::vector<double> phi,
                   std::vector<double> offset, std::vector<double>& x, std::int64_t steps) {
  std::vector<double> next(n), squared(n * n), squaredOffset(n);
  // Row i of `matrix` times `vector`, over the pattern, in ascending order.
  auto rowTimes = [&](const std::vector<double>& matrix, std::size_t i,
                      const std::vector<double>& vector) {
    double sum = 0.0;
    bool first = true;
    for (std::size_t m = 0; m < n; ++m) {
      if (!pattern[i * n + m]) continue;
      double term = matrix[i * n + m] * vector[m];
      sum = first ? term : sum + term;
      first = false;
    }
    return sum;
  };
  while (steps > 0) {
    if ((steps & 1) != 0) {
      for (std::size_t i = 0; i < n; ++i) next[i] = rowTimes(phi, i, x) + offset[i];
      x = next;
    }
    steps >>= 1;
    if (steps == 0) break;
    // The map composed with itself: (Phi, c) -> (Phi Phi, Phi c + c).
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (!pattern[i * n + j]) continue;
        double sum = 0.0;
        bool first = true;
        for (std::size_t m = 0; m < n; ++m) {
          if (!pattern[i * n + m] || !pattern[m * n + j]) continue;
          double term = phi[i * n + m] * phi[m * n + j];
          sum = first ? term : sum + term;
          first = false;
        }
        squared[i * n + j] = sum;
      }
      squaredOffset[i] = rowTimes(phi, i, offset) + offset[i];
    }
    phi.swap(squared);
    offset.swap(squaredOffset);
  }
}

namespace {

void advance(const Advance& a, double steps, const ElementAccess& access) {
  const std::size_t n = a.variables.size();
  std::vector<bool> pattern(n * n);
  std::vector<double> phi(n * n, 0.0), offset(n, 0.0), x(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      pattern[i * n + j] = !a.phi[i][j].empty();
      if (pattern[i * n + j]) phi[i * n + j] = access.read(a.phi[i][j], Scope::self);
    }
    if (!a.offset[i].empty()) offset[i] = access.read(a.offset[i], Scope::self);
    x[i] = access.read(a.variables[i], Scope::self);
  }
  advanceAffine(n, pattern, std::move(phi), std::move(offset), x, static_cast<std::int64_t>(steps));
  for (std::size_t i = 0; i < n; ++i) access.write(a.variables[i], Scope::self, x[i]);
}

// A matrix whose exact solution exists and stays bounded: finite entries, and no eigenvalue
// with a positive real part (a solution growing as exp(lambda t) is what a negative time
// constant gives, and never what a model of a neuron or synapse means).
void checkExactSystem(const LinearSystem& system, const std::vector<double>& m, double dt) {
  const std::size_t n = system.variables.size();
  double largest = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double value = m[i * n + j];
      if (!std::isfinite(value)) {
        throw ExactIntegrationError(fmt::format(
            "the exact update of {} cannot be computed: the coefficient of {} in d{}/dt is {} "
            "(a time constant that is 0 or never set?)",
            system.variables[i], system.variables[j], system.variables[i], value));
      }
      largest = std::max(largest, std::fabs(value));
    }
  }
  Eigen::MatrixXd a(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      a(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = m[i * n + j];
  Eigen::EigenSolver<Eigen::MatrixXd> solver(a, false);
  if (solver.info() != Eigen::Success) return;
  for (Eigen::Index k = 0; k < solver.eigenvalues().size(); ++k) {
    const double rate = solver.eigenvalues()[k].real();
    if (rate > 1e-9 * largest && rate * dt > 1e-15) {
      // The variable that the growing mode moves most.
      std::string variable = system.variables[0];
      if (n > 1) {
        Eigen::EigenSolver<Eigen::MatrixXd> vectors(a, true);
        Eigen::Index most = 0;
        vectors.eigenvectors().col(k).cwiseAbs().maxCoeff(&most);
        variable = system.variables[static_cast<std::size_t>(most)];
      }
      throw ExactIntegrationError(fmt::format(
          "the exact solution of {} grows as exp(t * {:g}/s), by {:g} per step: a time constant "
          "that is negative?",
          variable, rate, std::exp(rate * dt)));
    }
  }
}

}  // namespace

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
  // By reference: a copy of each function per call would allocate per element.
  if (access.special) environment.special = std::cref(access.special);
  if (access.random) environment.random = std::cref(access.random);
  for (const Statement& s : statements) {
    if (s.condition && evaluate(*s.condition, environment) == 0.0) continue;
    double value = evaluate(s.value, environment);
    if (s.kind == Statement::Kind::advance) {
      advance(*s.advance, value, access);
      continue;
    }
    if (s.kind == Statement::Kind::let) {
      locals[s.target] = value;
      continue;
    }
    if (s.op != AssignOp::assign) {
      value = applyCompound(s.op, access.read(s.target, s.targetScope), value);
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
    checkExactSystem(system, m, dt);
    Propagator p = computePropagator(m, static_cast<int>(n), dt);
    for (std::size_t k = 0; k < n * n; ++k) {
      if (!std::isfinite(p.phi[k]) || !std::isfinite(p.psi[k])) {
        throw ExactIntegrationError(fmt::format(
            "the exact update of {} overflows over one step of {:g} s (a time constant far "
            "shorter than the step?)",
            system.variables[k / n], dt));
      }
    }
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
