// Pass: reads the main file and every file it imports (transitively) and merges them into
// one module. Imported definitions come first, each file once; cycles are errors.
#pragma once

#include <optional>
#include <string>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/source.hpp"

namespace lsm {

std::optional<ast::Module> loadModel(const std::string& path, SourceManager& sources,
                                     DiagnosticEngine& diagnostics);
// As loadModel, for a model given as text; its imports are resolved relative to the current
// directory.
std::optional<ast::Module> loadModelText(const std::string& name, const std::string& text,
                                         SourceManager& sources, DiagnosticEngine& diagnostics);

}  // namespace lsm
