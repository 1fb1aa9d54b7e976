// The IR as stable, readable text: what `lsmc ir` prints and golden tests compare.
#pragma once

#include <string>

#include "lsm/ir.hpp"

namespace lsm::ir {

std::string toString(const Expr& expr);
std::string toString(const Model& model);

}  // namespace lsm::ir
