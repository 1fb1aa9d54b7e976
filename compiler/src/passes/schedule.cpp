#include "passes/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lsm {

namespace {

using Op = ir::ScheduledOperation;
using ir::Slot;

// Brian2 gives a Subgroup the order of its parent plus one.
int orderOf(const ir::Population& p) {
  return p.name == p.group ? 0 : 1;
}

}  // namespace

std::vector<ir::ScheduledOperation> scheduleOf(const ir::Model& model) {
  std::vector<Op> ops;
  for (const auto& g : model.groups) {
    ops.push_back({Op::Kind::stateUpdate, Slot::groups, 0, g.name + "_stateupdater", g.name, ""});
    if (g.threshold) {
      ops.push_back(
          {Op::Kind::threshold, Slot::thresholds, 0, g.name + "_spike_thresholder", g.name, ""});
    }
    if (!g.reset.empty()) {
      ops.push_back({Op::Kind::reset, Slot::resets, 0, g.name + "_spike_resetter", g.name, ""});
    }
    // Brian2 checks a custom event after the threshold and runs its code after the resets.
    for (const ir::GroupEvent& e : g.events) {
      ops.push_back({Op::Kind::threshold, Slot::afterThresholds, 0,
                     fmt::format("{}_{}_thresholder", g.name, e.name), g.name, e.name});
      if (!e.code.empty()) {
        ops.push_back({Op::Kind::reset, Slot::afterResets, 0,
                       fmt::format("{}_{}_resetter", g.name, e.name), g.name, e.name});
      }
    }
  }
  for (const auto& g : model.generators) {
    ops.push_back({Op::Kind::spikeGenerator, Slot::thresholds, 0, g.name, g.name, ""});
  }
  for (const auto& s : model.synapses) {
    if (s.update && !s.update->statements.empty()) {
      ops.push_back({Op::Kind::stateUpdate, Slot::groups, 0, s.name + "_stateupdater", s.name, ""});
    }
    for (const auto& summed : s.summed) {
      ops.push_back({Op::Kind::summedVariable, Slot::groups, orderOf(s.target) - 1,
                     fmt::format("{}_summed_variable_{}_post", s.name, summed.target), s.name,
                     summed.target});
    }
    if (!s.onPre.empty()) {
      ops.push_back(
          {Op::Kind::pathway, Slot::synapses, -1, s.name + "_pre", s.name, "", ir::Pathway::pre});
    }
    if (!s.onPost.empty()) {  // Brian2 (synapses.py): post pathways have order +1
      ops.push_back(
          {Op::Kind::pathway, Slot::synapses, 1, s.name + "_post", s.name, "", ir::Pathway::post});
    }
  }
  for (const auto& m : model.monitors) {
    // A rate monitor counts this step's spikes, as a spike monitor does (Brian2 runs its
    // PopulationRateMonitor at the end of the step; what it reads is the same there).
    if (m.kind == ir::Monitor::Kind::spikes || m.kind == ir::Monitor::Kind::rate) {
      // An EventMonitor of a group runs right after its event's thresholder (brian2/monitors/
      // spikemonitor.py): after_thresholds for a custom event. Of a subgroup, which has no
      // thresholder of its own, it takes the subgroup's slot, thresholds, whatever the event.
      const bool afterThresholds = m.event != "spike" && m.population.name == m.population.group;
      ops.push_back({Op::Kind::spikeMonitor,
                     afterThresholds ? Slot::afterThresholds : Slot::thresholds,
                     orderOf(m.population) + 1, m.name, m.name, ""});
    } else {
      ops.push_back({Op::Kind::stateMonitor, Slot::start, 0, m.name, m.name, ""});
    }
  }
  // run_regularly: the slot and order it names (Brian2's CodeRunner of the group).
  auto regular = [&](const std::string& object, const std::vector<ir::RegularOperation>& list) {
    for (const ir::RegularOperation& r : list)
      ops.push_back({Op::Kind::regular, r.when, r.order, r.name, object, r.name});
  };
  for (const auto& g : model.groups) regular(g.name, g.regular);
  for (const auto& s : model.synapses) regular(s.name, s.regular);
  // Brian2's PoissonInput runs when='synapses', order=0: after on_pre, before on_post.
  for (const auto& p : model.poissonInputs)
    ops.push_back({Op::Kind::poissonInput, Slot::synapses, 0, p.name, p.name, ""});
  std::stable_sort(ops.begin(), ops.end(), [](const Op& a, const Op& b) {
    if (a.slot != b.slot) return ir::rank(a.slot) < ir::rank(b.slot);
    if (a.order != b.order) return a.order < b.order;
    return a.name < b.name;
  });
  return ops;
}

void schedule(ir::Model& model) {
  model.schedule = scheduleOf(model);
}

}  // namespace lsm
