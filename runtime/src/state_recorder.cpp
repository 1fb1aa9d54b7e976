#include "state_recorder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace lsm {

StateRecorder::StateRecorder(const ir::Monitor& monitor, const ir::Model& model,
                             const NetworkInstance& network, double dt)
    : monitor_(monitor),
      reader_(model, network, monitor.population, monitor.synapses, dt),
      offset_(monitor.synapses.empty() ? monitor.population.start : 0),
      dt_(dt) {
  const std::int64_t count =
      monitor.synapses.empty() ? monitor.population.size() : reader_.state().size;
  for (std::int64_t e : monitor.elements) {
    if (e >= count) {
      throw BuildError(fmt::format(
          "monitor '{}': element {} of '{}', which has {}", monitor.name, e,
          monitor.synapses.empty() ? monitor.population.name : monitor.synapses, count));
    }
  }
  if (monitor.every > 0) {
    double steps = std::round(monitor.every / dt);
    if (!(steps < 0x1p62)) steps = -1;  // refused below, before the cast
    // Brian2 would run the monitor on a clock of its own; lsmc records on the network's steps,
    // so the interval must be a whole number of them.
    if (steps < 1 || std::abs(steps * dt - monitor.every) > 1e-9 * monitor.every) {
      throw BuildError(fmt::format(
          "{}:{}:{}: monitor '{}': 'every' ({}) is not a whole number of time steps ({})",
          monitor.everyLocation.file, monitor.everyLocation.line, monitor.everyLocation.column,
          monitor.name, fmt::format("{:g} ms", monitor.every * 1e3),
          fmt::format("{:g} ms", dt * 1e3)));
    }
    everySteps_ = static_cast<std::int64_t>(steps);
  }
  record_.elements = monitor.elements;
  if (record_.elements.empty()) {
    for (std::int64_t e = 0; e < count; ++e) record_.elements.push_back(e);
  }
  clear();
}

void StateRecorder::recordAt(std::vector<std::int64_t> steps) {
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  chosenSteps_ = std::move(steps);
  chosen_ = true;
}

void StateRecorder::clear() {
  record_.steps.clear();
  record_.values.clear();
  for (const auto& variable : monitor_.variables) record_.values[variable];
}

std::int64_t StateRecorder::nextDue(std::int64_t from) const {
  if (!chosen_) return (from + everySteps_ - 1) / everySteps_ * everySteps_;
  auto next = std::lower_bound(chosenSteps_.begin(), chosenSteps_.end(), from);
  return next == chosenSteps_.end() ? std::numeric_limits<std::int64_t>::max() : *next;
}

void StateRecorder::maybeRecord(std::int64_t step, double t) {
  if (!due(step)) return;
  record_.steps.push_back(step);
  for (const auto& variable : monitor_.variables) {
    std::vector<double> row(record_.elements.size());
    // A stored variable straight from its array: looking it up by name for each element was
    // most of Touboul-Brette's run (200 neurons recorded at each of 100 000 steps).
    if (const double* stored = reader_.storedValues(variable)) {
      for (std::size_t k = 0; k < row.size(); ++k) row[k] = stored[offset_ + record_.elements[k]];
    } else {
      for (std::size_t k = 0; k < row.size(); ++k)
        row[k] = reader_.value(variable, offset_ + record_.elements[k], t);
    }
    record_.values[variable].push_back(std::move(row));
  }
}

}  // namespace lsm
