// The runtime's guards as the library's callers meet them: NaN/Inf stops, exact systems
// without a bounded solution, memory estimates, thread pools, Poisson trains.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>

#include "compile_text.hpp"
#include "lsm/execution.hpp"
#include "lsm/propagator.hpp"
#include "lsm/resources.hpp"
#include "lsm/separation_experiment.hpp"
#include "lsm/simulation.hpp"
#include "lsm/trials.hpp"
#include "maass_model.hpp"

namespace lsm {
namespace {

std::shared_ptr<const ir::Model> compiled(const std::string& text) {
  auto result = test::compileText(text);
  EXPECT_TRUE(result.ok()) << result.diagnostics;
  return std::make_shared<const ir::Model>(result.model());
}

const char* decaying = R"(
group g(3) {
    equations {
        tau : second (constant)
        dv/dt = -v/tau : volt
    }
    method: METHOD
    init {
        tau = TAU
        v = 1 mV
    }
}
)";

std::string model(const std::string& method, const std::string& tau) {
  std::string text = decaying;
  text.replace(text.find("METHOD"), 6, method);
  text.replace(text.find("TAU"), 3, tau);
  return text;
}

TEST(NumericalGuard, StopsARunWhoseStateBecomesNaN) {
  // tau = 0 with Euler: v/0 is infinite after one step, NaN after two.
  NetworkInstance network = buildNetwork(compiled(model("euler", "0 ms")), {.seed = 1});
  for (bool jit : {false, true}) {
    std::shared_ptr<const CompiledModel> kernels;
    if (jit) kernels = CompiledModel::compile(*network.model);
    Simulation simulation(network, kernels);
    try {
      simulation.run(3000);
      FAIL() << "no NumericalError";
    } catch (const NumericalError& error) {
      EXPECT_STREQ(error.what(),
                   "group 'g': v[0] is NaN at t = 0.1024 s (step 1024, trial 0); every value was "
                   "finite at t = 0 s (step 0): a division by 0, a parameter never set, or a "
                   "step too large for an explicit method?");
    }
    EXPECT_EQ(simulation.step(), 1024);  // stopped at the check that found it
  }
}

TEST(NumericalGuard, ChecksAtTheEndOfEveryRunAndAfterAMove) {
  NetworkInstance network = buildNetwork(compiled(model("euler", "0 ms")), {.seed = 1});
  Simulation first(network);
  Simulation simulation(std::move(first));
  EXPECT_THROW(simulation.run(2), NumericalError);  // shorter than the interval
  NetworkInstance fine = buildNetwork(compiled(model("euler", "10 ms")), {.seed = 1});
  Simulation healthy(fine);
  EXPECT_NO_THROW(healthy.run(5000));
}

TEST(ExactIntegration, RefusesInfiniteAndGrowingSystems) {
  try {
    buildNetwork(compiled(model("exact", "0 ms")), {.seed = 1});
    FAIL() << "no BuildError";
  } catch (const BuildError& error) {
    EXPECT_STREQ(error.what(),
                 "group 'g', element 0: the exact update of v cannot be computed: the "
                 "coefficient of v in dv/dt is -inf (a time constant that is 0 or never set?)");
  }
  try {
    buildNetwork(compiled(model("exact", "-10 ms")), {.seed = 1});
    FAIL() << "no BuildError";
  } catch (const BuildError& error) {
    EXPECT_STREQ(error.what(),
                 "group 'g', element 0: the exact solution of v grows as exp(t * 100/s), by "
                 "1.01005 per step: a time constant that is negative?");
  }
  EXPECT_NO_THROW(buildNetwork(compiled(model("exact", "10 ms")), {.seed = 1}));
}

TEST(ExactIntegration, PropagatorRefusesNonFiniteMatricesInsteadOfLooping) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(computePropagator({-inf}, 1, 1e-4), std::invalid_argument);
  EXPECT_THROW(computePropagator({0.0, std::nan(""), 0.0, -1.0}, 2, 1e-4), std::invalid_argument);
  EXPECT_THROW(computePropagator({-1e308}, 1, 1e10), std::invalid_argument);  // dt overflows it
}

TEST(Resources, EstimatesAreRefusedWithTheirParts) {
  MemoryEstimate estimate;
  estimate.add("state", 3.0 * 1024 * 1024 * 1024);
  estimate.add("rings", 1024);
  try {
    estimate.require("the run", 1024 * 1024 * 1024);
    FAIL() << "no ResourceError";
  } catch (const ResourceError& error) {
    EXPECT_STREQ(error.what(),
                 "the run needs an estimated 3 GiB (state: 3 GiB, rings: 1 KiB), more than the "
                 "1 GiB that --max-memory allows");
  }
  EXPECT_NO_THROW(estimate.require("the run", 4ull * 1024 * 1024 * 1024));
  EXPECT_GT(machineMemory(), 0u);
  MemoryEstimate absurd;
  absurd.add("distances", 1e40);  // estimated in doubles: no overflow
  EXPECT_THROW(absurd.require("the run", 0), ResourceError);
}

