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

// Brian2's choice where the model names no method (StateUpdateMethod.apply_stateupdater with
// its default ('exact', 'euler', 'heun')): the first that integrates the equations. `exact`
// is tried on copies, so that its attempt leaves nothing behind.
ir::Method chooseMethod(const OdeSet& odes, IntegrationContext& context) {
  if (odes.stochastic())
    return integration::multiplicativeNoise(odes) ? ir::Method::heun : ir::Method::euler;
  DiagnosticEngine quiet;
  std::vector<ir::Variable> variables = context.variables;
  IntegrationContext attempt{quiet, context.owner, variables, context.written};
  ir::StateUpdate scratch;
  integration::integrateExact(odes, attempt, scratch);
  return quiet.hasErrors() ? ir::Method::euler : ir::Method::exact;
}

// The step's statements for `odes` by `method` (or the chosen one where the model names
// none), after the `constant over dt` prologue.
void integrateOdes(OdeSet& odes, ir::Method& method, bool named, IntegrationContext& context,
                   ir::StateUpdate& update) {
  // The equation-flags check has made sure that `(unless refractory)` has a refractory period.
  if (odes.states.empty()) return;
  if (!integration::splitNoise(odes, context)) return;
  if (!named) method = chooseMethod(odes, context);
  update.method = method;
  const integration::MethodEntry& entry = integration::registeredMethod(method);
  if (!integration::checkNoise(odes, method, entry.noise, context)) return;
  for (const auto& s : odes.prologue) update.statements.push_back(s);
  entry.integrate(odes, context, update);
}

void integrateGroup(ir::NeuronGroup& g, const RunTimeWrites& writes,
                    DiagnosticEngine& diagnostics) {
  IntegrationContext context{diagnostics, fmt::format("group '{}'", g.name), g.variables,
                             writes.ofGroup.at(g.name)};
  ir::StateUpdate update;
  update.method = g.method;
  if (g.refractory) integration::addRefractoriness(g, update);
  auto odes = integration::prepareOdes(g.equations, [](const ir::Equation&) { return true; });
  integrateOdes(odes, g.method, g.methodNamed, context, update);
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
  integrateOdes(clock, s.method, s.methodNamed, context, update);
  s.update = std::move(update);
  auto events =
      integration::prepareOdes(s.equations, [](const ir::Equation& eq) { return eq.eventDriven; });
  if (events.states.empty() || !integration::splitNoise(events, context)) return;
  if (events.stochastic()) {
    for (const std::string& x : events.states) {
      if (events.diffusion.at(x).empty()) continue;
      diagnostics.error(events.locations.at(x),
                        fmt::format("the event-driven equation d{}/dt in {} cannot have white "
                                    "noise (it is integrated between events); make it "
                                    "clock-driven",
                                    x, context.owner));
      return;
    }
  }
  integration::integrateEventDriven(events, s, context);
}

}  // namespace

void integrate(ir::Model& model, DiagnosticEngine& diagnostics) {
  RunTimeWrites writes(model);
  for (auto& g : model.groups) integrateGroup(g, writes, diagnostics);
  for (auto& s : model.synapses) integrateSynapses(s, model, writes, diagnostics);
}

}  // namespace lsm
