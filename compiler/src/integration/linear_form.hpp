// Splitting an expression into a linear combination of state variables plus a rest that
// holds none of them: f = sum_j c_j x_j + b. The basis of the exact and exponential Euler
// integrators.
#pragma once

#include <map>
#include <set>
#include <string>
#include <variant>

#include "lsm/ir.hpp"

namespace lsm {

struct LinearForm {
  std::map<std::string, ir::Expr> coefficients;  // state variable -> its coefficient
  std::optional<ir::Expr> offset;                // the part without state variables
};

// The linear form of `e` in the variables `states` (own-scope variables), or the smallest
// subexpression that makes it non-linear.
std::variant<LinearForm, const ir::Expr*> linearForm(const ir::Expr& e,
                                                     const std::set<std::string>& states);

}  // namespace lsm
