// Name binding of poisson_input (Brian2's PoissonInput): the target population, the variable
// it adds to, the number of inputs and their rate (constants), and the weight (an expression
// in the target's scope).
#include <fmt/format.h>

#include "sema/binder.hpp"

namespace lsm::sema {

void Binder::poissonInput(const ast::PoissonInput& p) {
  if (!scope_.declare(p.name, p.location, "poisson_input")) return;
  auto target = population(p.target, p.targetLocation);
  if (!target) return;
  const ir::NeuronGroup* group = model_.findGroup(target->group);
  if (group == nullptr) {
    diagnostics_.error(p.targetLocation, fmt::format("poisson_input '{}' needs a group or "
                                                     "subgroup as its target, not '{}'",
                                                     p.name, p.target));
    return;
  }
  auto items = itemsByKey(p.body);
  const ast::BodyItem* variable = itemOf(items, "variable");
  const ast::BodyItem* count = itemOf(items, "N");
  const ast::BodyItem* rate = itemOf(items, "rate");
  const ast::BodyItem* weight = itemOf(items, "weight");
  if (!variable || !count || !rate || !weight) return;  // reported by the body-items check
  ir::PoissonInput out;
  out.name = p.name;
  out.location = p.location;
  out.target = *target;
  const ast::Expr& named = settingExpression(*variable);
  const ir::Variable* v =
      named.kind == ast::Expr::Kind::name ? group->findVariable(named.name) : nullptr;
  if (v == nullptr || v->kind == ir::Variable::Kind::subexpression || v->constant ||
      v->type != ir::ValueType::real) {
    diagnostics_.error(named.location,
                       fmt::format("the variable of poisson_input '{}' must be a real variable of "
                                   "group '{}' that may change while it runs",
                                   p.name, group->name));
    return;
  }
  out.variable = v->name;
  const std::string owner = fmt::format("poisson_input '{}'", p.name);
  auto n = constants_.count(settingExpression(*count), "the N of " + owner, 1);
  auto r = constants_.evaluate(settingExpression(*rate), "a poisson_input", "the rate of " + owner);
  if (!n || !r) return;
  if (!(r->dimension == Dimension::base(2).power(-1)) || !(r->value >= 0)) {
    diagnostics_.error(settingExpression(*rate).location,
                       fmt::format("the rate of {} must be a frequency of at least 0 Hz, not {}",
                                   owner, formatQuantity(*r)));
    return;
  }
  out.n = *n;
  out.rate = r->value;
  auto w = bind(settingExpression(*weight), groupScope(*group, "the weight of " + owner));
  if (!w) return;
  out.weight = std::move(*w);
  model_.poissonInputs.push_back(std::move(out));
}

}  // namespace lsm::sema
