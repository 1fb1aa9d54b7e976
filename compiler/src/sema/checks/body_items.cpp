// Check: every body holds only the items of its kind (body_schema.hpp), each once and in its
// form; a setting that takes one expression has one; synapses have a connection rule. Runs on
// the AST after template expansion (an instance's body is its synapse_model's, with its own
// items in place of the model's).
#include <fmt/format.h>

#include <set>

#include "diagnostics/suggest.hpp"
#include "sema/body_schema.hpp"
#include "sema/checks.hpp"
#include "sema/names.hpp"

namespace lsm::sema {

namespace {

const ItemRule* ruleOf(const std::vector<ItemRule>& rules, const std::string& key) {
  for (const auto& r : rules)
    if (r.key == key) return &r;
  return nullptr;
}

std::string formHint(const ItemRule& rule) {
  if (rule.values) {
    return fmt::format("'{}' takes values: write '{}: [...] * unit' or '{}: \"file.npy\" * unit'",
                       rule.key, rule.key, rule.key);
  }
  return rule.setting ? fmt::format("'{}' is a setting: write '{}: ...'", rule.key, rule.key)
                      : fmt::format("'{}' is a block: write '{} {{ ... }}'", rule.key, rule.key);
}

// `run(...)` and `x = ...` are the experiment's; elsewhere, a setting written with '=' is the
// likeliest meaning.
void stepOutsideTheExperiment(const ast::BodyItem& item, const std::vector<ItemRule>& rules,
                              const std::string& owner, DiagnosticEngine& diagnostics) {
  if (item.kind == ast::BodyItem::Kind::call) {
    diagnostics.error(item.location, fmt::format("'{}(...)' does not belong in {}: steps like "
                                                 "run(...) belong in the experiment",
                                                 item.key, owner));
    return;
  }
  const ast::Statement& s = item.statements.at(0);
  if (const ItemRule* rule = ruleOf(rules, s.target); rule != nullptr && item.key.empty()) {
    diagnostics.error(item.location, formHint(*rule));
    return;
  }
  diagnostics.error(
      item.location,
      fmt::format("'{}{} {} ...' does not belong in {}: assignments go in init "
                  "{{ ... }}, or between runs in the experiment",
                  item.key.empty() ? "" : item.key + ".", s.target, spelling(s.op), owner));
}

void checkBody(const ast::Body& body, const std::vector<ItemRule>& rules, const std::string& owner,
               DiagnosticEngine& diagnostics) {
  std::vector<std::string> keys;
  for (const auto& r : rules) keys.push_back(r.key);
  std::set<std::string> seen;
  for (const ast::BodyItem& item : body.items) {
    if (item.kind == ast::BodyItem::Kind::call || item.kind == ast::BodyItem::Kind::assignment) {
      stepOutsideTheExperiment(item, rules, owner, diagnostics);
      continue;
    }
    const ItemRule* rule = ruleOf(rules, item.key);
    if (rule == nullptr) {
      std::string allowed;
      for (const auto& k : keys) allowed += (allowed.empty() ? "" : ", ") + k;
      std::string hint = didYouMean(item.key, keys);
      diagnostics.error(item.location,
                        fmt::format("'{}' does not belong in {}{}", item.key, owner,
                                    keys.empty()   ? std::string(" (it takes no settings)")
                                    : hint.empty() ? " (expected one of: " + allowed + ")"
                                                   : hint));
      continue;
    }
    bool formOk = (item.kind == ast::BodyItem::Kind::equations && item.key == "equations") ||
                  (item.kind == ast::BodyItem::Kind::block && rule->block) ||
                  (item.kind == ast::BodyItem::Kind::setting && rule->setting) ||
                  (item.kind == ast::BodyItem::Kind::values && rule->values);
    if (!formOk) {
      diagnostics.error(item.location, formHint(*rule));
      continue;
    }
    if (item.hasOptions && !rule->repeatable) {
      diagnostics.error(item.location, fmt::format("'{}' takes no options: write '{} {{ ... }}'",
                                                   item.key, item.key));
      continue;
    }
    if (!seen.insert(item.key).second && !rule->repeatable) {
      diagnostics.error(item.location, fmt::format("duplicate '{}' in {}", item.key, owner));
      continue;
    }
    if (rule->singleExpression && (item.statements.size() != 1 ||
                                   item.statements[0].kind != ast::Statement::Kind::expression)) {
      diagnostics.error(item.location, fmt::format("'{}' takes one expression", item.key));
    }
  }
}

}  // namespace

void checkBodyItems(const ast::Module& module, DiagnosticEngine& diagnostics) {
  for (const auto& g : module.generators) {
    checkBody(g.body, spikeGeneratorItems(), fmt::format("spike_generator '{}'", g.name),
              diagnostics);
  }
  for (const auto& a : module.timedArrays) {
    checkBody(a.body, timedArrayItems(), fmt::format("timed_array '{}'", a.name), diagnostics);
  }
  for (const auto& g : module.groups) {
    checkBody(g.body, groupItems(), fmt::format("group '{}'", g.name), diagnostics);
  }
  for (const auto& p : module.poissonInputs) {
    checkBody(p.body, poissonInputItems(), fmt::format("poisson_input '{}'", p.name), diagnostics);
    const BodyItems items = itemsByKey(p.body);
    for (const ItemRule& rule : poissonInputItems()) {
      if (items.count(rule.key) > 0) continue;
      diagnostics.error(p.location, fmt::format("poisson_input '{}' needs '{}: ...' (Brian2's "
                                                "PoissonInput(target, variable, N, rate, "
                                                "weight))",
                                                p.name, rule.key));
    }
  }
  for (const auto& s : module.subgroups) {
    checkBody(s.body, subgroupItems(), fmt::format("subgroup '{}'", s.name), diagnostics);
  }
  for (const auto& s : module.synapses) {
    checkBody(s.body, synapsesItems(), fmt::format("synapses '{}'", s.name), diagnostics);
    if (itemsByKey(s.body).count("connect") == 0) {
      diagnostics.error(s.location, fmt::format("synapses '{}' have no 'connect:' rule (for "
                                                "example 'connect: p = 0.1')",
                                                s.name));
    }
  }
  for (const auto& m : module.monitors) {
    auto kind = monitorKindNamed(m.kind);
    if (!kind) continue;  // the monitor-forms check's
    checkBody(m.body, *kind == ir::Monitor::Kind::state ? stateMonitorItems() : spikeMonitorItems(),
              fmt::format("{} monitor '{}'", m.kind, m.name), diagnostics);
  }
}

}  // namespace lsm::sema
