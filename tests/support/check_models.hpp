// Small models for the tests of semantic checks: the LIF group of compile_text.hpp with an
// equation or an initialisation added, and synapses on it with one equation.
#pragma once

#include <string>

#include "compile_text.hpp"

namespace lsm::test {

inline std::string groupWith(const std::string& extraEquation, const std::string& extraInit = "") {
  std::string text = lifGroup;
  if (!extraEquation.empty()) {
    text.insert(text.find("        tau : second"), "        " + extraEquation + "\n");
  }
  if (!extraInit.empty()) {
    text.insert(text.find("        v = v_rest"), "        " + extraInit + "\n");
  }
  return text;
}

inline std::string synapsesWith(const std::string& equation) {
  std::string text = std::string(lifGroup) + R"(
synapses s(neurons -> neurons) {
    equations {
        EQUATION
    }
    connect: p = 0.1
}
)";
  text.replace(text.find("EQUATION"), 8, equation);
  return text;
}

}  // namespace lsm::test
