// Pass: builds the IR from the (template-expanded) AST. Resolves every name — local, own
// variable, pre/post variable, index, template parameter, constant, unit — evaluates
// constants (with command-line overrides), sizes and slices, and reports unknown names with a
// suggestion, duplicate definitions, misplaced settings and out-of-range slices.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm {

struct ParsedOverride {
  std::string name;
  ast::Expr value;
};

std::optional<ir::Model> resolveNames(const ast::Module& module,
                                      const std::vector<ParsedOverride>& overrides,
                                      DiagnosticEngine& diagnostics);

}  // namespace lsm
