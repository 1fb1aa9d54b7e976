// One simulation on several threads (Simulation::setThreads): the large operations of each
// step are split (neuron updates and threshold by element range, spike delivery by target
// range), and the spikes, their order, the values the monitors record and the state at the
// end are the same, bit for bit, for 1, 2 and 8 threads on the JIT, and the same as the
// reference interpreter's (which runs on one thread whatever it is given).
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compile_text.hpp"
#include "instance_completion.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

// Brian2's CUBA at 20 000 neurons (above the size from which operations split), fan-in 40;
// a spike monitor with values and a state monitor.
const char* model = R"(N_CELLS = 20000
N_EXC = 16000
group P(N_CELLS) {
    equations {
        dv/dt = (ge + gi - (v + 49 mV))/(20 ms) : volt (unless refractory)
        dge/dt = -ge/(5 ms) : volt
        dgi/dt = -gi/(10 ms) : volt
    }
    threshold: v > -50 mV
    reset: v = -60 mV
    refractory: 5 ms
    method: exact
    init {
        v = -60 mV + rand()*10 mV
    }
}
synapses Ce(P -> P) {
    on_pre: ge += 1.62 mV
    connect: condition = i < N_EXC, p = 40.0/N_CELLS
}
synapses Ci(P -> P) {
    on_pre: gi += -9 mV
    connect: condition = i >= N_EXC, p = 40.0/N_CELLS
}
monitor spikes = spikes(P, v, ge)
monitor trace = state(P, v, gi) {
    elements: 0, 7, 12345, 19999
}
experiment {
    dt: 0.1 ms
    duration: 20 ms
}
)";

struct Outcome {
  SpikeTrain spikes;
  StateRecord trace;
  NetworkInstance state;
};

Outcome simulate(const NetworkInstance& network, std::shared_ptr<const CompiledModel> compiled,
                 int threads) {
  Simulation simulation(network, std::move(compiled));
  simulation.setThreads(threads);
  simulation.run(120);
  simulation.run(80);  // a second run goes on where the first stopped
  return {simulation.spikes("spikes"), simulation.states("trace"), simulation.state()};
}

void expectSame(const Outcome& a, const Outcome& b, const std::string& what) {
  EXPECT_EQ(a.spikes.indices, b.spikes.indices) << what;
  EXPECT_EQ(a.spikes.steps, b.spikes.steps) << what;
  EXPECT_EQ(a.spikes.values, b.spikes.values) << what;
  EXPECT_EQ(a.trace.steps, b.trace.steps) << what;
  EXPECT_EQ(a.trace.values, b.trace.values) << what;
  for (const auto& [name, group] : a.state.groups) {
    for (const auto& [variable, values] : group.arrays)
      EXPECT_EQ(values, b.state.groups.at(name).arrays.at(variable))
          << name << "." << variable << what;
  }
}

// The simulation of `text` on each of `threads` and in the interpreter is the one on 1 thread.
void expectTheSameOn(const std::string& text, std::initializer_list<int> threads) {
  auto shared = test::compileModel(text);
  ASSERT_NE(shared, nullptr);
  const NetworkInstance network = buildNetwork(shared, {.seed = 3, .threads = 2});
  std::shared_ptr<const CompiledModel> compiled = CompiledModel::compile(*shared);
  const Outcome one = simulate(network, compiled, 1);
  // Enough activity that the delivery splits on many steps: more spikes than 200 steps of
  // codegen::minSplitEvents (16) due events.
  ASSERT_GT(one.spikes.indices.size(), 3200u);
  for (int n : threads)
    expectSame(one, simulate(network, compiled, n), " (" + std::to_string(n) + " threads)");
  expectSame(one, simulate(network, nullptr, 2), " (the interpreter)");
}

TEST(SimulationThreads, OneTwoAndEightThreadsGiveTheSameSimulation) {
  expectTheSameOn(model, {2, 8});
}

// Excitatory sources whose targets descend (a generator over a descending range): delivery
// split by target cannot search each source's synapses for its share and tests each one.
TEST(SimulationThreads, SynapsesInDescendingTargetOrderGiveTheSameSimulation) {
  std::string text = model;
  const std::string excitatory = "connect: condition = i < N_EXC, p = 40.0/N_CELLS";
  text.replace(text.find(excitatory), excitatory.size(),
               "connect: j = k for k in range(N_post - 1 - i % 500, -1, -500) if i < N_EXC");
  expectTheSameOn(text, {2, 3});
}

