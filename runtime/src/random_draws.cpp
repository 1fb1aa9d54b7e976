#include "random_draws.hpp"

#include <fmt/format.h>

#include <numeric>

#include "lsm/network.hpp"
#include "lsm/random.hpp"

namespace lsm {

double RandomDraws::draw(const std::string& object, const ir::Expr& call,
                         const std::vector<double>& a, std::int64_t element, std::int64_t count) {
  // The call site names the stream: two draws in one statement are independent.
  std::string purpose = fmt::format("{}:{}:{}:{}:{}", object, call.name, call.location.file,
                                    call.location.line, call.location.column);
  if (call.name == "permutation") {
    auto& permutation = permutations_[purpose];
    if (permutation.empty()) {
      permutation.resize(static_cast<std::size_t>(count));
      std::iota(permutation.begin(), permutation.end(), 0);
      RandomStream stream(seed_, purpose, 0, trial_);
      for (std::size_t k = permutation.size(); k > 1; --k) {  // Fisher–Yates
        std::swap(permutation[k - 1], permutation[static_cast<std::size_t>(stream.below(k))]);
      }
    }
    auto index = static_cast<std::int64_t>(a[0]);
    if (index < 0 || index >= count || static_cast<double>(index) != a[0]) {
      throw BuildError(fmt::format("{}:{}:{}: permutation({}) is outside 0..{}", call.location.file,
                                   call.location.line, call.location.column, a[0], count - 1));
    }
    return static_cast<double>(permutation[static_cast<std::size_t>(index)]);
  }
  RandomStream stream(seed_, purpose, static_cast<std::uint64_t>(element), trial_);
  if (call.name == "uniform") return a[0] + (a[1] - a[0]) * stream.uniform();
  if (call.name == "normal") return a[0] + a[1] * stream.normal();
  if (call.name == "gamma") return stream.gamma(a[0]) * a[1];
  if (call.name == "exponential") return a[0] * stream.exponential();
  if (call.name == "rand") return stream.uniform();
  if (call.name == "randn") return stream.normal();
  throw std::logic_error("unknown random function " + call.name);
}

}  // namespace lsm
