// Dimension and type inference of IR expressions: each node's dimension and type from its
// operands' (Brian2's rules: + - % and comparisons need equal dimensions, a literal 0 fits
// any; ** needs a constant integer exponent unless the base is dimensionless; functions by
// their rule in ir/functions.hpp). Used by unit checking and constant evaluation.
#pragma once

#include <map>
#include <string>

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm::sema {

// Dimensions and types of `let` locals known at a point of a statement list.
using LocalTypes = std::map<std::string, std::pair<Dimension, ir::ValueType>>;

// Infers the dimension and type of `expr` bottom-up from its leaves (which name binding has
// typed, except `let` locals, taken from `locals`). Reports errors; false if there was one.
bool inferDimensions(ir::Expr& expr, DiagnosticEngine& diagnostics,
                     const LocalTypes* locals = nullptr);

// A literal 0 fits every dimension (`D <= 0` compares a duration), as in Brian2.
bool isLiteralZero(const ir::Expr& e);
// Same dimension, or one of them a literal 0.
bool compatible(const ir::Expr& a, const ir::Expr& b);

}  // namespace lsm::sema
