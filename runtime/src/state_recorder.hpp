// One state monitor while a simulation runs: when it records (every N steps, or at steps the
// program chose) and what (stored variables, or subexpressions evaluated from them).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lsm/monitors.hpp"
#include "lsm/network.hpp"
#include "variable_reader.hpp"

namespace lsm {

class StateRecorder {
 public:
  // Records from `network` (the monitored group's or synapses' state, which must outlive the
  // recorder). Throws BuildError when the monitor's `every` is not a whole number of steps of
  // `dt`, or when it asks for synapses that do not exist.
  StateRecorder(const ir::Monitor& monitor, const ir::Model& model, const NetworkInstance& network,
                double dt);

  // Records at exactly these steps from now on (sorted; duplicates dropped), instead of
  // every `every`.
  void recordAt(std::vector<std::int64_t> steps);
  // Empties the record for a new trial (the choice of steps stays).
  void clear();
  // Returns to a record made earlier (Simulation::restore).
  void restore(const StateRecord& record) { record_ = record; }
  // Records the current values if `step` is one to record.
  void maybeRecord(std::int64_t step, double t);
  // The first step from `from` on at which it records (INT64_MAX: none).
  std::int64_t nextDue(std::int64_t from) const;

  const StateRecord& record() const { return record_; }

 private:
  bool due(std::int64_t step) const { return nextDue(step) == step; }

  const ir::Monitor& monitor_;
  VariableReader reader_;
  std::int64_t offset_ = 0;  // of the population in its group (0 for synapses)
  double dt_;
  std::int64_t everySteps_ = 1;
  std::vector<std::int64_t> chosenSteps_;
  bool chosen_ = false;
  StateRecord record_;
};

}  // namespace lsm
