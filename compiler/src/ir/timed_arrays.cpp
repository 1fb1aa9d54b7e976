// Timed arrays in the IR: finding one by name, and Brian2's upsampling factor.
#include <algorithm>
#include <cmath>
#include <limits>

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

double timedArrayValue(const TimedArray& array, double modelDt, double t, double i) {
  const auto k = static_cast<double>(timedArrayUpsampling(modelDt, array.dt));
  const double epsilon = array.dt / k;
  const double steps = std::trunc((t / epsilon + 0.5) / k);
  const auto row = static_cast<std::int64_t>(
      std::min(std::max(steps, 0.0), static_cast<double>(array.rows - 1)));
  if (array.columns == 0) return array.values[static_cast<std::size_t>(row)];
  const auto column = static_cast<std::int64_t>(std::trunc(i));
  if (column < 0 || column >= array.columns) return std::numeric_limits<double>::quiet_NaN();
  return array.values[static_cast<std::size_t>(row * array.columns + column)];
}

}  // namespace lsm::ir
