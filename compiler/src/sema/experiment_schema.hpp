// The settings of the experiment block and what each holds: the protocol of Maass et al.'s
// Fig. 2 (a separation experiment) is declared with them; docs/language.md lists them.
#pragma once

#include <string>
#include <vector>

#include "lsm/units.hpp"

namespace lsm::sema {

struct ExperimentRule {
  std::string name;
  enum class Kind {
    quantity,        // one value of `dimension`
    count,           // one positive integer
    quantities,      // one or more values of `dimension`
    spikeGenerator,  // the name of a spike_generator
    spikeMonitors,   // names of spike monitors
  } kind;
  Dimension dimension;

  bool takesNames() const { return kind == Kind::spikeGenerator || kind == Kind::spikeMonitors; }
  bool takesOneValue() const { return kind != Kind::quantities && kind != Kind::spikeMonitors; }
};

const std::vector<ExperimentRule>& experimentSettings();
const ExperimentRule* experimentRule(const std::string& name);

}  // namespace lsm::sema
