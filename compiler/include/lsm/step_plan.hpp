// The step plan: one time step of a model as typed operations on typed memory, made by the
// lowering pass after the schedule (passes/step_plan_lowering.hpp) and run by both backends,
// the reference interpreter (runPlan below) and the JIT (lsm/jit.hpp). The runtime binds each
// slot to memory (one pointer per slot); nothing else passes between the compiler and the
// runtime. docs/step-plan.md describes it; `lsmc ir --plan` prints it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lsm/ir.hpp"

namespace lsm::ir {

// What one pointer of the slot table points at.
struct PlanSlot {
  enum class Kind {
    variable,      // a variable of `object`: a double per element, or one double when shared
    preIndices,    // synapses: each synapse's source element, group-wide (std::int32_t each)
    postIndices,   // synapses: each synapse's target element, group-wide (std::int32_t each)
    synapseCount,  // synapses: how many there are (one std::int64_t)
    outgoing,      // synapses: the synapses leaving each source element (Adjacency)
    incoming,      // synapses: the synapses reaching each target element (Adjacency)
    delays,        // synapses: each synapse's delay in steps (std::int32_t each)
    spikes,        // a group's or spike generator's spikes of this step (SpikeList)
    ring,          // a pathway's spikes in flight, one entry list per step of delay (DelayRing)
    input,         // a spike generator's input (InputQueue)
    record,        // a spike monitor's record (SpikeRecord)
    flags,         // a group's scratch: one byte per element (which crossed its threshold)
    randomKey,     // what the random draws of a step are keyed by (PlanRandomKey)
    table,         // a timed array's values (`values`, read only; double each)
    linkIndices,   // a group's linked variable `variable` with an index: the source element
                   // each element reads (std::int32_t each, ir::Variable::linkedIndices)
  };
  Kind kind = Kind::variable;
  std::string object;     // the group, generator, synapses or monitor it belongs to
  std::string variable;   // variable: its name; spikes, flags: a custom event (empty: spikes)
  bool shared = false;    // variable: one value for every element
  std::int64_t size = 0;  // elements of a group's variable or spike list (0: the synapse count)
  // A variable of the plan's own, not the model's: the runtime allocates it (zeros), the
  // `derive` routine computes it from the state, and snapshots keep it.
  bool planOwned = false;
  // table: the timed array's values, row-major, and its columns (0: a 1-D array).
  std::vector<double> values;
  std::int64_t columns = 0;
  // linkIndices: the array itself (fixed when the model is checked; the plan owns it).
  std::vector<std::int32_t> indices;
};

// The memory behind the slots that are not plain arrays. The JIT reads and writes their fields
// at these offsets; the runtime owns them.
struct Adjacency {
  const std::int64_t* begin;  // per element of the population, and one past the last
  // Synapse numbers, element by element; null when each place is its own synapse number
  // (synapses in the order of this end, as drawn row by row: lsm::Connectivity).
  const std::int32_t* synapses;
};
struct SpikeList {
  std::int32_t* elements;  // group-wide, ascending; room for every element
  std::int64_t count;
};
// Entries due `d` steps from now are at position (position + d) % length; `length` is one
// more than the largest delay, so that every entry is due within one round.
struct DelayRing {
  std::int32_t* entries;  // length * capacity: the entries of each position
  std::int64_t* counts;   // per position
  std::int64_t length;
  std::int64_t capacity;  // per position
  std::int64_t position;  // the current step's position: step % length
};
struct InputQueue {
  const std::int64_t* steps;  // sorted; with their elements, sorted by (step, element)
  const std::int32_t* elements;
  std::int64_t count;
  std::int64_t next;  // the first entry not yet emitted
  // Steps after which the entries repeat (Brian2's SpikeGeneratorGroup period); 0: they do
  // not. Each step emits the entries due at step % period.
  std::int64_t period;
};
// A run stops before a step for which a record lacks room for its population's spikes (the
// runtime then makes room and runs on).
struct SpikeRecord {
  std::int32_t* indices;  // population-relative
  std::int64_t* steps;
  std::int64_t count;
  std::int64_t capacity;
  double* const* values;  // per recorded variable (PlanOp::values), room for as many
};
// The random draws of a step (rand(), randn()) are keyed by the network's seed and the trial;
// the runtime sets them when a trial starts. Each draw is a pure function of (seed, the call
// site's stream, element, step, trial): ir/plan_random.hpp.
struct PlanRandomKey {
  std::uint64_t seed = 0;
  std::uint64_t trial = 0;
};
// The element ranges and sizes a loop's specials (i, j, N, N_pre, N_post) are made of.
struct PlanFrame {
  std::int64_t groupSize = 0;                    // loops over a group's elements: N
  std::int64_t sourceStart = 0, sourceSize = 0;  // synapse loops: i = source - sourceStart
  std::int64_t targetStart = 0, targetSize = 0;  // j = target - targetStart
};

// One operation of a step. Statements are the IR's, with every variable reference resolved to
// its slot (Expr::slot, Statement::targetSlot; locals numbered per body): `self` is the loop's
// element or synapse, `pre` and `post` the synapse's source and target element.
struct PlanOp {
  enum class Kind {
    elements,       // `body` for each element e of `object` in [begin, end)
    synapses,       // `body` for each synapse of `object`
    threshold,      // empties `spikes`; for e in [begin, end) where `condition` holds: appends
                    // e and runs `body`
    spikeElements,  // `body` for each element in `spikes`
    emitInput,      // `spikes` becomes the entries of `input` due at this step
    recordSpikes,   // appends the spikes of `spikes` in [begin, end) to `record`, with
                    // `values`
    pathway,        // queues the spikes of `spikes` in [begin, end) in `ring` (none for on_post)
                    // and runs `body` for each synapse whose spike arrives now: see Delivery
    stateMonitor,   // the runtime records `object` before the step (runs stop at such steps)
  };
  // How a pathway's spikes reach their synapses.
  enum class Delivery {
    synapses,  // the ring holds synapse numbers, each queued with its own delay
    sources,   // the ring holds source elements (population-relative), all synapses of a
               // pathway having one delay; each arriving element's outgoing synapses run
    targets,   // on_post: no delay; the incoming synapses of each spiking target element
  };
  Kind kind = Kind::elements;
  Slot slot = Slot::groups;         // where in the step it runs (for printing)
  std::string name;                 // the scheduled operation it carries out
  std::string object;               // the group, synapses, generator or monitor it works on
  std::int64_t begin = 0, end = 0;  // an element range of a group or population
  Delivery delivery = Delivery::synapses;
  // Slots, -1 where unused.
  int spikes = -1, ring = -1, input = -1, record = -1, count = -1, pre = -1, post = -1,
      adjacency = -1, delays = -1, flags = -1;
  std::optional<Expr> condition;
  // recordSpikes: the variables recorded at each spike, as the step has them then (named by
  // `valueNames`, in the order of the record's `values`).
  std::vector<Expr> values;
  std::vector<std::string> valueNames;
  std::vector<Statement> body;
  int locals = 0;                  // the `let`s of body, fallback and onSpike (numbered apart)
  std::vector<Statement> onSpike;  // threshold
  bool appends = false;            // threshold: adds to this step's spikes
  // A guarded operation: where the shared plan variable `guard` is 0 (an assumption of the
  // body does not hold for this state; see PlanAssumption), `fallback` runs instead: the body
  // as lowered, Brian2's operations in Brian2's order (only rounding-neutral rewrites such as
  // fuse-loops touch it). One guard per object: every assumption about its loops must hold.
  int guard = -1;
  std::vector<Statement> fallback;
  PlanFrame frame;
  // Synapse loops of synapses whose target is a synapses object: the target's synapseCount
  // slot, which N_post reads (frame.targetSize is known only for groups); else -1.
  int postCount = -1;
  // Slots the loop reads as one value, element `begin`'s: per-element variables that are the
  // same on the whole range (passes/uniform_ranges.hpp).
  std::vector<int> uniform;
  // Per-element variables that the plan writes only on other elements of the group, so fixed
  // while running on this loop's range (passes/range_fixed_values.hpp).
  std::vector<int> rangeFixed;
  // Runs only at the steps that are multiples of `every` (run_regularly with a dt of its own);
  // 0 or 1: at every step.
  std::int64_t every = 0;
  // pathway: the JIT runs the synapses due in a step several at a time in vector lanes, their
  // additions into targets one by one after them (passes/event_lanes.hpp).
  bool inLanes = false;
  // elements, threshold: per-element variables that only this loop reads, each set before it
  // is read: the JIT keeps their values in registers and stores them only at the last step of
  // a run (passes/deferred_stores.hpp); the interpreter stores them at every step.
  std::vector<int> deferredStores;
};

// What a guarded operation's body assumes about the state, checked by the runtime whenever
// the state may have changed from outside and before each run; it sets `guard` to 1 where the
// assumption holds, else 0.
// An object's guard is 1 while every assumption with that guard holds.
struct PlanAssumption {
  enum class Kind {
    // Refractoriness as whole steps (passes/refractoriness_in_steps.hpp): for every spike step
    // s (from the elements' `lastspike`, then every step the run reaches) and every step i,
    // Brian2's test timestep(i*dt - s*dt, dt) >= K equals i - s >= K, for each element's K
    // (the values of `steps`) on [begin, end).
    refractorySteps,
    // A value `derive` computes for a rewritten body (a precombined coefficient, a reciprocal)
    // is finite on [begin, end) (element 0 when shared; every synapse when `count` is the
    // synapse count's slot): where it is not, the rewritten arithmetic would turn Brian2's NaN
    // into an infinity or the other way round, so Brian2's operations run instead.
    finite,
  };
  Kind kind = Kind::refractorySteps;
  std::string optimisation;  // the pass that assumes it (Simulation::fallbacks names it)
  int guard = -1;
  int lastspike = -1, steps = -1;  // refractorySteps
  int value = -1, count = -1;      // finite
  std::int64_t begin = 0, end = 0;
};

struct StepPlan {
  std::vector<PlanSlot> slots;
  std::vector<PlanOp> step;  // one time step, in order
  // Brings lazily updated synapses up to the start of the current step (for readers of the
  // state, and at a trial's start).
  std::vector<PlanOp> catchUp;
  // Computes the running sums of summed variables from the synapses' state (at a trial's start
  // and after the state was edited).
  std::vector<PlanOp> runningSums;
  // Computes the plan's own variables from the state: when a trial starts, and whenever the
  // state may have changed from outside (edits, restored snapshots).
  std::vector<PlanOp> derive;
  std::vector<PlanAssumption> assumptions;
  // A shared plan variable holding the current step's number (a whole number as a double),
  // set before each step; -1 when nothing reads it.
  int stepSlot = -1;
  // The optimisation passes that changed the plan, in order (for printing).
  std::vector<std::string> optimisations;

