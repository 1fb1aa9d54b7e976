// A group of neurons on a plane for tests of what a network's build computes from its
// elements: constant coordinates x (initialised by `x`, an expression) and y (uniform), their
// radius r as a subexpression, and a leaky membrane with threshold and reset.
#pragma once

#include <string>

namespace lsm::test {

inline std::string planarGroup(const std::string& name, int size, const std::string& x) {
  return "group " + name + "(" + std::to_string(size) + R"() {
    equations {
        dv/dt = -v/(10 ms) : volt
        x : 1 (constant)
        y : 1 (constant)
        r = sqrt(x**2 + y**2) : 1
    }
    threshold: v > 10 mV
    reset: v = 0 mV
    init {
        x = )" +
         x + R"(
        y = rand()
    }
}
)";
}

}  // namespace lsm::test
