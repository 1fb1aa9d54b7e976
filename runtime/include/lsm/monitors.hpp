// What monitors record during a trial.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lsm {

// A spike monitor's record: spike k is element indices[k] (population-relative) at step
// steps[k], in the order Brian2's SpikeMonitor records them; values.at(variable)[k] is the
// recorded variable of that element at that spike (as the threshold left it, before the
// reset).
struct SpikeTrain {
  std::vector<std::int32_t> indices;
  std::vector<std::int64_t> steps;
  std::map<std::string, std::vector<double>> values;
};

// A state monitor's record: values.at(variable)[row][column] is the variable of element
// elements[column] (population-relative) at step steps[row], taken at the start of the step
// (Brian2's 'start' slot, before the state update).
struct StateRecord {
  std::vector<std::int64_t> steps;
  std::vector<std::int64_t> elements;
  std::map<std::string, std::vector<std::vector<double>>> values;
};

}  // namespace lsm
