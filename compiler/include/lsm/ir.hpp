// The checked intermediate representation of a whole model: every name resolved, every
// expression typed and dimension-checked, all values in SI. Passes transform it; `lsmc ir`
// prints it (ir_printer.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lsm/operators.hpp"
#include "lsm/source.hpp"
#include "lsm/units.hpp"

namespace lsm::ir {

enum class ValueType { real, integer, boolean };

// Whose variable a reference names. In synapses `self` is the synapse, `pre`/`post` the
// source and target neuron; `local` is a `let` of an init block.
enum class Scope { self, pre, post, local };

// The names the language defines in expressions: the element's index (i; in synapses i and j
// are the source and target indices), sizes, the time and the step, and white noise (`xi`,
// `xi_name`: Expr::name says which; dimension second ** -0.5) in differential equations,
// which the integration pass replaces by draws.
enum class Special { i, j, N, N_pre, N_post, t, dt, xi };
std::string_view spelling(Special special);

// The functions a model may call (compiler/src/ir/functions.cpp has their table: arity,
// dimension rule, whether they draw random numbers).
enum class Builtin {
  exp,
  expm1,
  log,
  log10,
  log1p,
  sin,
  cos,
  tan,
  sinh,
  cosh,
  tanh,
  arcsin,
  arccos,
  arctan,
  abs,
  floor,
  ceil,
  clip,
  min,
  max,
  phi1,
  timestep,
  sqrt,
  sign,
  toInt,
  uniform,
  normal,
  gamma,
  exponential,
  rand,
  randn,
  permutation,
};
std::string_view spelling(Builtin function);
// Whether a call of the function draws random numbers.
bool isRandom(Builtin function);

// How a group's or synapses' equations are integrated (compiler/src/integration/ has one file
// per method and the registry of their names).
enum class Method { exact, euler, rk2, rk4, exponentialEuler, heun, milstein };
std::string_view spelling(Method method);

struct Expr {
  enum class Kind {
    constant,     // value (SI); `name` keeps the constant's name when it had one
    variable,     // name + scope
    special,      // special
    call,         // function; operands: arguments
    unary,        // unaryOp
    binary,       // binaryOp
    conditional,  // operands: value if operands[1] else operands[2]
    // A timed array's value (`name`: the timed_array). In the IR its operands are the call's
    // arguments, t (and i for a 2-D array); in a step plan, the row and column they select
    // (the lowering computes them with Brian2's rounding) and `slot` is the table's.
    table,
  };
  Kind kind = Kind::constant;
  SourceLocation location;  // the operator of a binary expression, else where it starts
  SourceLocation begin;     // where the whole expression starts
  double value = 0.0;
  std::string name;
  Scope scope = Scope::self;
  Special special = Special::t;
  Builtin function = Builtin::exp;
  UnaryOp unaryOp = UnaryOp::negate;
  BinaryOp binaryOp = BinaryOp::add;
  std::vector<Expr> operands;
  // In a step plan (lsm/step_plan.hpp): the slot a variable reads, or for a local its number;
  // for a random draw (rand(), randn()), the slot of the plan's PlanRandomKey.
  int slot = -1;
  // In a step plan, a variable read through a linked variable's index (Brian2's
  // linked_var(..., index=...)): the slot of the index array (PlanSlot::Kind::linkIndices);
  // the element read is that array's entry at the element the scope names. -1: none.
  int indexSlot = -1;
  // In a step plan, a random draw's stream: the hash of its call site's name, so that each
  // call site draws numbers of its own (ir/plan_random.hpp).
  std::uint64_t stream = 0;
  // Filled by unit checking.
  Dimension dimension;
  ValueType type = ValueType::real;

