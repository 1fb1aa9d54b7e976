// Plain simulations (lsm/simulation_run.hpp): runs in phases with assignments between them,
// monitors switched off and on, rate monitors — with either backend, against the same steps
// driven from the C++ API.
#include "lsm/simulation_run.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "../support/compile_text.hpp"
#include "lsm/jit.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

// A recurrent group driven by a current that the experiment sets between runs.
std::string model(const std::string& experiment) {
  return R"(
group neurons(40) {
    equations {
        dv/dt = (I*R - v + g)/tau : volt (unless refractory)
        dg/dt = -g/(5 ms) : volt
        I : amp
        R : ohm (shared, constant)
        tau : second (constant)
    }
    threshold: v > 15 mV
    reset: v = 0 mV
    refractory: 2 ms
    init {
        R = 100 Mohm
        tau = 10 ms + i*0.1 ms
        I = 0.1 nA + i*5 pA
        v = rand()*15 mV
    }
}

subgroup first = neurons[:10]
subgroup last = neurons[30:]

synapses recurrent(neurons -> neurons) {
    equations {
        w : volt
    }
    on_pre: g += w
    connect: p = 0.2
    delay: 1 ms
    init: w = 0.5 mV
}

monitor spikes_all = spikes(neurons)
monitor spikes_with_values = spikes(last, v, g)
monitor rate_all = rate(neurons)
monitor weights = state(recurrent, w) {
    elements: 0, 3
}
monitor trace = state(neurons, v) {
    elements: 0, 5
}

experiment {
    dt: 0.1 ms
    seed: 5
)" + experiment +
         "}\n";
}

struct Compiled {
  std::shared_ptr<const ir::Model> model;
  NetworkInstance network;
};

Compiled build(const std::string& experiment) {
  auto c = test::compileText(model(experiment));
  EXPECT_TRUE(c.ok()) << c.diagnostics;
  auto shared = std::make_shared<const ir::Model>(std::move(*c.result.model));
  NetworkInstance network = buildNetwork(shared, {.seed = 5});
  return {shared, std::move(network)};
}

SimulationResult run(const Compiled& c, bool jit) {
  std::shared_ptr<const CompiledModel> compiled;
  if (jit) compiled = CompiledModel::compile(*c.model);
  return runSimulation(c.network, compiled, SimulationSettings::fromModel(*c.model));
}

// The same two runs and the change between them, from the C++ API.
TEST(SimulationRun, TwoRunsWithAChangeEqualTheStepsDrivenFromTheApi) {
  Compiled c = build("    run(60 ms)\n    neurons.I = 0.3 nA\n    run(40 ms)\n");
  for (bool jit : {false, true}) {
    SimulationResult phases = run(c, jit);
    std::shared_ptr<const CompiledModel> compiled;
    if (jit) compiled = CompiledModel::compile(*c.model);
    Simulation simulation(c.network, compiled);
    simulation.runFor(0.06);
    ObjectState& neurons = simulation.state().groups.at("neurons");
    for (double& I : neurons.arrays.at("I")) I = 0.3e-9;
    simulation.runFor(0.04);
    const SpikeTrain& direct = simulation.spikes("spikes_all");
    const SpikeMonitorData& recorded = phases.spikes.at("spikes_all");
    ASSERT_EQ(recorded.i.size(), direct.indices.size()) << (jit ? "jit" : "interpreter");
    for (std::size_t k = 0; k < direct.indices.size(); ++k) {
      EXPECT_EQ(recorded.i[k], direct.indices[k]);
      EXPECT_DOUBLE_EQ(recorded.t[k], static_cast<double>(direct.steps[k]) * 1e-4);
    }
    // The change matters: the second run fires more than the first.
    std::size_t early = 0;
    for (double t : recorded.t) early += t < 0.06 ? 1 : 0;
    EXPECT_GT(recorded.t.size() - early, early * 40 / 60) << "jit " << jit;
    EXPECT_EQ(phases.steps, 1000);
  }
}

// A constant parameter changed between runs: the coefficients that depend on it follow, so
// the run is the one of a model built with that value.
TEST(SimulationRun, AConstantChangedBetweenRunsActsAsIfBuiltWithIt) {
  Compiled changed = build("    neurons.tau = 20 ms\n    run(50 ms)\n");
  std::string text = model("    run(50 ms)\n");
  text.replace(text.find("tau = 10 ms + i*0.1 ms"), 22, "tau = 20 ms");
  auto reference = test::compileText(text);
  ASSERT_TRUE(reference.ok()) << reference.diagnostics;
  auto referenceModel = std::make_shared<const ir::Model>(std::move(*reference.result.model));
  NetworkInstance referenceNetwork = buildNetwork(referenceModel, {.seed = 5});
  SimulationResult a = run(changed, true);
  SimulationResult b = runSimulation(referenceNetwork, CompiledModel::compile(*referenceModel),
                                     SimulationSettings::fromModel(*referenceModel));
  EXPECT_GT(a.spikes.at("spikes_all").i.size(), 0u);
  EXPECT_EQ(a.spikes.at("spikes_all").i, b.spikes.at("spikes_all").i);
  EXPECT_EQ(a.spikes.at("spikes_all").t, b.spikes.at("spikes_all").t);
}

