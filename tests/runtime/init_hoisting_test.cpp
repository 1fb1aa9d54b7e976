// Init statements that give every element the same value (`c = 2.5`, into an array no other
// statement reads or assigns) are computed for a group's first element and copied: the values
// are those of each element running them, a subgroup's copy stays inside the subgroup, and the
// other statements draw the same random numbers as when nothing is hoisted.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compile_text.hpp"
#include "lsm/network.hpp"

namespace lsm {
namespace {

// P's init begins with the statement CONSTANT.
const char* model = R"(group P(300) {
    equations {
        dv/dt = -v/(10 ms) : volt
        c : 1
        d : 1
        f : 1
    }
    threshold: v > 10 mV
    reset: v = 0 mV
    init {
        CONSTANT
        v = rand()*10 mV
        d = 2
        f = d*3
    }
}
subgroup Q = P[100:120] {
    init: c = 7
}
)";

NetworkInstance builtWith(const std::string& constant, const BuildOptions& options) {
  std::string text = model;
  text.replace(text.find("CONSTANT"), 8, constant);
  return buildNetwork(test::compileModel(text), options);
}

const VariableArray& array(const NetworkInstance& network, const std::string& name) {
  return network.groups.at("P").arrays.at(name);
}

TEST(InitHoisting, CopiedValuesDrawsAndASubgroupsRangeAreThoseOfEachElement) {
  for (int threads : {1, 2}) {
    const BuildOptions options{.seed = 5, .threads = threads, .parallelWork = 0};
    // c = 2.5 + 0*i reads the index: it runs for each element.
    NetworkInstance hoisted = builtWith("c = 2.5", options);
    NetworkInstance each = builtWith("c = 2.5 + 0*i", options);
    for (std::size_t k = 0; k < 300; ++k) {
      EXPECT_EQ(array(hoisted, "c")[k], k >= 100 && k < 120 ? 7.0 : 2.5) << k;
      EXPECT_EQ(array(hoisted, "d")[k], 2.0) << k;
      EXPECT_EQ(array(hoisted, "f")[k], 6.0) << k;
    }
    EXPECT_EQ(array(hoisted, "c"), array(each, "c"));
    EXPECT_EQ(array(hoisted, "v"), array(each, "v"));
    EXPECT_GT(array(hoisted, "v")[1], 0.0);
    EXPECT_NE(array(hoisted, "v")[1], array(hoisted, "v")[2]);
  }
}

}  // namespace
}  // namespace lsm
