#include "sema/body_schema.hpp"

namespace lsm::sema {

const std::vector<ItemRule>& groupItems() {
  static const std::vector<ItemRule> rules = {
      {"equations", false, false, false},
      {"threshold", false, true, true},
      {"reset", true, true, false},
      {"refractory", false, true, true},
      {"method", false, true, true},
      {"init", true, true, false},
      {"trial_init", true, true, false},
      {.key = "run_regularly", .block = true, .repeatable = true},
      {"events", true, false, false},
      {.key = "run_on_event", .block = true, .repeatable = true},
      {"linked", false, true, false}};
  return rules;
}

const std::vector<ItemRule>& poissonInputItems() {
  static const std::vector<ItemRule> rules = {{"variable", false, true, true},
                                              {"N", false, true, true},
                                              {"rate", false, true, true},
                                              {"weight", false, true, true}};
  return rules;
}

const std::vector<ItemRule>& subgroupItems() {
  static const std::vector<ItemRule> rules = {{"init", true, true, false},
                                              {"trial_init", true, true, false}};
  return rules;
}

const std::vector<ItemRule>& synapsesItems() {
  static const std::vector<ItemRule> rules = {
      {"equations", false, false, false},
      {"on_pre", true, true, false},
      {"on_post", true, true, false},
      {"connect", false, true, false},
      {"delay", false, true, true},
      {"method", false, true, true},
      {"init", true, true, false},
      {"trial_init", true, true, false},
      {.key = "run_regularly", .block = true, .repeatable = true},
      {"on_event", false, true, false}};
  return rules;
}

const std::vector<ItemRule>& spikeGeneratorItems() {
  static const std::vector<ItemRule> rules = {{.key = "indices", .values = true},
                                              {.key = "times", .values = true},
                                              {.key = "spikes", .values = true},
                                              {"period", false, true, true}};
  return rules;
}

const std::vector<ItemRule>& timedArrayItems() {
  static const std::vector<ItemRule> rules = {{.key = "values", .values = true},
                                              {"dt", false, true, true}};
  return rules;
}

const std::vector<ItemRule>& stateMonitorItems() {
  static const std::vector<ItemRule> rules = {{"every", false, true, true},
                                              {"elements", false, true, false}};
  return rules;
}

const std::vector<ItemRule>& spikeMonitorItems() {
  static const std::vector<ItemRule> none;
  return none;
}

BodyItems itemsByKey(const ast::Body& body) {
  BodyItems items;
  for (const auto& item : body.items) items.emplace(item.key, &item);
  return items;
}

const ast::BodyItem* itemOf(const BodyItems& items, const std::string& key) {
  auto found = items.find(key);
  return found == items.end() ? nullptr : found->second;
}

const ast::Expr& settingExpression(const ast::BodyItem& item) {
  return item.statements.at(0).value;
}

}  // namespace lsm::sema
