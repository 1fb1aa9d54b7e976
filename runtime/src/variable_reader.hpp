// Reading a monitored variable of one element: a stored one from the state, a subexpression
// evaluated from what it reads (in synapses, the source's and target's variables too). For
// state monitors and the variables spike monitors record at each spike.
#pragma once

#include <map>
#include <string>

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
  const ObjectState& state() const { return state_; }

 private:
  using Subexpressions = std::map<std::string, const ir::Expr*>;  // not stored, so evaluated
  // The value of `name` of element `at` (group-wide) of a synapse's source or target.
  double ofEnd(const ObjectState& state, const Subexpressions& subexpressions,
               const std::string& name, std::int64_t at, double t) const;

  const ObjectState& state_;
  double dt_;
  Subexpressions subexpressions_;
  Subexpressions preSubexpressions_, postSubexpressions_;
  const ir::Synapses* synapses_ = nullptr;
  const Connectivity* connectivity_ = nullptr;
  const ObjectState* pre_ = nullptr;
  const ObjectState* post_ = nullptr;
  std::int64_t postSize_ = 0;  // N_post
};

}  // namespace lsm
