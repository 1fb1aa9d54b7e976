// The reference interpreter: each scheduled operation executes the IR's statements with
// lsm/execution.hpp, element by element. Slow, simple, and the oracle for the JIT.
#include "lsm/simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "instance_completion.hpp"
#include "lsm/execution.hpp"
#include "numerical_guard.hpp"
#include "random_draws.hpp"
#include "state_recorder.hpp"
#include "variable_reader.hpp"

namespace lsm {

namespace {

const ir::Synapses& synapsesOf(const ir::Model& model, const std::string& name) {
  if (const ir::Synapses* s = model.findSynapses(name)) return *s;
  throw std::logic_error("no synapses " + name);
}
const ir::SummedVariable& summedOf(const ir::Synapses& s, const std::string& target) {
  if (const ir::SummedVariable* summed = s.findSummed(target)) return *summed;
  throw std::logic_error("no summed variable " + target + " in " + s.name);
}
const ir::Monitor& monitorOf(const ir::Model& model, const std::string& name) {
  for (const auto& m : model.monitors)
    if (m.name == name) return m;
  throw std::logic_error("no monitor " + name);
}

// The spike generator's input due at `step` (the list is sorted by step).
void emitInput(std::vector<std::int32_t>& spikes,
               const std::vector<std::pair<std::int64_t, std::int32_t>>& list, std::size_t& next,
               std::int64_t step) {
  spikes.clear();
  while (next < list.size() && list[next].first <= step) {
    if (list[next].first == step) spikes.push_back(list[next].second);
    ++next;
  }
  std::sort(spikes.begin(), spikes.end());
}

// A spike monitor: this step's spikes that fall in its population, population-relative.
void recordSpikes(const std::vector<std::int32_t>& spikes, const ir::Population& population,
                  SpikeTrain& record, std::int64_t step) {
  for (std::int32_t e : spikes) {
    if (e < population.start || e >= population.stop) continue;
    record.indices.push_back(static_cast<std::int32_t>(e - population.start));
    record.steps.push_back(step);
  }
}

// Brian2's SpikeQueue: this step's spikes are queued at (now + delay) for each outgoing
// synapse, by source index then synapse index. Returns the slot due now, in queue order.
std::vector<std::int32_t>& queueSpikes(const std::vector<std::int32_t>& spikes,
                                       const ir::Population& source, const Connectivity& c,
                                       std::vector<std::vector<std::int32_t>>& queue,
                                       std::int64_t step) {
  const auto ring = static_cast<std::int64_t>(queue.size());
  for (std::int32_t e : spikes) {
    if (e < source.start || e >= source.stop) continue;
    auto element = static_cast<std::size_t>(e - source.start);
    for (auto k = c.outgoingBegin[element]; k < c.outgoingBegin[element + 1]; ++k) {
      std::int32_t synapse = c.outgoing[static_cast<std::size_t>(k)];
      auto slot = (step + c.delaySteps[static_cast<std::size_t>(synapse)]) % ring;
      queue[static_cast<std::size_t>(slot)].push_back(synapse);
    }
  }
  return queue[static_cast<std::size_t>(step % ring)];
}

// on_post runs without delay, for the synapses of each spiking target element.
template <typename Run>
void forEachIncoming(const std::vector<std::int32_t>& spikes, const ir::Population& target,
                     const Connectivity& c, Run run) {
  for (std::int32_t e : spikes) {
    if (e < target.start || e >= target.stop) continue;
    auto element = static_cast<std::size_t>(e - target.start);
    for (auto k = c.incomingBegin[element]; k < c.incomingBegin[element + 1]; ++k) {
      run(c.incoming[static_cast<std::size_t>(k)]);
    }
  }
}

// One synapse's variables and those of its source and target elements, for the interpreter.
ir::ElementAccess synapseAccess(NetworkInstance& current, const Connectivity& c,
                                const ir::Synapses& s, std::int64_t k, double t, double dt) {
  ObjectState& own = current.synapses.at(s.name);
  ObjectState* pre = s.source.isGenerator ? nullptr : &current.groups.at(s.source.group);
  ObjectState* post = &current.groups.at(s.target.group);
  std::int32_t i = c.pre[static_cast<std::size_t>(k)], j = c.post[static_cast<std::size_t>(k)];
  ir::ElementAccess access;
  access.read = [&own, pre, post, i, j, k](const std::string& n, ir::Scope scope) {
    if (scope == ir::Scope::pre) return pre->get(n, i);
    if (scope == ir::Scope::post) return post->get(n, j);
    return own.get(n, k);
  };
  access.write = [&own, pre, post, i, j, k](const std::string& n, ir::Scope scope, double v) {
    if (scope == ir::Scope::pre)
      pre->set(n, i, v);
    else if (scope == ir::Scope::post)
      post->set(n, j, v);
    else
      own.set(n, k, v);
  };
  std::int64_t relI = i - s.source.start, relJ = j - s.target.start;
  access.special = [=, count = own.size](ir::Special n) -> double {
    if (n == ir::Special::t) return t;
    if (n == ir::Special::dt) return dt;
    if (n == ir::Special::i) return static_cast<double>(relI);
    if (n == ir::Special::j) return static_cast<double>(relJ);
    if (n == ir::Special::N) return static_cast<double>(count);
    throw std::logic_error("'" + std::string(ir::spelling(n)) + "' is not available here");
  };
  return access;
}

// Copies every value of `from` into the existing arrays of `into` (same objects, same sizes):
// time proportional to the state's size, no allocation, and the kernels' slots and the plan
// keep pointing at the arrays.
void copyValues(std::map<std::string, ObjectState>& into,
                const std::map<std::string, ObjectState>& from) {
  for (auto& [name, state] : into) {
    const ObjectState& source = from.at(name);
    for (auto& [variable, values] : state.arrays) {
      const auto& original = source.arrays.at(variable);
      std::copy(original.begin(), original.end(), values.begin());
    }
    for (auto& [variable, value] : state.scalars) value = source.scalars.at(variable);
  }
}

}  // namespace

Simulation::Simulation(const NetworkInstance& built, std::shared_ptr<const CompiledModel> compiled)
    : built_(built), current_(built), compiled_(std::move(compiled)) {
  for (const auto& s : built.model->synapses) {
    const Connectivity& c = built.connectivity.at(s.name);
    queues_[s.name + ":pre"].assign(static_cast<std::size_t>(c.maxDelaySteps + 1), {});
  }
  for (const auto& m : built.model->monitors) {
    if (m.kind == ir::Monitor::Kind::state)
      stateRecorders_[m.name] =
          std::make_unique<StateRecorder>(m, *built.model, current_, built.dt);
    if (m.kind == ir::Monitor::Kind::spikes && !m.variables.empty()) {
      spikeValueReaders_[m.name] =
          std::make_unique<VariableReader>(*built.model, current_, m.population, "", built.dt);
    }
  }
  if (compiled_ != nullptr) makePlan();
  guard_ = std::make_unique<FiniteGuard>(current_);
  startTrial(0);
}

void Simulation::recordSpikeValues(const ir::Monitor& monitor, std::size_t from) {
  SpikeTrain& record = spikeRecords_.at(monitor.name);
  const VariableReader& reader = *spikeValueReaders_.at(monitor.name);
  const double t = static_cast<double>(step_) * built_.dt;
  for (const std::string& variable : monitor.variables) {
    std::vector<double>& values = record.values[variable];
    for (std::size_t k = from; k < record.indices.size(); ++k) {
      values.push_back(reader.value(variable, monitor.population.start + record.indices[k], t));
    }
  }
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;

const StateRecord& Simulation::states(const std::string& monitor) const {
  return stateRecorders_.at(monitor)->record();
}

void Simulation::recordAt(const std::string& monitor, std::vector<std::int64_t> steps) {
  stateRecorders_.at(monitor)->recordAt(std::move(steps));
}

void Simulation::startTrial(std::uint64_t trial, const std::map<std::string, InputSpikes>& inputs,
                            bool runTrialInit) {
  const ir::Model& model = *built_.model;
  // The inputs are checked before anything changes: a bad input leaves the simulation as it was.
  for (const auto& [name, in] : inputs) {
    const ir::SpikeGenerator* generator = nullptr;
    for (const auto& g : model.generators)
      if (g.name == name) generator = &g;
    if (generator == nullptr) throw std::invalid_argument("no spike_generator '" + name + "'");
    if (in.indices.size() != in.times.size()) {
      throw std::invalid_argument(fmt::format("input of '{}': {} indices but {} times", name,
                                              in.indices.size(), in.times.size()));
    }
    for (std::size_t k = 0; k < in.indices.size(); ++k) {
      if (in.indices[k] < 0 || in.indices[k] >= generator->size || !(in.times[k] >= 0) ||
          !std::isfinite(in.times[k])) {
        throw std::invalid_argument(
            fmt::format("input of '{}': spike {} (element {} at {} s) is not an element of its "
                        "{} at a time from 0 on",
                        name, k, in.indices[k], in.times[k], generator->size));
      }
    }
  }
  // Restoring the built state: a copy, no rebuilding.
  copyValues(current_.groups, built_.groups);
  copyValues(current_.synapses, built_.synapses);
  step_ = 0;
  lastFiniteCheck_ = 0;
  trial_ = trial;
  for (auto& [name, slots] : queues_)
    for (auto& slot : slots) slot.clear();
  // Records are emptied, not erased: the plan keeps pointers to them.
  for (auto& [name, record] : spikeRecords_) record = SpikeTrain{};
  for (const auto& m : model.monitors) {
    if (m.kind != ir::Monitor::Kind::state) spikeRecords_[m.name];  // spike and rate monitors
  }
  for (auto& [name, recorder] : stateRecorders_) recorder->clear();
  RandomDraws draws(built_.seed, trial + 1);  // trial streams differ from the build's
  // `object`: the group or subgroup whose trial_init it is (it names the random draws).
  auto trialInit = [&](const std::string& group, const std::string& object,
                       const std::vector<ir::Statement>& statements, std::int64_t begin,
                       std::int64_t end) {
    draws.name(object, "trial_init", statements);
    ObjectState& state = current_.groups.at(group);
    for (std::int64_t e = begin; e < end; ++e) {
      ir::ElementAccess access;
      access.read = [&](const std::string& n, ir::Scope) { return state.get(n, e); };
      access.write = [&](const std::string& n, ir::Scope, double v) { state.set(n, e, v); };
      access.special = [&](ir::Special n) -> double {
        if (n == ir::Special::i) return static_cast<double>(e - begin);
        if (n == ir::Special::N) return static_cast<double>(end - begin);
        throw BuildError("'" + std::string(ir::spelling(n)) + "' is not available in trial_init");
      };
      access.random = [&, e](const ir::Expr& call, const std::vector<double>& args) {
        return draws.draw(call, args, e, end - begin);
      };
      ir::execute(statements, access);
    }
  };
  if (runTrialInit) {
    for (const auto& g : model.groups) trialInit(g.name, g.name, g.trialInit, 0, g.size);
    for (const auto& s : model.subgroups) {
      trialInit(s.group, s.name, s.trialInit, s.start, s.stop);
    }
  }
  if (compiled_) bindSlots();
  // Lists are emptied, not erased: the plan keeps pointers to them.
  for (const auto& g : model.generators) {
    auto& list = inputs_[g.name];
    list.clear();
    if (auto given = inputs.find(g.name); given != inputs.end()) {
      const InputSpikes& in = given->second;
      for (std::size_t k = 0; k < in.indices.size(); ++k) {
        // Brian2's SpikeGeneratorGroup: timebin = int32((t + 1e-3*dt)/dt).
        auto bin = static_cast<std::int64_t>((in.times[k] + 1e-3 * built_.dt) / built_.dt);
        list.emplace_back(bin, in.indices[k]);
      }
      std::stable_sort(list.begin(), list.end());
    }
    nextInput_[g.name] = 0;
  }
  synchronise(true);
  edited_ = false;
}

const NetworkInstance& Simulation::state() const {
  synchronise(false);
  return current_;
}

NetworkInstance& Simulation::state() {
  synchronise(false);
  edited_ = true;
  derivedStale_ = true;
  return current_;
}

void Simulation::sumInterpreted(const ir::Synapses& s, const ir::SummedVariable& summed,
                                const std::string& into) const {
  auto& target = current_.groups.at(s.target.group).arrays.at(into);
  std::fill(target.begin() + s.target.start, target.begin() + s.target.stop, 0.0);
  const Connectivity& c = built_.connectivity.at(s.name);
  const double t = static_cast<double>(step_) * built_.dt;
  for (std::int64_t k = 0; k < current_.synapses.at(s.name).size; ++k) {
    ir::ElementAccess access = synapseAccess(current_, c, s, k, t, built_.dt);
    ir::Environment env{access.read, access.special, nullptr};
    target[static_cast<std::size_t>(c.post[static_cast<std::size_t>(k)])] +=
        ir::evaluate(summed.rhs, env);
  }
}

void Simulation::synchronise(bool sums) const {
  // The catch-up brings a synapse to the start of the step after t: here, the current step.
  const double t = static_cast<double>(step_ - 1) * built_.dt;
  const double dt = built_.dt;
  if (compiled_ != nullptr) {
    for (const SynchronisingKernel& k : synchronising_) {
      if (k.summed != nullptr && !sums) continue;
      k.kernel(k.slots.data(), nullptr, current_.synapses.at(k.synapses->name).size, t, dt);
    }
    return;
  }
  for (const ir::Synapses& s : built_.model->synapses) {
    if (s.catchUp.empty()) continue;
    const Connectivity& c = built_.connectivity.at(s.name);
    for (std::int64_t k = 0; k < current_.synapses.at(s.name).size; ++k)
      ir::execute(s.catchUp, synapseAccess(current_, c, s, k, t, dt));
    if (!sums) continue;
    for (const auto& summed : s.summed)
      if (!summed.runningSum.empty()) sumInterpreted(s, summed, summed.runningSum);
  }
}

void* Simulation::slotPointer(const std::string& object, const std::string& variable) {
  if (variable == "#pre" || variable == "#post") {
    const Connectivity& c = built_.connectivity.at(object);
    return const_cast<std::int32_t*>(variable == "#pre" ? c.pre.data() : c.post.data());
  }
  if (variable == "#N") {
    double& count = synapseCounts_[object];
    count = static_cast<double>(current_.synapses.at(object).size);
    return &count;
  }
  ObjectState& state =
      current_.groups.count(object) > 0 ? current_.groups.at(object) : current_.synapses.at(object);
  if (auto a = state.arrays.find(variable); a != state.arrays.end()) return a->second.data();
  return &state.scalars.at(variable);
}

void Simulation::bindSlots() {
  for (PlannedOperation& p : plan_) {
    p.slots.clear();
    for (const auto& [object, variable] : compiled_->kernelSlots(p.kernelName)) {
      p.slots.push_back(slotPointer(object, variable));
    }
  }
  for (SynchronisingKernel& k : synchronising_) {
    k.slots.clear();
    for (const auto& [object, variable] : compiled_->kernelSlots(k.name)) {
      k.slots.push_back(slotPointer(object, variable));
    }
  }
}

void Simulation::run(std::int64_t steps) {
  if (steps < 0) throw std::invalid_argument(fmt::format("cannot run for {} steps", steps));
  // A reference from the mutable state() may be written through at any time until the next
  // trial: the values derived from the state (integration coefficients, hoisted constants)
  // and the running sums are made again before every run until then.
  if (derivedStale_) {
    computeDerivedValues(current_);
    derivedStale_ = false;
  }
  if (edited_) synchronise(true);
  for (std::int64_t k = 0; k < steps; ++k) {
    if (compiled_ != nullptr) {
      advanceCompiled();
    } else {
      advance();
    }
    if (step_ - lastFiniteCheck_ >= finiteCheckInterval) checkFiniteState();
  }
  if (steps > 0 && step_ != lastFiniteCheck_) checkFiniteState();
}

void Simulation::checkFiniteState() {
  guard_->check(step_, lastFiniteCheck_, trial_);
  lastFiniteCheck_ = step_;
}

void Simulation::runFor(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    throw std::invalid_argument(fmt::format("cannot run for {} s", seconds));
  }
  run(std::llround(seconds / built_.dt));
}

Simulation::Snapshot Simulation::snapshot() const {
  Snapshot s;
  s.built = &built_;
  s.groups = current_.groups;
  s.synapses = current_.synapses;
  s.step = step_;
  s.trial = trial_;
  s.spiking = spiking_;
  s.inputs = inputs_;
  s.nextInput = nextInput_;
  s.queues = queues_;
  s.spikeRecords = spikeRecords_;
  for (const auto& [name, recorder] : stateRecorders_) s.stateRecords[name] = recorder->record();
  s.edited = edited_;
  return s;
}

void Simulation::restore(const Snapshot& s) {
  if (s.built != &built_) {
    throw std::invalid_argument("the snapshot is of another network instance");
  }
  copyValues(current_.groups, s.groups);
  copyValues(current_.synapses, s.synapses);
  auto copyEntries = [](auto& into, const auto& from) {
    for (auto& [name, value] : into) {
      if (auto found = from.find(name); found != from.end()) value = found->second;
    }
  };
  copyEntries(spiking_, s.spiking);
  copyEntries(inputs_, s.inputs);
  copyEntries(nextInput_, s.nextInput);
  copyEntries(queues_, s.queues);
  copyEntries(spikeRecords_, s.spikeRecords);
  for (auto& [name, recorder] : stateRecorders_) recorder->restore(s.stateRecords.at(name));
  step_ = s.step;
  lastFiniteCheck_ = step_;
  trial_ = s.trial;
  // An edit in the snapshot's state may not be in its running sums yet; one made through a
  // reference to this state may still come.
  edited_ = edited_ || s.edited;
  derivedStale_ = derivedStale_ || s.edited;
}

void Simulation::makePlan() {
  const ir::Model& model = *built_.model;
  for (const ir::Synapses& s : model.synapses) {
    if (s.catchUp.empty()) continue;
    auto add = [&](const ir::SummedVariable* summed, const std::string& name) {
      Kernel kernel = compiled_->kernel(name);
      if (kernel == nullptr) throw std::logic_error("no kernel " + name);
      synchronising_.push_back({&s, summed, name, kernel, {}});
    };
    add(nullptr, s.name + "#catch_up");
    for (const auto& summed : s.summed)
      if (!summed.runningSum.empty()) add(&summed, s.name + "#sum:" + summed.target);
  }
  using K = ir::ScheduledOperation::Kind;
  for (const ir::ScheduledOperation& op : model.schedule) {
    PlannedOperation p;
    p.operation = &op;
    p.kernel = compiled_->kernel(op.name);
    p.kernelName = op.name;
    switch (op.kind) {
      case K::stateUpdate:
      case K::summedVariable: {
        auto found = current_.groups.find(op.object);
        p.count = found != current_.groups.end() ? found->second.size
                                                 : current_.synapses.at(op.object).size;
        break;
      }
      case K::threshold:
      case K::reset:
        p.count = current_.groups.at(op.object).size;
        p.spikes = &spiking_[op.object];
        break;
      case K::spikeGenerator:
        p.spikes = &spiking_[op.object];
        p.input = &inputs_[op.object];
        p.nextInput = &nextInput_[op.object];
        break;
      case K::spikeMonitor: {
        const ir::Monitor& m = monitorOf(model, op.object);
        p.population = &m.population;
        p.spikes = &spiking_[m.population.group];
        p.record = &spikeRecords_[m.name];
        p.monitor = &m;
        break;
      }
      case K::pathway: {
        const ir::Synapses& s = synapsesOf(model, op.object);
        bool post = op.pathway == ir::Pathway::post;
        p.post = post;
        p.kernel = compiled_->eventKernel(s.name, post);
        p.kernelName = s.name + (post ? "#on_post" : "#on_pre");
        p.population = post ? &s.target : &s.source;
        p.spikes = &spiking_[p.population->group];
        p.connectivity = &built_.connectivity.at(s.name);
        p.queue = &queues_[s.name + ":pre"];
        break;
      }
      case K::stateMonitor:
        p.recorder = stateRecorders_.at(op.object).get();
        break;
    }
    plan_.push_back(p);
  }
}

void Simulation::advanceCompiled() {
  const double dt = built_.dt;
  const double t = static_cast<double>(step_) * dt;
  using K = ir::ScheduledOperation::Kind;
  for (PlannedOperation& p : plan_) {
    void* const* slots = p.slots.data();
    switch (p.operation->kind) {
      case K::stateUpdate:
      case K::summedVariable:
        p.kernel(slots, nullptr, p.count, t, dt);
        break;
      case K::threshold: {
        p.spikes->resize(static_cast<std::size_t>(p.count));
        p.spikes->resize(
            static_cast<std::size_t>(p.kernel(slots, p.spikes->data(), p.count, t, dt)));
        break;
      }
      case K::reset:
        p.kernel(slots, p.spikes->data(), static_cast<std::int64_t>(p.spikes->size()), t, dt);
        break;
      case K::spikeGenerator:
        emitInput(*p.spikes, *p.input, *p.nextInput, step_);
        break;
      case K::spikeMonitor: {
        std::size_t from = p.record->steps.size();
        recordSpikes(*p.spikes, *p.population, *p.record, step_);
        if (p.monitor != nullptr && !p.monitor->variables.empty()) {
          recordSpikeValues(*p.monitor, from);
        }
        break;
      }
      case K::pathway: {
        if (p.post) {
          forEachIncoming(*p.spikes, *p.population, *p.connectivity,
                          [&](std::int32_t synapse) { p.kernel(slots, &synapse, 1, t, dt); });
          break;
        }
        auto& due = queueSpikes(*p.spikes, *p.population, *p.connectivity, *p.queue, step_);
        if (!due.empty()) {
          p.kernel(slots, due.data(), static_cast<std::int64_t>(due.size()), t, dt);
          due.clear();
        }
        break;
      }
      case K::stateMonitor:
        p.recorder->maybeRecord(step_, t);
        break;
    }
  }
  ++step_;
}

void Simulation::advance() {
  const ir::Model& model = *built_.model;
  const double dt = built_.dt;
  const double t = static_cast<double>(step_) * dt;
  auto specials = [&](std::int64_t index, std::int64_t count) {
    return [=](ir::Special n) -> double {
      if (n == ir::Special::t) return t;
      if (n == ir::Special::dt) return dt;
      if (n == ir::Special::i) return static_cast<double>(index);
      if (n == ir::Special::N) return static_cast<double>(count);
      throw std::logic_error("'" + std::string(ir::spelling(n)) + "' is not available here");
    };
  };
  auto groupAccess = [&](ObjectState& state, std::int64_t e) {
    ir::ElementAccess access;
    access.read = [&state, e](const std::string& n, ir::Scope) { return state.get(n, e); };
    access.write = [&state, e](const std::string& n, ir::Scope, double v) { state.set(n, e, v); };
    access.special = specials(e, state.size);
    return access;
  };
  auto synapseAccess = [&](const ir::Synapses& s, std::int64_t k) {
    return lsm::synapseAccess(current_, built_.connectivity.at(s.name), s, k, t, dt);
  };

  for (const ir::ScheduledOperation& op : model.schedule) {
    using K = ir::ScheduledOperation::Kind;
    switch (op.kind) {
      case K::stateUpdate: {
        if (const ir::NeuronGroup* g = model.findGroup(op.object)) {
          ObjectState& state = current_.groups.at(g->name);
          for (std::int64_t e = 0; e < g->size; ++e)
            ir::execute(g->update->statements, groupAccess(state, e));
        } else {
          const ir::Synapses& s = synapsesOf(model, op.object);
          for (std::int64_t k = 0; k < current_.synapses.at(s.name).size; ++k) {
            ir::execute(s.update->statements, synapseAccess(s, k));
          }
        }
        break;
      }
      case K::summedVariable: {
        const ir::Synapses& s = synapsesOf(model, op.object);
        const ir::SummedVariable& summed = summedOf(s, op.target);
        if (summed.runningSum.empty()) {
          sumInterpreted(s, summed, summed.target);
          break;
        }
        auto& arrays = current_.groups.at(s.target.group).arrays;
        auto& target = arrays.at(summed.target);
        auto& running = arrays.at(summed.runningSum);
        const double decay = current_.synapses.at(s.name).scalars.at(summed.decay);
        for (auto e = static_cast<std::size_t>(s.target.start);
             e < static_cast<std::size_t>(s.target.stop); ++e) {
          const double now = running[e];
          running[e] = now * decay;
          target[e] = summed.decayFirst ? running[e] : now;
        }
        break;
      }
      case K::threshold: {
        const ir::NeuronGroup* g = model.findGroup(op.object);
        ObjectState& state = current_.groups.at(g->name);
        auto& spikes = spiking_[g->name];
        spikes.clear();
        for (std::int64_t e = 0; e < g->size; ++e) {
          ir::ElementAccess access = groupAccess(state, e);
          ir::Environment env{access.read, access.special, nullptr};
          if (ir::evaluate(*g->threshold, env) != 0.0) {
            spikes.push_back(static_cast<std::int32_t>(e));
            ir::execute(g->onSpike, access);
          }
        }
        break;
      }
      case K::spikeGenerator:
        emitInput(spiking_[op.object], inputs_[op.object], nextInput_[op.object], step_);
        break;
      case K::spikeMonitor: {
        const ir::Monitor& m = monitorOf(model, op.object);
        std::size_t from = spikeRecords_[m.name].steps.size();
        recordSpikes(spiking_[m.population.group], m.population, spikeRecords_[m.name], step_);
        if (!m.variables.empty()) recordSpikeValues(m, from);
        break;
      }
      case K::stateMonitor:
        stateRecorders_.at(op.object)->maybeRecord(step_, static_cast<double>(step_) * built_.dt);
        break;
      case K::pathway: {
        const ir::Synapses& s = synapsesOf(model, op.object);
        const Connectivity& c = built_.connectivity.at(s.name);
        if (op.pathway == ir::Pathway::post) {
          forEachIncoming(spiking_[s.target.group], s.target, c, [&](std::int32_t synapse) {
            ir::execute(s.onPost, synapseAccess(s, synapse));
          });
          break;
        }
        auto& due =
            queueSpikes(spiking_[s.source.group], s.source, c, queues_[s.name + ":pre"], step_);
        for (std::int32_t synapse : due) ir::execute(s.onPre, synapseAccess(s, synapse));
        due.clear();
        break;
      }
      case K::reset: {
        const ir::NeuronGroup* g = model.findGroup(op.object);
        ObjectState& state = current_.groups.at(g->name);
        for (std::int32_t e : spiking_[g->name]) ir::execute(g->reset, groupAccess(state, e));
        break;
      }
    }
  }
  ++step_;
}

}  // namespace lsm
