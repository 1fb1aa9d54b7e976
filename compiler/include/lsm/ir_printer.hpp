// The IR as stable, readable text: what `lsmc ir` prints and golden tests compare.
#pragma once

#include <functional>
#include <string>

#include "lsm/ir.hpp"

namespace lsm::ir {

std::string toString(const Expr& expr);
// With the names of variables chosen by the caller (the step plan names them by their slots).
using VariableNames = std::function<std::string(const Expr& variable)>;
std::string toString(const Expr& expr, const VariableNames& names);
std::string toString(const Model& model);

}  // namespace lsm::ir
