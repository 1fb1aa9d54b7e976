// Timed arrays in the IR: finding one by name, and Brian2's upsampling factor.
#include <algorithm>
#include <cmath>

#include "lsm/ir.hpp"

namespace lsm::ir {

const TimedArray* Model::findTimedArray(const std::string& name) const {
  for (const auto& a : timedArrays)
    if (a.name == name) return &a;
  return nullptr;
}

std::int64_t timedArrayUpsampling(double modelDt, double arrayDt) {
  // input/timedarray.py: K = max(int(2 ** ceil(log2(8 / group_dt * dt))), 1), so that the
  // rounding of t / (dt / K) is safe even for multistep methods.
  const double k = std::pow(2.0, std::ceil(std::log2(8.0 / modelDt * arrayDt)));
  return std::max<std::int64_t>(static_cast<std::int64_t>(k), 1);
}

}  // namespace lsm::ir