  // The slot of a variable, or -1.
  int findVariable(const std::string& object, const std::string& variable) const;
  int find(PlanSlot::Kind kind, const std::string& object) const;
  // A new variable of the plan's own (PlanSlot::planOwned) for `object`: per element, or shared.
  int addPlanVariable(const std::string& object, const std::string& name, bool shared,
                      std::int64_t size);
};

// The variable slots that a routine of the plan writes while it runs (the step, the catch-up,
// the running sums; not `derive`), and the step number's, ascending. The others change only
// from outside (edits, a trial's start).
std::vector<int> writtenVariables(const StepPlan& plan);

// How much `elementsOnly` asks of an operation's statements.
enum class OwnElementUse {
  // Every assignment writes a per-element variable of the scope at the operation's own element
  // (a `let` aside): cut into consecutive pieces run in order, the loop computes the same.
  writes,
  // Besides, what is written is read only at that element: the pieces may run at once, on
  // any threads.
  writesAndReads,
};

// Whether the statements of `op` (body, fallback, onSpike, and its condition) touch only their
// own element of `scope` as `access` says, with no `advance` and no variable the operation
// reads as one value (op.uniform) written. Then the elements of the variables written (the
// same for all of them), or 0 when none is; otherwise nothing.
std::optional<std::int64_t> elementsOnly(const StepPlan& plan, const PlanOp& op, Scope scope,
                                         OwnElementUse access);

// The plan as text (`lsmc ir --plan`).
std::string toString(const StepPlan& plan);

// Which of a plan's routines to run.
enum class PlanRoutine { step, catchUp, runningSums, derive };

// The reference interpreter: runs `steps` steps from `firstStep` (t = step * dt) on the memory
// `slots` (one pointer per plan slot); returns the steps run, fewer when a spike record had no
// room for another step. The JIT's run function has the same contract and gives the same bits.
std::int64_t runPlan(const StepPlan& plan, void* const* slots, std::int64_t firstStep,
                     std::int64_t steps, double dt);
// Runs catchUp, runningSums or derive once, at t = step * dt.
void runRoutine(const StepPlan& plan, PlanRoutine routine, void* const* slots, std::int64_t step,
                double dt);

}  // namespace lsm::ir
