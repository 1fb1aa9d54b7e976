// The shared-variables check: one value for all elements.
#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

TEST(SharedVariables, SharedVariablesTakeOneValue) {
  EXPECT_TRUE(test::compileText(test::groupWith("w : volt (shared)", "w = 2*v_rest")).ok());
  EXPECT_EQ(test::compileText(test::groupWith("w : volt (shared)", "w = i * 1 mV")).firstError(),
            "'w' is shared: it takes one value for all elements, but this initialisation "
            "differs per element");
  EXPECT_EQ(test::compileText(test::groupWith("w : volt (shared)", "w = uniform(0 mV, 1 mV)"))
                .firstError(),
            "'w' is shared: it takes one value for all elements, but this initialisation "
            "differs per element");
  EXPECT_EQ(test::compileText(test::groupWith("w : volt (shared)", "let k = i\n        w = k * mV"))
                .firstError(),
            "'w' is shared: it takes one value for all elements, but this initialisation "
            "differs per element");
  EXPECT_EQ(test::compileText(test::groupWith("w : volt (shared)") +
                              "subgroup s = neurons[0:2] {\n    init { w = 1 mV }\n}\n")
                .firstError(),
            "'w' is shared by the whole group and cannot be set for a subgroup");
}

// A uniform `let` keeps a shared variable's initialisation uniform.
TEST(SharedVariables, UniformLocalsAreUniform) {
  EXPECT_TRUE(
      test::compileText(test::groupWith("w : volt (shared)", "let k = 2\n        w = k * mV"))
          .ok());
}

}  // namespace
}  // namespace lsm
