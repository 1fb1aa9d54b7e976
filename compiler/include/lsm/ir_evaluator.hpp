// Evaluates IR expressions on plain numbers (SI) for one element: the reference semantics of
// every operator and function. Used wherever the IR is executed without the JIT: constant
// coefficients at build time, the reference interpreter, tests.
#pragma once

#include <functional>
#include <string>

#include "lsm/ir.hpp"

namespace lsm::ir {

// Supplies the values an expression reads. Booleans are 0 and 1.
struct Environment {
  std::function<double(const std::string& name, Scope scope)> variable;
  std::function<double(Special special)> special;
  // Random draws; unset means an expression with a draw cannot be evaluated here.
  std::function<double(const Expr& call, const std::vector<double>& arguments)> random;
  // A timed array's value at the arguments (t, and i of a 2-D array): timedArrayValue of the
  // model's array; unset means timed arrays cannot be read here.
  std::function<double(const Expr& table, const std::vector<double>& arguments)> timedArray;
};

// Throws std::logic_error for what the environment cannot supply.
double evaluate(const Expr& expr, const Environment& environment);

}  // namespace lsm::ir
