// Name binding of timed arrays: Brian2's TimedArray(values, dt) (input/timedarray.py) as
// `timed_array NAME { values: [...] * unit  dt: ... }`, its values 1-D (one per time) or 2-D
// (a row per time, a column per element), written in the model or read from a file.
#include <fmt/format.h>

#include "sema/binder.hpp"
#include "sema/value_lists.hpp"

namespace lsm::sema {

void Binder::timedArray(const ast::TimedArray& a) {
  if (!scope_.declare(a.name, a.location, "timed_array")) return;
  const BodyItems items = itemsByKey(a.body);
  const ast::BodyItem* values = itemOf(items, "values");
  const ast::BodyItem* dt = itemOf(items, "dt");
  const std::string of = fmt::format("timed_array '{}'", a.name);
  if (values == nullptr || dt == nullptr) {
    diagnostics_.error(a.location,
                       fmt::format("{} needs '{}' (Brian2's TimedArray(values, dt))", of,
                                   values == nullptr ? "values: [...]" : "dt: ..."));
    scope_.poison(a.name);
    return;
  }
  auto table = evaluateValues(*values->values, "the values of " + of, constants_, diagnostics_);
  const ast::Expr& dtExpr = settingExpression(*dt);
  auto step = constants_.evaluate(dtExpr, "a setting", "the dt of " + of);
  if (!table || !step) {
    scope_.poison(a.name);
    return;
  }
  if (!(step->dimension == Dimension::base(2)) || !(step->value > 0)) {
    diagnostics_.error(dtExpr.location, fmt::format("the dt of {} must be a positive time, got {}",
                                                    of, formatQuantity(*step)));
    scope_.poison(a.name);
    return;
  }
  if (table->values.empty()) {
    diagnostics_.error(values->values->location, fmt::format("{} has no values", of));
    scope_.poison(a.name);
    return;
  }
  ir::TimedArray out;
  out.name = a.name;
  out.location = a.location;
  out.rows = table->shape[0];
  out.columns = table->shape.size() == 2 ? table->shape[1] : 0;
  out.values = std::move(table->values);
  out.dt = step->value;
  out.dimension = table->dimension;
  scope_.defineTimedArray(out.name, {out.dimension, out.columns});
  model_.timedArrays.push_back(std::move(out));
}

}  // namespace lsm::sema
