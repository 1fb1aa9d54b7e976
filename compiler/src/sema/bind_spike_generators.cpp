// Name binding of spike generators: their size and the spikes the model gives them, checked as
// Brian2's SpikeGeneratorGroup(N, indices, times, period) checks its arguments when it is made
// (input/spikegeneratorgroup.py, _check_args). What depends on the time step (two spikes of
// one element in one step, the period in steps) is the spike-generators check's.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sema/binder.hpp"
#include "sema/value_lists.hpp"

namespace lsm::sema {

namespace {

const Dimension second = Dimension::base(2);

// A value's place in messages: its own location when written in the model, else the list's.
SourceLocation placeOf(const Values& v, std::size_t k, const SourceLocation& list) {
  return v.locations.empty() ? list : v.locations[k];
}

// One column of a 1-D list, or of an n x 1 table.
bool oneColumn(const Values& v) {
  return v.shape.size() == 1 || (v.shape.size() == 2 && v.shape[1] == 1);
}

}  // namespace

void Binder::generator(const ast::SpikeGenerator& g) {
  if (!scope_.declare(g.name, g.location, "spike_generator")) return;
  auto size = constants_.count(g.size, fmt::format("the size of '{}'", g.name), 1);
  if (!size) {
    scope_.poison(g.name);
    return;
  }
  ir::SpikeGenerator out{g.name, g.location, *size, {}, {}, 0, {}, {}};
  if (!generatorSpikes(g.body, out)) {
    scope_.poison(g.name);
    return;
  }
  model_.generators.push_back(std::move(out));
  scope_.definePopulation(ir::Population{g.name, g.name, 0, *size, true});
}

bool Binder::generatorSpikes(const ast::Body& body, ir::SpikeGenerator& out) {
  const BodyItems items = itemsByKey(body);
  const ast::BodyItem* indicesItem = itemOf(items, "indices");
  const ast::BodyItem* timesItem = itemOf(items, "times");
  const ast::BodyItem* spikesItem = itemOf(items, "spikes");
  const std::string of = fmt::format("'{}'", out.name);
  if (spikesItem != nullptr && (indicesItem != nullptr || timesItem != nullptr)) {
    diagnostics_.error(spikesItem->location,
                       fmt::format("{} gives its spikes twice: write either 'spikes: \"file\" "
                                   "* unit' or 'indices: [...]' with 'times: [...] * unit'",
                                   of));
    return false;
  }
  if ((indicesItem == nullptr) != (timesItem == nullptr)) {
    const ast::BodyItem* given = indicesItem != nullptr ? indicesItem : timesItem;
    diagnostics_.error(given->location,
                       fmt::format("{} has {} but no {} (Brian2's SpikeGeneratorGroup(N, "
                                   "indices, times) takes both)",
                                   of, given->key, indicesItem != nullptr ? "times" : "indices"));
    return false;
  }
  std::optional<Values> indices, times;
  if (spikesItem != nullptr) {
    // A table of two columns, index and time; the unit is the time column's.
    ast::ValueList list = *spikesItem->values;
    list.unit.reset();
    auto table = evaluateValues(list, "the spikes of " + of, constants_, diagnostics_);
    if (!table) return false;
    if (table->shape.size() != 2 || table->shape[1] != 2) {
      diagnostics_.error(spikesItem->values->location,
                         fmt::format("the spikes of {} are a table of two columns, index and "
                                     "time; this one has {}",
                                     of, table->shape.size() == 2 ? table->shape[1] : 1));
      return false;
    }
    Quantity unit{1.0, Dimension()};
    if (spikesItem->values->unit) {
      auto u = constants_.evaluate(*spikesItem->values->unit, "a value list",
                                   "the unit of the spike times of " + of);
      if (!u) return false;
      unit = *u;
    }
    indices = Values{{}, {table->shape[0]}, Dimension(), {}};
    times = Values{{}, {table->shape[0]}, unit.dimension, {}};
    for (std::int64_t r = 0; r < table->shape[0]; ++r) {
      indices->values.push_back(table->values[static_cast<std::size_t>(2 * r)]);
      times->values.push_back(table->values[static_cast<std::size_t>(2 * r + 1)] * unit.value);
    }
  } else if (indicesItem != nullptr) {
    indices =
        evaluateValues(*indicesItem->values, "the indices of " + of, constants_, diagnostics_);
    times =
        evaluateValues(*timesItem->values, "the spike times of " + of, constants_, diagnostics_);
    if (!indices || !times) return false;
    for (auto [v, item] : {std::pair{&*indices, indicesItem}, std::pair{&*times, timesItem}}) {
      if (oneColumn(*v)) continue;
      diagnostics_.error(item->values->location,
                         fmt::format("the {} of {} are one list of values, not a table of {} "
                                     "columns",
                                     item->key, of, v->shape.back()));
      return false;
    }
  }
  const SourceLocation indicesAt =
      spikesItem != nullptr ? spikesItem->values->location : SourceLocation{};
  if (indices) {
    const SourceLocation& iAt = indicesItem != nullptr ? indicesItem->values->location : indicesAt;
    const SourceLocation& tAt = timesItem != nullptr ? timesItem->values->location : indicesAt;
    out.spikesLocation = tAt;
    if (indices->values.size() != times->values.size()) {
      diagnostics_.error(iAt, fmt::format("{} has {} indices but {} times (Brian2: their lengths "
                                          "must match)",
                                          of, indices->values.size(), times->values.size()));
      return false;
    }
    if (!indices->dimension.isDimensionless()) {
      diagnostics_.error(iAt, fmt::format("the indices of {} must be dimensionless, not {}", of,
                                          indices->dimension.describe()));
      return false;
    }
    if (!(times->dimension == second)) {
      diagnostics_.error(tAt, fmt::format("the spike times of {} must be times (write '* ms'), "
                                          "not {}",
                                          of, times->dimension.describe()));
      return false;
    }
    for (std::size_t k = 0; k < indices->values.size(); ++k) {
      const double i = indices->values[k];
      if (std::trunc(i) != i || i < 0 || i >= static_cast<double>(out.size)) {
        diagnostics_.error(placeOf(*indices, k, iAt),
                           fmt::format("index {} of {} is {}, not an element of its {} (0 to {})",
                                       k, of, i, out.size, out.size - 1));
        return false;
      }
      if (times->values[k] < 0) {
        diagnostics_.error(placeOf(*times, k, tAt),
                           fmt::format("spike time {} of {} is {:g} ms: spike times cannot be "
                                       "negative",
                                       k, of, times->values[k] * 1e3));
        return false;
      }
    }
    // Sorted by time, then index (Brian2's lexsort((indices, times))).
    std::vector<std::size_t> order(indices->values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (times->values[a] != times->values[b]) return times->values[a] < times->values[b];
      return indices->values[a] < indices->values[b];
    });
    for (std::size_t k : order) {
      out.indices.push_back(static_cast<std::int32_t>(indices->values[k]));
      out.times.push_back(times->values[k]);
    }
  }
  if (const ast::BodyItem* period = itemOf(items, "period")) {
    const ast::Expr& e = settingExpression(*period);
    auto value = constants_.evaluate(e, "a setting", fmt::format("the period of {}", of));
    if (!value) return false;
    if (!(value->dimension == second) || value->value < 0) {
      diagnostics_.error(e.location, fmt::format("the period of {} must be a time of 0 s or more "
                                                 "(0: no repetition), got {}",
                                                 of, formatQuantity(*value)));
      return false;
    }
    out.period = value->value;
    out.periodLocation = e.location;
  }
  return true;
}

}  // namespace lsm::sema
