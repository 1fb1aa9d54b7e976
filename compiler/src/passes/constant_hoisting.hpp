// Constant hoisting: parts of a state update that depend only on values fixed once the network
// is built (constants, coefficients, parameters nothing writes at run time) are computed then,
// per element, instead of in every step.
#pragma once

#include "lsm/ir.hpp"

namespace lsm {

void hoistConstants(ir::Model& model);

}  // namespace lsm
