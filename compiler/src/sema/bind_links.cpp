// Name binding of linked variables (Brian2's `G.v = linked_var(H, 'v', index=...)`,
// brian2/groups/group.py, linked_var, Group.__setattr__ and Group._linked_var_index): a
// parameter flagged `(linked)` is bound by the group's `linked: v = linked_var(H, v)` to a
// variable of another group of the same size, or with `index = EXPR` of any size, element k
// reading H's element EXPR(k); it is read-only.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "diagnostics/suggest.hpp"
#include "lsm/ir_evaluator.hpp"
#include "sema/binder.hpp"
#include "sema/dimension_inference.hpp"

namespace lsm::sema {

namespace {

// `linked_var(H, v)` or `linked_var(H, v, index = EXPR)`: whether the call has that form.
bool isLinkedVar(const ast::Expr& e) {
  if (e.kind != ast::Expr::Kind::call || e.name != "linked_var") return false;
  if (e.operands.size() != 2 && e.operands.size() != 3) return false;
  for (std::size_t k = 0; k < 2; ++k) {
    if (e.operands[k].kind != ast::Expr::Kind::name) return false;
    if (k < e.argumentNames.size() && !e.argumentNames[k].empty()) return false;
  }
  return e.operands.size() == 2 || (e.argumentNames.size() == 3 && e.argumentNames[2] == "index");
}

// What of an index expression is not fixed when the network is built (a variable, the time,
// a draw), or nullptr.
const ir::Expr* notFixed(const ir::Expr& e) {
  if (e.kind == ir::Expr::Kind::variable) return &e;
  if (e.kind == ir::Expr::Kind::special && e.special != ir::Special::i &&
      e.special != ir::Special::N)
    return &e;
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function)) return &e;
  for (const ir::Expr& operand : e.operands)
    if (const ir::Expr* found = notFixed(operand)) return found;
  return nullptr;
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
  std::set<std::string> attempted;
  if (item != nullptr) {
    for (const ast::Statement& s : item->statements) {
      if (s.kind != ast::Statement::Kind::assign || s.op != AssignOp::assign || s.condition ||
          !isLinkedVar(s.value)) {
        diagnostics_.error(s.location,
                           "a link is 'VARIABLE = linked_var(GROUP, VARIABLE)' or "
                           "'VARIABLE = linked_var(GROUP, VARIABLE, index = EXPRESSION)' "
                           "(Brian2's G.v = linked_var(H, 'v', index=...))");
        continue;
      }
      const std::vector<ast::Expr>& arguments = s.value.operands;
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
      link(*v, arguments[0], arguments[1], arguments.size() == 3 ? &arguments[2] : nullptr, group);
      attempted.insert(v->name);  // where it failed, that error is the one to read
    }
  }
  for (const ir::Variable& v : group.variables) {
    if (v.linked && v.linkedGroup.empty() && !scope_.isPoisoned(v.name) &&
        attempted.count(v.name) == 0) {
      diagnostics_.error(v.location,
                         fmt::format("'{}' is (linked), but no 'linked: {} = linked_var(GROUP, "
                                     "VARIABLE)' of {} binds it",
                                     v.name, v.name, owner));
    }
  }
}

// The source element of each of the group's elements: `index`, an integer expression of i,
// N and constants, evaluated element by element (Brian2's index array); every one within the
// source's `size` elements. Empty after an error.
std::vector<std::int32_t> Binder::linkIndices(const ast::Expr& index, const ir::NeuronGroup& group,
                                              const ir::NeuronGroup& source, ir::Variable& v) {
  const std::string place =
      fmt::format("the index of the link of '{}' in group '{}'", v.name, group.name);
  std::optional<ir::Expr>& bound = v.linkedIndex;
  bound = bind(index, groupScope(group, place));
  if (!bound || !inferDimensions(*bound, diagnostics_)) return {};
  if (const ir::Expr* e = notFixed(*bound)) {
    std::string what, why;
    if (e->kind == ir::Expr::Kind::call) {
      what = fmt::format("draw {}()", ir::spelling(e->function));
      why = "a draw differs from network to network";
    } else if (e->kind == ir::Expr::Kind::special) {
      what = fmt::format("read '{}'", ir::spelling(e->special));
      why = "the time changes while the network runs";
    } else {
      what = fmt::format("read the variable '{}'", e->name);
      why = "a variable is set when the network is built and may change while it runs";
    }
    diagnostics_.error(e->location, fmt::format("{} is fixed when the model is checked: an "
                                                "expression of i, N and constants, which "
                                                "cannot {} ({})",
                                                place, what, why));
    return {};
  }
  if (bound->type != ir::ValueType::integer) {
    diagnostics_.error(index.begin,
                       fmt::format("{} must be an integer (Brian2's integer index array), but "
                                   "it is {}: use // for a whole quotient, or int(...)",
                                   place,
                                   bound->type == ir::ValueType::boolean ? std::string("a boolean")
                                   : bound->dimension.isDimensionless()
                                       ? std::string("a real number")
                                       : "a quantity (" + bound->dimension.describe() + ")"));
    return {};
  }
  std::vector<std::int32_t> indices;
  indices.reserve(static_cast<std::size_t>(group.size));
  for (std::int64_t k = 0; k < group.size; ++k) {
    ir::Environment at;
    at.special = [&](ir::Special special) {
      return static_cast<double>(special == ir::Special::i ? k : group.size);
    };
    const double value = ir::evaluate(*bound, at);
    if (!(value >= 0 && value < static_cast<double>(source.size))) {
      diagnostics_.error(index.begin,
                         fmt::format("{} is {} for element {}, outside group '{}' (elements "
                                     "0 to {})",
                                     place, value, k, source.name, source.size - 1));
      return {};
    }
    indices.push_back(static_cast<std::int32_t>(value));
  }
  return indices;
}

// Binds `v` to `source.variable`: a stored variable of a group of the same size (or of any
// size, through `index`), of v's dimension and type.
void Binder::link(ir::Variable& v, const ast::Expr& source, const ast::Expr& variable,
                  const ast::Expr* index, const ir::NeuronGroup& group) {
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
  if (target->size != group.size && index == nullptr) {
    diagnostics_.error(
        source.location,
        fmt::format("group '{}' has {} elements and group '{}' {}: a linked "
                    "variable reads the element of the same index unless "
                    "'index = EXPRESSION' says which (linked_var({}, {}, index = "
                    "{}))",
                    target->name, target->size, group.name, group.size, target->name, variable.name,
                    target->size > 0 && group.size % target->size == 0
                        ? fmt::format("i // {}", group.size / target->size)
                        : fmt::format("i * {} // N", target->size)));
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
  if (index != nullptr) {
    std::vector<std::int32_t> indices = linkIndices(*index, group, *target, v);
    if (indices.empty() && group.size > 0) {
      v.linkedIndex.reset();
      return;
    }
    v.linkedIndices = std::move(indices);
  }
  v.linkedGroup = target->name;
  v.linkedVariable = linked->name;
}

}  // namespace lsm::sema
