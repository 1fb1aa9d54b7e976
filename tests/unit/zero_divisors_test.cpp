// The zero-divisors check: a divisor that is zero whatever the state is an error where it
// stands; divisors that depend on the state, and branches a constant condition never takes,
// are not judged.
#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

TEST(ZeroDivisors, LiteralAndFoldedZeroDivisors) {
  EXPECT_EQ(test::compileText(test::groupWith("x = v/(0 mV) : 1")).firstError(),
            "division by zero in the equations of group 'neurons': the divisor is 0");
  EXPECT_EQ(test::compileText(test::groupWith("k = i // (2 - 2) : integer")).firstError(),
            "division by zero in the equations of group 'neurons': the divisor is 0");
  EXPECT_EQ(test::compileText(test::groupWith("k : integer", "k = i % 0")).firstError(),
            "division by zero in the initialisation of group 'neurons': the divisor is 0");
  EXPECT_EQ(test::compileText(test::groupWith("", "v /= 0")).firstError(),
            "division by zero in the initialisation of group 'neurons': the divisor is 0");
}

TEST(ZeroDivisors, AConstantThatIsZeroIsNamed) {
  std::string text = "T = 0 ms\n" + test::groupWith("x = v/mV*(1 ms/T) : 1");
  EXPECT_EQ(test::compileText(text).firstError(),
            "division by zero in the equations of group 'neurons': the constant 'T' is 0");
  // The same model with the constant set otherwise compiles.
  FrontendOptions options;
  options.overrides.push_back({"T", "2 ms"});
  EXPECT_TRUE(test::compileText(text, options).ok())
      << test::compileText(text, options).diagnostics;
}

TEST(ZeroDivisors, StateDivisorsAndBranchesNotTakenAreNotJudged) {
  EXPECT_TRUE(test::compileText(test::groupWith("x = v_rest/v : 1")).ok());
  EXPECT_TRUE(test::compileText(test::groupWith("x = 0/(1 + i) : 1")).ok());
  std::string text = "T = 0 ms\n" + test::groupWith("x = (1 ms/T if T > 0 ms else 0) : 1");
  EXPECT_TRUE(test::compileText(text).ok()) << test::compileText(text).diagnostics;
}

TEST(ZeroDivisors, SynapticEventsAndConnectionRules) {
  std::string text = test::synapsesWith("w : 1");
  text.replace(text.find("connect: p = 0.1"), 16, "connect: p = 0.1/(1 - 1)");
  EXPECT_EQ(test::compileText(text).firstError(),
            "division by zero in the connection rule of synapses 's': the divisor is 0");
}

}  // namespace
}  // namespace lsm
