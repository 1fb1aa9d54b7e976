#include "lsm/simulation_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>

#include "end_values.hpp"
#include "instance_completion.hpp"
#include "lsm/execution.hpp"
#include "lsm/simulation.hpp"
#include "random_draws.hpp"

namespace lsm {

double SimulationSettings::duration() const {
  double total = 0;
  for (const auto& step : steps)
    if (step.kind == ir::ExperimentStep::Kind::run) total += step.duration.value;
  return total;
}

SimulationSettings SimulationSettings::fromModel(const ir::Model& model) {
  SimulationSettings settings;
  settings.dt = modelDt(model);
  if (!model.experiment) {
    throw std::invalid_argument(
        "the model has no experiment block: say how long to simulate "
        "(experiment { duration: 1 second }, or run(...) steps)");
  }
  const ir::Experiment& e = *model.experiment;
  if (e.isSeparation()) throw std::invalid_argument("the experiment is a separation experiment");
  if (const ir::Setting* seed = e.find("seed")) {
    settings.seed = static_cast<std::uint64_t>(seed->value.value);
  }
  settings.steps = e.steps;
  bool runs = false;
  for (const auto& step : e.steps) runs = runs || step.kind == ir::ExperimentStep::Kind::run;
  if (!runs) {
    const ir::Setting* duration = e.find("duration");
    if (duration == nullptr) {
      throw std::invalid_argument(fmt::format(
          "{}:{}:{}: the experiment says neither a 'duration' nor run(...): how long to "
          "simulate",
          e.location.file, e.location.line, e.location.column));
    }
    ir::ExperimentStep run;
    run.kind = ir::ExperimentStep::Kind::run;
    run.location = duration->location;
    run.duration = duration->value;
    settings.steps.push_back(std::move(run));
  }
  return settings;
}

namespace {

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// `object.x = value` between runs, for every element of a group, subgroup or synapses: as
// an initialisation, with `t` the time the runs have reached.
class StepAssignment {
 public:
  StepAssignment(NetworkInstance& state, const ir::ExperimentStep& step, std::size_t index,
                 double t)
      : state_(state),
        step_(step),
        draws_(state.seed, 0),
        t_(t),
        purpose_(fmt::format("the experiment's assignment to '{}'", step.object)) {
    draws_.name(step.object, fmt::format("experiment step {}", index), step.statement);
  }

  void run() {
    const ir::Model& model = *state_.model;
    if (const ir::Synapses* s = model.findSynapses(step_.object)) {
      synapses(*s);
      return;
    }
    if (const ir::NeuronGroup* g = model.findGroup(step_.object)) {
      elements(g->name, 0, g->size);
      return;
    }
    for (const auto& sub : model.subgroups) {
      if (sub.name == step_.object) elements(sub.group, sub.start, sub.stop);
    }
  }

 private:
  double special(ir::Special name, std::int64_t i, std::int64_t count) const {
    switch (name) {
      case ir::Special::t:
        return t_;
      case ir::Special::dt:
        return state_.dt;
      case ir::Special::i:
        return static_cast<double>(i);
      case ir::Special::N:
        return static_cast<double>(count);
      case ir::Special::j:
      case ir::Special::N_pre:
      case ir::Special::N_post:
      case ir::Special::xi:
        break;
    }
    throw BuildError(fmt::format("'{}' is not available in {}", ir::spelling(name), purpose_));
  }

  void elements(const std::string& group, std::int64_t begin, std::int64_t end) {
    ObjectState& state = state_.groups.at(group);
    // The group's subexpressions with the group's i and N (as in init).
    const EndValues values(*state_.model, ir::Population{group, group, 0, state.size, false},
                           state_);
    for (std::int64_t e = begin; e < end; ++e) {
      ir::ElementAccess access;
      access.read = [&](const std::string& n, ir::Scope) {
        return values.get(n, e, t_, state_.dt);
      };
      access.write = [&](const std::string& n, ir::Scope, double v) { state.set(n, e, v); };
      access.special = [&](ir::Special n) { return special(n, e - begin, end - begin); };
      access.random = [&, e](const ir::Expr& call, const std::vector<double>& args) {
        return draws_.draw(call, args, e, end - begin);
      };
      ir::execute(step_.statement, access);
    }
  }

