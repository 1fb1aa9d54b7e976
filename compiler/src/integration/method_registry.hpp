// The integration methods a model can name (`method: rk4`), one entry per method with the
// function that integrates a group's or synapses' equations by it. Name binding checks
// method names against this list and the integration pass dispatches through it (Brian2:
// StateUpdateMethod.register): a new method is its file, its entry here, and its value and
// spelling in ir::Method (lsm/ir.hpp, ir/ir.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "integration/method.hpp"
#include "integration/stochastic.hpp"

namespace lsm::integration {

// Appends the step's statements for `odes` to `update`, or reports why the method cannot
// integrate them.
using Integrate = void (*)(const OdeSet& odes, IntegrationContext& context,
                           ir::StateUpdate& update);

struct MethodEntry {
  ir::Method method;
  Integrate integrate;
  NoiseSupport noise;  // which white noise it integrates
};

const std::vector<MethodEntry>& registeredMethods();
const MethodEntry& registeredMethod(ir::Method method);
// The method a model names, or nullopt.
std::optional<ir::Method> methodNamed(std::string_view name);
std::vector<std::string> methodNames();

// The methods (one file each).
void integrateExact(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update);
void integrateEuler(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update);
void integrateRk2(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update);
void integrateRk4(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update);
void integrateExponentialEuler(const OdeSet& odes, IntegrationContext& context,
                               ir::StateUpdate& update);
void integrateHeun(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update);
void integrateMilstein(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update);

}  // namespace lsm::integration
