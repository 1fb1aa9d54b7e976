// Stage 1 of the pipeline: model text -> ANTLR parse tree -> AST (one file, imports not
// followed yet). Syntax errors become diagnostics.
#pragma once

#include <optional>
#include <string>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"

namespace lsm {

// Parses `text` (the contents of `file`). Returns nullopt after syntax errors, which are
// reported to `diagnostics`.
std::optional<ast::Module> parseModule(const std::string& file, const std::string& text,
                                       DiagnosticEngine& diagnostics);

}  // namespace lsm