  void synapses(const ir::Synapses& s) {
    ObjectState& own = state_.synapses.at(s.name);
    const Connectivity& c = *state_.connectivity.at(s.name);
    const EndValues pre(*state_.model, s.source, state_);
    const EndValues post(*state_.model, s.target, state_);
    std::map<std::string, const ir::Expr*> subexpressions;  // the synapses' own
    for (const ir::Equation& eq : s.equations)
      if (eq.kind == ir::Equation::Kind::subexpression) subexpressions[eq.variable] = &eq.rhs;
    const std::int64_t postSize = populationSize(state_, s.target);
    const auto count = static_cast<std::int64_t>(c.pre.size());
    for (std::int64_t k = 0; k < count; ++k) {
      const std::int32_t i = c.pre[static_cast<std::size_t>(k)];
      const std::int32_t j = c.post[static_cast<std::size_t>(k)];
      ir::ElementAccess access;
      ir::Environment environment;  // of the synapses' own subexpressions
      access.read = [&, k, i, j](const std::string& n, ir::Scope scope) -> double {
        if (scope == ir::Scope::pre) return pre.get(n, i, t_, state_.dt);
        if (scope == ir::Scope::post) return post.get(n, j, t_, state_.dt);
        if (own.has(n)) return own.get(n, k);
        auto found = subexpressions.find(n);
        if (found == subexpressions.end()) throw std::logic_error("no variable '" + n + "'");
        return ir::evaluate(*found->second, environment);
      };
      access.write = [&, k](const std::string& n, ir::Scope, double v) { own.set(n, k, v); };
      access.special = [&, k, i, j](ir::Special n) {
        switch (n) {
          case ir::Special::i:
            return static_cast<double>(i - s.source.start);
          case ir::Special::j:
            return static_cast<double>(j - s.target.start);
          case ir::Special::N_pre:
            return static_cast<double>(s.source.size());
          case ir::Special::N_post:
            return static_cast<double>(postSize);
          case ir::Special::t:
          case ir::Special::dt:
          case ir::Special::N:
          case ir::Special::xi:
            break;
        }
        return special(n, k, count);
      };
      access.random = [&, k](const ir::Expr& call, const std::vector<double>& args) {
        return draws_.draw(call, args, k, count);
      };
      environment.variable = access.read;
      environment.special = access.special;
      environment.random = access.random;
      ir::execute(step_.statement, access);
    }
  }

