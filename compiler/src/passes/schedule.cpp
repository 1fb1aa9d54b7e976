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
      ops.push_back({Op::Kind::spikeMonitor, Slot::thresholds, orderOf(m.population) + 1, m.name,
                     m.name, ""});
    } else {
      ops.push_back({Op::Kind::stateMonitor, Slot::start, 0, m.name, m.name, ""});
    }
  }
  // Brian2's PoissonInput runs when='synapses', order=0: after on_pre, before on_post.
  for (const auto& p : model.poissonInputs)
    ops.push_back({Op::Kind::poissonInput, Slot::synapses, 0, p.name, p.name, ""});
  std::stable_sort(ops.begin(), ops.end(), [](const Op& a, const Op& b) {
    if (a.slot != b.slot) return a.slot < b.slot;
    if (a.order != b.order) return a.order < b.order;
    return a.name < b.name;
  });
  return ops;
}

void schedule(ir::Model& model) {
  model.schedule = scheduleOf(model);
}

}  // namespace lsm
