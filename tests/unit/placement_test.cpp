// The placement check: t, random draws, let and conditional assignments only where they may stand.
#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

TEST(Placement, IndexAndTimeWhereAllowed) {
  auto c = test::compileText(test::groupWith("", "v = t * 1 mV/ms"));
  EXPECT_EQ(c.firstError(), "'t' cannot be used in the initialisation of group 'neurons'");
  EXPECT_TRUE(test::compileText(test::groupWith("", "v = -60 mV - i * 0.1 mV")).ok());
}

// rand() and randn() draw in a step's thresholds, resets and synaptic code; in equations
// white noise is xi, and the other random functions draw only while a network is built.
TEST(Placement, RandomDrawsWhereTheyCanBeDrawn) {
  std::string text = test::lifGroup;
  text.replace(text.find("threshold: v > -50 mV"), 21, "threshold: v > -50 mV + rand()*mV");
  EXPECT_TRUE(test::compileText(text).ok());
  text.replace(text.find("rand()"), 6, "uniform(0, 1)");
  EXPECT_EQ(test::compileText(text).firstError(),
            "random function 'uniform' cannot be used in the threshold of group 'neurons'; it "
            "draws only in init, trial_init, connect and delay; in a step use rand() or randn()");
}

TEST(Placement, LetAndConditionsOnlyInInitialisations) {
  std::string text = test::lifGroup;
  text.replace(text.find("reset: v = v_rest"), 17,
               "reset {\n        let k = 2\n        v = k*v_rest\n    }");
  EXPECT_EQ(test::compileText(text).firstError(),
            "'let' can only be used in init and trial_init, not in the reset of group 'neurons'");
}

}  // namespace
}  // namespace lsm