  static Expr makeConstant(double value, Dimension dimension = {}, SourceLocation location = {});
};

struct Variable {
  enum class Kind { state, parameter, subexpression };
  std::string name;
  SourceLocation location;
  Kind kind = Kind::parameter;
  Dimension dimension;
  ValueType type = ValueType::real;
  bool shared = false;
  bool constant = false;
  bool implicit = false;  // defined by lsmc, not the model (lastspike, not_refractory, ...)
  // `(linked)`: a read-only view of another group's variable, element by element (Brian2's
  // G.v = linked_var(H, 'v')); empty until a `linked:` setting binds it.
  std::string linkedGroup;
  std::string linkedVariable;
  bool linked = false;
  // With `index = EXPR` (Brian2's index=): element k reads the linked-to group's element
  // linkedIndices[k], EXPR evaluated for i = k when the model is checked.
  std::optional<Expr> linkedIndex;
  std::vector<std::int32_t> linkedIndices;
};

struct Equation {
  enum class Kind { differential, subexpression };
  Kind kind = Kind::differential;
  std::string variable;
  SourceLocation location;
  Expr rhs;
  bool unlessRefractory = false;
  bool clockDriven = false;
  bool eventDriven = false;
  bool constantOverDt = false;
};

// `I_syn_ee_synapses_post = A*y : ampere (summed)`: every step the target variable of each
// postsynaptic element is set to the sum of `rhs` over the synapses that end on it.
struct SummedVariable {
  std::string target;  // variable of the target group
  Scope targetScope = Scope::post;
  SourceLocation location;
  Expr rhs;
  Dimension dimension;
  // Set by the lazy-synapse pass: `runningSum` is a variable of the target group that holds
  // the sum as it changes (the synaptic events add their changes of `rhs` to it). Each step
  // this operation multiplies it by `decay` (a shared synapse variable: the summed state's
  // decay over one step) and sets the target from it: after the decay when Brian2's
  // clock-driven update of the state comes before the sum (`decayFirst`), else before. The
  // sum itself is computed only when the runtime resynchronises (a trial's start, edits).
  std::string runningSum;
  std::string decay;
  bool decayFirst = true;
};

// `advance [x, y] by k steps`: a linear system's state after k more steps of its exact
// update, X <- Phi X + offset applied k times (computed by repeated squaring of that map).
struct Advance {
  std::vector<std::string> variables;         // X
  std::vector<std::vector<std::string>> phi;  // phi[i][j]: its variable, "" where zero
  std::vector<std::string> offset;            // per row: its variable, "" where zero
  // In a step plan: the slots of the same variables (-1 where zero).
  std::vector<int> variableSlots;
  std::vector<std::vector<int>> phiSlots;
  std::vector<int> offsetSlots;
  // Set by the plan pass branch-free-advance: the JIT applies each power's map and selects the
  // result by the bit of the step count, instead of jumping over it (same values).
  bool branchFree = false;
};

struct Statement {
  // advance: `advance` over `value` steps (an integer); target, op and condition unused.
  enum class Kind { let, assign, advance };
  Kind kind = Kind::assign;
  SourceLocation location;
  std::string target;
  Scope targetScope = Scope::self;
  AssignOp op = AssignOp::assign;
  std::optional<Expr> condition;
  Expr value;
  // The assigned variable's dimension and type, set by name resolution (for `let`, by unit
  // checking from the value).
  Dimension targetDimension;
  ValueType targetType = ValueType::real;
  std::optional<Advance> advance;
  // In a step plan: the slot the statement writes, or for a `let` the local's number.
  int targetSlot = -1;
};

// dX/dt = M X + B for the variables X of one coupled linear system, integrated exactly over a
// step: X(t+dt) = Phi X + Psi B with Phi = exp(M dt) and Psi = the integral of exp(M s) over
// [0, dt]. M's entries depend only on constants, so Phi and Psi are computed when a network is
// built (per element, or once when M is shared) into the coefficient variables
// `_Phi[x,y]` and `_Psi[x,y]` (and `_PhiR`, `_PsiR` for the refractory variant, where the
// rows of `frozen` variables are zero).
struct LinearSystem {
  std::vector<std::string> variables;
  std::vector<std::vector<std::optional<Expr>>> matrix;  // matrix[i][j]: dX[i]/dt per X[j]
  std::vector<bool> frozen;        // (unless refractory): left untouched while refractory
  bool perElement = false;         // M differs between elements
  bool refractoryVariant = false;  // coefficients for refractory elements are needed too
  // Which entries of Phi (and Psi) can be non-zero: reach[i][j] when X[j] influences X[i].
  std::vector<std::vector<bool>> reach;

