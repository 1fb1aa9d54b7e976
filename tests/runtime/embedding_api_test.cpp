// The library's entry points for programs that embed it: snapshots, runFor, trial pools and
// reusing compiled kernels for a model with other constants.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "../support/maass_model.hpp"
#include "lsm/frontend.hpp"
#include "lsm/separation_experiment.hpp"
#include "lsm/simulation.hpp"
#include "lsm/trials.hpp"

namespace lsm {
namespace {

InputSpikes input(std::uint64_t index) {
  auto times = poissonTrain(20.0, 0.5, 1e-4, 7, "embedding test", index);
  return {std::vector<std::int32_t>(times.size(), 0), times};
}

std::shared_ptr<const CompiledModel> maassKernels() {
  static const std::shared_ptr<const CompiledModel> kernels =
      CompiledModel::compile(*test::maassModel());
  return kernels;
}

// Restoring a snapshot taken mid-trial and running on gives the same spikes as running on
// without interruption.
TEST(Embedding, SnapshotRestoresMidTrial) {
  NetworkInstance network = buildNetwork(test::maassModel(), {.seed = 3});
  Simulation simulation(network, maassKernels());
  simulation.startTrial(4, {{"stimulus", input(1)}});
  simulation.runFor(0.1);
  EXPECT_EQ(simulation.step(), 1000);
  Simulation::Snapshot middle = simulation.snapshot();
  simulation.runFor(0.2);
  SpikeTrain straight = simulation.spikes("spike_monitor_exc");
  ASSERT_GT(straight.steps.size(), 10u);
  // Another trial in between, to leave other state behind.
  simulation.startTrial(9, {{"stimulus", input(2)}});
  simulation.run(500);
  simulation.restore(middle);
  EXPECT_EQ(simulation.step(), 1000);
  simulation.runFor(0.2);
  EXPECT_EQ(simulation.spikes("spike_monitor_exc").steps, straight.steps);
  EXPECT_EQ(simulation.spikes("spike_monitor_exc").indices, straight.indices);

  NetworkInstance other = buildNetwork(test::maassModel(), {.seed = 4});
  Simulation elsewhere(other);
  EXPECT_THROW(elsewhere.restore(middle), std::invalid_argument);
  EXPECT_THROW(simulation.runFor(-1), std::invalid_argument);
}

// runTrials: every trial once, the same results with 1 thread or 3.
TEST(Embedding, TrialPoolIsIndependentOfThreads) {
  NetworkInstance network = buildNetwork(test::maassModel(), {.seed = 5});
  auto counts = [&](int threads) {
    std::vector<std::size_t> spikes(6);
    runTrials(
        network, maassKernels(), 6,
        [&](std::int64_t k, Simulation& simulation) {
          simulation.startTrial(static_cast<std::uint64_t>(k),
                                {{"stimulus", input(static_cast<std::uint64_t>(k))}});
          simulation.runFor(0.05);
          spikes[static_cast<std::size_t>(k)] =
              simulation.spikes("spike_monitor_exc").steps.size() +
              simulation.spikes("spike_monitor_inh").steps.size();
        },
        threads);
    return spikes;
  };
  auto one = counts(1);
  EXPECT_EQ(one, counts(3));
  EXPECT_GT(one[0] + one[1], 0u);
}

// The first exception of a trial reaches the caller.
TEST(Embedding, TrialPoolRethrows) {
  NetworkInstance network = buildNetwork(test::maassModel(), {.seed = 5});
  try {
    runTrials(
        network, maassKernels(), 20,
        [&](std::int64_t k, Simulation& simulation) {
          simulation.startTrial(static_cast<std::uint64_t>(k));
          simulation.run(10);
          if (k == 3) throw std::runtime_error("trial 3 failed");
        },
        2);
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "trial 3 failed");
  }
}

// A bad input is refused before anything changes; so are negative runs and impossible
// Poisson trains.
TEST(Embedding, BadInputLosesNothing) {
  NetworkInstance network = buildNetwork(test::maassModel(), {.seed = 3});
  Simulation simulation(network, maassKernels());
  simulation.startTrial(4, {{"stimulus", input(1)}});
  simulation.run(100);
  Simulation::Snapshot before = simulation.snapshot();
  auto expectRefused = [&](const std::map<std::string, InputSpikes>& inputs) {
    EXPECT_THROW(simulation.startTrial(5, inputs), std::invalid_argument);
    EXPECT_EQ(simulation.step(), 100);
  };
  expectRefused({{"stimulus", {{0, 1}, {0.01, 0.02}}}});  // element 1 of a 1-element generator
  expectRefused({{"stimulus", {{0, 0}, {0.01}}}});        // more indices than times
  expectRefused({{"stimulus", {{0}, {-0.01}}}});          // before 0 s
  expectRefused({{"no_such_generator", {{0}, {0.01}}}});
  EXPECT_THROW(simulation.run(-1), std::invalid_argument);
  simulation.run(200);
  SpikeTrain after = simulation.spikes("spike_monitor_exc");
  simulation.restore(before);
  simulation.run(200);
  EXPECT_EQ(simulation.spikes("spike_monitor_exc").steps, after.steps);
  EXPECT_THROW(poissonTrain(2000.0, 0.1, 1e-3, 1, "too fast for dt", 0), std::invalid_argument);
  EXPECT_THROW(poissonTrain(1e6, 1.0, 1e-4, 1, "too many", 0), std::invalid_argument);
}

ir::Model withConstant(const std::string& path, const std::string& name, const std::string& value) {
  SourceManager sources;
  FrontendOptions options;
  options.overrides.push_back({name, value});
  auto result = compileFile(path, sources, options);
  EXPECT_TRUE(result.model.has_value()) << renderDiagnostics(result.diagnostics, sources);
  return std::move(*result.model);
}

// The Maass model's kernels read its parameters from the network's variables (v_thresh = ...
// in init), so constants change the network, not the kernels.
TEST(Embedding, KernelsFitModelsWithOtherConstants) {
  const std::string maass = std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm";
  EXPECT_TRUE(maassKernels()->fits(*test::maassModel()));
  EXPECT_TRUE(maassKernels()->fits(withConstant(maass, "L_LAMBDA", "3")));
  EXPECT_TRUE(maassKernels()->fits(withConstant(maass, "V_THRESH", "16 mV")));
}

// A constant written into an equation or a threshold is folded into the kernels: another
// value needs another compilation.
TEST(Embedding, KernelsDoNotFitOtherFoldedConstants) {
  const std::string path = std::string(LSM_PROJECT_DIR) + "/tests/models/valid/lif_minimal.lsm";
  auto base = withConstant(path, "V_T", "-50 mV");
  auto kernels = CompiledModel::compile(base);
  EXPECT_TRUE(kernels->fits(withConstant(path, "V_T", "-50 mV")));
  EXPECT_FALSE(kernels->fits(withConstant(path, "V_T", "-45 mV")));
}

}  // namespace
}  // namespace lsm
