// The variables of a synapse's source or target element as the synapse's code reads them
// (`X_pre`, `X_post`): stored ones from the state, subexpressions evaluated with that object's
// variables, the element's index in its group as i and the group's size as N (Brian2; the
// step plan reads them the same way). A target synapses object's subexpressions read only its
// own variables (sema checks it), so the same holds for them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "linked_variables.hpp"
#include "lsm/network.hpp"

namespace lsm {

class EndValues {
 public:
  EndValues() = default;
  // Of the population's group or target synapses in `network`, which must outlive this (a
  // spike generator has no variables). A group's linked variables read the variable they are
  // linked to (at the element's index, where the link has one).
  EndValues(const ir::Model& model, const ir::Population& population,
            const NetworkInstance& network);

  // `name` of element `at` (group-wide, or the target synapse) at time `t`. Throws
  // std::logic_error for a name the object does not have.
  double get(const std::string& name, std::int64_t at, double t, double dt) const;

 private:
  const ObjectState* state_ = nullptr;
  std::map<std::string, const ir::Expr*> subexpressions_;  // not stored, so evaluated
  LinkedVariables linked_;
};

}  // namespace lsm
