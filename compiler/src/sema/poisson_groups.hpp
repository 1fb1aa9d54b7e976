// Pass (on the AST): Brian2's PoissonGroup(N, rates). `poisson_group P(N) { rates: EXPR }` becomes
// a group whose elements spike independently with probability rates*dt in each step, Brian2's
// threshold `rand() < rates*dt`. `rates` (hertz) is a parameter that `init` sets to EXPR (a
// constant, or per element with `i`), so that the experiment can change it between runs; an
// EXPR that depends on `t` makes it a subexpression, evaluated every step as Brian2 does for a
// string of rates.
#pragma once

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"

namespace lsm::sema {

void expandPoissonGroups(ast::Module& module, DiagnosticEngine& diagnostics);

}  // namespace lsm::sema
