// Visiting the identifiers of an AST: every name in an expression, every equation and
// statement target, with where it stands. For checks that look at names before they are
// bound (placeholders).
#pragma once

#include <functional>
#include <string>

#include "lsm/ast.hpp"

namespace lsm::sema {

using IdentifierVisitor = std::function<void(const std::string& name, const SourceLocation&)>;

void forEachIdentifier(const ast::Expr& e, const IdentifierVisitor& visit);
void forEachIdentifier(const ast::Body& body, const IdentifierVisitor& visit);
// Everything but the synapse_models (whose bodies are templates).
void forEachIdentifier(const ast::Module& module, const IdentifierVisitor& visit);

}  // namespace lsm::sema
