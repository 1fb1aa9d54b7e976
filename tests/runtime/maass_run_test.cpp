// The Maass model end to end through the reference interpreter: it builds, its connectivity
// has the expected statistics, and a trial runs with plausible activity.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "lsm/frontend.hpp"
#include "lsm/network.hpp"
#include "lsm/random.hpp"
#include "lsm/simulation.hpp"
#include "maass_model.hpp"

namespace lsm {
namespace {

std::shared_ptr<const ir::Model> maass() {
  return test::maassModel();
}

TEST(MaassNetwork, ConnectionCountsMatchTheirExpectation) {
  NetworkInstance net = buildNetwork(maass(), {.seed = 7});
  const ObjectState& neurons = net.groups.at("neurons");
  struct Pathway {
    const char* name;
    double c;
    int preBegin, preEnd, postBegin, postEnd;
  };
  for (const Pathway& p :
       {Pathway{"ee_synapses", 0.3, 0, 108, 0, 108}, Pathway{"ei_synapses", 0.2, 0, 108, 108, 135},
        Pathway{"ie_synapses", 0.4, 108, 135, 0, 108},
        Pathway{"ii_synapses", 0.1, 108, 135, 108, 135}}) {
    double mean = 0, variance = 0;
    for (int i = p.preBegin; i < p.preEnd; ++i) {
      for (int j = p.postBegin; j < p.postEnd; ++j) {
        double d2 = 0;
        for (const char* axis : {"x_pos", "y_pos", "z_pos"}) {
          double d = neurons.get(axis, i) - neurons.get(axis, j);
          d2 += d * d;
        }
        double probability = p.c * std::exp(-d2 / 4.0);
        mean += probability;
        variance += probability * (1 - probability);
      }
    }
    double count = static_cast<double>(net.connectivity.at(p.name)->pre.size());
    EXPECT_LT(std::fabs(count - mean), 5 * std::sqrt(variance)) << p.name;
  }
  EXPECT_EQ(net.connectivity.at("static_synapses_exc")->pre.size(), 108u);
  EXPECT_EQ(net.connectivity.at("static_synapses_inh")->pre.size(), 27u);
  EXPECT_EQ(net.connectivity.at("ee_synapses")->maxDelaySteps, 15);
  EXPECT_EQ(net.connectivity.at("ei_synapses")->maxDelaySteps, 8);
}

TEST(MaassNetwork, GridPositionsAreAShuffledColumn) {
  NetworkInstance net = buildNetwork(maass(), {.seed = 3});
  const ObjectState& neurons = net.groups.at("neurons");
  std::vector<int> seen(135, 0);
  for (int e = 0; e < 135; ++e) {
    int index = static_cast<int>(neurons.get("x_pos", e) + 3 * neurons.get("y_pos", e) +
                                 9 * neurons.get("z_pos", e));
    ++seen[static_cast<std::size_t>(index)];
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 135);  // a permutation of the grid
  int moved = 0;
  for (int e = 0; e < 135; ++e) {
    int index = static_cast<int>(neurons.get("x_pos", e) + 3 * neurons.get("y_pos", e) +
                                 9 * neurons.get("z_pos", e));
    moved += index != e;
  }
  EXPECT_GT(moved, 100);  // shuffled: a random permutation fixes about one element
}

TEST(MaassNetwork, RedrawnParametersArePositive) {
  NetworkInstance net = buildNetwork(maass(), {.seed = 11});
  for (const char* name : {"ee_synapses", "ei_synapses", "ie_synapses", "ii_synapses"}) {
    const ObjectState& s = net.synapses.at(name);
    for (const char* variable : {"U", "D", "F"}) {
      for (double value : s.arrays.at(variable)) {
        EXPECT_GE(value, 0.0) << name << "." << variable;  // U may be exactly its mean
      }
    }
    for (double x : s.arrays.at("x")) EXPECT_EQ(x, 1.0);
  }
}

TEST(MaassNetwork, SameSeedSameNetwork) {
  NetworkInstance a = buildNetwork(maass(), {.seed = 5});
  NetworkInstance b = buildNetwork(maass(), {.seed = 5});
  NetworkInstance c = buildNetwork(maass(), {.seed = 6});
  EXPECT_EQ(a.synapses.at("ee_synapses").arrays, b.synapses.at("ee_synapses").arrays);
  EXPECT_EQ(a.connectivity.at("ie_synapses")->post, b.connectivity.at("ie_synapses")->post);
  EXPECT_NE(a.connectivity.at("ee_synapses")->pre, c.connectivity.at("ee_synapses")->pre);
}

TEST(MaassNetwork, OneTrialRunsWithPlausibleActivity) {
  NetworkInstance net = buildNetwork(maass(), {.seed = 2002});
  Simulation simulation(net);
  InputSpikes input;
  RandomStream poisson(1, "test input", 0);
  for (double t = 0;;) {
    t += poisson.exponential() / 20.0;  // 20 Hz
    if (t >= 0.5) break;
    input.indices.push_back(0);
    input.times.push_back(t);
  }
  simulation.startTrial(1, {{"stimulus", input}});
  auto begin = std::chrono::steady_clock::now();
  simulation.run(5000);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  auto exc = simulation.spikes("spike_monitor_exc").steps.size();
  auto inh = simulation.spikes("spike_monitor_inh").steps.size();
  std::printf(
      "one 500 ms trial (interpreter): %zu exc + %zu inh spikes, %zu input spikes, %.2f s\n", exc,
      inh, input.times.size(), seconds);
  // Brian2's trials of this model have ~800-1300 spikes (../shared/brian2/semantics.txt).
  EXPECT_GT(exc + inh, 200u);
  EXPECT_LT(exc + inh, 5000u);
  for (double v : simulation.state().groups.at("neurons").arrays.at("v")) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_LE(v, 0.015 + 0.01);
  }
}

}  // namespace
}  // namespace lsm

