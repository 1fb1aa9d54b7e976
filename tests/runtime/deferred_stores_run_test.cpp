// Deferred stores (passes/deferred_stores.hpp) on the JIT: values kept in registers during a
// run reach memory by its end, whatever ends it — the steps asked for, a state monitor's
// recording step, a spike record out of room — so that the state, the state monitor's
// records and the spikes are the interpreter's, bit for bit, and the same as without the pass.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <span>

#include "../support/compile_text.hpp"
#include "lsm/frontend.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

// 200 neurons firing every few steps (a spike record of 1024 entries fills within a run),
// with a summed current and refractoriness that only the neuron loop reads.
std::string model(const std::string& monitors) {
  return R"(
group g(200) {
    equations {
        dv/dt = (I_in + I_fast)*(50 Mohm)/(5 ms) - v/(5 ms) : volt (unless refractory)
        I_in : ampere (constant)
        I_fast : ampere
    }
    threshold: v > 10 mV
    reset: v = 0 mV
    refractory: 0.5 ms
    init {
        I_in = 0.3 nA + i*5 pA
        v = i*0.05 mV
    }
}
synapses fast(g -> g) {
    equations {
        dc/dt = -c/(3 ms) : 1 (clock-driven)
        I_fast_post = c*10 pA : ampere (summed)
    }
    on_pre: c += 1
    connect: p = 0.05
}
monitor out = spikes(g)
)" + monitors;
}

std::shared_ptr<const ir::Model> compiled(const std::string& text, bool withThePass) {
  FrontendOptions options;
  if (!withThePass) options.disabledPasses.push_back("deferred-stores");
  auto result = test::compileText(text, options);
  EXPECT_TRUE(result.ok()) << result.diagnostics;
  return std::make_shared<const ir::Model>(std::move(*result.result.model));
}

bool sameBits(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void expectSameState(const Simulation& a, const Simulation& b, const std::string& what) {
  for (const auto& [variable, values] : a.state().groups.at("g").arrays)
    EXPECT_TRUE(sameBits(values, b.state().groups.at("g").arrays.at(variable)))
        << what << ": g." << variable;
  EXPECT_EQ(a.spikes("out").steps, b.spikes("out").steps) << what;
  EXPECT_EQ(a.spikes("out").indices, b.spikes("out").indices) << what;
}

TEST(DeferredStores, TheNeuronLoopDefersItsCopies) {
  auto deferring = compiled(model(""), true);
  bool deferred = false;
  for (const ir::PlanOp& op : deferring->plan->step)
    if (op.object == "g" && op.kind == ir::PlanOp::Kind::threshold)
      deferred = op.deferredStores.size() == 2;  // I_fast and not_refractory
  EXPECT_TRUE(deferred);
  // Held by name: a range-for over a temporary's member would outlive the temporary.
  auto storing = compiled(model(""), false);
  for (const ir::PlanOp& op : storing->plan->step) EXPECT_TRUE(op.deferredStores.empty());
}

// Runs of several lengths, the spike record filling (and growing) within them: after each,
// the state is the interpreter's and that of the plan without the pass.
TEST(DeferredStores, StateAtTheEndOfEveryRun) {
  auto deferring = compiled(model(""), true);
  auto storing = compiled(model(""), false);
  NetworkInstance network = buildNetwork(deferring, {.seed = 7});
  Simulation jit(network, CompiledModel::compile(*deferring));
  Simulation plain(network, CompiledModel::compile(*storing));
  Simulation interpreted(network);
  for (std::int64_t steps : {1, 2, 37, 1000, 3000}) {
    for (Simulation* s : {&jit, &plain, &interpreted}) s->run(steps);
    expectSameState(jit, interpreted, "interpreter, after a run of " + std::to_string(steps));
    expectSameState(jit, plain, "without the pass, after a run of " + std::to_string(steps));
  }
  // The record filled during the runs (so runs stopped for room before going on).
  EXPECT_GT(jit.spikes("out").steps.size(), 4096u);
}

// A state monitor recording the deferred values every 3 steps records them as stored.
TEST(DeferredStores, StateMonitorsRecordTheDeferredValues) {
  const std::string text = model(
      "monitor trace = state(g, I_fast, not_refractory) {\n"
      "    every: 0.3 ms\n}\n");
  auto deferring = compiled(text, true);
  NetworkInstance network = buildNetwork(deferring, {.seed = 3});
  Simulation jit(network, CompiledModel::compile(*deferring));
  Simulation interpreted(network);
  for (Simulation* s : {&jit, &interpreted}) s->run(500);
  expectSameState(jit, interpreted, "with a state monitor");
  const StateRecord& record = jit.states("trace");
  ASSERT_EQ(record.steps.size(), 167u);
  EXPECT_EQ(record.values.at("I_fast"), interpreted.states("trace").values.at("I_fast"));
  EXPECT_EQ(record.values.at("not_refractory"),
            interpreted.states("trace").values.at("not_refractory"));
}

}  // namespace
}  // namespace lsm
