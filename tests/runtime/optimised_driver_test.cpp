// Tiered compilation (JitOptions::optimiseDriverAfterSteps, codegen/optimised_driver.cpp):
// once a compiled model has run the given number of steps, its driver is compiled again,
// optimised, and later runs call it, with the first driver's results bit for bit; also when
// simulations on several threads share the compiled model and reach the count together.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "lsm/jit.hpp"
#include "lsm/simulation.hpp"
#include "maass_model.hpp"
#include "poisson_input.hpp"
#include "same_trial.hpp"

namespace lsm {
namespace {

// The Maass network, and its model compiled twice: to optimise its driver after `steps`
// steps, and never to.
struct TieredAndNot {
  explicit TieredAndNot(std::int64_t steps)
      : network(buildNetwork(test::maassModel(), {.seed = 2002})),
        tiered(CompiledModel::compile(*network.model, {.optimiseDriverAfterSteps = steps})),
        never(CompiledModel::compile(*network.model, {.optimiseDriverAfterSteps = 0})) {}
  NetworkInstance network;
  std::shared_ptr<const CompiledModel> tiered, never;
};

void runTrial(Simulation& simulation, std::uint64_t trial) {
  simulation.startTrial(trial, {{"stimulus", test::poissonStimulus(5, "optimised driver", trial)}});
  simulation.run(5000);
}

TEST(OptimisedDriver, LaterTrialsRunItWithTheSameResults) {
  TieredAndNot compiled(5000);
  const NetworkInstance& network = compiled.network;
  const std::shared_ptr<const CompiledModel>& tiered = compiled.tiered;
  const std::shared_ptr<const CompiledModel>& never = compiled.never;
  Simulation first(network, tiered), cold(network, never), interpreted(network);
  EXPECT_FALSE(tiered->driverOptimised());
  for (std::uint64_t trial = 1; trial <= 3; ++trial) {
    for (Simulation* s : {&first, &cold, &interpreted}) runTrial(*s, trial);
    // The first trial reached the count: the second and third ran the optimised driver.
    EXPECT_TRUE(tiered->driverOptimised()) << "trial " << trial;
    EXPECT_FALSE(never->driverOptimised());
    const std::string what = ", trial " + std::to_string(trial);
    test::expectSameMaassTrial(first, cold, "the first driver" + what);
    test::expectSameMaassTrial(first, interpreted, "the interpreter" + what);
    EXPECT_GT(first.spikes("spike_monitor_exc").steps.size(), 50u);
  }
}

TEST(OptimisedDriver, SimulationsOnThreadsShareOneCompile) {
  TieredAndNot compiled(1);
  const NetworkInstance& network = compiled.network;
  const std::shared_ptr<const CompiledModel>& tiered = compiled.tiered;
  const std::shared_ptr<const CompiledModel>& never = compiled.never;
  std::vector<std::unique_ptr<Simulation>> simulations;
  for (int k = 0; k < 4; ++k) simulations.push_back(std::make_unique<Simulation>(network, tiered));
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (std::uint64_t trial = 1; trial <= 2; ++trial)
        runTrial(*simulations[static_cast<std::size_t>(k)], 10 * k + trial);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_TRUE(tiered->driverOptimised());
  for (int k = 0; k < 4; ++k) {
    Simulation cold(network, never);
    for (std::uint64_t trial = 1; trial <= 2; ++trial) runTrial(cold, 10 * k + trial);
    test::expectSameMaassTrial(*simulations[static_cast<std::size_t>(k)], cold,
                               "simulation " + std::to_string(k));
  }
}

}  // namespace
}  // namespace lsm
