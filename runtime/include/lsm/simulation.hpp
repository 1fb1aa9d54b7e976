// Running a network instance: trials that restore the built state, take their input spikes,
// and advance step by step through the model's schedule (ir::Model::schedule).
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

class StateRecorder;
class VariableReader;
class FiniteGuard;

// Input spikes of one spike generator: element index and time in seconds.
struct InputSpikes {
  std::vector<std::int32_t> indices;
  std::vector<double> times;
};

// A simulation is used by one thread at a time, const functions included (state() may bring
// lazy synapses up to date).
class Simulation {
 public:
  // With `compiled` (CompiledModel::compile of the instance's model) the per-element work runs
  // in the JIT-compiled kernels; without, in the reference interpreter.
  // `built` must outlive the simulation, which copies it and starts trial 0 (startTrial(0)).
  // Throws BuildError when a state monitor's interval is not a whole number of steps.
  explicit Simulation(const NetworkInstance& built,
                      std::shared_ptr<const CompiledModel> compiled = nullptr);
  ~Simulation();
  Simulation(Simulation&&) noexcept;

  // Restores the built state, runs trial_init with the trial's random streams, and sets the
  // input of each named spike generator (Brian2: step = int((t + 1e-3 dt)/dt)).
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

  // Brian2's store() and restore(), in memory: everything the next steps depend on (every
  // variable, the step, spikes still in flight, input still due) and the monitors' records.
  class Snapshot {
   private:
    friend class Simulation;
    const NetworkInstance* built = nullptr;
    std::map<std::string, ObjectState> groups, synapses;
    std::int64_t step = 0;
    std::uint64_t trial = 0;
    std::map<std::string, std::vector<std::int32_t>> spiking;
    std::map<std::string, std::vector<std::pair<std::int64_t, std::int32_t>>> inputs;
    std::map<std::string, std::size_t> nextInput;
    std::map<std::string, std::vector<std::vector<std::int32_t>>> queues;
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
  const SpikeTrain& spikes(const std::string& monitor) const { return spikeRecords_.at(monitor); }
  const StateRecord& states(const std::string& monitor) const;
  // Makes a state monitor record at exactly these steps (from this trial on, for every trial)
  // instead of its `every`. Throws std::out_of_range for an unknown name.
  void recordAt(const std::string& monitor, std::vector<std::int64_t> steps);

 private:
  void advance();
  void checkFiniteState();  // the NaN/Inf guard, from run()
  void advanceCompiled();   // the same step, with the kernels and the plan below
  void bindSlots();         // fills each kernel's slot table with the current state's pointers
  void* slotPointer(const std::string& object, const std::string& variable);
  void makePlan();  // resolves every name of the schedule once, for advanceCompiled
  // Lazy synapses: brings every synapse up to the start of the current step, and, with
  // `sums`, recomputes the running sums of summed variables from the state.
  void synchronise(bool sums) const;
  // Sets `into` (a summed variable's target or running sum) to the sum over the synapses.
  void sumInterpreted(const ir::Synapses& s, const ir::SummedVariable& summed,
                      const std::string& into) const;

  // One scheduled operation with everything it needs resolved (no lookups while stepping).
  struct PlannedOperation {
    const ir::ScheduledOperation* operation = nullptr;
    Kernel kernel = nullptr;                      // the operation's kernel, or on_pre/on_post's
    std::string kernelName;                       // its name for CompiledModel::kernelSlots
    std::vector<void*> slots;                     // its slot table
    std::int64_t count = 0;                       // elements or synapses
    std::vector<std::int32_t>* spikes = nullptr;  // this step's spikes of the group involved
    const ir::Population* population = nullptr;   // pathway source (or target) / monitor
    const Connectivity* connectivity = nullptr;
    std::vector<std::vector<std::int32_t>>* queue = nullptr;
    SpikeTrain* record = nullptr;
    const ir::Monitor* monitor = nullptr;  // a spike monitor's, for the values it records
    std::vector<std::pair<std::int64_t, std::int32_t>>* input = nullptr;
    std::size_t* nextInput = nullptr;
    StateRecorder* recorder = nullptr;
    bool post = false;  // a pathway of on_post (else on_pre)
  };
  std::vector<PlannedOperation> plan_;
  // The kernels of synchronise(): per lazy synapses, its catch-up, and the sums of its
  // summed variables.
  struct SynchronisingKernel {
    const ir::Synapses* synapses = nullptr;
    const ir::SummedVariable* summed = nullptr;  // nullptr: the catch-up
    std::string name;
    Kernel kernel = nullptr;
    std::vector<void*> slots;
  };
  std::vector<SynchronisingKernel> synchronising_;
  bool edited_ = false;  // the state was handed out for writing in this trial
  // The state was handed out for writing since the values derived from it were computed:
  // the next run computes them again (once: writes after a run take a new state()).
  bool derivedStale_ = false;

  const NetworkInstance& built_;
  // Mutable: bringing lazy synapses up to date for a reader changes no value the model
  // defines, only when it is computed.
  mutable NetworkInstance current_;
  std::int64_t step_ = 0;
  std::unique_ptr<FiniteGuard> guard_;  // the NaN/Inf guard (numerical_guard.hpp)
  std::int64_t lastFiniteCheck_ = 0;    // the step of its last scan
  std::uint64_t trial_ = 0;
  // This step's spikes per group or generator (group-wide indices, ascending).
  std::map<std::string, std::vector<std::int32_t>> spiking_;
  // Per spike generator: the input as (step, index), sorted, and the next to emit.
  std::map<std::string, std::vector<std::pair<std::int64_t, std::int32_t>>> inputs_;
  std::map<std::string, std::size_t> nextInput_;
  // Per synaptic pathway: a ring of slots of synapse indices, one slot per step of delay.
  std::map<std::string, std::vector<std::vector<std::int32_t>>> queues_;
  std::map<std::string, SpikeTrain> spikeRecords_;
  std::map<std::string, std::unique_ptr<StateRecorder>> stateRecorders_;
  // The variables spike monitors record at each spike, read for the spikes of the step.
  void recordSpikeValues(const ir::Monitor& monitor, std::size_t from);
  std::map<std::string, std::unique_ptr<VariableReader>> spikeValueReaders_;
  std::shared_ptr<const CompiledModel> compiled_;
  std::map<std::string, double> synapseCounts_;  // what "#N" slots point at
};

}  // namespace lsm
