#include "parser/import_resolution.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace lsm {
namespace {

namespace fs = std::filesystem;

class Imports : public testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fs::temp_directory_path() /
        ("lsm_imports_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_ / "lib");
  }
  void TearDown() override { fs::remove_all(directory_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(directory_ / name) << text;
    return (directory_ / name).string();
  }
  fs::path directory_;
};

TEST_F(Imports, ImportedDefinitionsComeFirst) {
  write("lib/constants.lsm", "A = 1\n");
  std::string main = write("main.lsm", "import \"lib/constants.lsm\"\nB = A + 1\n");
  SourceManager sources;
  DiagnosticEngine d;
  auto m = loadModel(main, sources, d);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->constants.size(), 2u);
  EXPECT_EQ(m->constants[0].name, "A");
  EXPECT_EQ(m->constants[1].name, "B");
}

TEST_F(Imports, RelativeToTheImportingFile) {
  write("lib/a.lsm", "import \"b.lsm\"\nA = 1\n");
  write("lib/b.lsm", "B = 2\n");
  std::string main = write("main.lsm", "import \"lib/a.lsm\"\n");
  SourceManager sources;
  DiagnosticEngine d;
  auto m = loadModel(main, sources, d);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->constants.size(), 2u);
}

TEST_F(Imports, DiamondImportsOnce) {
  write("lib/base.lsm", "BASE = 1\n");
  write("lib/a.lsm", "import \"base.lsm\"\n");
  write("lib/b.lsm", "import \"base.lsm\"\n");
  std::string main = write("main.lsm", "import \"lib/a.lsm\"\nimport \"lib/b.lsm\"\n");
  SourceManager sources;
  DiagnosticEngine d;
  auto m = loadModel(main, sources, d);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->constants.size(), 1u);
}

TEST_F(Imports, CyclesAreErrors) {
  write("a.lsm", "import \"b.lsm\"\n");
  write("b.lsm", "import \"a.lsm\"\n");
  SourceManager sources;
  DiagnosticEngine d;
  EXPECT_FALSE(loadModel((directory_ / "a.lsm").string(), sources, d));
  ASSERT_EQ(d.errorCount(), 1u);
  EXPECT_EQ(d.diagnostics()[0].message, "import cycle: 'a.lsm' imports itself");
  EXPECT_EQ(d.diagnostics()[0].location.line, 1);
}

TEST_F(Imports, MissingFilesAreLocated) {
  std::string main = write("main.lsm", "A = 1\nimport \"nope.lsm\"\n");
  SourceManager sources;
  DiagnosticEngine d;
  EXPECT_FALSE(loadModel(main, sources, d));
  ASSERT_EQ(d.errorCount(), 1u);
  EXPECT_EQ(d.diagnostics()[0].location.line, 2);
  EXPECT_NE(d.diagnostics()[0].message.find("cannot open imported file 'nope.lsm'"),
            std::string::npos);
}

TEST_F(Imports, MissingMainFile) {
  SourceManager sources;
  DiagnosticEngine d;
  EXPECT_FALSE(loadModel((directory_ / "absent.lsm").string(), sources, d));
  EXPECT_EQ(d.diagnostics()[0].message, "cannot open model file");
  EXPECT_FALSE(loadModel(directory_.string(), sources, d));  // a directory is no model
}

}  // namespace
}  // namespace lsm
