#include "integration/method_registry.hpp"

#include <stdexcept>

namespace lsm::integration {

const std::vector<MethodEntry>& registeredMethods() {
  using M = ir::Method;
  static const std::vector<MethodEntry> methods = {
      {M::exact, integrateExact, NoiseSupport::none},
      {M::euler, integrateEuler, NoiseSupport::additive},
      {M::rk2, integrateRk2, NoiseSupport::none},
      {M::rk4, integrateRk4, NoiseSupport::none},
      {M::exponentialEuler, integrateExponentialEuler, NoiseSupport::none},
      {M::heun, integrateHeun, NoiseSupport::multiplicative},
      {M::milstein, integrateMilstein, NoiseSupport::diagonal},
  };
  return methods;
}

const MethodEntry& registeredMethod(ir::Method method) {
  for (const MethodEntry& entry : registeredMethods())
    if (entry.method == method) return entry;
  throw std::logic_error("integration method '" + std::string(ir::spelling(method)) +
                         "' is not registered");
}

std::optional<ir::Method> methodNamed(std::string_view name) {
  for (const MethodEntry& entry : registeredMethods())
    if (ir::spelling(entry.method) == name) return entry.method;
  return std::nullopt;
}

std::vector<std::string> methodNames() {
  std::vector<std::string> names;
  for (const MethodEntry& entry : registeredMethods())
    names.emplace_back(ir::spelling(entry.method));
  return names;
}

}  // namespace lsm::integration
