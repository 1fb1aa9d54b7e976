// The model's random functions (uniform, normal, gamma, exponential, rand, randn,
// permutation) on counter-based streams: each call site of each object draws from its own
// stream, keyed by the element (and trial), so draws do not depend on evaluation order.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lsm/ir.hpp"

namespace lsm {

class RandomDraws {
 public:
  RandomDraws(std::uint64_t seed, std::uint64_t trial) : seed_(seed), trial_(trial) {}

  // One draw of `call` (with evaluated `arguments`) for `element` of `object`; `count` is
  // the number of elements (for permutation).
  double draw(const std::string& object, const ir::Expr& call, const std::vector<double>& arguments,
              std::int64_t element, std::int64_t count);

 private:
  std::uint64_t seed_;
  std::uint64_t trial_;
  std::map<std::string, std::vector<std::int64_t>> permutations_;
};

}  // namespace lsm
