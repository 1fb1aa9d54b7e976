// Step-plan lowering, before/after: a scheduled model in, its step plan out (the printed
// plan); and the Maass model's plan against its golden file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

// Before: the schedule of `lsmc ir` (one line per operation) and the IR's statements by name.
// After: typed operations on slots, every reference resolved, the queues spelled out.
const char* smallModel = R"(
spike_generator input(2)
group g(3) {
    equations {
        dv/dt = -v/(10 ms) : volt (unless refractory)
        I_syn : ampere
    }
    threshold: v > 10 mV
    reset: v = 0 mV
    refractory: 2 ms
}
synapses drive(input -> g) {
    equations {
        w : volt (constant)
    }
    on_pre: v_post += w
    connect: p = 1
    delay: uniform(0 ms, 1 ms)
    init {
        w = 2 mV
    }
}
synapses back(g -> g) {
    equations {
        w : 1
    }
    on_post: w += 0.5
    on_pre: v_post += w * 1 mV
    connect: condition = i != j
    delay: 1 ms
}
monitor out = spikes(g)
monitor trace = state(g, v)
)";

TEST(StepPlanLowering, EachScheduledOperationBecomesTypedOperations) {
  auto c = test::compileText(smallModel, test::withoutPlanOptimisations());
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  ASSERT_NE(c.model().plan, nullptr);
  EXPECT_EQ(ir::toString(*c.model().plan),
            "step plan\n"
            "  slots\n"
            "      0  g.lastspike : double[3]\n"
            "      1  g.not_refractory : double[3]\n"
            "      2  g._Phi[v,v] : double (shared)\n"
            "      3  g.v : double[3]\n"
            "      4  spikes(g) : up to 3 elements\n"
            "      5  flags(g) : a byte per element\n"
            "      6  spikes(input) : up to 2 elements\n"
            "      7  input(input) : spikes by step\n"
            "      8  record(out) : spikes of 3 elements\n"
            "      9  back.count : int64\n"
            "     10  back.pre : int32 per synapse\n"
            "     11  back.post : int32 per synapse\n"
            "     12  back.w : double per synapse\n"
            "     13  back.outgoing : synapses by source element\n"
            "     14  ring(back) : delay ring of up to 3 source elements a step\n"
            "     15  drive.count : int64\n"
            "     16  drive.pre : int32 per synapse\n"
            "     17  drive.post : int32 per synapse\n"
            "     18  drive.w : double per synapse\n"
            "     19  drive.outgoing : synapses by source element\n"
            "     20  ring(drive) : delay ring of synapses\n"
            "     21  drive.delays : int32 steps per synapse\n"
            "     22  back.incoming : synapses by target element\n"
            "  step\n"
            "    start       trace\n"
            "      recorded by the runtime before the step\n"
            "    groups      g_stateupdater\n"
            "      for each element of g[0:3]\n"
            "        not_refractory = timestep(t - lastspike, dt) >= timestep(0.002 second, dt)\n"
            "        let _new_v = _Phi[v,v] * v\n"
            "        v[not_refractory] = _new_v\n"
            "    thresholds  g_spike_thresholder\n"
            "      for each element of g[0:3]\n"
            "      collect the elements where v > 0.01 volt and not_refractory to spikes(g), and "
            "for each:\n"
            "        not_refractory = False\n"
            "        lastspike = t\n"
            "    thresholds  input\n"
            "      emit input(input) due now into spikes(input)\n"
            "    thresholds  out\n"
            "      record spikes(g)[0:3] into record(out)\n"
            "    synapses    back_pre\n"
            "      queue spikes(g)[0:3] in ring(back) (one delay); for each synapse of the "
            "elements due:\n"
            "        v_post[not_refractory_post] += w * (0.001 volt)\n"
            "    synapses    drive_pre\n"
            "      queue the synapses of spikes(input)[0:2] in ring(drive) by their delays; for "
            "each synapse due:\n"
            "        v_post[not_refractory_post] += w\n"
            "    synapses    back_post\n"
            "      for each synapse reaching spikes(g)[0:3]:\n"
            "        w += 0.5\n"
            "    resets      g_spike_resetter\n"
            "      for each element of spikes(g)\n"
            "        v = 0 volt\n");
}

