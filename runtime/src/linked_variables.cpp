#include "linked_variables.hpp"

namespace lsm {

LinkedVariables::LinkedVariables(const ir::NeuronGroup& group, const NetworkInstance& network) {
  for (const ir::Variable& v : group.variables) {
    if (!v.linked) continue;
    links_[v.name] = {&network.groups.at(v.linkedGroup), v.linkedVariable,
                      v.linkedIndex ? &v.linkedIndices : nullptr};
  }
}

std::optional<double> LinkedVariables::get(const std::string& name, std::int64_t at) const {
  auto found = links_.find(name);
  if (found == links_.end()) return std::nullopt;
  const Link& l = found->second;
  return l.state->get(l.variable,
                      l.indices == nullptr ? at : (*l.indices)[static_cast<std::size_t>(at)]);
}

}  // namespace lsm
