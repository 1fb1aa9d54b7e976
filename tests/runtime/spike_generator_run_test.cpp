// Spike generators with their spikes in the model (`indices:`, `times:`, `period:`): the steps
// they emit at follow Brian2's SpikeGeneratorGroup (step = int((t + 1e-3 dt)/dt), repeated every
// period), the JIT and the interpreter agree bit for bit, and a trial's input from the C++ API
// replaces the model's spikes for that trial.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

#include "lsm/frontend.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

// Three elements; times that sit on, just below and between step boundaries of dt = 0.1 ms.
constexpr const char* model = R"(
spike_generator input(3) {
    indices: [2, 0, 1, 0, 2]
    times: [0.3, 0.1, 0.2999999, 1.05, 0] * ms
    period: 2 ms
}
group g(3) {
    equations {
        dv/dt = -v/(5 ms) : volt
    }
    threshold: v > 3 mV
    reset: v = 0 mV
}
synapses drive(input -> g) {
    on_pre: v_post += 2 mV
    connect: j = i
}
monitor emitted = spikes(input)
monitor out = spikes(g)
experiment {
    dt: 0.1 ms
}
)";

std::shared_ptr<const ir::Model> compileModel() {
  SourceManager sources;
  auto result = compileString("generator.lsm", model, sources);
  EXPECT_TRUE(result.model) << renderDiagnostics(result.diagnostics, sources);
  return std::make_shared<const ir::Model>(std::move(*result.model));
}

std::vector<std::pair<std::int64_t, std::int32_t>> pairs(const SpikeTrain& train) {
  std::vector<std::pair<std::int64_t, std::int32_t>> out;
  for (std::size_t k = 0; k < train.steps.size(); ++k)
    out.emplace_back(train.steps[k], train.indices[k]);
  return out;
}

TEST(SpikeGeneratorInModel, EmitsAtBrian2sStepsAndRepeatsEveryPeriod) {
  auto ir = compileModel();
  NetworkInstance network = buildNetwork(ir, {.seed = 1});
  Simulation interpreted(network);
  Simulation compiled(network, CompiledModel::compile(*ir));
  for (Simulation* s : {&interpreted, &compiled})
    s->run(51);  // steps 0 to 50: periods at 0, 2, 4 ms
  // Brian2's bins: 0 -> 0, 0.1 ms -> 1, 0.2999999 ms -> 3 (shifted by 1e-3 dt), 0.3 ms -> 3,
  // 1.05 ms -> 10; then again 20 and 40 steps later.
  std::vector<std::pair<std::int64_t, std::int32_t>> expected;
  for (std::int64_t period : {0, 20, 40}) {
    for (auto [step, element] : std::vector<std::pair<std::int64_t, std::int32_t>>{
             {0, 2}, {1, 0}, {3, 1}, {3, 2}, {10, 0}}) {
      expected.emplace_back(step + period, element);
    }
  }
  EXPECT_EQ(pairs(interpreted.spikes("emitted")), expected);
  EXPECT_EQ(pairs(compiled.spikes("emitted")), expected);
  EXPECT_EQ(interpreted.spikes("out").steps, compiled.spikes("out").steps);
  EXPECT_EQ(interpreted.spikes("out").indices, compiled.spikes("out").indices);
  EXPECT_EQ(interpreted.state().groups.at("g").arrays, compiled.state().groups.at("g").arrays);
}

TEST(SpikeGeneratorInModel, TrialInputReplacesTheModelsSpikes) {
  auto ir = compileModel();
  NetworkInstance network = buildNetwork(ir, {.seed = 1});
  Simulation interpreted(network);
  Simulation compiled(network, CompiledModel::compile(*ir));
  InputSpikes input{{1, 1}, {0.5e-3, 2.5e-3}};
  for (Simulation* s : {&interpreted, &compiled}) {
    s->startTrial(1, {{"input", input}});
    s->run(50);
  }
  // The trial's input, once: it has no period.
  const std::vector<std::pair<std::int64_t, std::int32_t>> given{{5, 1}, {25, 1}};
  EXPECT_EQ(pairs(interpreted.spikes("emitted")), given);
  EXPECT_EQ(pairs(compiled.spikes("emitted")), given);
  // The next trial without input emits the model's spikes again.
  for (Simulation* s : {&interpreted, &compiled}) {
    s->startTrial(2);
    s->run(5);
  }
  const std::vector<std::pair<std::int64_t, std::int32_t>> own{{0, 2}, {1, 0}, {3, 1}, {3, 2}};
  EXPECT_EQ(pairs(interpreted.spikes("emitted")), own);
  EXPECT_EQ(pairs(compiled.spikes("emitted")), own);
}

TEST(SpikeGeneratorInModel, SnapshotsKeepThePeriodsPosition) {
  auto ir = compileModel();
  NetworkInstance network = buildNetwork(ir, {.seed = 1});
  Simulation compiled(network, CompiledModel::compile(*ir));
  compiled.run(15);
  const Simulation::Snapshot saved = compiled.snapshot();
  compiled.run(30);
  const auto whole = pairs(compiled.spikes("emitted"));
  compiled.restore(saved);
  compiled.run(30);
  EXPECT_EQ(pairs(compiled.spikes("emitted")), whole);
}

}  // namespace
}  // namespace lsm
