#include "lsm/synapse_init.hpp"

#include <algorithm>
#include <set>

#include "ir/functions.hpp"
#include "lsm/pair_rule.hpp"

namespace lsm {

namespace {

bool sameStatement(const ir::Statement& a, const ir::Statement& b) {
  return a.kind == b.kind && a.target == b.target && a.targetScope == b.targetScope &&
         a.op == b.op && a.condition.has_value() == b.condition.has_value() &&
         (!a.condition || sameExpression(*a.condition, *b.condition, false)) &&
         sameExpression(a.value, b.value, false) && !a.advance && !b.advance;
}

void addRandomCalls(const ir::Expr& e, std::vector<const ir::Expr*>& calls) {
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function)) calls.push_back(&e);
  for (const ir::Expr& operand : e.operands) addRandomCalls(operand, calls);
}

void addConstants(const ir::Expr& e, std::vector<double>& constants) {
  // A square's exponent is the code's, not a constant read (codegen/synapse_init_codegen.cpp).
  if (ir::isSquare(e)) return addConstants(e.operands[0], constants);
  if (e.kind == ir::Expr::Kind::constant) constants.push_back(e.value);
  for (const ir::Expr& operand : e.operands) addConstants(operand, constants);
}

// Whether `e` reads the object's own variable `name`, or may through a subexpression of its
// own (a name isStored rejects).
bool readsOwnVariable(const ir::Expr& e, const std::string& name,
                      const std::function<bool(const std::string&)>& isStored) {
  if (e.kind == ir::Expr::Kind::variable && e.scope == ir::Scope::self &&
      (e.name == name || !isStored(e.name)))
    return true;
  for (const ir::Expr& operand : e.operands)
    if (readsOwnVariable(operand, name, isStored)) return true;
  return false;
}

}  // namespace

bool CompiledSynapseInit::compiledFrom(const std::vector<ir::Statement>& other) const {
  if (other.size() != statements.size()) return false;
  for (std::size_t n = 0; n < other.size(); ++n)
    if (!sameStatement(statements[n], other[n])) return false;
  return true;
}

std::vector<const ir::Expr*> randomCalls(const std::vector<ir::Statement>& statements) {
  std::vector<const ir::Expr*> calls;
  for (const ir::Statement& s : statements) {
    if (s.condition) addRandomCalls(*s.condition, calls);
    addRandomCalls(s.value, calls);
  }
  return calls;
}

std::vector<double> constantsOf(const std::vector<ir::Statement>& statements) {
  std::vector<double> constants;
  for (const ir::Statement& s : statements) {
    if (s.condition) addConstants(*s.condition, constants);
    addConstants(s.value, constants);
  }
  return constants;
}

std::vector<std::size_t> hoistedStatements(
    const std::vector<ir::Statement>& init, const std::optional<ir::Expr>& delay,
    const std::function<bool(const std::string&)>& isArray,
    const std::function<bool(const std::string&)>& isStored) {
  std::vector<std::size_t> hoisted;
  for (std::size_t n = 0; n < init.size(); ++n) {
    const ir::Statement& s = init[n];
    if (s.kind != ir::Statement::Kind::assign || s.op != AssignOp::assign || s.condition ||
        s.targetScope != ir::Scope::self || !isArray(s.target) || !sameForEveryElement(s.value))
      continue;
    bool alone = !(delay && readsOwnVariable(*delay, s.target, isStored));
    for (std::size_t m = 0; m < init.size() && alone; ++m) {
      const ir::Statement& other = init[m];
      if (m == n) continue;
      alone = !(other.kind != ir::Statement::Kind::let && other.target == s.target) &&
              !readsOwnVariable(other.value, s.target, isStored) &&
              !(other.condition && readsOwnVariable(*other.condition, s.target, isStored));
    }
    if (alone) hoisted.push_back(n);
  }
  return hoisted;
}

std::vector<ir::Statement> perSynapseStatements(const ir::Synapses& synapses) {
  // As the builder's allocateObject stores them.
  std::set<std::string> arrays, stored;
  for (const ir::Variable& v : synapses.variables) {
    if (v.kind == ir::Variable::Kind::subexpression) continue;
    stored.insert(v.name);
    if (!v.shared) arrays.insert(v.name);
  }
  const std::vector<std::size_t> hoisted = hoistedStatements(
      synapses.init, synapses.delay,
      [&](const std::string& name) { return arrays.count(name) > 0; },
      [&](const std::string& name) { return stored.count(name) > 0; });
  std::vector<ir::Statement> rest;
  for (std::size_t n = 0; n < synapses.init.size(); ++n)
    if (std::find(hoisted.begin(), hoisted.end(), n) == hoisted.end())
      rest.push_back(synapses.init[n]);
  return rest;
}

}  // namespace lsm
