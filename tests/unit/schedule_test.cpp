// The schedule pass reproduces Brian2's order of operations within a step.
#include <gtest/gtest.h>

#include "compile_text.hpp"

namespace lsm {
namespace {

std::vector<std::string> names(const ir::Model& model) {
  std::vector<std::string> out;
  for (const auto& op : model.schedule)
    out.push_back(std::string(ir::spelling(op.slot)) + " " + op.name);
  return out;
}

// Brian2's net.scheduling_summary() for the seed network (../shared/brian2/
// generated_updates.txt), with lsmc's names for the two stimulus pathways, which Brian2 calls
// synapses_pre and synapses_1_pre (they write disjoint neurons, so their order is free).
TEST(Schedule, MaassModelFollowsBrian2) {
  SourceManager sources;
  auto result = compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources,
                            {.lazySynapses = false});
  ASSERT_TRUE(result.model);
  std::vector<std::string> expected = {"groups ee_synapses_stateupdater",
                                       "groups ee_synapses_summed_variable_I_syn_ee_synapses_post",
                                       "groups ei_synapses_stateupdater",
                                       "groups ei_synapses_summed_variable_I_syn_ei_synapses_post",
                                       "groups ie_synapses_stateupdater",
                                       "groups ie_synapses_summed_variable_I_syn_ie_synapses_post",
                                       "groups ii_synapses_stateupdater",
                                       "groups ii_synapses_summed_variable_I_syn_ii_synapses_post",
                                       "groups neurons_stateupdater",
                                       "thresholds neurons_spike_thresholder",
                                       "thresholds stimulus",
                                       "thresholds spike_monitor_stimulus",
                                       "thresholds spike_monitor_exc",
                                       "thresholds spike_monitor_inh",
                                       "synapses ee_synapses_pre",
                                       "synapses ei_synapses_pre",
                                       "synapses ie_synapses_pre",
                                       "synapses ii_synapses_pre",
                                       "synapses static_synapses_exc_pre",
                                       "synapses static_synapses_inh_pre",
                                       "resets neurons_spike_resetter"};
  EXPECT_EQ(names(*result.model), expected);
  // Lazy synapses have no state update; everything else keeps its place.
  auto lazy = compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources);
  ASSERT_TRUE(lazy.model);
  std::erase_if(expected, [](const std::string& name) {
    return name.find("synapses_stateupdater") != std::string::npos;
  });
  EXPECT_EQ(names(*lazy.model), expected);
}

// A summed variable into a whole group (order 0) gets order -1 and runs before every state
// updater of the slot; a state monitor records at the start of the step.
TEST(Schedule, SummedIntoAWholeGroupRunsFirst) {
  std::string text = test::lifGroup;
  text.insert(text.find("v_rest : volt (shared"), "I_syn : ampere\n        ");
  text.replace(text.find("(v_rest - v)/tau"), 16, "(v_rest - v + I_syn*100 Mohm)/tau");
  auto c = test::compileText(text + R"(
synapses a_syn(neurons -> neurons) {
    equations {
        dg/dt = -g/(5 ms) : ampere (clock-driven)
        I_syn_post = g : ampere (summed)
    }
    on_pre: g += 1 pA
    connect: p = 0.1
}
monitor trace = state(neurons, v)
)",
                             {.lazySynapses = false});
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(names(c.model()),
            (std::vector<std::string>{"start trace", "groups a_syn_summed_variable_I_syn_post",
                                      "groups a_syn_stateupdater", "groups neurons_stateupdater",
                                      "thresholds neurons_spike_thresholder", "synapses a_syn_pre",
                                      "resets neurons_spike_resetter"}));
}

}  // namespace
}  // namespace lsm