TEST(Resources, GroupsAreRefusedBeforeAllocating) {
  auto huge = compiled("group g(1000000000000) {\n equations {\n v : volt\n }\n}\n");
  EXPECT_THROW(buildNetwork(huge, {.seed = 1}), BuildError);  // beyond 32-bit indices
  auto big = compiled("group g(100000000) {\n equations {\n v : volt\n w : volt\n }\n}\n");
  EXPECT_THROW(buildNetwork(big, {.seed = 1, .maxMemory = 1 << 20}), ResourceError);
}

// A delay ring holds up to every synapse (with delays of their own) at each step of delay:
// 100 synapses with delays up to 2e9 steps would need some 800 GB, refused before the
// simulation allocates it, by the simulation and by the separation experiment's estimate.
TEST(Resources, DelayRingsAreRefusedBeforeAllocating) {
  auto model = compiled(R"(
group g(10) {
    equations {
        v : volt
    }
    threshold: v > 1 mV
    reset: v = 0 mV
}
synapses s(g -> g) {
    on_pre: v_post += 1 mV
    connect: p = 1
    delay: (i + 1) * 20000 second
}
)");
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  try {
    Simulation simulation(network);
    FAIL() << "no ResourceError";
  } catch (const ResourceError& error) {
    EXPECT_NE(std::string(error.what()).find("the simulation's step plan needs an estimated "),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("(delay rings: "), std::string::npos) << error.what();
  }
  EXPECT_GT(estimateSimulations(network, 1).total(), 7e11);
}

// The NaN/Inf guard scans what the steps write: a parameter no step writes and none reads,
// set to NaN from outside, changes nothing the run computes and stops nothing.
TEST(NumericalGuard, ScansTheVariablesTheStepsWrite) {
  auto model = compiled(R"(
group g(3) {
    equations {
        dv/dt = -v/(10 ms) : volt
        unused : volt
    }
    init {
        v = 1 mV
    }
}
)");
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  Simulation simulation(network);
  simulation.state().groups.at("g").set("unused", 1, std::nan(""));
  EXPECT_NO_THROW(simulation.run(10));
  simulation.state().groups.at("g").set("v", 2, std::nan(""));
  try {
    simulation.run(10);
    FAIL() << "no NumericalError";
  } catch (const NumericalError& error) {
    EXPECT_NE(std::string(error.what()).find("group 'g': v[2] is NaN"), std::string::npos)
        << error.what();
  }
}

TEST(Trials, ParallelForRunsEveryIndexOnceWhateverTheThreadCount) {
  for (int threads : {1, 3, 1000}) {
    std::vector<std::atomic<int>> runs(200);
    parallelFor(200, threads, [&](std::int64_t k, int) { ++runs[static_cast<std::size_t>(k)]; });
    for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  }
}

TEST(PoissonTrains, LongTrainsBeyondKnuthsInversion) {
  // 20 Hz over 40 s: a mean of 800 spikes, where exp(-mean) was below a double's range.
  auto train = poissonTrain(20.0, 40.0, 1e-4, 3, "long", 0);
  EXPECT_GT(train.size(), 650u);
  EXPECT_LT(train.size(), 950u);
  // The same stream as before for the short trains of the figure.
  EXPECT_EQ(poissonTrain(20.0, 0.5, 1e-4, 3, "short", 1),
            poissonTrain(20.0, 0.5, 1e-4, 3, "short", 1));
  EXPECT_THROW(poissonTrain(20.0, 1000.0, 1e-4, 3, "too many", 0), ExperimentError);
}

TEST(Separation, SettingsOutOfRangeAreExperimentErrors) {
  NetworkInstance network = buildNetwork(test::maassModel(), {.seed = 2});
  SeparationSettings settings = SeparationSettings::fromModel(*test::maassModel());
  settings.duration = 1e-5;  // shorter than one step
  EXPECT_THROW(runSeparation(network, nullptr, settings, 1), ExperimentError);
  settings.duration = 0.5;
  settings.pairs = 1'000'000'000'000;
  EXPECT_THROW(runSeparation(network, nullptr, settings, 1), ResourceError);
}

}  // namespace
}  // namespace lsm
