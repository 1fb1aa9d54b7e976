// Loop fusion, before/after: a group's update, a running sum onto a subgroup and the
// threshold become one loop per element range.
#include <gtest/gtest.h>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

std::string step(const ir::StepPlan& plan) {
  std::string text = ir::toString(plan);
  auto begin = text.find("  step\n");
  return text.substr(begin, text.find("    synapses", begin) - begin);
}

const char* model = R"(
group g(4) {
    equations {
        dv/dt = (I_syn*10 Mohm - v)/(10 ms) : volt
        I_syn : ampere
    }
    threshold: v > 10 mV
    reset: v = 0 mV
}
subgroup part = g[1:3]
synapses s(g -> part) {
    equations {
        dc/dt = -c/(5 ms) : 1 (clock-driven)
        I_syn_post = c*1 nA : ampere (summed)
    }
    on_pre: c += 1
    connect: p = 1
}
)";

// The ranges are where the loops begin and end: [0:1) and [3:4) have the update and the
// threshold, [1:3) the running sum too; the second and third loops add to the spikes the first
// collected, so that they stay in ascending order.
TEST(FuseElementLoops, OneLoopPerElementRange) {
  auto before = test::compileText(model, test::withoutPlanOptimisations());
  auto after = test::compileText(model, test::withoutPlanOptimisations({"fuse-loops"}));
  ASSERT_TRUE(before.ok() && after.ok()) << before.diagnostics;
  EXPECT_EQ(step(*before.model().plan),
            "  step\n"
            "    groups      g_stateupdater\n"
            "      for each element of g[0:4]\n"
            "        let _B_v = I_syn * (10000000 ohm) / (0.01 second)\n"
            "        let _new_v = _Phi[v,v] * v + _Psi[v,v] * _B_v\n"
            "        v = _new_v\n"
            "    groups      s_summed_variable_I_syn_post\n"
            "      for each element of g[1:3]\n"
            "        let _now = _running_I_syn\n"
            "        _running_I_syn = _now * s._Decay[c]\n"
            "        I_syn = _running_I_syn\n"
            "    thresholds  g_spike_thresholder\n"
            "      for each element of g[0:4]\n"
            "      collect the elements where v > 0.01 volt to spikes(g), and for each:\n");
  EXPECT_EQ(step(*after.model().plan),
            "  step\n"
            "    groups      g_stateupdater + g_spike_thresholder\n"
            "      for each element of g[0:1]:\n"
            "        let _B_v = I_syn * (10000000 ohm) / (0.01 second)\n"
            "        let _new_v = _Phi[v,v] * v + _Psi[v,v] * _B_v\n"
            "        v = _new_v\n"
            "      collect the elements where v > 0.01 volt to spikes(g), and for each:\n"
            "    groups      g_stateupdater + s_summed_variable_I_syn_post + g_spike_thresholder\n"
            "      for each element of g[1:3]:\n"
            "        let _B_v = I_syn * (10000000 ohm) / (0.01 second)\n"
            "        let _new_v = _Phi[v,v] * v + _Psi[v,v] * _B_v\n"
            "        v = _new_v\n"
            "        let _now = _running_I_syn\n"
            "        _running_I_syn = _now * s._Decay[c]\n"
            "        I_syn = _running_I_syn\n"
            "      add the elements where v > 0.01 volt to spikes(g), and for each:\n"
            "    groups      g_stateupdater + g_spike_thresholder\n"
            "      for each element of g[3:4]:\n"
            "        let _B_v = I_syn * (10000000 ohm) / (0.01 second)\n"
            "        let _new_v = _Phi[v,v] * v + _Psi[v,v] * _B_v\n"
            "        v = _new_v\n"
            "      add the elements where v > 0.01 volt to spikes(g), and for each:\n");
  const ir::StepPlan& plan = *after.model().plan;
  EXPECT_FALSE(plan.step[0].appends);
  EXPECT_TRUE(plan.step[1].appends);
  EXPECT_TRUE(plan.step[2].appends);
  // The running sum's `let` is a local of its own in the fused loop.
  EXPECT_EQ(plan.step[1].locals, 3);
}

// Loops over different groups stay apart (each group's loop fuses with its own threshold).
TEST(FuseElementLoops, GroupsStayApart) {
  const char* text = R"(
group g(3) {
    equations {
        dv/dt = -v/(10 ms) : volt
    }
}
group h(2) {
    equations {
        dw/dt = -w/(10 ms) : volt
    }
    threshold: w > 10 mV
}
)";
  auto after = test::compileText(text, test::withoutPlanOptimisations({"fuse-loops"}));
  ASSERT_TRUE(after.ok()) << after.diagnostics;
  const auto& step = after.model().plan->step;
  ASSERT_EQ(step.size(), 2u);
  EXPECT_EQ(step[0].name, "g_stateupdater");
  EXPECT_EQ(step[1].name, "h_stateupdater + h_spike_thresholder");
}

}  // namespace
}  // namespace lsm
