// Synapses on synapses (Brian2's Synapses(source, other_synapses, ...)): the modulating
// synapses' events reach the target's synapses, with j and N_post counting them, their
// delays, connection rules over them, edits between runs and monitors of the target; the
// JIT and the interpreter give the same bits.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "../support/compile_text.hpp"
#include "lsm/frontend.hpp"
#include "lsm/instance_io.hpp"
#include "lsm/network.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

std::shared_ptr<const ir::Model> compile(const std::string& text) {
  return test::compileModel(text);
}

// `pulse` spikes at steps 50, 150, 250, ...; `plastic` connects every pair of 4 cells (16
// synapses, synapse k from cell k / 4 to cell k % 4); `reward` reaches every third of them.
const char* const modulated = R"(
group pulse(1) {
    threshold: timestep(t, dt) % 100 == 50
}
group cells(4) {
    equations {
        v : 1
    }
}
synapses plastic(cells -> cells) {
    equations {
        d : 1
        dc/dt = -c/(10 ms) : 1 (clock-driven)
    }
    connect: all_to_all
}
synapses reward(pulse -> plastic) {
    equations {
        targets : 1
    }
    on_pre {
        d_post += 1 + j
        c = 1
    }
    connect: condition = j % 3 == 0
    delay: 2 ms
    init {
        targets = N_post
    }
}
monitor traces = state(plastic, d, c) {
    elements: 0, 1, 3
}
experiment {
    dt: 0.1 ms
}
)";

void expectModulation(bool jit) {
  auto model = compile(modulated);
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  const Connectivity& reward = *network.connectivity.at("reward");
  ASSERT_EQ(reward.post, (std::vector<std::int32_t>{0, 3, 6, 9, 12, 15}));
  EXPECT_EQ(network.synapses.at("reward").arrays.at("targets"), VariableArray(6, 16.0));
  Simulation sim(network, jit ? CompiledModel::compile(*model) : nullptr);
  sim.startTrial(1);
  // The spike of step 50 arrives 20 steps later, in the synapses slot of step 70.
  sim.run(70);
  EXPECT_EQ(sim.state().synapses.at("plastic").arrays.at("d"), VariableArray(16, 0.0));
  sim.run(1);
  VariableArray d = sim.state().synapses.at("plastic").arrays.at("d");
  for (std::size_t k = 0; k < d.size(); ++k) {
    EXPECT_EQ(d[k], k % 3 == 0 ? 1.0 + static_cast<double>(k) : 0.0) << "synapse " << k;
  }
  sim.run(100);  // the second pulse arrives at step 170
  d = sim.state().synapses.at("plastic").arrays.at("d");
  EXPECT_EQ(d[3], 8.0);
  EXPECT_EQ(d[4], 0.0);
  // The monitor records before each step: c, set to 1 in the synapses slot of step 70, is 1
  // at step 71 and has decayed by step 170 (in the groups slot of each step from 71).
  const StateRecord& traces = sim.states("traces");
  ASSERT_EQ(traces.steps.size(), 171u);
  EXPECT_EQ(traces.elements, (std::vector<std::int64_t>{0, 1, 3}));
  EXPECT_EQ(traces.values.at("c")[70][0], 0.0);
  EXPECT_EQ(traces.values.at("c")[71][0], 1.0);
  EXPECT_EQ(traces.values.at("c")[71][1], 0.0);
  EXPECT_LT(traces.values.at("c")[170][2], 1.0);
  EXPECT_GT(traces.values.at("c")[170][2], 0.0);
  EXPECT_EQ(traces.values.at("d")[71][2], 4.0);
}

TEST(SynapsesOnSynapses, EventsReachTheTargetSynapsesInterpreted) {
  expectModulation(false);
}
TEST(SynapsesOnSynapses, EventsReachTheTargetSynapsesCompiled) {
  expectModulation(true);
}

// Connection rules see the target's synapses: pairs, j = ..., and X_post of the target.
TEST(SynapsesOnSynapses, ConnectionRulesCountTheTargetsSynapses) {
  auto model = compile(R"(
group pulse(2) {
    threshold: False
}
group cells(3) {
    equations {
        v : 1
    }
}
synapses plastic(cells -> cells) {
    equations {
        w : 1
    }
    connect: condition = i != j
    init {
        w = j
    }
}
synapses listed(pulse -> plastic) {
    on_pre: w += 1
    connect: i = [0, 1, 1], j = [5, 0, 2]
}
synapses shifted(pulse -> plastic) {
    on_pre: w += 1
    connect: j = N_post - 1 - i
}
synapses heavy(pulse -> plastic) {
    on_pre: w += 1
    connect: condition = w_post > 1 and i == 0
}
)");
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  // plastic: (0,1) (0,2) (1,0) (1,2) (2,0) (2,1): w = 1 2 0 2 0 1.
  EXPECT_EQ(network.connectivity.at("listed")->post, (std::vector<std::int32_t>{5, 0, 2}));
  EXPECT_EQ(network.connectivity.at("shifted")->post, (std::vector<std::int32_t>{5, 4}));
  EXPECT_EQ(network.connectivity.at("heavy")->post, (std::vector<std::int32_t>{1, 3}));
}

