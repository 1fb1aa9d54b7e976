// Pass (two parts): context conditions on equation flags.
//  - checkEquationFlags, on the AST before name resolution: every flag is known and fits its
//    equation (`unless refractory` on a group's ODE, `clock-driven`/`event-driven` on a
//    synapse's ODE, `summed` on a `_post` subexpression, `shared`/`constant` on parameters).
//  - checkFlagUse, on the typed IR: shared variables get one value for all elements, constant
//    variables are not written while the model runs, no two summed variables fill one target.
#pragma once

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm {

void checkEquationFlags(const ast::Module& module, DiagnosticEngine& diagnostics);
void checkFlagUse(const ir::Model& model, DiagnosticEngine& diagnostics);

}  // namespace lsm
