// Compile-time evaluation of expressions made only of constants.
#pragma once

#include <optional>

#include "lsm/ir.hpp"

namespace lsm::ir {

// The value (SI) of an expression without variables, indices or random draws; nullopt when
// it has any of those. Booleans are 0 and 1.
std::optional<double> foldConstant(const Expr& expr);

}  // namespace lsm::ir
