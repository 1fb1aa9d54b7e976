// The body-items check: bodies hold the items of their kind, once, in their form.
#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

TEST(BodyItems, MisplacedSettings) {
  std::string text = test::lifGroup;
  text.insert(text.find("    refractory"), "    delay: 1 ms\n");
  EXPECT_EQ(test::compileText(text).firstError(),
            "'delay' does not belong in group 'neurons' (expected one of: equations, threshold, "
            "reset, refractory, method, init, trial_init, run_regularly, events, run_on_event, "
            "linked)");
}

}  // namespace
}  // namespace lsm