  static std::string coefficientName(const char* matrix, const std::string& row,
                                     const std::string& column);
};

// How the state of a group or synapses advances over one step (set by the integration pass).
struct StateUpdate {
  Method method = Method::exact;
  std::vector<LinearSystem> systems;  // exact: coefficients computed at build time
  std::vector<Statement> statements;  // per element, every step, in order
  // Set by constant hoisting: variables computed once per element when the network is built
  // (after the coefficients, in this order) from values that never change while it runs.
  struct Precomputed {
    std::string variable;
    Expr value;
  };
  std::vector<Precomputed> precomputed;
};

// A contiguous range of a neuron group or spike generator: a whole group or a subgroup. The
// target of synapses may also be a synapses object (Brian2's synapses on synapses): its
// elements are the target's synapses, counted only when the network is built, so such a
// population has start 0 and no stop (size() is 0; the runtime counts them).
struct Population {
  std::string name;   // as written: the group, subgroup, generator or synapses name
  std::string group;  // the group, spike generator or synapses that owns the elements
  std::int64_t start = 0;
  std::int64_t stop = 0;
  bool isGenerator = false;
  bool isSynapses = false;
  std::int64_t size() const { return stop - start; }
};

// The variable `name` of a list (nullptr when there is none, or no list).
const Variable* findVariable(const std::vector<Variable>* variables, const std::string& name);
inline const Variable* findVariable(const std::vector<Variable>& variables,
                                    const std::string& name) {
  return findVariable(&variables, name);
}

// Brian2's `when` of an object in a time step: the six slots in the order they run, then
// Brian2's `before_` and `after_` slots around each (their place in the step: rank()).
enum class Slot {
  start,
  groups,
  thresholds,
  synapses,
  resets,
  end,
  beforeStart,
  afterStart,
  beforeGroups,
  afterGroups,
  beforeThresholds,
  afterThresholds,
  beforeSynapses,
  afterSynapses,
  beforeResets,
  afterResets,
  beforeEnd,
  afterEnd,
};
std::string_view spelling(Slot slot);  // Brian2's: "start", "after_thresholds", ...
// Where a slot runs in the step: before_start, start, after_start, before_groups, ... .
int rank(Slot slot);
// Every slot, in the order they run.
const std::vector<Slot>& allSlots();

// Brian2's `G.run_regularly(code, dt=..., when=..., order=...)`: `code` runs for every element
// of the group (or every synapse) at the steps of a clock of its own: every `dt` (0: every
// step), in the schedule slot `when` at `order`. Its clock ticks at the multiples of `dt`, so
// with dt a whole number k of steps it runs at the steps that are multiples of k, whatever the
// runs' boundaries (brian2/core/clocks.py, Clock._calc_timestep; network.py, _nextclocks).
struct RegularOperation {
  std::string name;  // Brian2's: `<object>_run_regularly`, `..._1`, ... unless named
  SourceLocation location;
  std::vector<Statement> code;
  double dt = 0;  // seconds; 0: the network's dt
  SourceLocation dtLocation;
  Slot when = Slot::start;
  int order = 0;
  // The step `dt` was turned into whole steps for (the model's dt): the runtime refuses a
  // network built with another.
  double stepDt = 1e-4;
};

// Brian2's custom event of a group (`NeuronGroup(..., events={'name': 'condition'})`): at
// every step, in the thresholds slot, the elements where `condition` holds have the event;
// `code` (`G.run_on_event('name', code)`) runs for them in the resets slot. Unlike the spike
// event it does not touch refractoriness (brian2/groups/neurongroup.py).
struct GroupEvent {
  std::string name;
  SourceLocation location;
  Expr condition;
  std::vector<Statement> code;
};

struct NeuronGroup {
  std::string name;
  SourceLocation location;
  std::int64_t size = 0;
  std::vector<Variable> variables;
  std::vector<Equation> equations;
  std::optional<Expr> threshold;
  std::vector<Statement> reset;
  std::optional<Expr> refractory;  // a duration, or a condition
  Method method = Method::exact;
  // Whether the model names the method; else the integration pass chooses it as Brian2 does
  // (exact where it can, else euler; with multiplicative noise heun) and sets `method`.
  bool methodNamed = false;
  std::vector<Statement> init;
  std::vector<Statement> trialInit;
  // Set by the integration pass.
  std::optional<StateUpdate> update;
  std::vector<Statement> onSpike;  // run for each element that crosses the threshold
  // run_regularly, in the order written
  std::vector<RegularOperation> regular;
  // Custom events, in the order written (the spike event is `threshold` and `reset`)
  std::vector<GroupEvent> events;

