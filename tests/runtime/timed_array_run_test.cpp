// Timed arrays in a run: the value each step reads is Brian2's (input/timedarray.py: row
// clip(int((t/epsilon + 0.5)/K), 0, rows - 1), column i, NaN outside the columns), and the
// JIT and the interpreter agree bit for bit where timed arrays stand in equations, thresholds,
// resets, Poisson rates and on_pre.
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

// Brian2's TimedArray value at step n (t = n dt), written out as input/timedarray.py's C++.
double brian2Value(const std::vector<double>& values, std::int64_t columns, double arrayDt,
                   double dt, std::int64_t n, std::int64_t i) {
  const auto k = std::max<std::int64_t>(
      static_cast<std::int64_t>(std::pow(2.0, std::ceil(std::log2(8.0 / dt * arrayDt)))), 1);
  const double epsilon = arrayDt / static_cast<double>(k);
  const double t = static_cast<double>(n) * dt;
  const std::int64_t rows =
      static_cast<std::int64_t>(values.size()) / std::max<std::int64_t>(columns, 1);
  auto row = static_cast<std::int64_t>((t / epsilon + 0.5) / static_cast<double>(k));
  row = std::clamp<std::int64_t>(row, 0, rows - 1);
  if (columns == 0) return values[static_cast<std::size_t>(row)];
  if (i < 0 || i >= columns) return std::nan("");
  return values[static_cast<std::size_t>(row * columns + i)];
}

// Each step's value recorded by a state monitor of a subexpression: 1-D at a dt that is a
// multiple of the model's, 2-D at one that is not; both read past their last row (clipped).
TEST(TimedArrayRun, ReadsBrian2sRowAndColumnEachStep) {
  BothBackends run(R"(
timed_array steps {
    values: [1, 2, 3, 4]
    dt: 0.2 ms
}
timed_array grid {
    values: [[1, 10, 100], [2, 20, 200], [3, 30, 300]] * mV
    dt: 0.25 ms
}
group g(4) {
    equations {
        a = steps(t) : 1
        b = grid(t, i) : volt
    }
}
monitor m = state(g, a, b)
experiment {
    dt: 0.1 ms
}
)",
                   1, 12);
  const StateRecord& record = run.compiled.states("m");
  ASSERT_EQ(record.steps.size(), 12u);
  const std::vector<double> steps{1, 2, 3, 4};
  const std::vector<double> grid{1e-3, 10e-3, 100e-3, 2e-3, 20e-3, 200e-3, 3e-3, 30e-3, 300e-3};
  for (std::size_t row = 0; row < record.steps.size(); ++row) {
    const std::int64_t n = record.steps[row];
    for (std::int64_t i = 0; i < 4; ++i) {
      const auto e = static_cast<std::size_t>(i);
      EXPECT_EQ(record.values.at("a")[row][e], brian2Value(steps, 0, 2e-4, 1e-4, n, i)) << n;
      const double expected = brian2Value(grid, 3, 2.5e-4, 1e-4, n, i);
      const double got = record.values.at("b")[row][e];
      if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(got)) << "column " << i << " is outside the array";
      } else {
        EXPECT_EQ(got, expected) << n << " " << i;
      }
    }
  }
  // Hand-checked rows of the 1-D array: 0.2 ms per row, steps of 0.1 ms, clipped after 0.6 ms.
  std::vector<double> a;
  for (const auto& row : record.values.at("a")) a.push_back(row[0]);
  EXPECT_EQ(a, (std::vector<double>{1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4}));
  EXPECT_EQ(record.values.at("a"), run.interpreted.states("m").values.at("a"));
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
