// Pass: dimension and type checking. Every expression of the IR gets its dimension and type;
// every place that needs a particular one (an equation's right-hand side, a threshold, a
// reset, an initialisation) is checked against it. Errors name both dimensions.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm {

// Dimensions and types of `let` locals known at a point of a statement list.
using LocalTypes = std::map<std::string, std::pair<Dimension, ir::ValueType>>;

// Infers the dimension and type of `expr` bottom-up from its leaves (which name resolution has
// typed, except `let` locals, taken from `locals`). Reports errors; false if there was one.
bool inferDimensions(ir::Expr& expr, DiagnosticEngine& diagnostics,
                     const LocalTypes* locals = nullptr);

void checkUnits(ir::Model& model, DiagnosticEngine& diagnostics);

}  // namespace lsm