// Brian2 2.5.1 (numpy target) on the same network:
//   g = NeuronGroup(3, 'v : 1', threshold='t > 0.25*ms and t < 0.35*ms', reset='')
//   s = Synapses(g, g, 'w : 1', on_pre='v_post += w'); s.connect(condition='i != j'); s.w = 'j'
//   r = Synapses(g, s, 'x : 1', on_pre='w_post += 1')
//   r.connect(condition='w_post > 1 and i == 0'); r.x = 'N_post + j'
//   sh = Synapses(g, s, on_pre='w += 1'); sh.connect(j='N_post - 1 - i'); run(1*ms)
// gives r.j = [1, 3], r.x = [7, 9], sh.j = [5, 4, 3] and then s.w = [1, 3, 0, 4, 1, 2].
TEST(SynapsesOnSynapses, AsBrian2OnASmallNetwork) {
  auto model = compile(R"(
group g(3) {
    equations {
        v : 1
    }
    threshold: t > 0.25*ms and t < 0.35*ms
}
synapses s(g -> g) {
    equations {
        w : 1
    }
    on_pre: v_post += w
    connect: condition = i != j
    init {
        w = j
    }
}
synapses r(g -> s) {
    equations {
        x : 1
    }
    on_pre: w_post += 1
    connect: condition = w_post > 1 and i == 0
    init {
        x = N_post + j
    }
}
synapses sh(g -> s) {
    on_pre: w += 1
    connect: j = N_post - 1 - i
}
)");
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  EXPECT_EQ(network.connectivity.at("r")->post, (std::vector<std::int32_t>{1, 3}));
  EXPECT_EQ(network.synapses.at("r").arrays.at("x"), (VariableArray{7, 9}));
  EXPECT_EQ(network.connectivity.at("sh")->post, (std::vector<std::int32_t>{5, 4, 3}));
  for (bool jit : {false, true}) {
    Simulation sim(network, jit ? CompiledModel::compile(*model) : nullptr);
    sim.startTrial(1);
    sim.runFor(1e-3);
    EXPECT_EQ(sim.state().synapses.at("s").arrays.at("w"), (VariableArray{1, 3, 0, 4, 1, 2}))
        << (jit ? "JIT" : "interpreter");
  }
}

TEST(SynapsesOnSynapses, PairsOutsideTheTargetsSynapsesAreBuildErrors) {
  auto model = compile(R"(
group pulse(1) {
    threshold: False
}
group cells(2) {
    equations {
        v : 1
    }
}
synapses plastic(cells -> cells) {
    connect: one_to_one
}
synapses listed(pulse -> plastic) {
    equations {
        x : 1
    }
    on_pre: x += 1
    connect: i = [0], j = [2]
}
)");
  ASSERT_TRUE(model);
  try {
    buildNetwork(model, {.seed = 1});
    FAIL() << "no BuildError";
  } catch (const BuildError& e) {
    EXPECT_NE(std::string(e.what()).find("(i=0, j=2) is outside 'pulse' -> 'plastic' (1 -> 2"),
              std::string::npos)
        << e.what();
  }
}

// An instance file keeps the modulating synapses' targets (synapse numbers of the target);
// one whose target synapse is not there is refused.
TEST(SynapsesOnSynapses, InstancesRoundTripAndTargetsAreChecked) {
  auto model = compile(modulated);
  ASSERT_TRUE(model);
  NetworkInstance built = buildNetwork(model, {.seed = 1});
  const std::string path = testing::TempDir() + "synapses_on_synapses_instance.json";
  saveInstance(built, {}, path);
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  std::remove(path.c_str());
  InstanceFile read = readInstance(model, text.str(), path);
  EXPECT_EQ(read.network.connectivity.at("reward")->post, built.connectivity.at("reward")->post);
  EXPECT_EQ(read.network.synapses.at("reward").arrays, built.synapses.at("reward").arrays);
  // reward's last target, synapse 15 of plastic's 16, made synapse 16.
  std::string corrupt = text.str();
  const std::string last = "15]";
  const std::size_t at = corrupt.find(last, corrupt.find("\"reward\""));
  ASSERT_NE(at, std::string::npos);
  corrupt.replace(at, last.size(), "16]");
  try {
    readInstance(model, corrupt, path);
    FAIL() << "no error for a target synapse outside 'plastic'";
  } catch (const BuildError& e) {
    EXPECT_NE(std::string(e.what()).find("synapses 'reward': synapse 5 connects 0 -> 16"),
              std::string::npos)
        << e.what();
  }
}

// An edit between runs of a parameter of the target synapses (Izhikevich 2007's `mode`) takes
// effect in its clock-driven update, whatever the optimisations hoisted from it.
TEST(SynapsesOnSynapses, ParametersEditedBetweenRunsTakeEffect) {
  auto model = compile(R"(
group pulse(1) {
    threshold: timestep(t, dt) == 5
}
group cells(2) {
    equations {
        v : 1
    }
}
synapses plastic(cells -> cells) {
    equations {
        mode : 1
        dd/dt = -d/(20 ms) : 1 (clock-driven)
        ds/dt = mode*d/(1 ms) : 1 (clock-driven)
    }
    method: euler
    connect: one_to_one
}
synapses reward(pulse -> plastic) {
    on_pre: d_post += 0.5
    connect: all_to_all
}
)");
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  for (bool jit : {false, true}) {
    Simulation sim(network, jit ? CompiledModel::compile(*model) : nullptr);
    sim.startTrial(1);
    sim.run(100);
    const auto& plastic = sim.state().synapses.at("plastic").arrays;
    EXPECT_EQ(plastic.at("s"), VariableArray(2, 0.0));
    const double d = plastic.at("d")[0];
    EXPECT_GT(d, 0.3);
    for (double& mode : sim.state().synapses.at("plastic").arrays.at("mode")) mode = 1;
    sim.run(1);
    // Euler: s += dt * mode * d / (1 ms) with the d before the step.
    EXPECT_DOUBLE_EQ(sim.state().synapses.at("plastic").arrays.at("s")[0], 0.1 * d);
  }
}

}  // namespace
}  // namespace lsm
