// The passes one at a time: tests/passes/<pass>/<case>.lsm is prepared by the passes before
// <pass> (printed: golden <case>.before), then <pass> runs on it (printed again: golden
// <case>.after), so a golden's difference is that pass's work alone — as NMODL's visitor
// tests and `mlir-opt --pass | FileCheck` compare text. LSMC_UPDATE_GOLDEN=1 rewrites them.
#include <gtest/gtest.h>

#include <filesystem>

#include "golden_files.hpp"
#include "lsm/frontend.hpp"

namespace {

namespace fs = std::filesystem;

std::string testName(const testing::TestParamInfo<std::string>& info) {
  return lsm::test::modelTestName(info.param);
}

class PassFile : public testing::TestWithParam<std::string> {};

TEST_P(PassFile, BeforeAndAfterTheirPass) {
  fs::path file = fs::path(LSM_PASSES_DIR) / GetParam();
  std::string pass = fs::path(GetParam()).parent_path().string();
  bool known = false;
  for (const auto& p : lsm::frontendPasses()) known = known || p.name == pass;
  ASSERT_TRUE(known) << "tests/passes/" << pass << " is named after no pass";
  lsm::FrontendOptions options;
  options.stopAfter = pass;
  std::string before, after, last;
  options.afterEachPass = [&](const std::string& name, const std::string& printed) {
    if (name == pass) {
      before = last;
      after = printed;
    }
    last = printed;
  };
  lsm::SourceManager sources;
  auto result = lsm::compileFile(file.string(), sources, options);
  ASSERT_FALSE(result.diagnostics.hasErrors())
      << lsm::renderDiagnostics(result.diagnostics, sources);
  ASSERT_FALSE(after.empty()) << pass << " did not run";
  lsm::test::expectGolden(fs::path(file).replace_extension(".before"), before);
  lsm::test::expectGolden(fs::path(file).replace_extension(".after"), after);
}

INSTANTIATE_TEST_SUITE_P(Passes, PassFile,
                         testing::ValuesIn(lsm::test::modelFilesInFolders(LSM_PASSES_DIR)),
                         testName);

// Every pass that transforms the model has cases (checks only report: their files are
// tests/models/checks/<check>/).
TEST(PassFiles, EveryTransformationHasCases) {
  for (const char* pass :
       {"template-expansion", "constant-evaluation", "name-binding", "integration", "lazy-synapses",
        "constant-hoisting", "schedule", "step-plan", "range-fixed-values", "branch-free-advance",
        "event-lanes", "deferred-stores"}) {
    EXPECT_TRUE(fs::is_directory(fs::path(LSM_PASSES_DIR) / pass)) << pass << " has no cases";
  }
}

}  // namespace
