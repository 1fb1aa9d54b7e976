// Executing IR statements for one element, and computing the build-time coefficients of
// linear systems: the reference semantics that the JIT must match.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lsm/ir.hpp"
#include "lsm/ir_evaluator.hpp"

namespace lsm::ir {

// Access to one element's variables (and, in synapses, its pre- and postsynaptic elements').
struct ElementAccess {
  std::function<double(const std::string& name, Scope scope)> read;
  std::function<void(const std::string& name, Scope scope, double value)> write;
  std::function<double(Special special)> special;
  std::function<double(const Expr& call, const std::vector<double>& arguments)> random;
};

// A linear system's exact update X <- Phi X + offset (n variables, row-major), applied
// `steps` times by repeated squaring of that map. Only the entries where `pattern` holds take
// part (a transitively closed pattern with its diagonal). The JIT emits the same operations in
// the same order, so both give the same bits.
void advanceAffine(std::size_t n, const std::vector<bool>& pattern, std::vector<double> phi,
                   std::vector<double> offset, std::vector<double>& x, std::int64_t steps);

// `old op value` for a compound assignment (`x += v` ...); `value` for `x = v`.
double applyCompound(AssignOp op, double old, double value);

// Runs the statements in order: `let` binds a local, assignments (with their operators and
// conditions) write variables.
void execute(const std::vector<Statement>& statements, const ElementAccess& access);

// Thrown by computeCoefficients when a system has no usable exact solution: a coefficient is
// NaN or infinite (a time constant that is 0 or never set), the solution grows without bound
// (a negative time constant), or its coefficients overflow. The message names the variables.
struct ExactIntegrationError : std::domain_error {
  using std::domain_error::domain_error;
};

// The values of a linear system's coefficient variables (`_Phi[x,y]`, ...) for one element,
// from its matrix evaluated in `environment`. Throws ExactIntegrationError (above).
std::vector<std::pair<std::string, double>> computeCoefficients(const LinearSystem& system,
                                                                const Environment& environment,
                                                                double dt);

}  // namespace lsm::ir