namespace lsm {
namespace {

// A trial after another on the same simulation gives what a fresh simulation gives: restoring
// resets every piece of state, with either backend.
TEST(MaassNetwork, TrialsDoNotLeakIntoEachOther) {
  NetworkInstance net = buildNetwork(maass(), {.seed = 4});
  std::shared_ptr<const CompiledModel> compiled = CompiledModel::compile(*maass());
  auto input = [](double offset) {
    InputSpikes in;
    for (double t = 0.01 + offset; t < 0.2; t += 0.037) {
      in.indices.push_back(0);
      in.times.push_back(t);
    }
    return in;
  };
  for (bool jit : {true, false}) {
    const std::int64_t steps = jit ? 2000 : 400;  // the interpreter is slow
    Simulation reused(net, jit ? compiled : nullptr);
    reused.startTrial(1, {{"stimulus", input(0.0)}});
    reused.run(steps);
    reused.startTrial(2, {{"stimulus", input(0.005)}});
    reused.run(steps);
    Simulation fresh(net, jit ? compiled : nullptr);
    fresh.startTrial(2, {{"stimulus", input(0.005)}});
    fresh.run(steps);
    for (const char* monitor :
         {"spike_monitor_exc", "spike_monitor_inh", "spike_monitor_stimulus"}) {
      EXPECT_EQ(reused.spikes(monitor).indices, fresh.spikes(monitor).indices) << monitor << jit;
      EXPECT_EQ(reused.spikes(monitor).steps, fresh.spikes(monitor).steps) << monitor << jit;
    }
    EXPECT_GT(fresh.spikes("spike_monitor_exc").steps.size(), jit ? 50u : 5u);
    if (jit) {
      EXPECT_EQ(fresh.spikes("spike_monitor_stimulus").steps.size(), input(0.005).times.size());
    }
  }
}

}  // namespace
}  // namespace lsm
