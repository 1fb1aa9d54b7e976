// Flags: known, fitting their equation, and respected by initialisation and event code.
#include <gtest/gtest.h>

#include "compile_text.hpp"

namespace lsm {
namespace {

std::string group(const std::string& extraEquation, const std::string& extraInit = "") {
  std::string text = test::lifGroup;
  text.insert(text.find("        tau : second"), "        " + extraEquation + "\n");
  if (!extraInit.empty()) {
    text.insert(text.find("        v = v_rest"), "        " + extraInit + "\n");
  }
  return text;
}

TEST(FlagCheck, UnknownFlagSuggests) {
  EXPECT_EQ(test::compileText(group("w : volt (constnat)")).firstError(),
            "unknown flag 'constnat'; did you mean 'constant'?");
}

TEST(FlagCheck, FlagsFitTheirEquation) {
  EXPECT_EQ(test::compileText(group("w : volt (unless refractory)")).firstError(),
            "flag 'unless refractory' does not fit a parameter in group 'neurons'");
  EXPECT_EQ(test::compileText(group("dw/dt = -w/tau : volt (clock-driven)")).firstError(),
            "flag 'clock-driven' does not fit a differential equation in group 'neurons'");
  EXPECT_EQ(test::compileText(group("w : volt (constant, constant)")).firstError(),
            "flag 'constant' is given twice");
}

TEST(FlagCheck, SharedVariablesTakeOneValue) {
  EXPECT_TRUE(test::compileText(group("w : volt (shared)", "w = 2*v_rest")).ok());
  EXPECT_EQ(test::compileText(group("w : volt (shared)", "w = i * 1 mV")).firstError(),
            "'w' is shared: it takes one value for all elements, but this initialisation "
            "differs per element");
  EXPECT_EQ(test::compileText(group("w : volt (shared)", "w = uniform(0 mV, 1 mV)")).firstError(),
            "'w' is shared: it takes one value for all elements, but this initialisation "
            "differs per element");
  EXPECT_EQ(
      test::compileText(group("w : volt (shared)", "let k = i\n        w = k * mV")).firstError(),
      "'w' is shared: it takes one value for all elements, but this initialisation "
      "differs per element");
  EXPECT_EQ(test::compileText(group("w : volt (shared)") +
                              "subgroup s = neurons[0:2] {\n    init { w = 1 mV }\n}\n")
                .firstError(),
            "'w' is shared by the whole group and cannot be set for a subgroup");
}

TEST(FlagCheck, ConstantsAreNotWrittenWhileRunning) {
  std::string text = group("w : volt (constant)");
  text.replace(text.find("reset: v = v_rest"), 17, "reset: w = v_rest");
  EXPECT_EQ(test::compileText(text).firstError(),
            "'w' is constant and cannot be changed in the reset");
}

const std::string synapseBase = std::string(test::lifGroup) + R"(
synapses s(neurons -> neurons) {
    equations {
        EQUATION
    }
    connect: p = 0.1
}
)";

std::string synapses(const std::string& equation) {
  std::string text = synapseBase;
  text.replace(text.find("EQUATION"), 8, equation);
  return text;
}

TEST(FlagCheck, SynapticOdesNeedAClock) {
  EXPECT_EQ(test::compileText(synapses("dg/dt = -g/(5 ms) : 1")).firstError(),
            "the synaptic equation for 'g' needs the flag 'clock-driven' or 'event-driven'");
  EXPECT_EQ(test::compileText(synapses("dg/dt = -g/(5 ms) : 1 (clock-driven, event-driven)"))
                .firstError(),
            "an equation is either clock-driven or event-driven, not both");
}

TEST(FlagCheck, SummedNeedsAPostName) {
  EXPECT_EQ(test::compileText(synapses("I_syn = 1 nA : ampere (summed)")).firstError(),
            "summed variable 'I_syn' must name a variable of the target group with the suffix "
            "'_post'");
  EXPECT_EQ(test::compileText(synapses("v_post = 1 mV : volt")).firstError(),
            "'v_post': names ending in _pre or _post refer to the source and target groups; only "
            "a (summed) variable may be defined with one");
  EXPECT_EQ(test::compileText(synapses("v_post = 1 mV : volt (summed)")).firstError(),
            "summed variable 'v_post': the target 'v' must be a per-element parameter that is not "
            "constant (declared 'v : unit')");
}

TEST(FlagCheck, TwoSummedVariablesCannotFillOneTarget) {
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

}  // namespace
}  // namespace lsm