// Targets far from even over the population: the search for each thread's share walks
// further from where an even spread would put it.
TEST(SimulationThreads, SynapsesOfUnevenTargetsGiveTheSameSimulation) {
  std::string text = model;
  const std::string excitatory = "connect: condition = i < N_EXC, p = 40.0/N_CELLS";
  text.replace(text.find(excitatory), excitatory.size(),
               "connect: condition = i < N_EXC and (j < 2500 or j >= N_CELLS - 40), "
               "p = 40.0/2540");
  expectTheSameOn(text, {2, 3});
}

// `drawn` with each synapses' synapses numbered sources last to first, each source's together
// and in their order: its index by source is a stored permutation, where as drawn (row by row)
// it is the identity, stored as no numbers (lsm::Connectivity).
NetworkInstance numberedSourcesLastFirst(const NetworkInstance& drawn) {
  NetworkInstance network = drawn;
  std::map<std::string, Connectivity> connections;
  for (const auto& [name, c] : drawn.connectivity) {
    std::vector<std::size_t> order;  // the synapse each new number is
    for (auto e = static_cast<std::int64_t>(c->outgoingBegin.size()) - 2; e >= 0; --e)
      for (auto k = c->outgoingBegin[static_cast<std::size_t>(e)];
           k < c->outgoingBegin[static_cast<std::size_t>(e) + 1]; ++k)
        order.push_back(static_cast<std::size_t>(k));
    Connectivity& renumbered = connections[name];
    renumbered.maxDelaySteps = c->maxDelaySteps;
    for (std::size_t k : order) {
      renumbered.pre.push_back(c->pre[k]);
      renumbered.post.push_back(c->post[k]);
      if (!c->delaySteps.empty()) renumbered.delaySteps.push_back(c->delaySteps[k]);
    }
    for (auto& [variable, values] : network.synapses.at(name).arrays) {
      const VariableArray before = values;
      for (std::size_t n = 0; n < order.size(); ++n) values[n] = before[order[n]];
    }
  }
  completeInstance(network, std::move(connections), 2);
  return network;
}

// The same deliveries (the same synapses in the same order) through stored synapse numbers as
// through the identity: the same simulation on the JIT, on several threads (each source's
// share searched among its targets, which still ascend) and in the interpreter.
TEST(SimulationThreads, SynapsesNumberedOutOfSourceOrderGiveTheSameSimulation) {
  auto shared = test::compileModel(model);
  ASSERT_NE(shared, nullptr);
  const NetworkInstance drawn = buildNetwork(shared, {.seed = 3, .threads = 2});
  const NetworkInstance renumbered = numberedSourcesLastFirst(drawn);
  for (const char* name : {"Ce", "Ci"}) {
    EXPECT_TRUE(drawn.connectivity.at(name)->outgoing.empty()) << name;
    EXPECT_FALSE(renumbered.connectivity.at(name)->outgoing.empty()) << name;
    EXPECT_NE(renumbered.connectivity.at(name)->post, drawn.connectivity.at(name)->post) << name;
  }
  std::shared_ptr<const CompiledModel> compiled = CompiledModel::compile(*shared);
  const Outcome one = simulate(drawn, compiled, 1);
  ASSERT_GT(one.spikes.indices.size(), 3200u);
  for (int n : {1, 2, 8})
    expectSame(one, simulate(renumbered, compiled, n),
               " (renumbered, " + std::to_string(n) + " threads)");
  expectSame(one, simulate(renumbered, nullptr, 1), " (renumbered, the interpreter)");
}

TEST(SimulationThreads, TheThreadCountIsKeptAndTheInterpreterStaysOnOne) {
  auto shared = test::compileModel(model);
  ASSERT_NE(shared, nullptr);
  const NetworkInstance network = buildNetwork(shared, {.seed = 3, .threads = 2});
  Simulation interpreted(network);
  interpreted.setThreads(4);
  EXPECT_EQ(interpreted.threads(), 1);
  Simulation compiled(network, CompiledModel::compile(*shared));
  EXPECT_EQ(compiled.threads(), 1);
  compiled.setThreads(3);
  EXPECT_EQ(compiled.threads(), 3);
  compiled.setThreads(1);
  EXPECT_EQ(compiled.threads(), 1);
  EXPECT_THROW(compiled.setThreads(-1), std::invalid_argument);
}

}  // namespace
}  // namespace lsm
