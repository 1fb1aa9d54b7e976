// The assignment-targets check: constants are not changed while the model runs, subexpressions are
// not assigned.
#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

TEST(AssignmentTargets, ConstantsAreNotWrittenWhileRunning) {
  std::string text = test::groupWith("w : volt (constant)");
  text.replace(text.find("reset: v = v_rest"), 17, "reset: w = v_rest");
  EXPECT_EQ(test::compileText(text).firstError(),
            "'w' is constant and cannot be changed in the reset");
}

TEST(AssignmentTargets, SubexpressionsAreNotAssigned) {
  std::string text = test::groupWith("w = 2*v : volt");
  text.replace(text.find("reset: v = v_rest"), 17, "reset: w = v_rest");
  EXPECT_EQ(test::compileText(text).firstError(), "cannot assign to subexpression 'w'");
}

}  // namespace
}  // namespace lsm
