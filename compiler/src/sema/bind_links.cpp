// Name binding of linked variables (Brian2's `G.v = linked_var(H, 'v')`, brian2/groups/
// group.py, linked_var and Group.__setattr__): a parameter flagged `(linked)` is bound by the
// group's `linked: v = linked_var(H, v)` to a variable of another group of the same size; it
// reads that variable, element by element, and is read-only.
#include <fmt/format.h>

#include <algorithm>

#include "diagnostics/suggest.hpp"
#include "sema/binder.hpp"

namespace lsm::sema {

namespace {

// `linked_var(H, v)`: the group's and the variable's name expressions, or nullptr.
const std::vector<ast::Expr>* linkedVarArguments(const ast::Expr& e) {
  if (e.kind != ast::Expr::Kind::call || e.name != "linked_var" || e.operands.size() != 2)
    return nullptr;
  for (const ast::Expr& a : e.operands)
    if (a.kind != ast::Expr::Kind::name) return nullptr;
  return &e.operands;
}

bool readsAny(const ir::Expr& e, const std::vector<std::string>& names) {
  if (e.kind == ir::Expr::Kind::variable && e.scope == ir::Scope::self &&
      std::find(names.begin(), names.end(), e.name) != names.end())
    return true;
  for (const ir::Expr& operand : e.operands)
    if (readsAny(operand, names)) return true;
  return false;
}

}  // namespace

// A linked variable is read where the network runs: where it is built (init, trial_init) the
// variable it is linked to may not have its value yet, so reading it there is an error.
void Binder::linkedReadsAtBuild(const ir::NeuronGroup& group,
                                const std::vector<ir::Statement>& statements) {
  std::vector<std::string> names;
  for (const ir::Variable& v : group.variables)
    if (v.linked) names.push_back(v.name);
  if (names.empty()) return;
  for (const ir::Statement& s : statements) {
    bool reads = readsAny(s.value, names) || (s.condition && readsAny(*s.condition, names));
    if (!reads) continue;
    diagnostics_.error(s.value.begin, fmt::format("a linked variable of group '{}' cannot be "
                                                  "read in its initialisation: read the "
                                                  "variable it is linked to",
                                                  group.name));
  }
}

void Binder::links(const ast::BodyItem* item, ir::NeuronGroup& group) {
  const std::string owner = fmt::format("group '{}'", group.name);
  if (item != nullptr) {
    for (const ast::Statement& s : item->statements) {
      const std::vector<ast::Expr>* arguments = linkedVarArguments(s.value);
      if (s.kind != ast::Statement::Kind::assign || s.op != AssignOp::assign || s.condition ||
          arguments == nullptr) {
        diagnostics_.error(s.location,
                           "a link is 'VARIABLE = linked_var(GROUP, VARIABLE)' "
                           "(Brian2's G.v = linked_var(H, 'v'))");
        continue;
      }
      ir::Variable* v = nullptr;
      for (auto& candidate : group.variables)
        if (candidate.name == s.target) v = &candidate;
      if (v == nullptr || !v->linked) {
        diagnostics_.error(s.targetLocation,
                           fmt::format("'{}' is no (linked) variable of {}: declare it '{} : "
                                       "UNIT (linked)'",
                                       s.target, owner, s.target));
        continue;
      }
      if (!v->linkedGroup.empty()) {
        diagnostics_.error(s.targetLocation, fmt::format("'{}' is linked twice", s.target));
        continue;
      }
      link(*v, (*arguments)[0], (*arguments)[1], group);
    }
  }
  for (const ir::Variable& v : group.variables) {
    if (v.linked && v.linkedGroup.empty() && !scope_.isPoisoned(v.name)) {
      diagnostics_.error(v.location,
                         fmt::format("'{}' is (linked), but no 'linked: {} = linked_var(GROUP, "
                                     "VARIABLE)' of {} binds it",
                                     v.name, v.name, owner));
    }
  }
}

// Binds `v` to `source.variable`: a stored variable of a group of the same size, of v's
// dimension and type.
void Binder::link(ir::Variable& v, const ast::Expr& source, const ast::Expr& variable,
                  const ir::NeuronGroup& group) {
  if (v.shared || v.constant) {
    diagnostics_.error(v.location, fmt::format("'{}' is (linked): it reads the variable it is "
                                               "linked to and cannot be shared or constant",
                                               v.name));
    return;
  }
  const ir::NeuronGroup* target = model_.findGroup(source.name);
  if (target == nullptr) {
    std::vector<std::string> names;
    for (const auto& g : model_.groups) names.push_back(g.name);
    diagnostics_.error(source.location, fmt::format("linked_var needs a group, and '{}' is none{}",
                                                    source.name, didYouMean(source.name, names)));
    return;
  }
  if (target->size != group.size) {
    diagnostics_.error(source.location,
                       fmt::format("group '{}' has {} elements and group '{}' {}: a linked "
                                   "variable reads the element of the same index (Brian2's "
                                   "index= is not supported)",
                                   target->name, target->size, group.name, group.size));
    return;
  }
  const ir::Variable* linked = target->findVariable(variable.name);
  if (linked == nullptr) {
    std::vector<std::string> names;
    for (const auto& candidate : target->variables) names.push_back(candidate.name);
    diagnostics_.error(variable.location,
                       fmt::format("group '{}' has no variable '{}'{}", target->name, variable.name,
                                   didYouMean(variable.name, names)));
    return;
  }
  if (linked->kind == ir::Variable::Kind::subexpression || linked->linked || linked->shared) {
    diagnostics_.error(variable.location,
                       fmt::format("'{}' of group '{}' is {}: a link reads a stored variable "
                                   "with a value per element",
                                   variable.name, target->name,
                                   linked->linked   ? "linked itself"
                                   : linked->shared ? "shared"
                                                    : "a subexpression"));
    return;
  }
  if (!(linked->dimension == v.dimension) || linked->type != v.type) {
    diagnostics_.error(
        variable.location,
        fmt::format(
            "'{}' is {}, but '{}' of group '{}' is {}", v.name,
            v.type == ir::ValueType::real ? v.dimension.describe() : std::string("not real"),
            variable.name, target->name,
            linked->type == ir::ValueType::real ? linked->dimension.describe()
                                                : std::string("not real")));
    return;
  }
  v.linkedGroup = target->name;
  v.linkedVariable = linked->name;
}

}  // namespace lsm::sema
