// Pass (on the AST): instantiates synapse models. Each `synapses S(a -> b) = model(k=v, ...)` gets
// a copy of the model's body, with `{name}` in identifiers replaced by S, and its parameters bound
// to the arguments (or their defaults). Items of the instance's own body replace the model's items
// with the same key.
#pragma once

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"

namespace lsm::sema {

void expandTemplates(ast::Module& module, DiagnosticEngine& diagnostics);

}  // namespace lsm::sema
