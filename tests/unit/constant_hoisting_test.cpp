// Constant hoisting, before/after: model text in, the group's state update out.
#include <gtest/gtest.h>

#include "compile_text.hpp"
#include "element_stepper.hpp"

namespace lsm {
namespace {

// The part of the IR from a group's first `linear system` or `precomputed` or `step:` on.
std::string updateOf(const test::Compiled& c) {
  std::string ir = ir::toString(c.model());
  auto begin = ir.find("  linear system");
  if (begin == std::string::npos) begin = ir.find("  precomputed");
  if (begin == std::string::npos) begin = ir.find("  step:");
  if (begin == std::string::npos) return "";
  auto end = ir.find("\nschedule", begin);
  return ir.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

std::string group(const std::string& equations, const std::string& settings = "") {
  return "group g(2) {\n    equations {\n" + equations + "    }\n" + settings + "}\n";
}

// Before: `let _B_v = E / tau` and `_Psi[v,v] * _B_v` in every step (see integration_test).
// After: one precomputed value; the `let` is gone.
TEST(ConstantHoisting, FixedTermOfAnExactUpdateIsPrecomputed) {
  auto c =
      test::compileText(group("        dv/dt = (E - v)/tau : volt\n"
                              "        E : volt (shared, constant)\n"
                              "        tau : second (shared, constant)\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(updateOf(c),
            "  linear system [v]: coefficients shared\n"
            "    M[v,v] = -1 / tau\n"
            "  precomputed when built:\n"
            "    _K0 = _Psi[v,v] * (E / tau)\n"
            "  step:\n"
            "    let _new_v = _Phi[v,v] * v + _K0\n"
            "    v = _new_v\n");
  const ir::Variable* k0 = c.model().groups[0].findVariable("_K0");
  ASSERT_NE(k0, nullptr);
  EXPECT_TRUE(k0->shared);  // made of shared values only
  EXPECT_TRUE(k0->constant && k0->implicit);
}

// A parameter that a reset writes changes at run time: it stays in the step, as do state
// variables and t; a per-element parameter makes a per-element precomputed value.
TEST(ConstantHoisting, ValuesThatChangeStayInTheStep) {
  auto c =
      test::compileText(group("        dv/dt = (a*b - v)/(10 ms) + c/(1 s) : volt\n"
                              "        a : volt (constant)\n"
                              "        b : 1\n"
                              "        c : volt\n",
                              "    threshold: v > 1 V\n    reset: c = 2*c\n"
                              "    method: euler\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(updateOf(c),
            "  precomputed when built:\n"
            "    _K0 = a * b\n"
            "  step:\n"
            "    let _k_v = dt * ((_K0 - v) / (0.01 second) + c / (1 second))\n"
            "    let _new_v = v + _k_v\n"
            "    v = _new_v\n");
  EXPECT_FALSE(c.model().groups[0].findVariable("_K0")->shared);
}

// The precomputed value is what the step computed before, to the last bit.
TEST(ConstantHoisting, StepResultIsUnchanged) {
  const std::string text = group(
      "        dv/dt = (E - v)/tau : volt\n"
      "        E : volt (constant)\n"
      "        tau : second (constant)\n");
  auto hoisted = test::compileText(text);
  auto plain = test::compileIntegrated(text);
  ASSERT_TRUE(hoisted.ok() && plain.ok());
  double results[2];
  int k = 0;
  for (const test::Compiled* c : {&hoisted, &plain}) {
    test::ElementStepper stepper{
        *c->model().groups[0].update, {{"v", -0.07}, {"E", -0.0531}, {"tau", 0.0173}}, 1e-4};
    stepper.prepare();
    for (int s = 0; s < 100; ++s) stepper.step();
    results[k++] = stepper.values.at("v");
  }
  EXPECT_EQ(results[0], results[1]);
}

}  // namespace
}  // namespace lsm
