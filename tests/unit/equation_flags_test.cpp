// The equation-flags check: flags are known, given once, fit their equation; synaptic ODEs have a
// clock.
#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

TEST(EquationFlags, UnknownFlagSuggests) {
  EXPECT_EQ(test::compileText(test::groupWith("w : volt (constnat)")).firstError(),
            "unknown flag 'constnat'; did you mean 'constant'?");
}

TEST(EquationFlags, FlagsFitTheirEquation) {
  EXPECT_EQ(test::compileText(test::groupWith("w : volt (unless refractory)")).firstError(),
            "flag 'unless refractory' does not fit a parameter in group 'neurons'");
  EXPECT_EQ(test::compileText(test::groupWith("dw/dt = -w/tau : volt (clock-driven)")).firstError(),
            "flag 'clock-driven' does not fit a differential equation in group 'neurons'");
  EXPECT_EQ(test::compileText(test::groupWith("w : volt (constant, constant)")).firstError(),
            "flag 'constant' is given twice");
}

TEST(EquationFlags, SynapticOdesNeedAClock) {
  EXPECT_EQ(test::compileText(test::synapsesWith("dg/dt = -g/(5 ms) : 1")).firstError(),
            "the synaptic equation for 'g' needs the flag 'clock-driven' or 'event-driven'");
  EXPECT_EQ(
      test::compileText(test::synapsesWith("dg/dt = -g/(5 ms) : 1 (clock-driven, event-driven)"))
          .firstError(),
      "an equation is either clock-driven or event-driven, not both");
}

}  // namespace
}  // namespace lsm