  NetworkInstance& state_;
  const ir::ExperimentStep& step_;
  RandomDraws draws_;
  double t_;
  std::string purpose_;
};

// What a monitor has kept so far, and where its simulation record stood at the last run.
struct Mark {
  std::size_t spikes = 0;
  std::size_t rows = 0;
};

}  // namespace

void applyAssignment(Simulation& simulation, const ir::ExperimentStep& step, std::size_t index) {
  // The mutable state(): the next run computes what derives from it anew.
  NetworkInstance& state = simulation.state();
  StepAssignment(state, step, index, static_cast<double>(simulation.step()) * state.dt).run();
}

SimulationResult runSimulation(const NetworkInstance& network,
                               std::shared_ptr<const CompiledModel> compiled,
                               const SimulationSettings& settings,
                               const SimulationProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const ir::Model& model = *network.model;
  SimulationResult result;
  result.dt = network.dt;
  Simulation simulation(network, std::move(compiled));
  simulation.setThreads(settings.threads);
  std::map<std::string, bool> active;
  std::map<std::string, Mark> marks;
  for (const ir::Monitor& m : model.monitors) {
    active[m.name] = true;
    switch (m.kind) {
      case ir::Monitor::Kind::spikes:
        result.spikes[m.name].populationSize = m.population.size();
        for (const std::string& variable : m.variables) result.spikes[m.name].variables[variable];
        break;
      case ir::Monitor::Kind::state:
        result.states[m.name];
        break;
      case ir::Monitor::Kind::rate:
        result.rates[m.name];
        break;
    }
  }
  std::int64_t total = 0;
  for (const auto& step : settings.steps) {
    if (step.kind == ir::ExperimentStep::Kind::run) {
      total += static_cast<std::int64_t>(std::llround(step.duration.value / network.dt));
    }
  }
  // After each run: what the active monitors recorded in it.
  auto collect = [&](std::int64_t firstStep, std::int64_t endStep) {
    const double dt = network.dt;
    for (const ir::Monitor& m : model.monitors) {
      Mark& mark = marks[m.name];
      if (m.kind == ir::Monitor::Kind::state) {
        const StateRecord& record = simulation.states(m.name);
        StateMonitorData& out = result.states.at(m.name);
        out.index = record.elements;
        for (std::size_t row = mark.rows; row < record.steps.size() && active[m.name]; ++row) {
          out.t.push_back(static_cast<double>(record.steps[row]) * dt);
          for (const auto& [variable, rows] : record.values)
            out.values[variable].push_back(rows[row]);
        }
        mark.rows = record.steps.size();
        continue;
      }
      const SpikeTrain& record = simulation.spikes(m.name);
      if (m.kind == ir::Monitor::Kind::spikes) {
        SpikeMonitorData& out = result.spikes.at(m.name);
        if (active[m.name]) out.activeSeconds += static_cast<double>(endStep - firstStep) * dt;
        for (std::size_t k = mark.spikes; k < record.steps.size() && active[m.name]; ++k) {
          out.i.push_back(record.indices[k]);
          out.t.push_back(static_cast<double>(record.steps[k]) * dt);
          for (const std::string& variable : m.variables) {
            out.variables[variable].push_back(record.values.at(variable)[k]);
          }
        }
      } else if (active[m.name]) {  // rate: spikes per element and second in each step
        RateMonitorData& out = result.rates.at(m.name);
        std::vector<double> counts(static_cast<std::size_t>(endStep - firstStep), 0.0);
        for (std::size_t k = mark.spikes; k < record.steps.size(); ++k) {
          counts[static_cast<std::size_t>(record.steps[k] - firstStep)] += 1;
        }
        const double scale = 1.0 / (static_cast<double>(m.population.size()) * dt);
        for (std::size_t k = 0; k < counts.size(); ++k) {
          out.t.push_back(static_cast<double>(firstStep + static_cast<std::int64_t>(k)) * dt);
          out.rate.push_back(counts[k] * scale);
        }
      }
      mark.spikes = record.steps.size();
    }
  };
  std::int64_t done = 0;
  for (std::size_t index = 0; index < settings.steps.size(); ++index) {
    const ir::ExperimentStep& step = settings.steps[index];
    switch (step.kind) {
      case ir::ExperimentStep::Kind::run: {
        const std::int64_t steps = std::llround(step.duration.value / network.dt);
        const std::int64_t first = simulation.step();
        // In slices, for the progress report.
        const std::int64_t slice = std::max<std::int64_t>(1, total / 100);
        for (std::int64_t left = steps; left > 0;) {
          const std::int64_t now = std::min(slice, left);
          simulation.run(now);
          left -= now;
          done += now;
          if (progress) progress("simulation", done, total);
        }
        collect(first, simulation.step());
        break;
      }
      case ir::ExperimentStep::Kind::assign:
        applyAssignment(simulation, step, index);
        break;
      case ir::ExperimentStep::Kind::monitorActive:
        active[step.object] = step.active;
        break;
    }
  }
  result.steps = simulation.step();
  result.simulationSeconds = since(start);
  return result;
}

}  // namespace lsm
