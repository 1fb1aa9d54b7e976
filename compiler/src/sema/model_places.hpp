// The places of a bound model, visited in the model's order: every group's, subgroup's and
// synapses' equations, settings and statement lists, with the owner and place that messages
// name. For the checks that judge code by where it stands.
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

}  // namespace lsm::sema
