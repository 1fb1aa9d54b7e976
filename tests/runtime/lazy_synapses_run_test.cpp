// Lazy synapses against Brian2's clock-driven update on the Maass model: the same spikes,
// membrane potentials equal up to rounding, synapse states brought up to date for readers,
// and edits between runs taking effect in the running sums.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lsm/frontend.hpp"
#include "lsm/network.hpp"
#include "lsm/random.hpp"
#include "lsm/simulation.hpp"
#include "maass_model.hpp"

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
  InputSpikes input;
  RandomStream stream(3, "lazy synapses test", 0, trial);
  for (double t = stream.exponential() / 20.0; t < 0.5; t += stream.exponential() / 20.0) {
    input.indices.push_back(0);
    input.times.push_back(t);
  }
  return input;
}

double relativeDifference(const std::vector<double>& a, const std::vector<double>& b) {
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
  for (const char* name : {"ee_synapses", "ei_synapses", "ie_synapses", "ii_synapses"}) {
    const ObjectState& lazy = p.lazy.state().synapses.at(name);
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

}  // namespace
}  // namespace lsm
