// Reading a monitored variable of one element: a stored one from the state, a subexpression
// evaluated from what it reads (in synapses, the source's and target's variables too). For
// state monitors and the variables spike monitors record at each spike.
#pragma once

#include <map>
#include <string>

#include "end_values.hpp"
#include "lsm/network.hpp"

namespace lsm {

class VariableReader {
 public:
  // Of the group `population` belongs to, or of `synapses` when not empty; `network` must
  // outlive the reader.
  VariableReader(const ir::Model& model, const NetworkInstance& network,
                 const ir::Population& population, const std::string& synapses, double dt);

  // `variable` of `element` (group-wide, or the synapse's index) at time `t`.
  double value(const std::string& variable, std::int64_t element, double t) const;
  // The values of `variable` by element when it is stored per element (not linked, not a
  // subexpression, not shared), else nullptr: value() of each element without a lookup by
  // name. Valid until the state's arrays change size.
  const double* storedValues(const std::string& variable) const;
  const ObjectState& state() const { return state_; }

 private:
  const ir::Model& model_;
  const ObjectState& state_;
  double dt_;
  std::map<std::string, const ir::Expr*> subexpressions_;  // not stored, so evaluated
  EndValues pre_, post_;                                   // of a synapse's source and target
  const ir::Synapses* synapses_ = nullptr;
  const Connectivity* connectivity_ = nullptr;
  std::int64_t postSize_ = 0;  // N_post
  LinkedVariables linked_;     // of a group
};

}  // namespace lsm
