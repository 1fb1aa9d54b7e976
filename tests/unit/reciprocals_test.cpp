// Reciprocals, before/after: divisions by values fixed while running become multiplications.
#include <gtest/gtest.h>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

std::string stepOf(const ir::StepPlan& plan) {
  std::string text = ir::toString(plan);
  return text.substr(text.find("  step\n"));
}

const char* model = R"(
group g(2) {
    equations {
        dv/dt = (v - E)**2/(10 mV * tau) : volt
        tau : second (constant)
        E : volt (shared, constant)
        w : volt
    }
    threshold: v / (2 mV) > 3
    reset: w = v * v / w
    method: euler
}
)";

// By a per-element constant (constant hoisting made 10 mV * tau into _K0): a value of
// `derive`, in a loop that falls back to the division where it is not finite; by a number: its
// reciprocal (also in the threshold, which has no fallback); by a value that changes (w, which
// the reset writes): no change.
TEST(Reciprocals, DivisionsByFixedValuesBecomeMultiplications) {
  auto before = test::compileText(model, test::withoutPlanOptimisations());
  auto after = test::compileText(model, test::withoutPlanOptimisations({"reciprocals"}));
  ASSERT_TRUE(before.ok() && after.ok()) << before.diagnostics;
  EXPECT_EQ(stepOf(*before.model().plan),
            "  step\n"
            "    groups      g_stateupdater\n"
            "      for each element of g[0:2]\n"
            "        let _k_v = dt * ((v - E) ** 2 / _K0)\n"
            "        let _new_v = v + _k_v\n"
            "        v = _new_v\n"
            "    thresholds  g_spike_thresholder\n"
            "      for each element of g[0:2]\n"
            "      collect the elements where v / (0.002 volt) > 3 to spikes(g), and for each:\n"
            "    resets      g_spike_resetter\n"
            "      for each element of spikes(g)\n"
            "        w = v * v / w\n");
  EXPECT_EQ(stepOf(*after.model().plan),
            "  step\n"
            "    groups      g_stateupdater\n"
            "      for each element of g[0:2]\n"
            "        where g._guard holds:\n"
            "          let _k_v = dt * ((v - E) ** 2 * _R0)\n"
            "          let _new_v = v + _k_v\n"
            "          v = _new_v\n"
            "        else:\n"
            "          let _k_v = dt * ((v - E) ** 2 / _K0)\n"
            "          let _new_v = v + _k_v\n"
            "          v = _new_v\n"
            "    thresholds  g_spike_thresholder\n"
            "      for each element of g[0:2]\n"
            "      collect the elements where v * (500 metre ** -2 * kilogram ** -1 * second ** 3 "
            "* ampere) > 3 to spikes(g), and for each:\n"
            "    resets      g_spike_resetter\n"
            "      for each element of spikes(g)\n"
            "        w = v * v / w\n"
            "  derive (the plan's variables, from the state)\n"
            "    g _R0\n"
            "      for each element of g[0:2]\n"
            "        _R0 = 1 / _K0\n"
            "  assumption g._guard (reciprocals): g._R0 is finite on [0:2]\n");
}

}  // namespace
}  // namespace lsm
