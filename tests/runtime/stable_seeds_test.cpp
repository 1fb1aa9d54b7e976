// Random draws depend on the model alone: the same model text under any path, or with
// comments and blank lines added, gives the same network and the same spikes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "lsm/frontend.hpp"
#include "lsm/network.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

namespace fs = std::filesystem;

const char* model = R"(N_CELLS = 200
group P(N_CELLS) {
    equations {
        dv/dt = (ge - (v + 49 mV))/(20 ms) : volt (unless refractory)
        dge/dt = -ge/(5 ms) : volt
        phase : 1
    }
    threshold: v > -50 mV
    reset: v = -60 mV
    refractory: 5 ms
    init {
        v = -60 mV + rand()*10 mV
        let k = permutation(i)
        phase = k + normal(0, 1)
    }
    trial_init {
        v = v + randn()*0.1 mV
    }
}
subgroup Q = P[:50] {
    init {
        v = -55 mV + rand()*mV
    }
}
synapses S(P -> P) {
    equations {
        w : volt
    }
    on_pre: ge += w
    connect: condition = i != j, p = 0.1*rand() + 0.05
    delay: uniform(0.5 ms, 1.5 ms)
    init: w = 0.5 mV*rand()
}
monitor spikes = spikes(P)
experiment {
    duration: 100 ms
    seed: 3
}
)";

// The text with comment lines and blank lines put in, which moves every line and column.
std::string withCommentsAndBlankLines() {
  std::string text = std::string("# a comment\n\n\n") + model;
  text.insert(text.find("subgroup"), "\n# the first quarter\n\n");
  text.insert(text.find("    connect"), "    # sparse\n\n");
  return text;
}

struct Outcome {
  NetworkInstance network;
  SpikeTrain spikes;
};

Outcome runFile(const std::string& path) {
  SourceManager sources;
  auto result = compileFile(path, sources);
  if (!result.model)  // stop this test here rather than compare an empty network
    throw std::runtime_error(renderDiagnostics(result.diagnostics, sources));
  auto shared = std::make_shared<const ir::Model>(std::move(*result.model));
  Outcome run{buildNetwork(shared, {.seed = 3}), {}};
  Simulation simulation(run.network);
  simulation.runFor(0.1);
  run.spikes = simulation.spikes("spikes");
  return run;
}

class StableSeeds : public testing::Test {
 protected:
  void SetUp() override {
    // One directory per test and process: ctest runs these tests in parallel.
    const auto* test = testing::UnitTest::GetInstance()->current_test_info();
    directory_ =
        fs::temp_directory_path() / fs::path(std::string("lsmc_stable_seeds_") + test->name() +
                                             "_" + std::to_string(::getpid()));
    fs::create_directories(directory_ / "sub");
    std::ofstream(directory_ / "model.lsm") << model;
    std::ofstream(directory_ / "sub" / "edited.lsm") << withCommentsAndBlankLines();
    previous_ = fs::current_path();
    fs::current_path(directory_);
  }
  void TearDown() override {
    fs::current_path(previous_);
    fs::remove_all(directory_);
  }
  fs::path directory_, previous_;
};

void expectSame(const Outcome& a, const Outcome& b, const std::string& what) {
  EXPECT_EQ(a.network.groups.at("P").arrays.at("v"), b.network.groups.at("P").arrays.at("v"))
      << what;
  EXPECT_EQ(a.network.groups.at("P").arrays.at("phase"),
            b.network.groups.at("P").arrays.at("phase"))
      << what;
  EXPECT_EQ(a.network.connectivity.at("S")->pre, b.network.connectivity.at("S")->pre) << what;
  EXPECT_EQ(a.network.connectivity.at("S")->post, b.network.connectivity.at("S")->post) << what;
  EXPECT_EQ(a.network.connectivity.at("S")->delaySteps, b.network.connectivity.at("S")->delaySteps)
      << what;
  EXPECT_EQ(a.network.synapses.at("S").arrays.at("w"), b.network.synapses.at("S").arrays.at("w"))
      << what;
  EXPECT_EQ(a.spikes.indices, b.spikes.indices) << what;
  EXPECT_EQ(a.spikes.steps, b.spikes.steps) << what;
}

TEST_F(StableSeeds, TheSameModelUnderAnyPathDrawsTheSame) {
  Outcome relative = runFile("model.lsm");
  ASSERT_GT(relative.spikes.indices.size(), 10u);
  expectSame(relative, runFile("./model.lsm"), "./model.lsm");
  expectSame(relative, runFile((directory_ / "model.lsm").string()), "an absolute path");
  expectSame(relative, runFile("sub/../model.lsm"), "sub/../model.lsm");
}

TEST_F(StableSeeds, CommentsAndBlankLinesChangeNothing) {
  expectSame(runFile("model.lsm"), runFile("sub/edited.lsm"), "comments and blank lines");
}

// The draws still depend on what they are: another seed, another network.
TEST_F(StableSeeds, AnotherSeedDrawsAnotherNetwork) {
  SourceManager sources;
  auto result = compileFile("model.lsm", sources);
  ASSERT_TRUE(result.model.has_value());
  auto shared = std::make_shared<const ir::Model>(std::move(*result.model));
  NetworkInstance a = buildNetwork(shared, {.seed = 3});
  NetworkInstance b = buildNetwork(shared, {.seed = 4});
  EXPECT_NE(a.groups.at("P").arrays.at("v"), b.groups.at("P").arrays.at("v"));
  EXPECT_NE(a.connectivity.at("S")->pre, b.connectivity.at("S")->pre);
}

}  // namespace
}  // namespace lsm
