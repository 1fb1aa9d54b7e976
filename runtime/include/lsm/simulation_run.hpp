// A plain simulation, as the model's experiment block declares it for `lsmc run`: dt, a seed,
// and either a `duration` or a sequence of steps as a Brian2 script has them —
// `run(200 ms)`, `neurons.I = 0.5 nA`, `spikes.active = False` — and the records of its
// monitors in the units a user reads (seconds, indices within the monitored population).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lsm/jit.hpp"
#include "lsm/network.hpp"

namespace lsm {

struct SimulationSettings {
  double dt = 1e-4;
  std::uint64_t seed = 1;
  // The steps in order; a model with a `duration` and no run(...) has one run of it.
  std::vector<ir::ExperimentStep> steps;
  double duration() const;  // of all runs, in seconds
  // The threads that share each step (Simulation::setThreads; 0: every core); the results
  // are the same for any number.
  int threads = 1;

  // From the model's experiment; std::invalid_argument when it says neither a duration nor
  // a run(...), or when it is a separation experiment (lsm/separation_experiment.hpp).
  static SimulationSettings fromModel(const ir::Model& model);
};

// Brian2's SpikeMonitor: spike k is element i[k] (in the monitored population) at t[k]; the
// recorded variables at each spike, as the threshold left them (before the reset).
struct SpikeMonitorData {
  std::vector<std::int64_t> i;
  std::vector<double> t;
  std::map<std::string, std::vector<double>> variables;
  std::int64_t populationSize = 0;
  double activeSeconds = 0;  // how long it was recording
};

// Brian2's StateMonitor: values.at(variable)[row][column] is the variable of element
// index[column] at t[row] (seconds).
struct StateMonitorData {
  std::vector<double> t;
  std::vector<std::int64_t> index;
  std::map<std::string, std::vector<std::vector<double>>> values;
};

// Brian2's PopulationRateMonitor: the population's spikes in each step, per element and
// second, at t (the step's time).
struct RateMonitorData {
  std::vector<double> t;
  std::vector<double> rate;  // Hz
};

struct SimulationResult {
  std::int64_t steps = 0;
  double dt = 0;
  std::map<std::string, SpikeMonitorData> spikes;
  std::map<std::string, StateMonitorData> states;
  std::map<std::string, RateMonitorData> rates;
  double simulationSeconds = 0;  // wall time of the runs and the steps between them
};

// Progress of a long run: phase ("simulation"), done, total (steps).
using SimulationProgress = std::function<void(const std::string&, std::int64_t, std::int64_t)>;

class Simulation;

// One assignment step (`neurons.I = 0.5 nA`) on the simulation's state as it stands, as
// runSimulation does between runs: for each element of the object, with the step's own random
// streams (`index`: its place in the experiment's steps); the next run computes the values
// derived from the state anew, as after any edit (Simulation::state()). Throws BuildError for
// a value that cannot be evaluated.
void applyAssignment(Simulation& simulation, const ir::ExperimentStep& step, std::size_t index);

// Runs trial 0 of `network` (with `compiled`, or in the interpreter) through the settings'
// steps: runs, assignments between runs (executed for each element of the object with its
// own random streams, after which the values derived from the state are computed anew),
// monitors switched on and off (a monitor records only while on). Throws what Simulation
// throws, and BuildError for an assignment that cannot be evaluated.
SimulationResult runSimulation(const NetworkInstance& network,
                               std::shared_ptr<const CompiledModel> compiled,
                               const SimulationSettings& settings,
                               const SimulationProgress& progress = {});

}  // namespace lsm
