// Units as the model writes them in declarations (`v : volt`, `n : integer`, `x : 1`, a
// synapse_model parameter's `w: volt`) and after numbers (`2 um**2`): their dimension and type.
#pragma once

#include <optional>
#include <utility>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm::sema {

// A declaration's unit: a unit expression, 1, or the types boolean / integer. Reports what
// is not a unit.
std::optional<std::pair<Dimension, ir::ValueType>> unitSpec(const ast::Expr& e,
                                                            DiagnosticEngine& diagnostics);

// The dimension of a unit expression (names, 1, * / and integer powers).
std::optional<Dimension> unitDimension(const ast::Expr& e, DiagnosticEngine& diagnostics);

// Whether a declaration's unit names a type that cannot be integrated (boolean, integer):
// without reporting anything.
std::optional<ir::ValueType> declaredType(const ast::Expr& unit);

}  // namespace lsm::sema
