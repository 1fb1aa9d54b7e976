// Lazy synapses against Brian2's clock-driven update on the Maass model: the same spikes,
// membrane potentials equal up to rounding, synapse states brought up to date for readers,
// and edits between runs taking effect in the running sums.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>

#include "lsm/frontend.hpp"
#include "lsm/instance_io.hpp"
#include "lsm/network.hpp"
#include "lsm/random.hpp"
#include "lsm/simulation.hpp"
#include "maass_model.hpp"
#include "poisson_input.hpp"

namespace lsm {
namespace {

std::shared_ptr<const ir::Model> clockDrivenMaass() {
  static const std::shared_ptr<const ir::Model> model = [] {
    SourceManager sources;
    auto result = compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources,
                              {.lazySynapses = false});
    return std::make_shared<const ir::Model>(std::move(*result.model));
  }();
  return model;
}

InputSpikes poisson(std::uint64_t trial) {
  return test::poissonStimulus(3, "lazy synapses test", trial);
}

double relativeDifference(std::span<const double> a, std::span<const double> b) {
  double worst = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    worst = std::max(worst, std::fabs(a[k] - b[k]) / std::max(std::fabs(b[k]), 1e-300));
  }
  return worst;
}

struct Pair {
  NetworkInstance lazyNet, clockNet;
  Simulation lazy, clock;
  Pair(std::uint64_t seed, bool jit)
      : lazyNet(buildNetwork(test::maassModel(), {.seed = seed})),
        clockNet(buildNetwork(clockDrivenMaass(), {.seed = seed})),
        lazy(lazyNet, jit ? CompiledModel::compile(*test::maassModel()) : nullptr),
        clock(clockNet, jit ? CompiledModel::compile(*clockDrivenMaass()) : nullptr) {}
  void start(std::uint64_t trial) {
    lazy.startTrial(trial, {{"stimulus", poisson(trial)}});
    clock.startTrial(trial, {{"stimulus", poisson(trial)}});
  }
};

void expectSameSpikes(const Simulation& a, const Simulation& b, const std::string& what) {
  for (const char* monitor : {"spike_monitor_exc", "spike_monitor_inh"}) {
    EXPECT_EQ(a.spikes(monitor).steps, b.spikes(monitor).steps) << what << " " << monitor;
    EXPECT_EQ(a.spikes(monitor).indices, b.spikes(monitor).indices) << what << " " << monitor;
  }
}

// Whole trials: every spike the same, v within rounding (recurrent activity amplifies
// rounding differences, so this is the strict test of the running sums).
void expectTrialsEqual(bool jit, std::uint64_t trials, std::int64_t steps) {
  Pair p(2002, jit);
  std::size_t spikes = 0;
  double worstV = 0;
  for (std::uint64_t trial = 1; trial <= trials; ++trial) {
    p.start(trial);
    p.lazy.run(steps);
    p.clock.run(steps);
    expectSameSpikes(p.lazy, p.clock, fmt::format("trial {}", trial));
    spikes += p.lazy.spikes("spike_monitor_exc").steps.size() +
              p.lazy.spikes("spike_monitor_inh").steps.size();
    worstV =
        std::max(worstV, relativeDifference(p.lazy.state().groups.at("neurons").arrays.at("v"),
                                            p.clock.state().groups.at("neurons").arrays.at("v")));
  }
  EXPECT_GT(spikes, 300 * trials);
  EXPECT_LT(worstV, 1e-9);
  std::printf("%s: %zu spikes equal, worst relative v difference %.2g\n",
              jit ? "jit" : "interpreter", spikes, worstV);
}

TEST(LazySynapses, MaassTrialsEqualTheClockDrivenUpdate) {
  expectTrialsEqual(true, 40, 5000);
}

TEST(LazySynapses, InterpretedMaassTrialEqualsTheClockDrivenUpdate) {
  expectTrialsEqual(false, 1, 2500);
}

// A reader sees the synapses' variables as of now (here, 137 steps after the last event of
// many synapses), not as of their last event.
TEST(LazySynapses, StateIsUpToDateForReaders) {
  Pair p(7, true);
  p.start(1);
  p.lazy.run(2137);
  p.clock.run(2137);
  const Simulation& reader = p.lazy;  // the const state()
  for (const char* name : {"ee_synapses", "ei_synapses", "ie_synapses", "ii_synapses"}) {
    const ObjectState& lazy = reader.state().synapses.at(name);
    const ObjectState& clock = p.clock.state().synapses.at(name);
    for (const char* variable : {"x", "y", "u"}) {
      const auto& a = lazy.arrays.at(variable);
      const auto& b = clock.arrays.at(variable);
      for (std::size_t k = 0; k < a.size(); ++k) {
        EXPECT_NEAR(a[k], b[k], 1e-12 * (1 + std::fabs(b[k]))) << name << "." << variable << k;
      }
    }
  }
  // Reading twice changes nothing.
  auto once = p.lazy.state().synapses.at("ee_synapses").arrays.at("x");
  EXPECT_EQ(p.lazy.state().synapses.at("ee_synapses").arrays.at("x"), once);
}

