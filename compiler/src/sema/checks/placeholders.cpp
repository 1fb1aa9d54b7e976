// Check: `{name}` placeholders stand only inside a synapse_model (template expansion has
// replaced those of the instances). Runs on the AST after template expansion.
#include <fmt/format.h>

#include "sema/ast_walk.hpp"
#include "sema/checks.hpp"

namespace lsm::sema {

void checkPlaceholders(const ast::Module& module, DiagnosticEngine& diagnostics) {
  forEachIdentifier(module, [&](const std::string& name, const SourceLocation& where) {
    if (name.find('{') == std::string::npos) return;
    diagnostics.error(where, fmt::format("'{}': placeholders like '{{name}}' can only be used "
                                         "inside a synapse_model",
                                         name));
  });
}

}  // namespace lsm::sema
