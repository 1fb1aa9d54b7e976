// Running a network instance: trials that restore the built state, take their input spikes,
// and run the model's step plan (lsm/step_plan.hpp), in machine code or in the reference
// interpreter.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lsm/jit.hpp"
#include "lsm/monitors.hpp"
#include "lsm/network.hpp"

namespace lsm {

class PlanAssumptions;
class RunMemory;
class StateRecorder;
class FiniteGuard;
class StepTeam;

// Input spikes of one spike generator: element index and time in seconds.
struct InputSpikes {
  std::vector<std::int32_t> indices;
  std::vector<double> times;
};

// A simulation is used by one thread at a time, const functions included (state() may bring
// lazy synapses up to date).
class Simulation {
 public:
  // With `compiled` (CompiledModel::compile of the instance's model, or of a model it fits)
  // the plan runs as machine code, a whole run in one call; without, in the reference
  // interpreter, with the same results. `built` must outlive the simulation, which copies its
  // variables (the connectivity is shared) and starts trial 0 (startTrial(0)). Throws
  // BuildError when a state monitor's interval is not a whole number of steps, or when the
  // model has no step plan (LastPass::checks), and ResourceError before allocating when the
  // plan's delay rings would not fit in the memory this machine has free (lsm/resources.hpp).
  explicit Simulation(const NetworkInstance& built,
                      std::shared_ptr<const CompiledModel> compiled = nullptr);
  ~Simulation();
  Simulation(Simulation&&) noexcept;

  // Restores the built state, runs trial_init with the trial's random streams, and sets the
  // input of each named spike generator (Brian2: step = int((t + 1e-3 dt)/dt)); a generator
  // without one in `inputs` emits the spikes its model gives (`indices:`/`times:`), which the
  // trial's input replaces, as Brian2's set_spikes() does.
  // `runTrialInit` false keeps the restored state as it is (an instance whose trial state was
  // made elsewhere, such as Brian2's). Throws std::invalid_argument, before changing anything,
  // for an input of no spike_generator, with indices and times of different lengths, or with
  // a spike outside the generator or before 0 s.
  void startTrial(std::uint64_t trial, const std::map<std::string, InputSpikes>& inputs = {},
                  bool runTrialInit = true);
  // Advances `steps` steps (std::invalid_argument if negative). Throws NumericalError, with
  // the simulation stopped at that step, once a state variable is NaN or infinite (checked
  // every few steps and at the end: runtime/src/numerical_guard.hpp).
  void run(std::int64_t steps);
  // Advances `seconds` of model time: round(seconds / dt) steps. Throws std::invalid_argument
  // for a negative or non-finite duration.
  void runFor(double seconds);
  // The threads that share each step of this simulation's runs (1, the default: the calling
  // thread alone; 0: every core). On the JIT, the large operations of a step (the loops over
  // a group's elements from minSplitElements on, and the delivery of spikes that write only
  // their targets) are split over them; the results are the same for any number, bit for bit
  // (lsm/step_team.hpp). The reference interpreter runs on one thread whatever this says.
  void setThreads(int threads);
  int threads() const;

  // Brian2's store() and restore(), in memory: everything the next steps depend on (every
  // variable, the step, spikes still in flight, input still due) and the monitors' records.
  class Snapshot {
   private:
    friend class Simulation;
    const NetworkInstance* built = nullptr;
    std::map<std::string, ObjectState> groups, synapses;
    std::int64_t step = 0;
    std::uint64_t trial = 0;
    // The plan's memory besides the variables: spikes of the step, spikes in flight, input.
    std::vector<std::vector<std::int64_t>> planMemory;
    std::map<std::string, SpikeTrain> spikeRecords;
    std::map<std::string, StateRecord> stateRecords;
    bool edited = false;  // the running sums are to be made again before running on
  };
  Snapshot snapshot() const;
  // Returns to a snapshot of this simulation, or of another simulation of the same network
  // instance (the same NetworkInstance object, not an equal copy); throws
  // std::invalid_argument for a snapshot of another instance.
  void restore(const Snapshot& snapshot);

  std::int64_t step() const { return step_; }
  // Every variable as of now. Synapses that the compiler made lazy (passes/lazy_synapses.hpp)
  // are first brought up to date; that changes later results in the last bits at most. After
  // the mutable overload, the next run() computes what derives from the state anew
  // (integration coefficients, hoisted constants), and every run() of the trial starts by
  // recomputing the running sums of summed variables, so edits take effect as in Brian2.
  // A kept reference shows lazy synapses as of their last event: call state() again to read
  // or write them after a run.
  const NetworkInstance& state() const;
  NetworkInstance& state();
  // A monitor's record of the current trial. Throws std::out_of_range for an unknown name.
  const SpikeTrain& spikes(const std::string& monitor) const;
  const StateRecord& states(const std::string& monitor) const;
  // Makes a state monitor record at exactly these steps (from this trial on, for every trial)
  // instead of its `every`. Throws std::out_of_range for an unknown name.
  void recordAt(const std::string& monitor, std::vector<std::int64_t> steps);
  // The optimisations of the plan that hold only under a condition the runtime checks
  // (ir::PlanAssumption) and that do not hold for this simulation as it stands, as
  // "NAME (object)": the object's guarded operations then run as lowered, in Brian2's order
  // of operations (without any guarded optimisation). Empty when all apply.
  std::vector<std::string> fallbacks() const;

 private:
  // The step loop: runs `steps` steps of the plan in the backend, stopping where a state
  // monitor records, where a spike record needs more room and where the NaN/Inf guard is due.
  void advance(std::int64_t steps);
  void checkFiniteState();  // the NaN/Inf guard, from advance()
  // A routine of the plan other than the step, in the backend, at t = step * dt.
  void runRoutine(ir::PlanRoutine routine, std::int64_t step) const;
  // The plan's own variables computed from the state, and its assumptions checked against it.
  void derive();
  // Lazy synapses: brings every synapse up to the start of the current step, and, with
  // `sums`, recomputes the running sums of summed variables from the state.
  void synchronise(bool sums) const;

  bool edited_ = false;  // the state was handed out for writing in this trial
  // The state was handed out for writing since the values derived from it were computed:
  // the next run computes them again (once: writes after a run take a new state()).
  bool derivedStale_ = false;
  const NetworkInstance& built_;
  // Mutable: bringing lazy synapses up to date for a reader changes no value the model
  // defines, only when it is computed.
  mutable NetworkInstance current_;
  std::shared_ptr<const CompiledModel> compiled_;
  const ir::StepPlan* plan_ = nullptr;  // the compiled model's, or the model's
  std::unique_ptr<RunMemory> memory_;
  std::unique_ptr<PlanAssumptions> assumptions_;
  std::int64_t step_ = 0;
  std::unique_ptr<StepTeam> team_;      // setThreads() above 1, on the JIT
  std::unique_ptr<FiniteGuard> guard_;  // the NaN/Inf guard (numerical_guard.hpp)
  std::int64_t lastFiniteCheck_ = 0;    // the step of its last scan
  std::uint64_t trial_ = 0;
  std::map<std::string, std::unique_ptr<StateRecorder>> stateRecorders_;
};

}  // namespace lsm
