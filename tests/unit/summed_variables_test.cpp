// The summed-variables check: every rule of summed variables but their dimensions.
#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

TEST(SummedVariables, SummedNeedsAPostName) {
  EXPECT_EQ(test::compileText(test::synapsesWith("I_syn = 1 nA : ampere (summed)")).firstError(),
            "summed variable 'I_syn' must name a variable of the target group with the suffix "
            "'_post'");
  EXPECT_EQ(test::compileText(test::synapsesWith("v_post = 1 mV : volt")).firstError(),
            "'v_post': names ending in _pre or _post refer to the source and target groups; only "
            "a (summed) variable may be defined with one");
  EXPECT_EQ(test::compileText(test::synapsesWith("v_post = 1 mV : volt (summed)")).firstError(),
            "summed variable 'v_post': the target 'v' must be a per-element parameter that is not "
            "constant (declared 'v : unit')");
}

TEST(SummedVariables, TwoSummedVariablesCannotFillOneTarget) {
  std::string text = test::lifGroup;
  text.insert(text.find("v_rest : volt (shared"), "I_syn : ampere\n        ");
  std::string s = R"(
synapses NAME(neurons -> neurons) {
    equations {
        I_syn_post = 1 nA : ampere (summed)
    }
    connect: p = 0.1
}
)";
  std::string a = s, b = s;
  a.replace(a.find("NAME"), 4, "a");
  b.replace(b.find("NAME"), 4, "b");
  auto c = test::compileText(text + a + b);
  EXPECT_EQ(c.firstError(),
            "'I_syn' of group 'neurons' is already a summed variable of synapses 'a'; two summed "
            "variables cannot fill one target");
}

// Whatever the order of the flags (it was accepted as `(shared, summed)` before).
TEST(SummedVariables, CannotBeShared) {
  for (std::string flags : {"(summed, shared)", "(shared, summed)"}) {
    std::string text = test::synapsesWith("I_syn_post = 1 nA : ampere " + flags);
    text.insert(text.find("        v_rest : volt (shared"), "        I_syn : ampere\n");
    EXPECT_EQ(test::compileText(text).firstError(), "a summed variable cannot be shared") << flags;
  }
}

}  // namespace
}  // namespace lsm