// Switched off, a monitor keeps nothing of that run; its rate and times say so.
TEST(SimulationRun, AMonitorSwitchedOffRecordsNothing) {
  Compiled c = build(
      "    run(30 ms)\n    spikes_all.active = False\n    rate_all.active = False\n"
      "    trace.active = False\n    run(30 ms)\n    spikes_all.active = True\n"
      "    rate_all.active = True\n    trace.active = True\n    run(30 ms)\n");
  Compiled always = build("    run(90 ms)\n");
  SimulationResult switched = run(c, true);
  SimulationResult reference = run(always, true);
  const auto& s = switched.spikes.at("spikes_all");
  const auto& r = reference.spikes.at("spikes_all");
  std::size_t kept = 0;
  for (std::size_t k = 0; k < r.t.size(); ++k) {
    if (r.t[k] >= 0.03 - 1e-12 && r.t[k] < 0.06 - 1e-12) continue;
    ASSERT_LT(kept, s.t.size());
    EXPECT_EQ(s.i[kept], r.i[k]);
    ++kept;
  }
  EXPECT_EQ(kept, s.t.size());
  EXPECT_DOUBLE_EQ(s.activeSeconds, 0.06);
  EXPECT_EQ(switched.rates.at("rate_all").t.size(), 600u);
  EXPECT_EQ(switched.states.at("trace").t.size(), 600u);
  EXPECT_DOUBLE_EQ(switched.states.at("trace").t[300], 0.06);
}

// A population rate: the spikes of each step per element and second.
TEST(SimulationRun, RateMonitorCountsTheSpikesOfEachStep) {
  Compiled c = build("    run(80 ms)\n");
  SimulationResult result = run(c, false);
  const auto& rate = result.rates.at("rate_all");
  const auto& spikes = result.spikes.at("spikes_all");
  ASSERT_EQ(rate.t.size(), 800u);
  double total = 0;
  for (double r : rate.rate) total += r * 40 * 1e-4;
  EXPECT_NEAR(total, static_cast<double>(spikes.i.size()), 1e-9);
  EXPECT_DOUBLE_EQ(rate.t[1], 1e-4);
}

// Assignments to a subgroup with a condition, to synapses, with a random draw: every element
// of the object, nothing else.
TEST(SimulationRun, AssignmentsReachTheirElementsOnly) {
  Compiled c = build(
      "    first.I[i < 4] = 2 nA\n    recurrent.w = j*0.01 mV\n    neurons.v = rand()*1 mV\n"
      "    run(0.1 ms)\n");
  Simulation simulation(c.network);
  const auto& steps = c.model->experiment->steps;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    if (steps[k].kind == ir::ExperimentStep::Kind::assign) applyAssignment(simulation, steps[k], k);
  }
  const NetworkInstance& state = simulation.state();
  const auto& I = state.groups.at("neurons").arrays.at("I");
  for (std::size_t e = 0; e < I.size(); ++e) {
    EXPECT_DOUBLE_EQ(I[e], e < 4 ? 2e-9 : c.network.groups.at("neurons").arrays.at("I")[e]) << e;
  }
  const auto& w = state.synapses.at("recurrent").arrays.at("w");
  const auto& post = state.connectivity.at("recurrent")->post;
  ASSERT_GT(w.size(), 0u);
  for (std::size_t k = 0; k < w.size(); ++k) EXPECT_DOUBLE_EQ(w[k], post[k] * 0.01e-3);
  const auto& v = state.groups.at("neurons").arrays.at("v");
  std::set<double> distinct(v.begin(), v.end());
  EXPECT_EQ(distinct.size(), v.size());
  for (double x : v) {
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1e-3);
  }
}

// A spike monitor's variables at each spike: as the threshold left them, before the reset —
// the same in both backends.
TEST(SimulationRun, SpikeMonitorsRecordVariablesAtEachSpike) {
  Compiled c = build("    run(60 ms)\n");
  SimulationResult interpreted = run(c, false);
  SimulationResult compiled = run(c, true);
  const auto& s = interpreted.spikes.at("spikes_with_values");
  ASSERT_GT(s.i.size(), 10u);
  ASSERT_EQ(s.variables.at("v").size(), s.i.size());
  for (double v : s.variables.at("v")) EXPECT_GT(v, 15e-3);
  for (std::int64_t i : s.i) EXPECT_LT(i, 10);  // the subgroup's own indices
  EXPECT_EQ(s.variables, compiled.spikes.at("spikes_with_values").variables);
}

// A state monitor of synapses' variables, at the chosen synapses.
TEST(SimulationRun, StateMonitorsOfSynapses) {
  Compiled c = build("    run(5 ms)\n    recurrent.w = 2 mV\n    run(5 ms)\n");
  SimulationResult result = run(c, true);
  const StateMonitorData& weights = result.states.at("weights");
  EXPECT_EQ(weights.index, (std::vector<std::int64_t>{0, 3}));
  ASSERT_EQ(weights.t.size(), 100u);
  EXPECT_DOUBLE_EQ(weights.values.at("w")[0][1], 0.5e-3);
  EXPECT_DOUBLE_EQ(weights.values.at("w")[99][0], 2e-3);
}

}  // namespace
}  // namespace lsm
