// Spike times in the model and timed arrays against what Brian2 2.5.1 itself emits and reads
// (tests/fixtures/reference/generator_and_timed_arrays_brian2.json, made by
// tools/brian2_reference/generator_and_timed_arrays.py with the same generator and arrays):
// every (step, element) pair of the generator and every step's value, exactly, in both
// backends.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

#include "lsm/frontend.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

constexpr const char* model = R"(
spike_generator input(3) {
    indices: [2, 0, 1, 0, 2]
    times: [0.3, 0.1, 0.2999999, 1.05, 0] * ms
    period: 2 ms
}
timed_array steps {
    values: [1, 2, 3, 4]
    dt: 0.2 ms
}
timed_array grid {
    values: [[1, 10, 100], [2, 20, 200], [3, 30, 300]] * mV
    dt: 0.25 ms
}
group g(3) {
    equations {
        a = steps(t) : 1
        b = grid(t, i) : volt
    }
}
monitor emitted = spikes(input)
monitor values = state(g, a, b)
experiment {
    dt: 0.1 ms
}
)";

TEST(Brian2Inputs, GeneratorAndTimedArraysGiveBrian2sValues) {
  std::ifstream in(std::string(LSM_PROJECT_DIR) +
                   "/tests/fixtures/reference/generator_and_timed_arrays_brian2.json");
  const nlohmann::json brian2 = nlohmann::json::parse(in);
  SourceManager sources;
  auto result = compileString("inputs.lsm", model, sources);
  ASSERT_TRUE(result.model) << renderDiagnostics(result.diagnostics, sources);
  auto ir = std::make_shared<const ir::Model>(std::move(*result.model));
  NetworkInstance network = buildNetwork(ir, {.seed = 1});
  Simulation interpreted(network);
  Simulation compiled(network, CompiledModel::compile(*ir));
  const auto expectedPairs = brian2.at("emitted").get<std::vector<std::pair<std::int64_t, int>>>();
  const auto a = brian2.at("a").get<std::vector<double>>();
  const auto b = brian2.at("b_volt").get<std::vector<std::vector<double>>>();
  for (Simulation* s : {&interpreted, &compiled}) {
    s->run(brian2.at("steps").get<std::int64_t>());
    const SpikeTrain& train = s->spikes("emitted");
    std::vector<std::pair<std::int64_t, int>> pairs;
    for (std::size_t k = 0; k < train.steps.size(); ++k)
      pairs.emplace_back(train.steps[k], train.indices[k]);
    EXPECT_EQ(pairs, expectedPairs);
    const StateRecord& record = s->states("values");
    ASSERT_EQ(record.steps.size(), a.size());
    for (std::size_t row = 0; row < a.size(); ++row) {
      EXPECT_EQ(record.values.at("a")[row][0], a[row]) << "step " << row;
      EXPECT_EQ(record.values.at("b")[row], b[row]) << "step " << row;
    }
  }
}

}  // namespace
}  // namespace lsm
