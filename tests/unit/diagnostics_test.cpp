#include "lsm/diagnostics.hpp"

#include <gtest/gtest.h>

#include "diagnostics/suggest.hpp"

namespace lsm {
namespace {

TEST(Diagnostics, RenderedWithLineAndCaret) {
  SourceManager sources;
  sources.add("m.lsm", "a = 1\nb = 2 mz\n");
  DiagnosticEngine engine;
  engine.error({"m.lsm", 2, 7}, "unknown unit 'mz'");
  EXPECT_EQ(renderDiagnostics(engine, sources),
            "m.lsm:2:7: error: unknown unit 'mz'\n"
            "  b = 2 mz\n"
            "        ^\n");
}

TEST(Diagnostics, CaretCountsCharactersNotBytes) {
  SourceManager sources;
  sources.add("m.lsm", "x = \"ä\" + q\n");
  DiagnosticEngine engine;
  engine.error({"m.lsm", 1, 11}, "unknown name 'q'");
  EXPECT_EQ(renderDiagnostics(engine, sources),
            "m.lsm:1:11: error: unknown name 'q'\n"
            "  x = \"ä\" + q\n"
            "            ^\n");
}

TEST(Diagnostics, NotesFollowTheirError) {
  SourceManager sources;
  sources.add("m.lsm", "a = 1\na = 2\n");
  DiagnosticEngine engine;
  auto& error = engine.error({"m.lsm", 2, 1}, "duplicate definition of 'a'");
  error.notes.push_back({Severity::note, {"m.lsm", 1, 1}, "first defined here", {}});
  EXPECT_EQ(renderDiagnostics(engine, sources),
            "m.lsm:2:1: error: duplicate definition of 'a'\n  a = 2\n  ^\n"
            "m.lsm:1:1: note: first defined here\n  a = 1\n  ^\n");
}

TEST(Diagnostics, ErrorsBeyondTheCapAreCountedNotKept) {
  SourceManager sources;
  DiagnosticEngine engine(3);
  for (int k = 0; k < 5; ++k) engine.error({}, "e");
  EXPECT_EQ(engine.errorCount(), 5u);
  EXPECT_EQ(engine.diagnostics().size(), 3u);
  EXPECT_NE(renderDiagnostics(engine, sources).find("2 more errors not shown"), std::string::npos);
}

TEST(Diagnostics, ErrorsWithoutPlaceNameTheFile) {
  SourceManager sources;
  DiagnosticEngine engine;
  engine.error({"missing.lsm", 0, 0}, "cannot open model file");
  EXPECT_EQ(renderDiagnostics(engine, sources), "missing.lsm: error: cannot open model file\n");
}

TEST(Suggestions, NearestNameForTypos) {
  std::vector<std::string> names = {"tau_mem", "tau_refrac", "v_thresh", "v_reset"};
  EXPECT_EQ(nearestName("tau_mm", names), "tau_mem");
  EXPECT_EQ(nearestName("v_tresh", names), "v_thresh");
  EXPECT_EQ(nearestName("V_RESET", names), "v_reset");
  EXPECT_FALSE(nearestName("completely_different", names).has_value());
  EXPECT_EQ(didYouMean("tau_refrak", names), "; did you mean 'tau_refrac'?");
  EXPECT_EQ(didYouMean("zzz", names), "");
}

}  // namespace
}  // namespace lsm
