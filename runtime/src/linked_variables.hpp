// A group's linked variables (`v : volt (linked)`) as readers of the state see them: each the
// variable it is linked to, at the element's index where the link has one. The step plan reads
// them the same way; the linked variable's own array is never written.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsm/network.hpp"

namespace lsm {

class LinkedVariables {
 public:
  LinkedVariables() = default;
  // `network` must outlive this.
  LinkedVariables(const ir::NeuronGroup& group, const NetworkInstance& network);

  // Linked variable `name` of element `at`; nullopt when `name` is not a linked variable.
  std::optional<double> get(const std::string& name, std::int64_t at) const;
  bool links(const std::string& name) const { return links_.count(name) > 0; }

 private:
  struct Link {
    const ObjectState* state;
    std::string variable;
    const std::vector<std::int32_t>* indices;  // nullptr: the same element
  };
  std::map<std::string, Link> links_;
};

}  // namespace lsm