// Writing a synapse variable between runs takes effect in the summed input, as when Brian2
// recomputes the sum every step.
TEST(LazySynapses, EditsBetweenRunsReachTheRunningSums) {
  for (bool jit : {true, false}) {
    Pair p(11, jit);
    p.start(2);
    p.lazy.run(1000);
    p.clock.run(1000);
    for (Simulation* s : {&p.lazy, &p.clock}) {
      auto& y = s->state().synapses.at("ee_synapses").arrays.at("y");
      std::fill(y.begin(), y.end(), 0.2);
    }
    p.lazy.run(300);
    p.clock.run(300);
    expectSameSpikes(p.lazy, p.clock, jit ? "jit" : "interpreter");
    const auto& lazySum = p.lazy.state().groups.at("neurons").arrays.at("I_syn_ee_synapses");
    const auto& clockSum = p.clock.state().groups.at("neurons").arrays.at("I_syn_ee_synapses");
    for (std::size_t e = 0; e < 108; ++e) {
      EXPECT_NEAR(lazySum[e], clockSum[e], 1e-20 + 1e-12 * std::fabs(clockSum[e])) << e;
    }
  }
}

// An edit that a snapshot holds reaches the running sums when the snapshot is restored, also
// after a new trial or into another simulation of the same instance.
TEST(LazySynapses, EditInARestoredSnapshotReachesTheRunningSums) {
  Pair p(13, true);
  p.start(5);
  p.lazy.run(700);
  p.clock.run(700);
  std::vector<Simulation::Snapshot> snapshots;
  for (Simulation* s : {&p.lazy, &p.clock}) {
    auto& y = s->state().synapses.at("ie_synapses").arrays.at("y");
    std::fill(y.begin(), y.end(), 0.3);
    snapshots.push_back(s->snapshot());
    s->startTrial(6, {{"stimulus", poisson(6)}});
    s->run(100);
  }
  Simulation fresh(p.lazyNet, CompiledModel::compile(*test::maassModel()));
  for (Simulation* s : {&p.lazy, &fresh}) {
    s->restore(snapshots[0]);
    s->run(200);
  }
  p.clock.restore(snapshots[1]);
  p.clock.run(200);
  const auto& want = p.clock.state().groups.at("neurons").arrays.at("I_syn_ie_synapses");
  for (const Simulation* s : {&p.lazy, &fresh}) {
    const auto& got = s->state().groups.at("neurons").arrays.at("I_syn_ie_synapses");
    for (std::size_t e = 0; e < 108; ++e) {
      EXPECT_NEAR(got[e], want[e], 1e-20 + 1e-12 * std::fabs(want[e])) << e;
    }
  }
  expectSameSpikes(p.lazy, p.clock, "restored");
}

// The lazy synapses' bookkeeping is not part of an instance file: saved without it, and
// refused when a file gives it.
TEST(LazySynapses, InstanceFilesLeaveOutTheBookkeeping) {
  NetworkInstance net = buildNetwork(test::maassModel(), {.seed = 2});
  const std::string path = ::testing::TempDir() + "lazy_instance.json";
  saveInstance(net, {}, path);
  nlohmann::json file = nlohmann::json::parse(std::ifstream(path));
  EXPECT_FALSE(file["synapses"]["ee_synapses"]["arrays"].contains("_lastupdate"));
  EXPECT_FALSE(file["groups"]["neurons"]["arrays"].contains("_running_I_syn_ee_synapses"));
  EXPECT_NO_THROW(loadInstance(test::maassModel(), path));
  file["synapses"]["ee_synapses"]["arrays"]["_lastupdate"] =
      std::vector<double>(net.synapses.at("ee_synapses").arrays.at("x").size(), 0.01);
  std::ofstream(path) << file.dump();
  try {
    loadInstance(test::maassModel(), path);
    ADD_FAILURE() << "a file with _lastupdate was loaded";
  } catch (const InstanceError& error) {
    EXPECT_NE(std::string(error.what()).find("'_lastupdate', which lsmc computes itself"),
              std::string::npos)
        << error.what();
  }
}

// The advance of the coupled [x, y] system with its offset, and the running sums: the JIT
// gives the interpreter's bits.
TEST(LazySynapses, MaassJitAgreesWithTheInterpreterBitForBit) {
  NetworkInstance net = buildNetwork(test::maassModel(), {.seed = 21});
  Simulation interpreted(net), compiled(net, CompiledModel::compile(*test::maassModel()));
  for (Simulation* s : {&interpreted, &compiled}) {
    s->startTrial(3, {{"stimulus", poisson(3)}});
    s->run(1500);
  }
  EXPECT_EQ(interpreted.spikes("spike_monitor_exc").steps,
            compiled.spikes("spike_monitor_exc").steps);
  EXPECT_GT(interpreted.spikes("spike_monitor_exc").steps.size(), 50u);
  for (const auto& [name, state] : interpreted.state().synapses)
    EXPECT_EQ(state.arrays, compiled.state().synapses.at(name).arrays) << name;
  for (const auto& [name, state] : interpreted.state().groups)
    EXPECT_EQ(state.arrays, compiled.state().groups.at(name).arrays) << name;
}

