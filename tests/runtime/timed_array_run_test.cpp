// Timed arrays in a run: NaN outside the columns (as Brian2's generated code gives), and the
// JIT and the interpreter agree bit for bit where timed arrays stand in equations, thresholds,
// resets, Poisson rates and on_pre. tests/runtime/brian2_inputs_test.cpp compares the values
// each step reads with Brian2's own.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "lsm/frontend.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

std::shared_ptr<const ir::Model> compileModel(const std::string& text) {
  SourceManager sources;
  auto result = compileString("timed.lsm", text, sources);
  EXPECT_TRUE(result.model) << renderDiagnostics(result.diagnostics, sources);
  return std::make_shared<const ir::Model>(std::move(*result.model));
}

// A model run for `steps` steps in the interpreter and as machine code.
struct BothBackends {
  BothBackends(const std::string& text, std::uint64_t seed, std::int64_t steps)
      : model(compileModel(text)),
        network(buildNetwork(model, {.seed = seed})),
        interpreted(network),
        compiled(network, CompiledModel::compile(*model)) {
    for (Simulation* s : {&interpreted, &compiled}) s->run(steps);
  }
  std::shared_ptr<const ir::Model> model;
  NetworkInstance network;
  Simulation interpreted;
  Simulation compiled;
};

// A column outside a 2-D array reads NaN, as Brian2's generated code (C++, Cython) gives.
TEST(TimedArrayRun, AColumnOutsideTheArrayIsNaN) {
  BothBackends run(R"(
timed_array column {
    values: [[5], [7]] * mV
    dt: 1 ms
}
group g(2) {
    equations {
        b = column(t, i) : volt
    }
}
monitor m = state(g, b)
)",
                   1, 11);
  for (const Simulation* s : {&run.interpreted, &run.compiled}) {
    const auto& b = s->states("m").values.at("b");
    EXPECT_EQ(b[0][0], 5e-3);
    EXPECT_EQ(b[10][0], 7e-3);
    EXPECT_TRUE(std::isnan(b[0][1]) && std::isnan(b[10][1]));
  }
}

TEST(TimedArrayRun, JitAgreesWithTheInterpreterBitForBit) {
  BothBackends run(R"(
timed_array rates {
    values: [0, 400, 50, 800] * Hz
    dt: 5 ms
}
timed_array drive {
    values: [[0.1, 0.5, 0.9], [1.2, 0.2, 0.7], [0.4, 1.5, 0.3]] * nA
    dt: 3.3 ms
}
timed_array gain {
    values: [1, 1.5, 0.5, 2]
    dt: 2 ms
}
poisson_group input(4) {
    rates: rates(t)*(1 + i)
}
group g(3) {
    equations {
        dv/dt = (-v + 20 Mohm*drive(t, i))/(10 ms) : volt
        dw/dt = -w/(50 ms) : volt
    }
    threshold: v > 8 mV*gain(t)
    reset: v = 0 mV; w += 0.1 mV*gain(t)
    method: euler
}
synapses s(input -> g) {
    on_pre: v_post += 2 mV*gain(t)
    connect: p = 1
}
monitor out = spikes(g)
monitor inputs = spikes(input)
experiment {
    dt: 0.1 ms
}
)",
                   3, 300);
  const Simulation& interpreted = run.interpreted;
  const Simulation& compiled = run.compiled;
  EXPECT_EQ(interpreted.spikes("inputs").steps, compiled.spikes("inputs").steps);
  EXPECT_EQ(interpreted.spikes("inputs").indices, compiled.spikes("inputs").indices);
  EXPECT_EQ(interpreted.spikes("out").steps, compiled.spikes("out").steps);
  EXPECT_EQ(interpreted.spikes("out").indices, compiled.spikes("out").indices);
  EXPECT_EQ(interpreted.state().groups.at("g").arrays, compiled.state().groups.at("g").arrays);
  // The rate is 0 Hz for the first 5 ms: no input spike before step 50 (Brian2's row 0).
  const auto& in = compiled.spikes("inputs").steps;
  ASSERT_FALSE(in.empty());
  EXPECT_GE(*std::min_element(in.begin(), in.end()), 50);
  EXPECT_GT(compiled.spikes("out").steps.size(), 5u);
}

}  // namespace
}  // namespace lsm
