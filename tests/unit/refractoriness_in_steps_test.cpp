// Refractoriness in steps, before/after: the plan of a refractory LIF group without and with
// the pass.
#include <gtest/gtest.h>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

std::string from(const ir::StepPlan& plan, const std::string& start) {
  std::string text = ir::toString(plan);
  auto at = text.find(start);
  return at == std::string::npos ? "" : text.substr(at);
}

TEST(RefractorinessInSteps, TestOfStepsGuardedByTheAssumption) {
  auto before = test::compileText(test::lifGroup, test::withoutPlanOptimisations());
  auto after = test::compileText(test::lifGroup,
                                 test::withoutPlanOptimisations({"refractoriness-in-steps"}));
  ASSERT_TRUE(before.ok() && after.ok()) << before.diagnostics;
  EXPECT_EQ(from(*before.model().plan, "  step\n"),
            "  step\n"
            "    groups      neurons_stateupdater\n"
            "      for each element of neurons[0:10]\n"
            "        not_refractory = timestep(t - lastspike, dt) >= timestep(0.002 second, dt)\n"
            "        let _new_v = _Phi[v,v] * v + _K0\n"
            "        v[not_refractory] = _new_v\n"
            "    thresholds  neurons_spike_thresholder\n"
            "      for each element of neurons[0:10]\n"
            "      collect the elements where v > -0.05 volt and not_refractory to "
            "spikes(neurons), and for each:\n"
            "        not_refractory = False\n"
            "        lastspike = t\n"
            "    resets      neurons_spike_resetter\n"
            "      for each element of spikes(neurons)\n"
            "        v = v_rest\n");
  EXPECT_EQ(
      from(*after.model().plan, "  step number"),
      "  step number: neurons._step\n"
      "  step\n"
      "    groups      neurons_stateupdater\n"
      "      for each element of neurons[0:10]\n"
      "        where neurons._guard holds:\n"
      "          not_refractory = _step >= _refractory_end\n"
      "          let _new_v = _Phi[v,v] * v + _K0\n"
      "          v[not_refractory] = _new_v\n"
      "        else:\n"
      "          not_refractory = timestep(t - lastspike, dt) >= timestep(0.002 second, dt)\n"
      "          let _new_v = _Phi[v,v] * v + _K0\n"
      "          v[not_refractory] = _new_v\n"
      "    thresholds  neurons_spike_thresholder\n"
      "      for each element of neurons[0:10]\n"
      "      collect the elements where v > -0.05 volt and not_refractory to spikes(neurons), and "
      "for each:\n"
      "        not_refractory = False\n"
      "        lastspike = t\n"
      "        _refractory_end = _step + _Steps0\n"
      "    resets      neurons_spike_resetter\n"
      "      for each element of spikes(neurons)\n"
      "        v = v_rest\n"
      "  derive (the plan's variables, from the state)\n"
      "    neurons _Steps0\n"
      "      for each element of neurons[0:1]\n"
      "        _Steps0 = timestep(0.002 second, dt)\n"
      "    neurons _refractory_end\n"
      "      for each element of neurons[0:10]\n"
      "        _refractory_end = timestep(lastspike, dt) + _Steps0\n"
      "  assumption neurons._guard (refractoriness-in-steps): on [0:10], timestep(i*dt - s*dt, "
      "dt) >= neurons._Steps0 is i - s >= neurons._Steps0 for every spike step s "
      "(neurons.lastspike) and step i\n");
  const ir::StepPlan& plan = *after.model().plan;
  ASSERT_EQ(plan.assumptions.size(), 1u);
  EXPECT_EQ(plan.assumptions[0].kind, ir::PlanAssumption::Kind::refractorySteps);
  EXPECT_EQ(plan.assumptions[0].optimisation, "refractoriness-in-steps");
  EXPECT_EQ(plan.step[0].guard, plan.assumptions[0].guard);
  EXPECT_TRUE(plan.slots[static_cast<std::size_t>(plan.stepSlot)].planOwned);
}

// Without a duration (a condition ends refractoriness) there is no step count to compare.
TEST(RefractorinessInSteps, ConditionsStayAsTheyAre) {
  const char* text = R"(
group g(2) {
    equations {
        dv/dt = -v/(10 ms) : volt (unless refractory)
    }
    threshold: v > 10 mV
    reset: v = 0 mV
    refractory: v > 5 mV
}
)";
  auto after = test::compileText(text, test::withoutPlanOptimisations({"refractoriness-in-steps"}));
  ASSERT_TRUE(after.ok()) << after.diagnostics;
  EXPECT_TRUE(after.model().plan->assumptions.empty());
  EXPECT_TRUE(after.model().plan->optimisations.empty());
}

}  // namespace
}  // namespace lsm
