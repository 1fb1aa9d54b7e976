// Building IR expressions in passes: arithmetic that folds the trivial cases (0 + x, 1 * x,
// constant * constant) and keeps dimensions right, and substitution.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "lsm/ir.hpp"

namespace lsm::build {

ir::Expr constant(double value, Dimension dimension = {});
ir::Expr local(const std::string& name, Dimension dimension,
               ir::ValueType type = ir::ValueType::real);
ir::Expr variable(const ir::Variable& v, ir::Scope scope = ir::Scope::self);
ir::Expr special(ir::Special special);
ir::Expr call(ir::Builtin function, std::vector<ir::Expr> arguments, Dimension result);
// Whether `e` is the special name `special` (t, dt, ...).
bool isSpecial(const ir::Expr& e, ir::Special special);

ir::Expr add(ir::Expr a, ir::Expr b);
ir::Expr subtract(ir::Expr a, ir::Expr b);
ir::Expr multiply(ir::Expr a, ir::Expr b);
ir::Expr divide(ir::Expr a, ir::Expr b);
ir::Expr negate(ir::Expr a);
ir::Expr conditional(ir::Expr value, ir::Expr test, ir::Expr otherwise);

// `let name = value`, a local of the value's dimension and type.
ir::Statement let(const std::string& name, ir::Expr value);
// `target op value` for a real variable of that dimension.
ir::Statement assign(const std::string& target, ir::Scope scope, AssignOp op, Dimension dimension,
                     ir::Expr value);
bool isZero(const ir::Expr& e);
bool isOne(const ir::Expr& e);

// Replaces every node for which `replace` returns an expression (children first are not
// visited inside a replaced node).
ir::Expr substitute(const ir::Expr& e,
                    const std::function<std::optional<ir::Expr>(const ir::Expr&)>& replace);
// Whether any node satisfies `predicate`.
bool any(const ir::Expr& e, const std::function<bool(const ir::Expr&)>& predicate);

}  // namespace lsm::build
