#include <gtest/gtest.h>

#include "compile_text.hpp"

namespace lsm {
namespace {

std::string group(const std::string& equations) {
  std::string text = test::lifGroup;
  text.insert(text.find("        tau : second"), equations);
  return text;
}

TEST(SubexpressionCycles, AcyclicChainsAreFine) {
  EXPECT_TRUE(test::compileText(group("        a = b + 1 : 1\n        b = 2 : 1\n")).ok());
}

TEST(SubexpressionCycles, TwoSubexpressionsInACycle) {
  auto c = test::compileText(group("        a = b + 1 : 1\n        b = 2*a : 1\n"));
  EXPECT_EQ(c.firstError(), "subexpression 'a' depends on itself: a -> b -> a");
  EXPECT_EQ(c.result.diagnostics.errorCount(), 1u);
}

TEST(SubexpressionCycles, SelfReference) {
  EXPECT_EQ(test::compileText(group("        a = a + 1 : 1\n")).firstError(),
            "subexpression 'a' depends on itself: a -> a");
}

TEST(SubexpressionCycles, DifferentialEquationsMayReferToThemselves) {
  EXPECT_TRUE(test::compileText(group("        dw/dt = -w/tau + a/tau : 1\n"
                                      "        a = w : 1\n"))
                  .ok());
}

}  // namespace
}  // namespace lsm
