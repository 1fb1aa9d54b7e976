// The front end's bounds on what a user types: encodings, suggestion cost, powers.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "compile_text.hpp"
#include "diagnostics/suggest.hpp"
#include "lsm/units.hpp"
#include "source/utf8.hpp"

namespace lsm {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_FALSE(utf8::findProblem("X = 1 # déjà vu, 𝛕, ∂v/∂t\n"));
  EXPECT_FALSE(utf8::findProblem(""));
}

TEST(Utf8, LocatesTheFirstMalformedByte) {
  struct Case {
    std::string text;
    int line, column;
    std::string cause;
  };
  for (const Case& c : std::vector<Case>{
           {"a\n\xe9", 2, 1, "byte 0xE9 is not valid UTF-8"},
           {"\xc0\x80", 1, 1, "byte 0xC0 is not valid UTF-8"},          // overlong NUL
           {"é\xe0\x80\x80", 1, 2, "byte 0xE0 is not valid UTF-8"},     // overlong
           {"ab\xed\xa0\x80", 1, 3, "byte 0xED is not valid UTF-8"},    // surrogate
           {"\xf4\x90\x80\x80", 1, 1, "byte 0xF4 is not valid UTF-8"},  // above U+10FFFF
           {"x\x80", 1, 2, "byte 0x80 is not valid UTF-8"},             // stray continuation
           {"xy\xe2\x82", 1, 3, "byte 0xE2 is not valid UTF-8"},        // cut short
           {std::string("a\nbé\0c", 6), 2, 3, "a NUL byte"}}) {
    auto problem = utf8::findProblem(c.text);
    ASSERT_TRUE(problem) << c.text;
    EXPECT_EQ(problem->line, c.line) << c.text;
    EXPECT_EQ(problem->column, c.column) << c.text;
    EXPECT_EQ(problem->cause, c.cause) << c.text;
  }
}

TEST(Utf8, PrintableKeepsOneCharacterPerByteReplaced) {
  EXPECT_EQ(utf8::printable(std::string("a\0b\xffé\tc", 8)), "a?b?é\tc");
}

TEST(InputLimits, NonUtf8ModelTextIsALocatedError) {
  auto compiled = test::compileText("X = 1\nY = 2 # \xff\n");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.firstError(),
            "byte 0xFF is not valid UTF-8: model text must be UTF-8 without NUL bytes");
  EXPECT_NE(compiled.diagnostics.find("test.lsm:2:9:"), std::string::npos);
}

TEST(InputLimits, StatementLengthIsBounded) {
  std::string sum = "X = 1";
  for (int k = 0; k < 1998; ++k) sum += " + 1";
  EXPECT_TRUE(test::compileText(sum + "\n").ok());  // 3 999 tokens
  // Two more make 4 001.
  auto compiled = test::compileText(sum + " + 1\n");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.firstError(),
            "this statement is longer than 4000 tokens; split it into named parts");
}

TEST(InputLimits, NumbersBeyondADoubleAreErrors) {
  auto compiled = test::compileText("X = 2e308\n");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.firstError(),
            "the number 2e308 is too large (a double holds at most about 1.8e308)");
  EXPECT_TRUE(test::compileText("X = 1.7e308\nY = 1e-400\n").ok());  // underflow is 0
}

TEST(InputLimits, PowersSaturateInsteadOfOverflowing) {
  const Dimension volt = lookupUnit("volt")->dimension;
  // No dimension lsmc represents, or one isPlausible() rejects; never a wrapped-around exponent.
  auto representable = [](const std::optional<Dimension>& d) { return d && d->isPlausible(); };
  EXPECT_FALSE(representable(volt.power(1e9)));
  EXPECT_FALSE(representable(volt.power(-1e300)));
  EXPECT_FALSE(representable(volt.power(std::numeric_limits<double>::infinity())));
  EXPECT_FALSE(representable(volt.power(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_FALSE(volt.power(1000000).isPlausible());
  EXPECT_EQ(volt.power(2), volt * volt);
  EXPECT_EQ(volt.power(0), Dimension{});
}

TEST(InputLimits, SuggestionsCostLittleForLongNames) {
  std::string a(100000, 'a'), b = std::string(99999, 'a') + "b";
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(nearestName(a, {b}));
  EXPECT_FALSE(nearestName("tau_mem", {a, b}).has_value());
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
  // Short names still get their suggestions.
  EXPECT_EQ(nearestName("tau_men", {"tau_mem", "v"}), "tau_mem");
  EXPECT_EQ(nearestName("Tau_mem", {"tau_mem"}), "tau_mem");
}

}  // namespace
}  // namespace lsm
