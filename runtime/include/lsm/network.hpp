// A network instance: every variable of every group and synapses, and the connectivity,
// built from the IR with a seed. Values are SI doubles.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "lsm/cache_line_vector.hpp"
#include "lsm/ir.hpp"

namespace lsm {

class CompiledModel;

// A per-element variable's values, element 0 at the start of a cache line (for the JIT's
// vector loops; lsm/cache_line_vector.hpp).
using VariableArray = CacheLineVector<double>;

// The variables of one group, spike generator or synapses.
struct ObjectState {
  std::int64_t size = 0;
  std::map<std::string, VariableArray> arrays;  // per element
  std::map<std::string, double> scalars;        // shared

  bool has(const std::string& name) const {
    return arrays.count(name) > 0 || scalars.count(name) > 0;
  }
  // The value of `name` for one element (a shared variable's value for any element). Throws
  // std::logic_error for an unknown name; the element is not checked.
  double get(const std::string& name, std::int64_t element) const;
  void set(const std::string& name, std::int64_t element, double value);
};

struct Connectivity {
  // Group-wide indices of each synapse's source and target element, in Brian2's order (by
  // source, then target).
  std::vector<std::int32_t> pre, post;
  // Each synapse's delay in steps (Brian2: (int)(delay/dt + 0.5)); empty when every synapse
  // has the same, maxDelaySteps (no delay, or one that is the same for every synapse): for
  // CUBA at 256 000 neurons the array would be 80 MB of zeros, written and read once more.
  std::vector<std::int32_t> delaySteps;
  // The synapses leaving each element of the source population (CSR, population-relative).
  // The two indices are built when the model's step plan reads them (on_pre, on_post), or
  // when the model has no plan; otherwise their begins are empty too. An index whose begins
  // are there but whose synapse numbers are not is the identity: the synapses are in the
  // order of that end, each at its own number (every connect rule drawn row by row, by
  // source). At 20 million synapses that array would be 80 MB, written once and read on
  // every delivery.
  std::vector<std::int64_t> outgoingBegin;
  std::vector<std::int32_t> outgoing;
  // The synapses reaching each element of the target population (for on_post).
  std::vector<std::int64_t> incomingBegin;
  std::vector<std::int32_t> incoming;
  std::int32_t maxDelaySteps = 0;

  std::int32_t delayOf(std::size_t synapse) const {
    return delaySteps.empty() ? maxDelaySteps : delaySteps[synapse];
  }
};

struct NetworkInstance {
  std::shared_ptr<const ir::Model> model;
  std::uint64_t seed = 0;
  double dt = 1e-4;
  std::map<std::string, ObjectState> groups;  // neuron groups and spike generators
  std::map<std::string, ObjectState> synapses;
  // Fixed once built, and shared by the copies of an instance (each Simulation works on a
  // copy of the variables): at 20 million synapses it is 400 MB.
  std::map<std::string, std::shared_ptr<const Connectivity>> connectivity;
};

struct BuildOptions {
  std::uint64_t seed = 1;
  double dt = 0.0;  // 0: the experiment's dt, else Brian2's default 0.1 ms
  // The memory the instance may take (0: the machine's, lsm/resources.hpp): groups and the
  // synapses expected from a sample of their candidate pairs are estimated before anything
  // is allocated, and sampling stops once the synapses drawn exceed it (ResourceError).
  std::uint64_t maxMemory = 0;
  // The threads that draw connections and run initialisations (0: every core). The network
  // is the same for any number: each row, element and synapse draws from its own stream.
  int threads = 0;
  // Below about this much work (synapses drawn; a pair judged or an element initialised counts
  // for a few) a step of the build runs on one thread: starting and joining threads would cost
  // more than they gain (CUBA at 4 000 neurons, 0.32 M synapses, builds in 0.017 s on one
  // thread and 0.03 s on two). 0: every step on `threads`.
  double parallelWork = 1e6;
  // Called with (synapses name, candidate pairs done, total) while connections are drawn for
  // synapses with many candidate pairs: one call at a time, from any of those threads.
  std::function<void(const std::string&, std::int64_t, std::int64_t)> progress;
  // The model's machine code (lsm/jit.hpp) when it is compiled before the network is built:
  // connection rules judged pair by pair (lsm/pair_rule.hpp; the Maass model's distance-
  // dependent p) then run its row functions instead of the interpreter, with the same network
  // bit for bit. nullptr: every rule interpreted.
  const CompiledModel* compiledModel = nullptr;
  // False: the rules interpreted even with compiledModel (the reference path).
  bool compiledRules = true;
  // False: the synapses' init statements interpreted even with compiledModel (the reference
  // path); true: those run for each synapse in its machine code (lsm/synapse_init.hpp) where
  // it has them, with the same values bit for bit.
  bool compiledInit = true;
};

// Thrown when a model cannot be instantiated (a probability outside [0, 1], a negative delay,
// a permutation index outside the group...): the message says where.
struct BuildError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown by a simulation when a state variable has become NaN or infinite (a division by a
// parameter that is 0, an explicit method that blew up): the message names the variable, its
// group or synapses, the element and the time. The run stops there; its results would be
// meaningless.
struct NumericalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Allocates every variable, runs the initialisations, samples the connections, and computes
// the integration coefficients (lsm/execution.hpp). Throws BuildError (ResourceError when the
// instance would not fit in memory).
NetworkInstance buildNetwork(std::shared_ptr<const ir::Model> model, const BuildOptions& options);

// The time step a model asks for: the experiment's dt, else 0.1 ms.
double modelDt(const ir::Model& model);

// The state of a population's elements: its group's, or for a synapses object that is the
// target of synapses, its synapses' (nullptr for a spike generator).
const ObjectState* populationState(const NetworkInstance& network, const ir::Population& p);
// How many elements a population has: its range's, or a target synapses object's synapse count
// (known once it is built).
std::int64_t populationSize(const NetworkInstance& network, const ir::Population& p);

}  // namespace lsm