  const Variable* findVariable(const std::string& name) const;
  const GroupEvent* findEvent(const std::string& name) const;  // a custom event, or nullptr
  GroupEvent* findEvent(const std::string& name);
};

struct Subgroup {
  std::string name;
  SourceLocation location;
  std::string group;
  std::int64_t start = 0;
  std::int64_t stop = 0;
  std::vector<Statement> init;
  std::vector<Statement> trialInit;
};

struct SpikeGenerator {
  std::string name;
  SourceLocation location;
  std::int64_t size = 0;
  // The spikes the model gives (`indices:` and `times:`, or `spikes:` from a file), sorted by
  // time, then index (Brian2's SpikeGeneratorGroup(N, indices, times, period)). A trial's
  // input from the C++ API replaces them for that trial, as Brian2's set_spikes() would.
  std::vector<std::int32_t> indices;
  std::vector<double> times;  // seconds
  double period = 0;          // seconds; 0: the spikes do not repeat
  SourceLocation spikesLocation, periodLocation;
};

// Brian2's PoissonInput: in each step, every element of `target` gets `variable +=
// weight * k`, k a binomial draw of `n` inputs firing with probability rate*dt (Brian2's
// BinomialFunction: its normal approximation where n p and n (1 - p) exceed 5).
struct PoissonInput {
  std::string name;
  SourceLocation location;
  Population target;
  std::string variable;  // a variable of the target's group
  std::int64_t n = 0;
  double rate = 0;  // Hz
  Expr weight;      // in the target's scope, of the variable's dimension
  // The step the probability rate*dt is computed for when the plan is made (the experiment's
  // dt, else 0.1 ms): the runtime refuses a network built with another.
  double dt = 1e-4;
};

// Which pairs (i, j) a synapses object connects. For each source element i the rule has
// candidate targets: every j (all_to_all, probability), j = i (one_to_one), one j given by
// `target` (`j = i + 1`), or the j of a range (Brian2's `k for k in range(low, high, step)`;
// `sample(...)` is a range with a probability). A candidate outside the target population is
// an error, or skipped with skipIfInvalid; then `condition` and `probability` decide, and
// `multiplicity` (Brian2's n) synapses connect each chosen pair. `pairs` lists explicit
// (i, j) instead (Brian2's connect(i=[...], j=[...])).
struct ConnectRule {
  enum class Kind { all_to_all, one_to_one, probability, target, range, pairs };
  Kind kind = Kind::all_to_all;
  SourceLocation location;
  std::optional<Expr> condition;
  std::optional<Expr> probability;
  std::optional<Expr> target;                          // target: the j of each i
  std::optional<Expr> rangeLow, rangeHigh, rangeStep;  // range: [low, high) by step
  std::vector<std::int64_t> pairsPre, pairsPost;       // pairs
  std::optional<Expr> multiplicity;                    // synapses per chosen pair (1)
  bool skipIfInvalid = false;

