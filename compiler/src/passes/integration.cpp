#include "passes/integration.hpp"

#include <fmt/format.h>

#include "integration/event_driven.hpp"
#include "integration/method_registry.hpp"
#include "integration/refractoriness.hpp"
#include "passes/run_time_writes.hpp"

namespace lsm {

namespace {

using integration::IntegrationContext;
using integration::OdeSet;

// The step's statements for `odes` by `method`, after the `constant over dt` prologue.
void integrateOdes(const OdeSet& odes, ir::Method method, IntegrationContext& context,
                   ir::StateUpdate& update) {
  // The equation-flags check has made sure that `(unless refractory)` has a refractory period.
  if (odes.states.empty()) return;
  for (const auto& s : odes.prologue) update.statements.push_back(s);
  integration::registeredMethod(method).integrate(odes, context, update);
}

void integrateGroup(ir::NeuronGroup& g, const RunTimeWrites& writes,
                    DiagnosticEngine& diagnostics) {
  IntegrationContext context{diagnostics, fmt::format("group '{}'", g.name), g.variables,
                             writes.ofGroup.at(g.name)};
  ir::StateUpdate update;
  update.method = g.method;
  if (g.refractory) integration::addRefractoriness(g, update);
  auto odes = integration::prepareOdes(g.equations, [](const ir::Equation&) { return true; });
  integrateOdes(odes, g.method, context, update);
  g.update = std::move(update);
}

void integrateSynapses(ir::Synapses& s, const ir::Model& model, const RunTimeWrites& writes,
                       DiagnosticEngine& diagnostics) {
  IntegrationContext context{diagnostics, fmt::format("synapses '{}'", s.name), s.variables,
                             writes.ofSynapses.at(s.name)};
  integration::guardRefractoryWrites(s, model);
  ir::StateUpdate update;
  update.method = s.method;
  auto clock =
      integration::prepareOdes(s.equations, [](const ir::Equation& eq) { return !eq.eventDriven; });
  integrateOdes(clock, s.method, context, update);
  s.update = std::move(update);
  auto events =
      integration::prepareOdes(s.equations, [](const ir::Equation& eq) { return eq.eventDriven; });
  if (!events.states.empty()) integration::integrateEventDriven(events, s, context);
}

}  // namespace

void integrate(ir::Model& model, DiagnosticEngine& diagnostics) {
  RunTimeWrites writes(model);
  for (auto& g : model.groups) integrateGroup(g, writes, diagnostics);
  for (auto& s : model.synapses) integrateSynapses(s, model, writes, diagnostics);
}

}  // namespace lsm
