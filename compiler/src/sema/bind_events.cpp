// Name binding of custom events (brian2/groups/neurongroup.py): a group's `events { NAME =
// CONDITION }` (Brian2's NeuronGroup(events={'NAME': 'CONDITION'})) and `run_on_event(NAME)
// { code }` (G.run_on_event('NAME', code)); synapses' `on_event: pre = NAME, post = NAME`
// (Synapses(on_event={'pre': 'NAME'})); the event of `events(POP, NAME, ...)` monitors
// (EventMonitor(G, 'NAME', variables)). The spike event is the group's `threshold` and
// `reset`.
#include <fmt/format.h>

#include "diagnostics/suggest.hpp"
#include "sema/binder.hpp"

namespace lsm::sema {

namespace {

std::vector<std::string> eventNames(const ir::NeuronGroup& group) {
  std::vector<std::string> names;
  for (const ir::GroupEvent& e : group.events) names.push_back(e.name);
  return names;
}

}  // namespace

void Binder::groupEvents(const ast::Body& body, ir::NeuronGroup& group) {
  const std::string owner = fmt::format("group '{}'", group.name);
  if (const ast::BodyItem* events = itemOf(itemsByKey(body), "events")) {
    for (const ast::Statement& s : events->statements) {
      if (s.kind != ast::Statement::Kind::assign || s.op != AssignOp::assign || s.condition) {
        diagnostics_.error(s.location,
                           "an event is 'NAME = CONDITION' (Brian2's events={'NAME': "
                           "'CONDITION'})");
        continue;
      }
      if (s.target == "spike") {
        diagnostics_.error(s.targetLocation,
                           "the spike event is the group's 'threshold:' (and "
                           "its code 'reset:'); give this event another name");
        continue;
      }
      if (group.findEvent(s.target) != nullptr) {
        diagnostics_.error(s.targetLocation,
                           fmt::format("{} defines event '{}' twice", owner, s.target));
        continue;
      }
      ir::GroupEvent event;
      event.name = s.target;
      event.location = s.targetLocation;
      ExpressionScope scope = groupScope(
          group,
          describePlace(Place::eventCondition, fmt::format("event '{}' of {}", event.name, owner)));
      auto condition = bind(s.value, scope);
      if (!condition) continue;
      event.condition = std::move(*condition);
      group.events.push_back(std::move(event));
    }
  }
  for (const ast::BodyItem& item : body.items) {
    if (item.key != "run_on_event" || item.kind != ast::BodyItem::Kind::block) continue;
    if (item.options.size() != 1 || item.options[0].kind != ast::Statement::Kind::expression ||
        item.options[0].value.kind != ast::Expr::Kind::name) {
      diagnostics_.error(item.location,
                         "run_on_event takes the name of an event: "
                         "'run_on_event(NAME) { ... }'");
      continue;
    }
    const ast::Expr& name = item.options[0].value;
    if (name.name == "spike") {
      diagnostics_.error(name.location,
                         "the spike event's code is the group's 'reset:', not run_on_event");
      continue;
    }
    ir::GroupEvent* event = group.findEvent(name.name);
    if (event == nullptr) {
      diagnostics_.error(name.location, fmt::format("{} has no event '{}'{}", owner, name.name,
                                                    didYouMean(name.name, eventNames(group))));
      continue;
    }
    if (!event->code.empty()) {
      diagnostics_.error(name.location, fmt::format("event '{}' of {} has its code already (one "
                                                    "run_on_event per event, as in Brian2)",
                                                    event->name, owner));
      continue;
    }
    ExpressionScope scope = groupScope(
        group,
        describePlace(Place::eventCode, fmt::format("event '{}' of {}", event->name, owner)));
    event->code = statements(&item, scope, {&group.variables});
  }
}

// The group of a population with the event `name` ("spike": any group or generator), or a
// message's reason why it has none.
std::string Binder::eventOf(const ir::Population& population, const std::string& name,
                            const SourceLocation& where) {
  if (name == "spike") return name;
  const ir::NeuronGroup* group =
      population.isGenerator ? nullptr : model_.findGroup(population.group);
  if (group == nullptr) {
    diagnostics_.error(
        where, fmt::format("'{}' has only the spike event, not '{}'", population.name, name));
    return "";
  }
  if (group->findEvent(name) == nullptr) {
    diagnostics_.error(where, fmt::format("group '{}' has no event '{}'{}", group->name, name,
                                          didYouMean(name, eventNames(*group))));
    return "";
  }
  return name;
}

// `on_event: pre = up, post = down`.
void Binder::synapseEvents(const ast::BodyItem* item, ir::Synapses& out) {
  if (item == nullptr) return;
  for (const ast::Statement& s : item->statements) {
    bool pre = s.target == "pre";
    if (s.kind != ast::Statement::Kind::assign || s.op != AssignOp::assign || s.condition ||
        (!pre && s.target != "post") || s.value.kind != ast::Expr::Kind::name) {
      diagnostics_.error(s.location,
                         "on_event names the event of each pathway: 'on_event: pre "
                         "= NAME' or 'post = NAME' (Brian2's on_event={'pre': "
                         "'NAME'})");
      continue;
    }
    std::string event = eventOf(pre ? out.source : out.target, s.value.name, s.value.location);
    if (event.empty()) continue;
    (pre ? out.preEvent : out.postEvent) = event;
  }
}

}  // namespace lsm::sema
