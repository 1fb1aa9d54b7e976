// Name binding: which name a reference means, and what happens when none fits.
#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

TEST(NameBinding, ConstantsUnitsAndVariables) {
  auto c = test::compileText("TAU = 20 ms\n" + std::string(test::lifGroup) +
                             "subgroup first = neurons[:5]\n");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(c.model().constants[0].value.value, 0.02);
  EXPECT_EQ(c.model().subgroups[0].stop, 5);
  const auto& eq = c.model().groups[0].equations[0];
  EXPECT_EQ(ir::toString(eq.rhs), "(v_rest - v) / tau");
}

TEST(NameBinding, UnknownNameSuggestsTheNearest) {
  std::string text = test::lifGroup;
  text.replace(text.find("(v_rest - v)/tau"), 16, "(v_rest - v)/tua");
  auto c = test::compileText(text);
  EXPECT_EQ(c.firstError(),
            "unknown name 'tua' in the equations of group 'neurons'; did you mean 'tau'?");
  EXPECT_EQ(c.result.diagnostics.diagnostics()[0].location.line, 4);
  EXPECT_EQ(c.result.diagnostics.diagnostics()[0].location.column, 30);
}

TEST(NameBinding, ConstantsOnlySeeEarlierConstants) {
  auto c = test::compileText("A = B\nB = 1\n");
  EXPECT_EQ(c.firstError(), "constant 'B' is used before its definition (line 2)");
  EXPECT_EQ(test::compileText("A = Q\n").firstError(), "unknown name 'Q' in a constant");
}

TEST(NameBinding, Overrides) {
  FrontendOptions options;
  options.overrides = {{"V_T", "16 mV"}};
  auto c = test::compileText("V_T = 15 mV\n", options);
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_DOUBLE_EQ(c.model().constants[0].value.value, 0.016);
  EXPECT_TRUE(c.model().constants[0].overridden);

  options.overrides = {{"V_T", "16 nA"}};
  EXPECT_EQ(test::compileText("V_T = 15 mV\n", options).firstError(),
            "the model gives V_T dimension volt, the new value has ampere");
  options.overrides = {{"V_X", "16 mV"}};
  EXPECT_EQ(test::compileText("V_T = 15 mV\n", options).firstError(),
            "--set V_X: the model has no constant of that name; did you mean 'V_T'?");
}

TEST(NameBinding, DuplicateTopLevelNames) {
  auto c = test::compileText("neurons = 3\n" + std::string(test::lifGroup));
  EXPECT_EQ(c.firstError(), "duplicate definition of 'neurons' (a constant of that name exists)");
  ASSERT_EQ(c.result.diagnostics.diagnostics()[0].notes.size(), 1u);
  EXPECT_EQ(c.result.diagnostics.diagnostics()[0].notes[0].location.line, 1);
}

TEST(NameBinding, ReservedAndUnitNames) {
  EXPECT_EQ(test::compileText("t = 5 ms\n").firstError(),
            "'t' is a reserved name and cannot be the name of a constant");
  EXPECT_EQ(test::compileText("ms = 3\n").firstError(),
            "'ms' is a unit and cannot be the name of a constant");
  // One-letter unit symbols are ordinary names; a quantity literal still means the unit.
  auto c = test::compileText("A = 3\nB = 2 A\nC = 2*A\n");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(c.model().constants[1].value.dimension.toString(), "ampere");
  EXPECT_EQ(c.model().constants[2].value.value, 6);
}

TEST(NameBinding, FailedDefinitionsCauseNoFollowOnErrors) {
  auto c = test::compileText("A = 1 mz\nB = A + 1\nC = B * 2\n");
  EXPECT_EQ(c.firstError(), "unknown unit 'mz'; did you mean 'Hz'?");
  EXPECT_EQ(c.result.diagnostics.errorCount(), 1u) << c.diagnostics;
}

TEST(NameBinding, LetLocalsAndPermutation) {
  auto c = test::compileChecked(test::groupWith("", "let k = permutation(i)") + "\n");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(c.model().groups[0].init[2].kind, ir::Statement::Kind::let);
  EXPECT_EQ(c.model().groups[0].init[2].targetType, ir::ValueType::integer);
}

TEST(NameBinding, SynapsesSeePreAndPost) {
  auto c = test::compileText(std::string(test::lifGroup) + R"(
synapses s(neurons -> neurons) {
    equations {
        w : volt
    }
    on_pre: v += w
    connect: condition = i != j, p = exp(-abs(v_rest_pre - v_rest_post)/mV)
}
)");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  const auto& s = c.model().synapses[0];
  EXPECT_EQ(s.onPre[0].targetScope, ir::Scope::post);
  EXPECT_EQ(ir::toString(*s.connect.probability),
            "exp(-abs(v_rest_pre - v_rest_post) / (0.001 volt))");
  EXPECT_EQ(ir::toString(*s.connect.condition), "i != j");
}

TEST(NameBinding, SlicesAreChecked) {
  std::string text = test::lifGroup;
  EXPECT_EQ(test::compileText(text + "subgroup s = neurons[5:11]\n").firstError(),
            "slice [5:11] is out of range for group 'neurons' of 10 elements");
  EXPECT_EQ(test::compileText(text + "subgroup s = neurons[5:5]\n").firstError(),
            "slice [5:5] of group 'neurons' is empty: the start must be less than the end");
  EXPECT_EQ(test::compileText(text + "subgroup s = neuron[0:1]\n").firstError(),
            "unknown group 'neuron'; did you mean 'neurons'?");
}

TEST(NameBinding, UnknownMethod) {
  std::string text = test::lifGroup;
  text.insert(text.find("    refractory"), "    method: rk5\n");
  EXPECT_EQ(test::compileText(text).firstError(),
            "unknown integration method 'rk5'; did you mean 'rk2'?");
}

TEST(NameBinding, FunctionArity) {
  EXPECT_EQ(test::compileText("A = exp(1, 2)\n").firstError(), "'exp' takes 1 argument, got 2");
  EXPECT_EQ(test::compileText("A = clip(1)\n").firstError(), "'clip' takes 3 arguments, got 1");
  EXPECT_EQ(test::compileText("A = exq(1)\n").firstError(),
            "unknown function 'exq'; did you mean 'exp'?");
}

}  // namespace
}  // namespace lsm