  // Every expression of the rule, for passes and checks that visit them all.
  std::vector<const Expr*> expressions() const;
  std::vector<Expr*> expressions();
};

// A template parameter's value in one synapse instance: its argument's value (as printed by
// the IR) and the unit the synapse_model declares for it, which the synapses' code sees.
struct ParameterValue {
  std::string name;
  Quantity value;
  std::optional<Dimension> declared;
  SourceLocation location;  // of the argument (or the default)
};

struct Synapses {
  std::string name;
  SourceLocation location;
  std::string model;  // the synapse_model it instantiates, empty when written inline
  std::vector<ParameterValue> parameters;
  Population source;
  Population target;
  std::vector<Variable> variables;
  std::vector<Equation> equations;
  std::vector<SummedVariable> summed;
  std::vector<Statement> onPre;
  std::vector<Statement> onPost;
  ConnectRule connect;
  std::optional<Expr> delay;
  Method method = Method::exact;
  bool methodNamed = false;  // as NeuronGroup::methodNamed
  std::vector<Statement> init;
  std::vector<Statement> trialInit;
  // Set by the integration pass (clock-driven equations; event-driven ones are integrated in
  // onPre/onPost).
  std::optional<StateUpdate> update;
  // Set by the lazy-synapse pass when nothing needs these synapses' clock-driven variables
  // between events: the statements that bring one synapse's variables up to the start of the
  // step after t. on_pre and on_post begin with them; update->statements is then empty.
  std::vector<Statement> catchUp;
  // run_regularly, in the order written
  std::vector<RegularOperation> regular;
  // Which event of the source (on_pre) and of the target (on_post) triggers the pathway
  // (Brian2's on_event={'pre': 'name'}): "spike" or a custom event of that group.
  std::string preEvent = "spike";
  std::string postEvent = "spike";

