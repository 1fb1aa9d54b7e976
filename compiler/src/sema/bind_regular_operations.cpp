// Name binding of `run_regularly(dt = ..., when = ..., order = ..., name = ...) { code }` in
// groups and synapses: Brian2's `G.run_regularly(code, dt=None, when='start', order=0,
// name=None)` (brian2/groups/group.py). Without options the code runs at every step in the
// `start` slot, as Brian2's default clock and slot have it.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "diagnostics/suggest.hpp"
#include "sema/binder.hpp"

namespace lsm::sema {

namespace {

const std::vector<std::string>& optionNames() {
  static const std::vector<std::string> names = {"dt", "when", "order", "name"};
  return names;
}

std::optional<ir::Slot> slotNamed(const std::string& name) {
  for (ir::Slot slot : ir::allSlots()) {
    if (ir::spelling(slot) == name) return slot;
  }
  return std::nullopt;
}

// Brian2's find_name("<object>_run_regularly*"): the first free of `<object>_run_regularly`,
// `<object>_run_regularly_1`, ...
std::string defaultName(const std::string& object, const std::set<std::string>& taken) {
  std::string base = object + "_run_regularly";
  if (taken.count(base) == 0) return base;
  for (int k = 1;; ++k) {
    std::string name = fmt::format("{}_{}", base, k);
    if (taken.count(name) == 0) return name;
  }
}

}  // namespace

std::vector<ir::RegularOperation> Binder::regularOperations(const ast::Body& body,
                                                            const std::string& object,
                                                            const ExpressionScope& scope,
                                                            const AssignmentTargets& targets) {
  std::vector<ir::RegularOperation> out;
  std::set<std::string> taken;
  for (const ast::BodyItem& item : body.items) {
    if (item.key != "run_regularly" || item.kind != ast::BodyItem::Kind::block) continue;
    ir::RegularOperation r;
    r.location = item.location;
    if (!regularOptions(item, object, r)) continue;
    if (r.name.empty()) r.name = defaultName(object, taken);
    if (!taken.insert(r.name).second) {
      diagnostics_.error(item.location,
                         fmt::format("two run_regularly of '{}' are named '{}'", object, r.name));
      continue;
    }
    r.code = statements(&item, scope, targets);
    out.push_back(std::move(r));
  }
  return out;
}

// The options of one run_regularly: each known, given once, of its kind.
bool Binder::regularOptions(const ast::BodyItem& item, const std::string& object,
                            ir::RegularOperation& r) {
  std::set<std::string> given;
  bool ok = true;
  for (const ast::Statement& option : item.options) {
    const ast::Expr& e = option.value;
    const std::string& key = option.target;
    if (key.empty()) {
      diagnostics_.error(option.location,
                         "run_regularly's options are named: dt = ..., when = "
                         "..., order = ..., name = ...");
      ok = false;
      continue;
    }
    if (std::find(optionNames().begin(), optionNames().end(), key) == optionNames().end()) {
      diagnostics_.error(
          option.targetLocation,
          fmt::format("run_regularly has no option '{}'{}", key,
                      didYouMean(key, optionNames()).empty() ? " (expected dt, when, order or name)"
                                                             : didYouMean(key, optionNames())));
      ok = false;
      continue;
    }
    if (!given.insert(key).second) {
      diagnostics_.error(option.targetLocation,
                         fmt::format("run_regularly's option '{}' is given twice", key));
      ok = false;
      continue;
    }
    if (key == "when" || key == "name") {
      if (e.kind != ast::Expr::Kind::name) {
        diagnostics_.error(e.location, key == "when"
                                           ? "'when' takes a slot of the schedule: start, groups, "
                                             "thresholds, synapses, resets or end (also with "
                                             "before_ or after_)"
                                           : "'name' takes a name");
        ok = false;
      } else if (key == "name") {
        r.name = e.name;
      } else if (auto slot = slotNamed(e.name)) {
        r.when = *slot;
      } else {
        diagnostics_.error(e.location, fmt::format("unknown slot '{}': 'when' takes start, groups, "
                                                   "thresholds, synapses, resets or end (also "
                                                   "with before_ or after_)",
                                                   e.name));
        ok = false;
      }
      continue;
    }
    if (key == "order") {
      auto order = constants_.count(e, "the order of a run_regularly", -1'000'000);
      if (!order) {
        ok = false;
        continue;
      }
      r.order = static_cast<int>(*order);
      continue;
    }
    auto dt = constants_.evaluate(e, fmt::format("run_regularly of '{}'", object), "'dt'");
    if (!dt) {
      ok = false;
      continue;
    }
    if (!(dt->dimension == Dimension::base(2)) || !(dt->value > 0)) {
      diagnostics_.error(e.location, fmt::format("run_regularly's 'dt' must be a positive "
                                                 "duration, got {}",
                                                 formatQuantity(*dt)));
      ok = false;
      continue;
    }
    r.dt = dt->value;
    r.dtLocation = e.location;
  }
  return ok;
}

}  // namespace lsm::sema
