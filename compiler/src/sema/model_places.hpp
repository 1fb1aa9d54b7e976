// The places of a bound model, visited in the model's order: every group's, subgroup's and
// synapses' equations, settings and statement lists, then the experiment's assignments
// between runs, with the owner and place that messages name. For the checks that judge code
// by where it stands.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "lsm/ir.hpp"
#include "sema/places.hpp"

namespace lsm::sema {

struct PlaceVisitor {
  // An expression at `place` of `owner` ("group 'g'").
  std::function<void(const ir::Expr&, Place, const std::string& owner)> expression;
  // A statement list at `place` of `owner`.
  std::function<void(const std::vector<ir::Statement>&, Place, const std::string& owner)>
      statements;
};

void forEachPlace(const ir::Model& model, const PlaceVisitor& visitor);

// How messages name a group, subgroup or synapses object of the model: "group 'g'".
std::string describeObject(const ir::Model& model, const std::string& object);

// The variables a statement on a group, subgroup (its group's) or synapses object writes.
struct ObjectVariables {
  const std::vector<ir::Variable>* variables = nullptr;  // nullptr: no such object
  bool subgroup = false;
};
ObjectVariables objectVariables(const ir::Model& model, const std::string& object);

}  // namespace lsm::sema