// A small network with what the Maass model lacks: sums into a whole group (Brian2 sums
// before the synapses' update) and into a subgroup (after), a reset that writes a summed
// target and a state monitor that records it, an on_post pathway, a spike generator source,
// a summed state with a constant offset next to it, and two sums over one state.
const char* smallNetwork = R"(
group g(30) {
    equations {
        dv/dt = ((I_syn + I_rec + I_two + I_ext)*20 Mohm - v)/(10 ms) : volt (unless refractory)
        I_syn : ampere
        I_rec : ampere
        I_two : ampere
        I_ext : ampere (constant)
    }
    threshold: v > 10 mV
    reset: v = 0 mV, I_syn = 0 nA
    refractory: 2 ms
    init {
        I_ext = uniform(0.35 nA, 0.6 nA)
        v = uniform(0 mV, 10 mV)
    }
}
subgroup low = g[0:15]
spike_generator input(5)
synapses drive(input -> g) {
    equations {
        ds/dt = -s/(3 ms) : 1 (clock-driven)
        w : ampere (constant)
        I_syn_post = w*s : ampere (summed)
    }
    on_pre: s += 1
    connect: p = 0.5
    init {
        w = uniform(0 nA, 0.3 nA)
    }
}
synapses rec(g -> low) {
    equations {
        dx/dt = (1 - x)/(200 ms) : 1 (clock-driven)
        dh/dt = -h/(5 ms) : 1 (clock-driven)
        w : ampere (constant)
        I_rec_post = w*h : ampere (summed)
        I_two_post = 0.5*w*h : ampere (summed)
    }
    on_pre {
        h += 0.5*x
        x -= 0.5*x
    }
    on_post: x = clip(x + 0.01, 0, 1)
    connect: p = 0.3
    delay: 1 ms
    init {
        w = uniform(-0.2 nA, 0.4 nA)
        x = 1
    }
}
monitor trace = state(g, I_syn, v)
monitor fired = spikes(g)
)";

std::shared_ptr<const ir::Model> compileSmall(bool lazy) {
  SourceManager sources;
  auto result = compileString("small.lsm", smallNetwork, sources, {.lazySynapses = lazy});
  if (!result.model) throw std::runtime_error(renderDiagnostics(result.diagnostics, sources));
  return std::make_shared<const ir::Model>(std::move(*result.model));
}

TEST(LazySynapses, SmallNetworkEqualsTheClockDrivenUpdate) {
  auto lazyModel = compileSmall(true), clockModel = compileSmall(false);
  for (const auto& s : lazyModel->synapses) EXPECT_FALSE(s.catchUp.empty()) << s.name;
  InputSpikes input;
  RandomStream random(9, "small network input", 0);
  for (int k = 0; k < 60; ++k) {
    input.indices.push_back(static_cast<std::int32_t>(random.below(5)));
    input.times.push_back(random.uniform() * 0.3);
  }
  for (bool jit : {true, false}) {
    NetworkInstance lazyNet = buildNetwork(lazyModel, {.seed = 4, .dt = 1e-4});
    NetworkInstance clockNet = buildNetwork(clockModel, {.seed = 4, .dt = 1e-4});
    Simulation lazy(lazyNet, jit ? CompiledModel::compile(*lazyModel) : nullptr);
    Simulation clock(clockNet, jit ? CompiledModel::compile(*clockModel) : nullptr);
    lazy.startTrial(1, {{"input", input}});
    clock.startTrial(1, {{"input", input}});
    lazy.run(3000);
    clock.run(3000);
    const std::string what = jit ? "jit" : "interpreter";
    EXPECT_EQ(lazy.spikes("fired").steps, clock.spikes("fired").steps) << what;
    EXPECT_EQ(lazy.spikes("fired").indices, clock.spikes("fired").indices) << what;
    EXPECT_GT(lazy.spikes("fired").steps.size(), 50u) << what;
    for (const char* variable : {"I_syn", "v"}) {
      const auto& a = lazy.states("trace").values.at(variable);
      const auto& b = clock.states("trace").values.at(variable);
      ASSERT_EQ(a.size(), b.size());
      for (std::size_t row = 0; row < a.size(); ++row) {
        for (std::size_t e = 0; e < a[row].size(); ++e) {
          ASSERT_NEAR(a[row][e], b[row][e], 1e-22 + 1e-9 * std::fabs(b[row][e]))
              << what << " " << variable << " step " << row << " element " << e;
        }
      }
    }
    for (const char* variable : {"I_syn", "I_rec", "I_two", "v"}) {
      const auto& a = lazy.state().groups.at("g").arrays.at(variable);
      const auto& b = clock.state().groups.at("g").arrays.at(variable);
      for (std::size_t e = 0; e < a.size(); ++e) {
        EXPECT_NEAR(a[e], b[e], 1e-22 + 1e-9 * std::fabs(b[e])) << what << " " << variable << e;
      }
    }
  }
}

}  // namespace
}  // namespace lsm
