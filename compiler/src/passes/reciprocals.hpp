// Pass on the step plan (`reciprocals`): a division by a value fixed while running (a constant,
// or variables no routine writes) becomes a multiplication by its reciprocal, a number or a
// value `derive` computes per element (or once). Example:
//     let _k_v = dt * ((v - E) ** 2 / _K0)
// becomes
//     let _k_v = dt * ((v - E) ** 2 * _R0)        derive: _R0 = 1 / _K0
// A multiplication takes a fraction of a division's time; results differ by rounding
// (docs/precision.md). A loop body that reads a reciprocal `derive` computes falls back to the
// division where it is not finite (a divisor of 0, or one so small that 1/x overflows); the
// threshold's condition and its statements at a spike, which have no fallback, only take
// reciprocals of numbers, and only normal ones.
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

void replaceDivisionsByReciprocals(ir::StepPlan& plan);

}  // namespace lsm
