// Unit checking: dimensions of expressions and of the places they are used.
#include <gtest/gtest.h>

#include "compile_text.hpp"

namespace lsm {
namespace {

std::string replaced(const std::string& from, const std::string& to) {
  std::string text = test::lifGroup;
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(UnitCheck, ConstantsCarryDimensions) {
  auto c = test::compileText("R = 1 Mohm\nI = 13.5 nA\nV = R*I\nTAU = (2 ms)**2 / (4 ms)\n");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_DOUBLE_EQ(c.model().constants[2].value.value, 0.0135);
  EXPECT_EQ(c.model().constants[2].value.dimension.toString(), "volt");
  EXPECT_DOUBLE_EQ(c.model().constants[3].value.value, 0.001);
  EXPECT_EQ(c.model().constants[3].value.dimension.toString(), "second");
}

TEST(UnitCheck, AdditionNeedsOneDimension) {
  EXPECT_EQ(test::compileText("A = 1 mV + 2 ms\n").firstError(),
            "dimension mismatch in '+': volt and second");
}

TEST(UnitCheck, DifferentialEquationRightHandSide) {
  auto c = test::compileText(replaced("(v_rest - v)/tau", "(v_rest - v)"));
  EXPECT_EQ(c.firstError(),
            "dimension mismatch in the equation for 'dv/dt': the right-hand side has dimension "
            "volt, expected volt/second");
}

TEST(UnitCheck, Threshold) {
  EXPECT_EQ(test::compileText(replaced("v > -50 mV", "v > 1 nA")).firstError(),
            "dimension mismatch in '>': volt and ampere");
  EXPECT_EQ(test::compileText(replaced("v > -50 mV", "v")).firstError(),
            "the threshold of group 'neurons' must be a condition (boolean), got a quantity with "
            "dimension volt");
}

TEST(UnitCheck, ResetAndInitialisation) {
  EXPECT_EQ(test::compileText(replaced("reset: v = v_rest", "reset: v = 3 nA")).firstError(),
            "dimension mismatch in the reset of group 'neurons': 'v' has dimension volt, the value "
            "has dimension ampere");
  EXPECT_EQ(test::compileText(replaced("tau = 20 ms", "tau = 20")).firstError(),
            "dimension mismatch in the initialisation of group 'neurons': 'tau' has dimension "
            "second, the value is dimensionless");
}

TEST(UnitCheck, RefractoryIsADurationOrACondition) {
  EXPECT_TRUE(test::compileText(replaced("refractory: 2 ms", "refractory: v > -60 mV")).ok());
  EXPECT_EQ(test::compileText(replaced("refractory: 2 ms", "refractory: 2 mV")).firstError(),
            "the refractory period must be a duration (second) or a condition, got volt");
}

TEST(UnitCheck, FunctionsNeedDimensionlessArguments) {
  EXPECT_EQ(test::compileText("A = exp(2 mV)\n").firstError(),
            "'exp' needs a dimensionless argument, got volt");
  EXPECT_TRUE(test::compileText("A = exp(2 mV / (1 mV))\n").ok());
  EXPECT_EQ(test::compileText("A = sqrt(2 ms)\n").model().constants[0].value.dimension,
            *Dimension::base(2).power(0.5));
  EXPECT_EQ(test::compileText("A = sqrt(4 ms**2)\n").model().constants[0].value.dimension,
            Dimension::base(2));
}

// Brian2's noise amplitudes need halves: sigma*sqrt(2/tau)*xi, mV/ms**0.5. Exponents are
// multiples of 1/60 exactly, so halves add up to whole exponents without rounding.
TEST(UnitCheck, RationalPowersOfQuantities) {
  auto c = test::compileText(
      "A = (2 ms)**1.5\nB = (2/(10 ms))**.5 * 1 mV\nC = 1 mV/ms**0.5\nD = A*(1/(1 ms))**1.5\n"
      "E = (8 ms**3)**(1/3)\n");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  const auto& constants = c.model().constants;
  EXPECT_EQ(constants[0].value.dimension.toString(), "second ** 1.5");
  EXPECT_EQ(constants[1].value.dimension.toString(),
            "metre ** 2 * kilogram * second ** -3.5 * ampere ** -1");
  EXPECT_EQ(constants[1].value.dimension, constants[2].value.dimension);
  EXPECT_TRUE(constants[3].value.dimension.isDimensionless());
  EXPECT_EQ(constants[4].value.dimension, Dimension::base(2));
  EXPECT_NEAR(constants[4].value.value, 2e-3, 1e-15);
  EXPECT_EQ(Dimension::base(0).power(1.0 / 3)->toString(), "metre ** (1/3)");
  EXPECT_EQ(test::compileText("A = (2 ms)**(1/7)\n").firstError(),
            "second to the power 0.142857 has exponents that are no multiples of 1/60 (lsmc's "
            "dimensions have halves, thirds, quarters, ...)");
  EXPECT_EQ(test::compileText("group g(2) {\n    equations {\n        x : volt\n    }\n"
                              "    init {\n        x = x**(x/mV)\n    }\n}\n")
                .firstError(),
            "a quantity with dimension volt can only be raised to a constant power");
  EXPECT_EQ(test::compileText("A = 2**(1 ms)\n").firstError(),
            "the exponent must be dimensionless, not second");
}

TEST(UnitCheck, LiteralZeroFitsAnyDimension) {
  EXPECT_TRUE(test::compileText("A = 2 ms\nB = 1 if A > 0 else 2\n").ok());
  EXPECT_TRUE(test::compileText("A = 2 ms\nB = A + 0\n").ok());
  EXPECT_EQ(test::compileText("A = 2 ms\nB = 1 if A > 1 else 2\n").firstError(),
            "dimension mismatch in '>': second and dimensionless");
}

TEST(UnitCheck, BooleansAreNotNumbers) {
  EXPECT_EQ(test::compileText("A = (1 > 2) + 1\n").firstError(),
            "'+' needs a number, not a boolean");
  EXPECT_EQ(test::compileText("A = 1 and True\n").firstError(),
            "'and' needs a boolean operand, got a number");
}

TEST(UnitCheck, RandomDrawsTakeTheirArgumentsDimension) {
  std::string text = test::lifGroup;
  text.insert(text.find("        v = v_rest"), "        v = uniform(-70 mV, -50 mV)\n");
  EXPECT_TRUE(test::compileText(text).ok());
  text.replace(text.find("uniform(-70 mV, -50 mV)"), 23, "uniform(-70 mV, 50 ms)");
  EXPECT_EQ(test::compileText(text).firstError(),
            "the arguments of 'uniform' differ in dimension: volt and second");
}

TEST(UnitCheck, SummedVariable) {
  std::string text = test::lifGroup;
  text.insert(text.find("v_rest : volt (shared"), "I_syn : ampere\n        ");
  std::string synapses = R"(
synapses s(neurons -> neurons) {
    equations {
        w : volt
        I_syn_post = w : ampere (summed)
    }
    connect: p = 0.1
}
)";
  EXPECT_EQ(test::compileText(text + synapses).firstError(),
            "dimension mismatch in summed variable 'I_syn': the right-hand side has dimension "
            "volt, expected ampere");
}

TEST(UnitCheck, ConnectionAndDelay) {
  std::string base = std::string(test::lifGroup) + R"(
synapses s(neurons -> neurons) {
    connect: p = PROBABILITY
    delay: DELAY
}
)";
  auto with = [&](const std::string& p, const std::string& d) {
    std::string text = base;
    text.replace(text.find("PROBABILITY"), 11, p);
    text.replace(text.find("DELAY"), 5, d);
    return test::compileText(text);
  };
  EXPECT_TRUE(with("0.1", "1 ms").ok());
  EXPECT_EQ(with("0.1 mV", "1 ms").firstError(),
            "the connection probability of synapses 's' has dimension volt, expected "
            "dimensionless");
  EXPECT_EQ(with("0.1", "1 mV").firstError(),
            "the delay of synapses 's' has dimension volt, expected second");
  EXPECT_EQ(with("0.1", "-1 ms").firstError(), "the delay must not be negative");
}

}  // namespace
}  // namespace lsm
