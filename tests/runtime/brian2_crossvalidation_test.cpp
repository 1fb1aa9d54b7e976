// The key acceptance test of the runtime: instances of the seed's network built by Brian2
// (tools/brian2_export.py) run in lsmc give Brian2's spike trains, spike for spike.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lsm/frontend.hpp"
#include "lsm/instance_io.hpp"
#include "lsm/simulation.hpp"
#include "maass_model.hpp"

namespace lsm {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> fixtures() {
  std::vector<std::string> out;
  for (const auto& entry :
       fs::directory_iterator(std::string(LSM_PROJECT_DIR) + "/tests/fixtures")) {
    if (entry.path().filename().string().rfind("brian2_", 0) == 0)
      out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  // Instances the tests have never seen (tools/brian2_export.py is the contract):
  // LSMC_BRIAN2_INSTANCES=a.json:b.json build/tests/lsm_runtime_tests --gtest_filter='*Brian2*'
  if (const char* extra = std::getenv("LSMC_BRIAN2_INSTANCES")) {
    std::string list = extra;
    for (std::size_t begin = 0; begin <= list.size();) {
      std::size_t end = std::min(list.find(':', begin), list.size());
      if (end > begin) out.push_back(list.substr(begin, end - begin));
      begin = end + 1;
    }
  }
  return out;
}

std::shared_ptr<const ir::Model> maass() {
  return test::maassModel();
}

// Runs `model` on the instance at `path` and expects Brian2's spike trains; `what` names the
// variant in the output.
void expectBrian2sSpikes(const std::shared_ptr<const ir::Model>& model, const std::string& path,
                         bool jit, const std::string& what) {
  InstanceFile file = loadInstance(model, path);
  nlohmann::json reference = nlohmann::json::parse(std::ifstream(path))["brian2"];
  Simulation simulation(file.network, jit ? CompiledModel::compile(*model) : nullptr);
  simulation.startTrial(0, file.inputs, /*runTrialInit=*/false);
  simulation.run(reference["duration_steps"].get<std::int64_t>());
  std::size_t total = 0, matching = 0;
  for (const char* monitor : {"spike_monitor_exc", "spike_monitor_inh"}) {
    const SpikeTrain& ours = simulation.spikes(monitor);
    auto indices = reference["spikes"][monitor]["indices"].get<std::vector<std::int32_t>>();
    auto steps = reference["spikes"][monitor]["steps"].get<std::vector<std::int64_t>>();
    total += indices.size();
    // Brian2 records the spikes of a step in index order, as lsmc does.
    for (std::size_t k = 0; k < std::min(indices.size(), ours.indices.size()); ++k) {
      if (indices[k] == ours.indices[k] && steps[k] == ours.steps[k]) ++matching;
    }
    EXPECT_EQ(ours.indices, indices) << monitor;
    EXPECT_EQ(ours.steps, steps) << monitor;
  }
  std::printf("%s (%s): %zu of %zu Brian2 spikes matched (same neuron, same step)\n",
              fs::path(path).filename().c_str(), what.c_str(), matching, total);
  EXPECT_GT(total, 100u);
}

class Brian2Instance : public testing::TestWithParam<std::tuple<std::string, bool>> {};

TEST_P(Brian2Instance, SpikeTrainsEqualBrian2s) {
  const auto& [path, jit] = GetParam();
  expectBrian2sSpikes(maass(), path, jit, jit ? "JIT" : "interpreter");
}

// The same with each optional pass switched off, and with Brian2's arithmetic (every pass that
// changes rounding off), on the JIT.
std::vector<std::string> variants() {
  std::vector<std::string> out;
  for (const PassInfo& pass : frontendPasses())
    if (pass.optional) out.push_back(pass.name);
  out.push_back("brian2-arithmetic");
  return out;
}

class Brian2InstanceWithout : public testing::TestWithParam<std::tuple<std::string, std::string>> {
};

TEST_P(Brian2InstanceWithout, SpikeTrainsEqualBrian2s) {
  const auto& [path, variant] = GetParam();
  FrontendOptions options;
  if (variant == "brian2-arithmetic") {
    options.brian2Arithmetic = true;
  } else {
    options.disabledPasses.push_back(variant);
  }
  SourceManager sources;
  auto result =
      compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources, options);
  ASSERT_TRUE(result.model.has_value()) << renderDiagnostics(result.diagnostics, sources);
  auto model = std::make_shared<const ir::Model>(std::move(*result.model));
  expectBrian2sSpikes(model, path, true,
                      "JIT, " + (variant == "brian2-arithmetic" ? variant : "without " + variant));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Brian2Instance,
                         testing::Combine(testing::ValuesIn(fixtures()), testing::Bool()),
                         [](const testing::TestParamInfo<std::tuple<std::string, bool>>& info) {
                           std::string name = fs::path(std::get<0>(info.param)).stem().string();
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name + (std::get<1>(info.param) ? "_jit" : "_interpreter");
                         });

INSTANTIATE_TEST_SUITE_P(
    Fixtures, Brian2InstanceWithout,
    testing::Combine(testing::ValuesIn(fixtures()), testing::ValuesIn(variants())),
    [](const testing::TestParamInfo<std::tuple<std::string, std::string>>& info) {
      std::string name =
          fs::path(std::get<0>(info.param)).stem().string() + "_" + std::get<1>(info.param);
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

}  // namespace
}  // namespace lsm
