#include "simulation_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lsm/instance_io.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/output_file.hpp"
#include "lsm/simulation_run.hpp"
#include "lsm/version.hpp"
#include "network_source.hpp"
#include "npz_writer.hpp"
#include "output_directory.hpp"
#include "plot.hpp"
#include "progress_report.hpp"

namespace lsm::cli {

namespace {

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// "v (volt)", "w (1)" for a dimensionless one.
std::string labelOf(const ir::Model& model, const ir::Monitor& m, const std::string& variable) {
  const std::vector<ir::Variable>* variables = nullptr;
  if (!m.synapses.empty()) {
    variables = &model.findSynapses(m.synapses)->variables;
  } else if (const ir::NeuronGroup* g = model.findGroup(m.population.group)) {
    variables = &g->variables;
  }
  const ir::Variable* v = ir::findVariable(variables, variable);
  std::string unit = v == nullptr                        ? "?"
                     : v->type == ir::ValueType::boolean ? "boolean"
                     : v->dimension.isDimensionless()    ? "1"
                                                         : v->dimension.toString();
  return fmt::format("{} ({})", variable, unit);
}

void writeSpikes(const std::string& name, const SpikeMonitorData& data, double duration,
                 const std::filesystem::path& out) {
  NpzWriter npz;
  auto n = static_cast<std::int64_t>(data.i.size());
  npz.add("i", data.i, {n});
  npz.add("t", data.t, {n});
  for (const auto& [variable, values] : data.variables) npz.add(variable, values, {n});
  npz.write((out / (name + ".npz")).string());
  Series raster{data.t, {}, true, ""};
  for (std::int64_t i : data.i) raster.y.push_back(static_cast<double>(i));
  Panel panel{
      fmt::format("{}: {} spikes", name, n), "time (s)", "neuron index", {raster}, 0, duration};
  for (const char* extension : {".png", ".svg"}) {
    drawPanels({panel}, (out / (name + extension)).string());
  }
}

void writeState(const ir::Model& model, const ir::Monitor& m, const StateMonitorData& data,
                double duration, const std::filesystem::path& out) {
  NpzWriter npz;
  auto rows = static_cast<std::int64_t>(data.t.size());
  auto columns = static_cast<std::int64_t>(data.index.size());
  npz.add("t", data.t, {rows});
  npz.add("index", data.index, {columns});
  std::vector<Panel> panels;
  for (const auto& [variable, table] : data.values) {
    std::vector<double> flat;
    flat.reserve(static_cast<std::size_t>(rows * columns));
    for (const auto& row : table) flat.insert(flat.end(), row.begin(), row.end());
    npz.add(variable, flat, {rows, columns});
    Panel panel{fmt::format("{}: {} of {}", m.name, variable,
                            m.synapses.empty() ? m.population.name : m.synapses),
                "time (s)",
                labelOf(model, m, variable),
                {},
                0,
                duration};
    // At most a dozen traces: the first elements recorded.
    for (std::size_t c = 0; c < data.index.size() && c < 12; ++c) {
      Series trace{data.t, {}, false, fmt::format("{}", data.index[c])};
      for (const auto& row : table) trace.y.push_back(row[c]);
      panel.series.push_back(std::move(trace));
    }
    panels.push_back(std::move(panel));
  }
  npz.write((out / (m.name + ".npz")).string());
  if (panels.empty()) return;
  for (const char* extension : {".png", ".svg"}) {
    drawPanels(panels, (out / (m.name + extension)).string());
  }
}

void writeRate(const std::string& name, const std::string& population, const RateMonitorData& data,
               double duration, const std::filesystem::path& out) {
  NpzWriter npz;
  auto n = static_cast<std::int64_t>(data.t.size());
  npz.add("t", data.t, {n});
  npz.add("rate", data.rate, {n});
  npz.write((out / (name + ".npz")).string());
  Panel panel{fmt::format("{}: population rate of {}", name, population),
              "time (s)",
              "rate (Hz)",
              {{data.t, data.rate, false, ""}},
              0,
              duration};
  for (const char* extension : {".png", ".svg"}) {
    drawPanels({panel}, (out / (name + extension)).string());
  }
}

}  // namespace

int runSimulationCommand(const ir::Model& model, const RunOptions& options) {
  SimulationSettings settings;
  try {
    settings = SimulationSettings::fromModel(model);
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "%s: error: %s\n", options.file.c_str(), error.what());
    return 1;
  }
  if (options.seed) settings.seed = *options.seed;
  settings.threads = options.threads;
  if (options.duration) {
    std::size_t runs = 0;
    for (auto& step : settings.steps) {
      if (step.kind != ir::ExperimentStep::Kind::run) continue;
      ++runs;
      step.duration.value = *options.duration;
    }
    if (runs != 1) {
      std::fprintf(stderr,
                   "lsmc: error: --duration: the model runs in %zu phases (run(...) steps); "
                   "their durations are the model's\n",
                   runs);
      return 2;
    }
  }
  if (!prepareOutputDirectory(options.out)) return 2;
  auto shared = std::make_shared<const ir::Model>(model);
  auto start = std::chrono::steady_clock::now();
  std::shared_ptr<const CompiledModel> compiled;
  if (!options.interpreter) compiled = CompiledModel::compile(*shared);
  double jitSeconds = since(start);
  start = std::chrono::steady_clock::now();
  ProgressReport progress(options.quiet);
  std::optional<NetworkInstance> built =
      networkFor(shared, compiled.get(), options, settings.seed, settings.dt, progress);
  if (!built) return 1;
  NetworkInstance& network = *built;
  double buildSeconds = since(start);

