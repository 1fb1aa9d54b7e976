// A simulation: trials that restore the built state, and one step loop over the model's
// step plan (lsm/step_plan.hpp), run by the JIT's machine code or by the reference interpreter
// (ir::runPlan): the same plan, the same memory (run_memory.hpp), the same results.
#include "lsm/simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "end_values.hpp"
#include "instance_completion.hpp"
#include "lsm/execution.hpp"
#include "lsm/resources.hpp"
#include "lsm/step_team.hpp"
#include "lsm/trials.hpp"
#include "numerical_guard.hpp"
#include "plan_assumptions.hpp"
#include "random_draws.hpp"
#include "run_memory.hpp"
#include "state_recorder.hpp"
#include "synapses_trial_init.hpp"

namespace lsm {

namespace {

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
  plan_ = compiled_ != nullptr ? &compiled_->plan() : built.model->plan.get();
  if (plan_ == nullptr) {
    throw BuildError("the model has no step plan: compile it with its integration");
  }
  for (const ir::PoissonInput& p : built.model->poissonInputs) {
    if (p.dt != built_.dt) {
      throw BuildError(
          fmt::format("poisson_input '{}' draws its inputs for dt = {} s (the "
                      "model's), but the network runs with dt = {} s",
                      p.name, p.dt, built_.dt));
    }
  }
  auto refuseOtherDt = [&](const std::string& object,
                           const std::vector<ir::RegularOperation>& operations) {
    for (const ir::RegularOperation& r : operations) {
      if (r.dt > 0 && r.stepDt != built_.dt) {
        throw BuildError(
            fmt::format("run_regularly '{}' of '{}' runs every {} steps of dt = {} "
                        "s (the model's), but the network runs with dt = {} s",
                        r.name, object, std::llround(r.dt / r.stepDt), r.stepDt, built_.dt));
      }
    }
  };
  for (const ir::NeuronGroup& g : built.model->groups) refuseOtherDt(g.name, g.regular);
  for (const ir::Synapses& s : built.model->synapses) refuseOtherDt(s.name, s.regular);
  // The plan's buffers (delay rings above all) are refused before they are allocated when
  // they would not fit.
  const RunMemory::Bytes bytes = RunMemory::estimate(*plan_, built_);
  MemoryEstimate estimate;
  estimate.add("delay rings", bytes.rings);
  estimate.add("spike lists and the plan's variables", bytes.other);
  estimate.requireFree("the simulation's step plan");
  memory_ = std::make_unique<RunMemory>(*plan_, current_, built_);
  assumptions_ = std::make_unique<PlanAssumptions>(*plan_, built_.dt);
  for (const auto& m : built.model->monitors) {
    if (m.kind == ir::Monitor::Kind::state)
      stateRecorders_[m.name] =
          std::make_unique<StateRecorder>(m, *built.model, current_, built.dt);
  }
  guard_ = std::make_unique<FiniteGuard>(current_, *plan_);
  startTrial(0);
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;

const SpikeTrain& Simulation::spikes(const std::string& monitor) const {
  return memory_->record(monitor);
}

const StateRecord& Simulation::states(const std::string& monitor) const {
  return stateRecorders_.at(monitor)->record();
}

void Simulation::recordAt(const std::string& monitor, std::vector<std::int64_t> steps) {
  stateRecorders_.at(monitor)->recordAt(std::move(steps));
}

std::vector<std::string> Simulation::fallbacks() const {
  return assumptions_->failing();
}

namespace {

// (step, element) pairs sorted by step, then element, so that each step's spikes come out in
// ascending order; Brian2's SpikeGeneratorGroup: timebin = int32((t + 1e-3*dt)/dt).
std::vector<std::pair<std::int64_t, std::int32_t>> inputSteps(
    const std::vector<std::int32_t>& indices, const std::vector<double>& times, double dt) {
  std::vector<std::pair<std::int64_t, std::int32_t>> list;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    list.emplace_back(static_cast<std::int64_t>((times[k] + 1e-3 * dt) / dt), indices[k]);
  }
  std::sort(list.begin(), list.end());
  return list;
}

}  // namespace

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
  memory_->clear();
  memory_->setRandomKey(built_.seed, trial);
  for (auto& [name, recorder] : stateRecorders_) recorder->clear();
  RandomDraws draws(built_.seed, trial + 1);  // trial streams differ from the build's
  // `object`: the group or subgroup whose trial_init it is (it names the random draws).
  auto trialInit = [&](const std::string& group, const std::string& object,
                       const std::vector<ir::Statement>& statements, std::int64_t begin,
                       std::int64_t end) {
    if (statements.empty()) return;
    draws.name(object, "trial_init", statements);
    ObjectState& state = current_.groups.at(group);
    // The group's subexpressions with the group's i and N (as in init).
    const EndValues values(model, ir::Population{group, group, 0, state.size, false}, current_);
    // One access for all elements, reading the element from `e`: the functions made per
    // element were four allocations each, most of a trial's.
    std::int64_t e = begin;
    ir::ElementAccess access;
    access.read = [&](const std::string& n, ir::Scope) { return values.get(n, e, 0, built_.dt); };
    access.write = [&](const std::string& n, ir::Scope, double v) { state.set(n, e, v); };
    access.special = [&](ir::Special n) -> double {
      if (n == ir::Special::i) return static_cast<double>(e - begin);
      if (n == ir::Special::N) return static_cast<double>(end - begin);
      throw BuildError("'" + std::string(ir::spelling(n)) + "' is not available in trial_init");
    };
    access.random = [&](const ir::Expr& call, const std::vector<double>& args) {
      return draws.draw(call, args, e, end - begin);
    };
    for (; e < end; ++e) ir::execute(statements, access);
  };
  if (runTrialInit) {
    for (const auto& g : model.groups) trialInit(g.name, g.name, g.trialInit, 0, g.size);
    for (const auto& s : model.subgroups) {
      trialInit(s.group, s.name, s.trialInit, s.start, s.stop);
    }
    for (const auto& s : model.synapses) synapsesTrialInit(s, current_, draws, built_.dt);
  }
  // The spikes the model gives its generators, unless the trial's input replaces them (as
  // Brian2's set_spikes() replaces a SpikeGeneratorGroup's).
  for (const auto& g : model.generators) {
    if (inputs.count(g.name) > 0) continue;
    const auto periodSteps = static_cast<std::int64_t>(std::round(g.period / built_.dt));
    memory_->setInput(g.name, inputSteps(g.indices, g.times, built_.dt), periodSteps);
  }
  for (const auto& [name, in] : inputs)
    memory_->setInput(name, inputSteps(in.indices, in.times, built_.dt));
  derive();
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

void Simulation::runRoutine(ir::PlanRoutine routine, std::int64_t step) const {
  if (compiled_ != nullptr) {
    compiled_->runRoutine(routine, memory_->slots(), step, built_.dt);
  } else {
    ir::runRoutine(*plan_, routine, memory_->slots(), step, built_.dt);
  }
}

void Simulation::derive() {
  if (!plan_->derive.empty()) runRoutine(ir::PlanRoutine::derive, step_);
  assumptions_->checkState(memory_->slots(), step_);
}

void Simulation::synchronise(bool sums) const {
  // The catch-up brings a synapse to the start of the step after t: here, the current step.
  if (!plan_->catchUp.empty()) runRoutine(ir::PlanRoutine::catchUp, step_ - 1);
  if (sums && !plan_->runningSums.empty()) runRoutine(ir::PlanRoutine::runningSums, step_);
}

void Simulation::run(std::int64_t steps) {
  if (steps < 0) throw std::invalid_argument(fmt::format("cannot run for {} steps", steps));
  // A reference from the mutable state() may be written through at any time until the next
  // trial: the values derived from the state (integration coefficients, hoisted constants,
  // the plan's own) and the running sums are made again before every run until then.
  if (derivedStale_) {
    computeDerivedValues(current_);
    derivedStale_ = false;
  }
  if (edited_) {
    derive();
    synchronise(true);
  }
  assumptions_->checkSteps(memory_->slots(), step_ + steps);
  advance(steps);
}

void Simulation::advance(std::int64_t steps) {
  const std::int64_t end = step_ + steps;
  bool recorded = false;  // the state monitors due at step_ have recorded
  while (step_ < end) {
    if (!recorded) {
      const double t = static_cast<double>(step_) * built_.dt;
      for (auto& [name, recorder] : stateRecorders_) recorder->maybeRecord(step_, t);
      recorded = true;
    }
    // Runs stop where a state monitor records next (it records before its step's operations)
    // and where the NaN/Inf guard scans the state.
    std::int64_t stop = std::min(end, lastFiniteCheck_ + finiteCheckInterval);
    for (auto& [name, recorder] : stateRecorders_)
      stop = std::min(stop, recorder->nextDue(step_ + 1));
    memory_->makeRoom();
    const std::int64_t done =
        compiled_ != nullptr
            ? compiled_->run(memory_->slots(), step_, stop - step_, built_.dt, team_.get())
            : ir::runPlan(*plan_, memory_->slots(), step_, stop - step_, built_.dt);
    if (done > 0) recorded = false;
    step_ += done;
    if (step_ - lastFiniteCheck_ >= finiteCheckInterval) checkFiniteState();
  }
  if (steps > 0 && step_ != lastFiniteCheck_) checkFiniteState();
  memory_->finishRecords();
}

void Simulation::setThreads(int threads) {
  if (threads < 0) throw std::invalid_argument(fmt::format("cannot run on {} threads", threads));
  const int count = threadCount(threads);
  if (count <= 1 || compiled_ == nullptr) {
    team_.reset();
  } else if (team_ == nullptr || team_->threads() != count) {
    team_ = std::make_unique<StepTeam>(count);
  }
}

int Simulation::threads() const {
  return team_ != nullptr ? team_->threads() : 1;
}

void Simulation::checkFiniteState() {
  try {
    guard_->check(step_, lastFiniteCheck_, trial_);
  } catch (...) {
    memory_->finishRecords();  // the records as far as the run went
    throw;
  }
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
  RunMemory::Saved saved = memory_->save();
  s.planMemory = std::move(saved.buffers);
  s.spikeRecords = std::move(saved.records);
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
  memory_->load({s.planMemory, s.spikeRecords});
  for (auto& [name, recorder] : stateRecorders_) recorder->restore(s.stateRecords.at(name));
  step_ = s.step;
  lastFiniteCheck_ = step_;
  trial_ = s.trial;
  // An edit in the snapshot's state may not be in its running sums yet; one made through a
  // reference to this state may still come.
  edited_ = edited_ || s.edited;
  derivedStale_ = derivedStale_ || s.edited;
}

}  // namespace lsm
