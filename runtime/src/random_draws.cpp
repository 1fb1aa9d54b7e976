#include "random_draws.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "lsm/network.hpp"
#include "lsm/random.hpp"

namespace lsm {

void RandomDraws::nameCalls(const std::string& site, const ir::Expr& e,
                            std::map<ir::Builtin, int>& seen) {
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function)) {
    std::string purpose =
        fmt::format("{}/{}#{}", site, ir::spelling(e.function), seen[e.function]++);
    const std::uint64_t hash = hashPurpose(purpose);
    sites_[&e] = {std::move(purpose), hash};
  }
  for (const ir::Expr& operand : e.operands) nameCalls(site, operand, seen);
}

void RandomDraws::name(const std::string& object, const std::string& block,
                       const std::vector<ir::Statement>& statements) {
  std::map<std::string, int> assignments;  // per target: statements of the block so far
  for (const ir::Statement& s : statements) {
    std::string target = (s.kind == ir::Statement::Kind::let ? "let " : "") + s.target;
    std::string site = fmt::format("{}/{}/{}#{}", object, block, target, assignments[target]++);
    std::map<ir::Builtin, int> seen;
    if (s.condition) nameCalls(site, *s.condition, seen);
    nameCalls(site, s.value, seen);
  }
}

void RandomDraws::name(const std::string& object, const std::string& block,
                       const std::string& target, const ir::Expr& expression) {
  std::map<ir::Builtin, int> seen;
  nameCalls(fmt::format("{}/{}/{}", object, block, target), expression, seen);
}

void RandomDraws::nameLike(const ir::Expr& copy, const ir::Expr& original) {
  if (auto site = sites_.find(&original); site != sites_.end()) sites_[&copy] = site->second;
  for (std::size_t k = 0; k < copy.operands.size() && k < original.operands.size(); ++k)
    nameLike(copy.operands[k], original.operands[k]);
}

void RandomDraws::nameLike(const ir::Statement& copy, const ir::Statement& original) {
  if (copy.condition && original.condition) nameLike(*copy.condition, *original.condition);
  nameLike(copy.value, original.value);
}

double RandomDraws::draw(const ir::Expr& call, const std::vector<double>& a, std::int64_t element,
                         std::int64_t count) {
  // The call site names the stream: two draws in one statement are independent.
  auto site = sites_.find(&call);
  if (site == sites_.end()) {
    throw std::logic_error(fmt::format("{}:{}:{}: a call of {} that no block named",
                                       call.location.file, call.location.line, call.location.column,
                                       ir::spelling(call.function)));
  }
  const std::string& purpose = site->second.purpose;
  if (call.function == ir::Builtin::permutation) {
    std::lock_guard<std::mutex> guard(permutationsLock_);
    auto& permutation = permutations_[purpose];
    if (permutation.empty()) {
      permutation.resize(static_cast<std::size_t>(count));
      std::iota(permutation.begin(), permutation.end(), 0);
      RandomStream stream(seed_, purpose, 0, trial_);
      for (std::size_t k = permutation.size(); k > 1; --k) {  // Fisher–Yates
        std::swap(permutation[k - 1], permutation[static_cast<std::size_t>(stream.below(k))]);
      }
    }
    // Checked before the cast, which is undefined for NaN and values beyond 64 bits.
    const bool inside = a[0] >= 0 && a[0] < static_cast<double>(count);
    const auto index = inside ? static_cast<std::int64_t>(a[0]) : std::int64_t{-1};
    if (!inside || static_cast<double>(index) != a[0]) {
      throw BuildError(fmt::format("{}:{}:{}: permutation({}) is outside 0..{}", call.location.file,
                                   call.location.line, call.location.column, a[0], count - 1));
    }
    return static_cast<double>(permutation[static_cast<std::size_t>(index)]);
  }
  RandomStream stream(seed_, RandomStream::HashedPurpose{site->second.hash},
                      static_cast<std::uint64_t>(element), trial_);
  switch (call.function) {
    case ir::Builtin::uniform:
      return a[0] + (a[1] - a[0]) * stream.uniform();
    case ir::Builtin::normal:
      return a[0] + a[1] * stream.normal();
    case ir::Builtin::gamma:
      // Marsaglia and Tsang's method loops forever for a NaN shape, and recurses without end
      // for a very negative one.
      if (!(a[0] > 0) || !std::isfinite(a[0])) {
        throw BuildError(
            fmt::format("{}:{}:{}: gamma({}, ...): the shape must be positive and "
                        "finite",
                        call.location.file, call.location.line, call.location.column, a[0]));
      }
      return stream.gamma(a[0]) * a[1];
    case ir::Builtin::exponential:
      return a[0] * stream.exponential();
    case ir::Builtin::rand:
      return stream.uniform();
    case ir::Builtin::randn:
      return stream.normal();
    case ir::Builtin::exp:
    case ir::Builtin::expm1:
    case ir::Builtin::log:
    case ir::Builtin::log10:
    case ir::Builtin::log1p:
    case ir::Builtin::sin:
    case ir::Builtin::cos:
    case ir::Builtin::tan:
    case ir::Builtin::sinh:
    case ir::Builtin::cosh:
    case ir::Builtin::tanh:
    case ir::Builtin::arcsin:
    case ir::Builtin::arccos:
    case ir::Builtin::arctan:
    case ir::Builtin::abs:
    case ir::Builtin::floor:
    case ir::Builtin::ceil:
    case ir::Builtin::clip:
    case ir::Builtin::min:
    case ir::Builtin::max:
    case ir::Builtin::phi1:
    case ir::Builtin::timestep:
    case ir::Builtin::sqrt:
    case ir::Builtin::sign:
    case ir::Builtin::toInt:
    case ir::Builtin::permutation:
      break;  // deterministic, or drawn above
  }
  throw std::logic_error("'" + std::string(ir::spelling(call.function)) +
                         "' is not a random function");
}

}  // namespace lsm
