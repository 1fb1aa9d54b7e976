#include "sema/ast_walk.hpp"

namespace lsm::sema {

void forEachIdentifier(const ast::Expr& e, const IdentifierVisitor& visit) {
  if (e.kind == ast::Expr::Kind::name || e.kind == ast::Expr::Kind::call) visit(e.name, e.location);
  for (const ast::Expr& operand : e.operands) forEachIdentifier(operand, visit);
}

void forEachIdentifier(const ast::Body& body, const IdentifierVisitor& visit) {
  for (const ast::BodyItem& item : body.items) {
    for (const ast::Equation& eq : item.equations) {
      visit(eq.name, eq.location);
      if (eq.rhs) forEachIdentifier(*eq.rhs, visit);
    }
    for (const ast::Statement& s : item.statements) {
      if (s.kind != ast::Statement::Kind::expression) visit(s.target, s.targetLocation);
      if (s.condition) forEachIdentifier(*s.condition, visit);
      forEachIdentifier(s.value, visit);
      for (const ast::Expr& e : s.elements) forEachIdentifier(e, visit);
    }
    if (item.values) {
      for (const ast::ValueEntry& entry : item.values->entries)
        for (const ast::Expr& e : entry.values) forEachIdentifier(e, visit);
      if (item.values->unit) forEachIdentifier(*item.values->unit, visit);
    }
  }
}

void forEachIdentifier(const ast::Module& module, const IdentifierVisitor& visit) {
  for (const auto& c : module.constants) forEachIdentifier(c.value, visit);
  for (const auto& g : module.generators) {
    forEachIdentifier(g.size, visit);
    forEachIdentifier(g.body, visit);
  }
  for (const auto& a : module.timedArrays) forEachIdentifier(a.body, visit);
  for (const auto& g : module.groups) {
    forEachIdentifier(g.size, visit);
    forEachIdentifier(g.body, visit);
  }
  for (const auto& p : module.poissonInputs) forEachIdentifier(p.body, visit);
  for (const auto& s : module.subgroups) {
    if (s.start) forEachIdentifier(*s.start, visit);
    if (s.stop) forEachIdentifier(*s.stop, visit);
    forEachIdentifier(s.body, visit);
  }
  for (const auto& s : module.synapses) {
    for (const auto& b : s.bindings) forEachIdentifier(b.value, visit);
    forEachIdentifier(s.body, visit);
  }
  for (const auto& m : module.monitors) {
    for (const auto& a : m.arguments) forEachIdentifier(a, visit);
    forEachIdentifier(m.body, visit);
  }
  for (const auto& e : module.experiments) forEachIdentifier(e.body, visit);
}

}  // namespace lsm::sema
