// Pass: name binding, AST -> IR. Builds the IR of the (template-expanded) model: every name
// resolved through the symbol table (symbol_table.hpp), sizes, slices and settings evaluated
// (constant_evaluation.hpp), expressions bound (expression_binding.hpp). It reports what keeps
// the IR from being built — unknown or duplicate names, unknown units, functions, methods and
// populations, wrong argument counts, `let`s that clash — and nothing else: whether what it
// built is right is for the checks (checks.hpp).
#pragma once

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"
#include "sema/symbol_table.hpp"

namespace lsm::sema {

// Binds everything but the constants (constant evaluation has put them into `model` and
// `scope`).
void bindNames(const ast::Module& module, ModelScope& scope, ir::Model& model,
               DiagnosticEngine& diagnostics);

}  // namespace lsm::sema