// Every reference is a slot of the right kind and object: no names between the plan and its
// backends.
TEST(StepPlanLowering, ReferencesAreSlots) {
  auto c = test::compileText(smallModel, test::withoutPlanOptimisations());
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  const ir::StepPlan& plan = *c.model().plan;
  const ir::PlanOp& update = plan.step[1];
  ASSERT_EQ(update.kind, ir::PlanOp::Kind::elements);
  const ir::Statement& write = update.body.back();  // v[not_refractory] = _new_v
  const ir::PlanSlot& v = plan.slots[static_cast<std::size_t>(write.targetSlot)];
  EXPECT_EQ(v.kind, ir::PlanSlot::Kind::variable);
  EXPECT_EQ(v.object, "g");
  EXPECT_EQ(v.variable, "v");
  EXPECT_EQ(write.value.scope, ir::Scope::local);
  EXPECT_EQ(write.value.slot, 0);  // the body's first local
  const ir::PlanOp& drive = plan.step[6];
  ASSERT_EQ(drive.kind, ir::PlanOp::Kind::pathway);
  EXPECT_EQ(drive.delivery, ir::PlanOp::Delivery::synapses);
  EXPECT_EQ(plan.slots[static_cast<std::size_t>(drive.delays)].kind, ir::PlanSlot::Kind::delays);
  EXPECT_EQ(plan.slots[static_cast<std::size_t>(drive.pre)].kind, ir::PlanSlot::Kind::preIndices);
  EXPECT_EQ(plan.find(ir::PlanSlot::Kind::spikes, "input"), drive.spikes);
}

// A summed variable that is no running sum (clock-driven synapses): the target is zeroed on
// its population, then each synapse adds to its target element.
TEST(StepPlanLowering, SummedVariableZeroesThenAdds) {
  const char* text = R"(
group g(4) {
    equations {
        dv/dt = (I_syn*10 Mohm - v)/(10 ms) : volt
        I_syn : ampere
    }
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
  FrontendOptions options = test::withoutPlanOptimisations();
  options.lazySynapses = false;
  auto c = test::compileText(text, options);
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  std::string plan = ir::toString(*c.model().plan);
  auto at = plan.find("    groups      s_summed_variable_I_syn_post\n");
  ASSERT_NE(at, std::string::npos) << plan;
  EXPECT_EQ(plan.substr(at, plan.find("    synapses    s_pre") - at),
            "    groups      s_summed_variable_I_syn_post\n"
            "      for each element of g[1:3]\n"
            "        I_syn = 0 ampere\n"
            "    groups      s_summed_variable_I_syn_post\n"
            "      for each synapse of s\n"
            "        I_syn_post += c * (1e-09 ampere)\n");
}

// The Maass model's plan: tests/models/maass2002.plan (LSMC_UPDATE_GOLDEN=1 rewrites it).
TEST(StepPlanLowering, MaassModelPlanIsItsGolden) {
  SourceManager sources;
  auto result = compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources,
                            test::withoutPlanOptimisations());
  ASSERT_TRUE(result.model);
  std::string plan = ir::toString(*result.model->plan);
  const std::string golden = std::string(LSM_TEST_DATA_DIR) + "/models/maass2002.plan";
  if (std::getenv("LSMC_UPDATE_GOLDEN") != nullptr) std::ofstream(golden) << plan;
  std::stringstream expected;
  expected << std::ifstream(golden).rdbuf();
  EXPECT_EQ(plan, expected.str());
}

}  // namespace
}  // namespace lsm
