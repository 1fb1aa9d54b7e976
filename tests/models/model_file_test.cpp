// Runs the model files of tests/models: valid ones against their golden IR, invalid ones
// against the diagnostic their first comment states and their golden rendered diagnostics.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "lsm/frontend.hpp"
#include "golden_files.hpp"
#include "lsm/ir_printer.hpp"

namespace {

namespace fs = std::filesystem;
using lsm::test::expectGolden;
using lsm::test::readFile;

std::vector<std::string> modelFiles(const std::string& kind) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(fs::path(LSM_MODELS_DIR) / kind)) {
    if (entry.path().extension() == ".lsm") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Paths relative to the project, so goldens do not depend on where the tree is.
struct InProjectDirectory {
  fs::path previous = fs::current_path();
  InProjectDirectory() { fs::current_path(LSM_PROJECT_DIR); }
  ~InProjectDirectory() { fs::current_path(previous); }
};

std::string testName(const testing::TestParamInfo<std::string>& info) {
  return lsm::test::modelTestName(info.param);
}

class ValidModel : public testing::TestWithParam<std::string> {};

TEST_P(ValidModel, CompilesToGoldenIr) {
  InProjectDirectory here;
  fs::path file = fs::path("tests/models/valid") / GetParam();
  lsm::SourceManager sources;
  auto result = lsm::compileFile(file.string(), sources);
  ASSERT_FALSE(result.diagnostics.hasErrors())
      << lsm::renderDiagnostics(result.diagnostics, sources);
  ASSERT_TRUE(result.model.has_value());
  expectGolden(fs::path(file).replace_extension(".ir"), lsm::ir::toString(*result.model));
}

INSTANTIATE_TEST_SUITE_P(Files, ValidModel, testing::ValuesIn(modelFiles("valid")), testName);

// tests/models/checks/<pass>/: the models of one check (or pass that reports errors), named
// after it. Files whose first line is `# error: LINE:COL: MESSAGE` must fail with that first
// error; the others (valid twins, `ok_*.lsm`) must compile.
std::vector<std::string> checkFiles() {
  return lsm::test::modelFilesInFolders(fs::path(LSM_MODELS_DIR) / "checks");
}

class CheckModel : public testing::TestWithParam<std::string> {};

TEST_P(CheckModel, FailsWithTheStatedErrorOrCompiles) {
  InProjectDirectory here;
  fs::path file = fs::path("tests/models/checks") / GetParam();
  std::string text = readFile(file);
  std::string firstLine = text.substr(0, text.find('\n'));
  lsm::SourceManager sources;
  auto result = lsm::compileFile(file.string(), sources);
  if (!firstLine.starts_with("# error:")) {
    EXPECT_TRUE(result.model.has_value()) << file << " is a valid twin but fails:\n"
                                          << lsm::renderDiagnostics(result.diagnostics, sources);
    return;
  }
  std::smatch match;
  ASSERT_TRUE(std::regex_match(firstLine, match, std::regex(R"(# error: (\d+):(\d+): (.*))")))
      << file << ": the first line must be '# error: LINE:COL: MESSAGE'";
  EXPECT_FALSE(result.model.has_value());
  ASSERT_TRUE(result.diagnostics.hasErrors()) << file << " compiled without errors";
  const lsm::Diagnostic& first = result.diagnostics.diagnostics().front();
  EXPECT_EQ(first.location.file, file.string());
  EXPECT_EQ(first.location.line, std::stoi(match[1])) << first.message;
  EXPECT_EQ(first.location.column, std::stoi(match[2])) << first.message;
  EXPECT_EQ(first.message, match[3].str());
  expectGolden(fs::path(file).replace_extension(".err"),
               lsm::renderDiagnostics(result.diagnostics, sources));
}

INSTANTIATE_TEST_SUITE_P(Checks, CheckModel, testing::ValuesIn(checkFiles()), testName);

// Each group is named after a pass of the pipeline and has a valid twin next to its invalid
// models.
TEST(CheckModels, EachGroupIsAPassWithAValidTwin) {
  for (const auto& group : fs::directory_iterator(fs::path(LSM_MODELS_DIR) / "checks")) {
    std::string name = group.path().filename().string();
    bool isPass = false;
    for (const auto& pass : lsm::frontendPasses()) isPass = isPass || pass.name == name;
    EXPECT_TRUE(isPass) << "tests/models/checks/" << name << " is named after no pass";
    int valid = 0;
    int invalid = 0;
    for (const auto& entry : fs::directory_iterator(group.path())) {
      if (entry.path().extension() != ".lsm") continue;
      bool stated = readFile(entry.path()).starts_with("# error:");
      (stated ? invalid : valid) += 1;
    }
    EXPECT_GT(valid, 0) << "tests/models/checks/" << name << " has no valid twin (ok_*.lsm)";
    EXPECT_GT(invalid, 0) << "tests/models/checks/" << name << " has no invalid model";
  }
}

// The shipped models are valid too.
TEST(ShippedModels, Maass2002Compiles) {
  InProjectDirectory here;
  lsm::SourceManager sources;
  auto result = lsm::compileFile("models/maass2002.lsm", sources);
  ASSERT_TRUE(result.model.has_value()) << lsm::renderDiagnostics(result.diagnostics, sources);
  expectGolden("tests/models/maass2002.ir", lsm::ir::toString(*result.model));
}

}  // namespace
