#include "ir/plan_random.hpp"

#include <cmath>
#include <cstring>

namespace lsm::ir::plan_random {

double ScalarArithmetic::squareRoot(double x) {
  return std::sqrt(x);  // correctly rounded, as LLVM's llvm.sqrt
}

std::uint64_t ScalarArithmetic::bitsOf(double x) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

double ScalarArithmetic::realOfBits(std::uint64_t bits) {
  double x = 0;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

std::uint64_t streamOf(std::string_view site) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : site) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

double draw(const PlanRandomKey& key, std::uint64_t stream, std::uint64_t element,
            std::uint64_t step, bool normal) {
  ScalarArithmetic a;
  const Block<ScalarArithmetic> w = block(a, key.seed, stream, key.trial, step, element);
  return normal ? plan_random::normal(a, w) : uniform(a, w);
}

}  // namespace lsm::ir::plan_random
