// What each kind of body holds (`group g(N) { ... }`, `synapses`, monitors, ...): the keys of
// its items and their form. The body-items check reports items that do not fit; name binding
// reads the first item of each key.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lsm/ast.hpp"

namespace lsm::sema {

// Rules name the optional fields (`{.key = "times", .values = true}`): a positional list would
// shift silently when a field is added.
struct ItemRule {
  std::string key;
  bool block = false;             // key { statements }
  bool setting = false;           // key: statement, ...
  bool singleExpression = false;  // a setting of one expression (threshold: v > 1)
  bool values = false;            // key: [values] * unit, or key: "file" * unit
  // A block that may be given several times and may take options in parentheses
  // (`run_regularly(dt = 1 ms) { ... }`).
  bool repeatable = false;
};
// `equations { ... }` is its own form, allowed where a rule with key "equations" is.

const std::vector<ItemRule>& groupItems();
const std::vector<ItemRule>& subgroupItems();
const std::vector<ItemRule>& synapsesItems();
const std::vector<ItemRule>& spikeGeneratorItems();  // indices, times or spikes; period
const std::vector<ItemRule>& timedArrayItems();      // values, dt
const std::vector<ItemRule>& poissonInputItems();    // variable, N, rate, weight: all needed
const std::vector<ItemRule>& stateMonitorItems();
const std::vector<ItemRule>& spikeMonitorItems();  // none

// The first item of each key of a body.
using BodyItems = std::map<std::string, const ast::BodyItem*>;
BodyItems itemsByKey(const ast::Body& body);
const ast::BodyItem* itemOf(const BodyItems& items, const std::string& key);

// The expression of a setting that holds one (checked by the body-items check).
const ast::Expr& settingExpression(const ast::BodyItem& item);

}  // namespace lsm::sema