  const Variable* findVariable(const std::string& name) const;
  // The summed variable into `target`, or nullptr.
  const SummedVariable* findSummed(const std::string& target) const;
};

// Brian2's SpikeMonitor (with variables recorded at each spike), StateMonitor (of a
// population's or a synapses object's variables) and PopulationRateMonitor.
struct Monitor {
  enum class Kind { spikes, state, rate };
  std::string name;
  SourceLocation location;
  Kind kind = Kind::spikes;
  Population population;               // unused by a state monitor of synapses
  std::string synapses;                // a state monitor of these synapses' variables
  std::vector<std::string> variables;  // state monitors; spike monitors: at each spike
  // State monitors (Brian2's StateMonitor dt= and record=): record at the steps that are
  // multiples of `every` (seconds; 0: every step), the chosen elements (population-relative,
  // or synapse indices; in the order written; empty: all).
  double every = 0;
  SourceLocation everyLocation;
  std::vector<std::int64_t> elements;
  // Spike monitors: the event recorded, "spike" or a custom event of the group (Brian2's
  // EventMonitor(group, 'name', variables)).
  std::string event = "spike";
};

// One setting of the experiment: quantities (`duration: 500 ms`, `target_distances: 0.4,
// 0.2`) or names of model objects (`input: stimulus`). `value` is the first quantity.
struct Setting {
  std::string name;
  SourceLocation location;
  Quantity value;
  std::vector<Quantity> values;
  std::vector<SourceLocation> valueLocations;  // of each of `values`
  std::vector<std::string> names;
};

// One step of a simulation's sequence, as a Brian2 script's between `run()`s:
// `run(200 ms)`, `neurons.I = 0.5 nA` (a statement on every element of a group, subgroup or
// synapses, with an optional condition), `spikes.active = False`.
struct ExperimentStep {
  enum class Kind { run, assign, monitorActive };
  Kind kind = Kind::run;
  SourceLocation location;
  Quantity duration;                 // run
  std::string object;                // assign: group, subgroup or synapses; monitorActive: monitor
  std::vector<Statement> statement;  // assign: the one statement
  bool active = true;                // monitorActive
};

// What `lsmc run` runs: a separation experiment (Fig. 2, when it has an `input`), or a plain
// simulation of the network for `duration` or the sequence of `steps`.
struct Experiment {
  std::string name;
  SourceLocation location;
  std::vector<Setting> settings;
  std::vector<ExperimentStep> steps;
  const Setting* find(const std::string& name) const;
  bool isSeparation() const { return find("input") != nullptr; }
};

// Which spikes a synaptic pathway carries: the source's (on_pre) or the target's (on_post).
enum class Pathway { pre, post };

// One operation of a time step, in the order Brian2 2.5.1 runs its objects: sorted by slot,
// then order, then name.
struct ScheduledOperation {
  enum class Kind {
    stateUpdate,     // object: a group or synapses
    summedVariable,  // object: synapses; target: the variable it fills
    threshold,       // object: a group; target: a custom event, empty for the spike event
    spikeGenerator,  // object: a spike_generator
    spikeMonitor,    // object: a monitor
    stateMonitor,    // object: a monitor
    pathway,         // object: synapses; pathway: which spikes
    poissonInput,    // object: a poisson_input
    reset,           // object: a group; target: as threshold
    regular,         // object: a group or synapses; target: the run_regularly's name
  };
  Kind kind;
  Slot slot = Slot::groups;
  int order = 0;
  std::string name;  // Brian2's name for it, which breaks ties
  std::string object;
  std::string target;  // summedVariable: the variable it fills
  Pathway pathway = Pathway::pre;
};

// Brian2's TimedArray(values, dt) (input/timedarray.py): `NAME(t)` is the value of row
// clip(int((t/epsilon + 0.5)/K), 0, rows - 1), epsilon = dt/K, K the upsampling factor Brian2
// picks for the model's time step (timedArrayUpsampling); `NAME(t, i)` of a 2-D array is
// column i of that row, NaN outside the columns.
struct TimedArray {
  std::string name;
  SourceLocation location;
  std::vector<double> values;  // SI, row-major: a row per time
  std::int64_t rows = 0;
  std::int64_t columns = 0;  // 0: a 1-D array
  double dt = 0;             // seconds between rows
  Dimension dimension;       // the values'
};
// Brian2's _find_K(group_dt, dt): max(2^ceil(log2(8 dt / group_dt)), 1).
std::int64_t timedArrayUpsampling(double modelDt, double arrayDt);
// The array's value at time t (seconds) and, 2-D, element i, for a model of time step
// `modelDt`: the same operations as the step plan's read before its optimisations.
double timedArrayValue(const TimedArray& array, double modelDt, double t, double i = 0);

struct StepPlan;  // lsm/step_plan.hpp

struct Constant {
  std::string name;
  SourceLocation location;
  Quantity value;
  bool overridden = false;  // set from the command line
};

struct Model {
  std::vector<Constant> constants;
  std::vector<NeuronGroup> groups;
  std::vector<Subgroup> subgroups;
  std::vector<SpikeGenerator> generators;
  std::vector<PoissonInput> poissonInputs;
  std::vector<Synapses> synapses;
  std::vector<Monitor> monitors;
  std::optional<Experiment> experiment;
  std::vector<ScheduledOperation> schedule;  // set by the schedule pass
  std::vector<TimedArray> timedArrays;
  // Set by the step-plan lowering (passes/step_plan_lowering.hpp) and the passes on the plan;
  // what both backends run.
  std::shared_ptr<const StepPlan> plan;

  const NeuronGroup* findGroup(const std::string& name) const;
  // The time step the model asks for: its experiment's dt, else Brian2's default 0.1 ms.
  double dt() const;
  NeuronGroup* findGroup(const std::string& name);
  const Synapses* findSynapses(const std::string& name) const;
  // The variables of a population's elements: its group's, its target synapses' (none for a
  // spike generator).
  const std::vector<Variable>& variablesOf(const Population& population) const;
  const TimedArray* findTimedArray(const std::string& name) const;
};

}  // namespace lsm::ir
