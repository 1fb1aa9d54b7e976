// Precombined linear updates, before/after: model text in, the step plan's update out.
#include <gtest/gtest.h>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

// The plan's text from `from` up to (not including) `to`.
std::string section(const ir::StepPlan& plan, const std::string& from, const std::string& to) {
  std::string text = ir::toString(plan);
  auto begin = text.find(from);
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find(to, begin) - begin);
}

// Euler's update of a leaky neuron with two input currents, of which only I_a changes while
// running (on_pre writes it): v's new value is linear in v and I_a; I_b is fixed and joins
// the offset.
const char* euler = R"(
group g(3) {
    equations {
        dv/dt = (E - v)/tau + (I_a + I_b)*R/tau : volt
        I_a : ampere
        I_b : ampere
        tau : second (constant)
        E : volt (shared, constant)
        R : ohm (shared, constant)
    }
    threshold: v > -50 mV
    reset: v = E
    method: euler
}
synapses s(g -> g) {
    on_pre: I_a_post += 1 nA
    connect: p = 1
}
)";

TEST(PrecombineLinearUpdates, LinearUpdateBecomesCoefficientsTimesTerms) {
  auto before = test::compileText(euler, test::withoutPlanOptimisations());
  auto after = test::compileText(euler, test::withoutPlanOptimisations({"precombine"}));
  ASSERT_TRUE(before.ok() && after.ok()) << before.diagnostics;
  EXPECT_EQ(section(*before.model().plan, "    groups      g_stateupdater", "    thresholds"),
            "    groups      g_stateupdater\n"
            "      for each element of g[0:3]\n"
            "        let _k_v = dt * ((E - v) / tau + (I_a + I_b) * R / tau)\n"
            "        let _new_v = v + _k_v\n"
            "        v = _new_v\n");
  const ir::StepPlan& plan = *after.model().plan;
  EXPECT_EQ(section(plan, "    groups      g_stateupdater", "    thresholds"),
            "    groups      g_stateupdater\n"
            "      for each element of g[0:3]\n"
            "        where g._guard holds:\n"
            "          v = _P3 * v + _P1 * I_a + _P2\n"
            "        else:\n"
            "          let _k_v = dt * ((E - v) / tau + (I_a + I_b) * R / tau)\n"
            "          let _new_v = v + _k_v\n"
            "          v = _new_v\n");
  EXPECT_EQ(section(plan, "  derive", "zzz"),
            "  derive (the plan's variables, from the state)\n"
            "    g _P0\n"
            "      for each element of g[0:3]\n"
            "        _P0 = dt * (-1 / tau)\n"
            "    g _P1\n"
            "      for each element of g[0:3]\n"
            "        _P1 = dt * (R / tau)\n"
            "    g _P2\n"
            "      for each element of g[0:3]\n"
            "        _P2 = dt * (E / tau + R * I_b / tau)\n"
            "    g _P3\n"
            "      for each element of g[0:3]\n"
            "        _P3 = 1 + _P0\n"
            "  assumption g._guard (precombine): g._P1 is finite on [0:3]\n"
            "  assumption g._guard (precombine): g._P2 is finite on [0:3]\n"
            "  assumption g._guard (precombine): g._P3 is finite on [0:3]\n");
  ASSERT_EQ(plan.optimisations, std::vector<std::string>{"precombine"});
  // The coefficients are the plan's own variables, per element where tau is.
  int p1 = plan.findVariable("g", "_P1");
  ASSERT_GE(p1, 0);
  EXPECT_TRUE(plan.slots[static_cast<std::size_t>(p1)].planOwned);
  EXPECT_FALSE(plan.slots[static_cast<std::size_t>(p1)].shared);
}

// A `let` is folded into a later statement only while nothing it reads has been written: the
// exact update writes I before v, so v's new value stays a `let` computed before.
TEST(PrecombineLinearUpdates, LetsAreNotMovedPastWrites) {
  const char* exact = R"(
group g(3) {
    equations {
        dI/dt = -I/tau_s : ampere
        dv/dt = (E - v)/tau + I*R/tau : volt
        tau : second (shared, constant)
        tau_s : second (constant)
        E : volt (shared, constant)
        R : ohm (constant)
    }
}
)";
  auto after = test::compileText(exact, test::withoutPlanOptimisations({"precombine"}));
  ASSERT_TRUE(after.ok()) << after.diagnostics;
  EXPECT_EQ(section(*after.model().plan, "    groups      g_stateupdater", "zzz"),
            "    groups      g_stateupdater\n"
            "      for each element of g[0:3]\n"
            "        let _new_v = _Phi[v,I] * I + _Phi[v,v] * v + _K0\n"
            "        I = _Phi[I,I] * I\n"
            "        v = _new_v\n");
}

// What is not linear in the values that change stays as it is; a linear statement around it
// takes it as one term.
TEST(PrecombineLinearUpdates, NonLinearValuesStay) {
  const char* quadratic = R"(
group g(2) {
    equations {
        dv/dt = (v - E)**2/(10 mV * tau) : volt
        tau : second (constant)
        E : volt (shared, constant)
    }
    method: euler
}
)";
  auto before = test::compileText(quadratic, test::withoutPlanOptimisations());
  auto after = test::compileText(quadratic, test::withoutPlanOptimisations({"precombine"}));
  ASSERT_TRUE(before.ok() && after.ok()) << after.diagnostics;
  EXPECT_EQ(section(*after.model().plan, "    groups      g_stateupdater", "zzz"),
            "    groups      g_stateupdater\n"
            "      for each element of g[0:2]\n"
            "        let _k_v = dt * ((v - E) ** 2 / _K0)\n"
            "        v = v + _k_v\n");
}

}  // namespace
}  // namespace lsm
