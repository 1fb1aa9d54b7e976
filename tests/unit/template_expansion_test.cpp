// Template expansion, before/after: a synapse_model and an instance in, the instance's IR out.
#include <gtest/gtest.h>

#include "compile_text.hpp"

namespace lsm {
namespace {

const std::string groups = std::string(test::lifGroup) + R"(
subgroup a = neurons[0:5]
subgroup b = neurons[5:10]
)";

const std::string model = R"(
synapse_model exponential(w_mean: volt, tau: second = 5 ms) {
    equations {
        w : volt (constant)
        dg/dt = -g/tau : 1 (clock-driven)
        I_{name}_post = g*w/(1 Mohm) : ampere (summed)
    }
    on_pre: g += 1
    connect: p = 0.5
    delay: 1 ms
    init {
        w = w_mean
    }
}
)";

std::string synapsesIr(const test::Compiled& c) {
  std::string ir = ir::toString(c.model());
  return ir.substr(ir.find("\nsynapses "));
}

TEST(TemplateExpansion, BindsArgumentsDefaultsAndName) {
  std::string text = groups;
  text.insert(text.find("v_rest : volt (shared"), "I_ab : ampere\n        ");
  auto c = test::compileChecked(text + model + "synapses ab(a -> b) = exponential(w_mean=2 mV)\n");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(synapsesIr(c),
            "\nsynapses ab: a (neurons[0:5]) -> b (neurons[5:10]) method=exact\n"
            "  model: exponential(w_mean=0.002 volt, tau=0.005 second)\n"
            "  parameter w : volt (constant)\n"
            "  state g : 1\n"
            "  dg/dt = -g / (0.005 second)  (clock-driven)\n"
            "  summed I_ab_post = g * w / (1000000 ohm) : ampere\n"
            "  on_pre:\n"
            "    g += 1\n"
            "  connect: p = 0.5\n"
            "  delay: 0.001 second\n"
            "  init:\n"
            "    w = 0.002 volt\n");
}

TEST(TemplateExpansion, InstanceItemsReplaceTheModels) {
  std::string text = groups;
  text.insert(text.find("v_rest : volt (shared"), "I_ab : ampere\n        ");
  auto c = test::compileText(text + model +
                             "synapses ab(a -> b) = exponential(w_mean=2 mV, tau=3 ms) {\n"
                             "    delay: 4 ms\n}\n");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_NE(synapsesIr(c).find("  delay: 0.004 second\n"), std::string::npos);
  EXPECT_NE(synapsesIr(c).find("dg/dt = -g / (0.003 second)"), std::string::npos);
}

TEST(TemplateExpansion, MissingArgument) {
  auto c = test::compileText(groups + model + "synapses ab(a -> b) = exponential(tau=3 ms)\n");
  EXPECT_EQ(c.firstError(), "synapse_model 'exponential' takes 2 arguments; missing 'w_mean'");
}

TEST(TemplateExpansion, UnknownArgumentSuggestsParameter) {
  auto c = test::compileText(groups + model +
                             "synapses ab(a -> b) = exponential(w_mean=1 mV, taux=3 ms)\n");
  EXPECT_EQ(c.firstError(),
            "synapse_model 'exponential' has no parameter 'taux'; did you mean 'tau'?");
}

TEST(TemplateExpansion, ArgumentTwice) {
  auto c = test::compileText(groups + model +
                             "synapses ab(a -> b) = exponential(w_mean=1 mV, w_mean=2 mV)\n");
  EXPECT_EQ(c.firstError(), "argument 'w_mean' is given twice");
}

TEST(TemplateExpansion, UnknownModel) {
  auto c = test::compileText(groups + model + "synapses ab(a -> b) = exponentail(w_mean=1 mV)\n");
  EXPECT_EQ(c.firstError(), "unknown synapse_model 'exponentail'; did you mean 'exponential'?");
}

TEST(TemplateExpansion, ArgumentDimensionIsChecked) {
  std::string text = groups;
  text.insert(text.find("v_rest : volt (shared"), "I_ab : ampere\n        ");
  auto c = test::compileText(text + model + "synapses ab(a -> b) = exponential(w_mean=1 nA)\n");
  EXPECT_EQ(c.firstError(),
            "argument 'w_mean' of 'exponential' must have dimension volt, got ampere");
}

TEST(TemplateExpansion, OnlyTheNamePlaceholderExists) {
  std::string broken = model;
  broken.replace(broken.find("I_{name}_post"), 13, "I_{nam}_post");
  auto c = test::compileText(groups + broken + "synapses ab(a -> b) = exponential(w_mean=1 mV)\n");
  EXPECT_EQ(c.firstError(),
            "unknown placeholder '{nam}': only '{name}' (the synapses' name) can be used");
}

}  // namespace
}  // namespace lsm