  SimulationResult result = runSimulation(network, compiled, settings, std::ref(progress));

  start = std::chrono::steady_clock::now();
  const std::filesystem::path out(options.out);
  nlohmann::json summary;
  summary["lsmc_version"] = lsm::version;
  summary["model"] = options.file;
  summary["seed"] = network.seed;
  summary["dt"] = network.dt;
  summary["duration"] = settings.duration();
  summary["steps"] = result.steps;
  summary["backend"] = options.interpreter ? "interpreter" : "jit";
  for (const auto& g : model.groups) summary["groups"][g.name]["size"] = g.size;
  for (const auto& g : model.generators) summary["groups"][g.name]["size"] = g.size;
  for (const auto& s : model.synapses) {
    summary["synapses"][s.name]["synapses"] = network.connectivity.at(s.name)->pre.size();
  }
  // Writing needs the records only: the network goes first, so that what the files and
  // figures take comes in its place rather than on top of it (CUBA at 256 000 neurons: 400 MB
  // of synapses).
  built.reset();
  std::vector<std::string> written;
  for (const ir::Monitor& m : model.monitors) {
    nlohmann::json& entry = summary["monitors"][m.name];
    switch (m.kind) {
      case ir::Monitor::Kind::spikes: {
        const SpikeMonitorData& data = result.spikes.at(m.name);
        writeSpikes(m.name, data, settings.duration(), out);
        double mean = data.activeSeconds > 0
                          ? static_cast<double>(data.i.size()) /
                                (static_cast<double>(data.populationSize) * data.activeSeconds)
                          : 0.0;
        entry = {{"kind", "spikes"}, {"spikes", data.i.size()}, {"mean_rate_hz", mean}};
        std::printf("%-20s %8zu spikes, %.3f Hz per neuron\n", m.name.c_str(), data.i.size(), mean);
        break;
      }
      case ir::Monitor::Kind::state: {
        const StateMonitorData& data = result.states.at(m.name);
        writeState(model, m, data, settings.duration(), out);
        entry = {{"kind", "state"}, {"times", data.t.size()}, {"elements", data.index.size()}};
        std::printf("%-20s %8zu times x %zu elements\n", m.name.c_str(), data.t.size(),
                    data.index.size());
        break;
      }
      case ir::Monitor::Kind::rate: {
        const RateMonitorData& data = result.rates.at(m.name);
        writeRate(m.name, m.population.name, data, settings.duration(), out);
        double mean = 0;
        for (double r : data.rate) mean += r;
        if (!data.rate.empty()) mean /= static_cast<double>(data.rate.size());
        entry = {{"kind", "rate"}, {"times", data.t.size()}, {"mean_rate_hz", mean}};
        std::printf("%-20s %8zu times, mean %.3f Hz\n", m.name.c_str(), data.t.size(), mean);
        break;
      }
    }
    written.push_back(m.name + ".npz");
  }
  double writeSeconds = since(start);
  summary["wall_seconds"] = {{"compile", options.compileSeconds + jitSeconds},
                             {"frontend", options.compileSeconds},
                             {"jit", jitSeconds},
                             {"build", buildSeconds},
                             {"simulation", result.simulationSeconds},
                             {"writing", writeSeconds}};
  // Whole or not at all (lsm/output_file.hpp); runExperiment reports an OutputError, exit 2.
  writeFileAtomically((out / "summary.json").string(), summary.dump(2) + "\n");
  written.emplace_back("summary.json");
  std::printf("wrote %s/: %s (each monitor with a .png and .svg figure)\n", options.out.c_str(),
              fmt::format("{}", fmt::join(written, ", ")).c_str());
  std::printf(
      "wall time: compile %.2f s, build %.2f s, simulation %.2f s (%lld steps), writing "
      "%.2f s\n",
      options.compileSeconds + jitSeconds, buildSeconds, result.simulationSeconds,
      static_cast<long long>(result.steps), writeSeconds);
  return 0;
}

}  // namespace lsm::cli
