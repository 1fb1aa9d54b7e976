#include "run_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "figure.hpp"
#include "font_warm_up.hpp"
#include "lsm/instance_io.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/output_file.hpp"
#include "lsm/resources.hpp"
#include "lsm/separation_experiment.hpp"
#include "lsm/trials.hpp"
#include "lsm/version.hpp"
#include "network_source.hpp"
#include "output_directory.hpp"
#include "progress_report.hpp"
#include "simulation_command.hpp"

namespace lsm::cli {

namespace {

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string label(double target) {
  return fmt::format("{}", target);
}

// The experiment, its files and its table; throws what runExperiment turns into exit codes.
int runAndWrite(const ir::Model& model, const RunOptions& options) {
  SeparationSettings settings = SeparationSettings::fromModel(model);
  settings.maxMemory = options.maxMemory;
  if (options.pairs) settings.pairs = *options.pairs;
  if (options.seed) settings.seed = *options.seed;
  if (options.duration) settings.duration = *options.duration;
  int threads = lsm::threadCount(options.threads);
  if (!prepareOutputDirectory(options.out)) return 2;
  FontWarmUp fonts;  // while the JIT compiles

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

  SeparationResult result =
      runSeparation(network, compiled, settings, threads,
                    [&](const std::string& phase, std::int64_t done, std::int64_t total) {
                      progress(phase, done, total);
                    });

  // fig2.csv: one row per step. Every file is written whole or not at all (lsm/output_file.hpp).
  start = std::chrono::steady_clock::now();
  auto out = std::filesystem::path(options.out);
  {
    std::string csv = "t_s";
    for (const auto& c : result.curves)
      csv += ",mean_d" + label(c.target) + ",sem_d" + label(c.target);
    csv += "\n";
    for (std::int64_t k = 0; k < result.steps; ++k) {
      csv += fmt::format("{}", static_cast<double>(k) * network.dt);
      for (const auto& c : result.curves) {
        csv += fmt::format(",{},{}", c.mean[static_cast<std::size_t>(k)],
                           c.sem[static_cast<std::size_t>(k)]);
      }
      csv += "\n";
    }
    writeFileAtomically((out / "fig2.csv").string(), csv);
  }
  fonts.join();
  const auto figuresStart = std::chrono::steady_clock::now();
  for (const char* figure : {"fig2.png", "fig2.svg"}) {
    const std::string path = (out / figure).string(), temporary = temporaryPathFor(path);
    std::string failure;
    try {
      drawFigure2(result, network.dt, temporary);
    } catch (const std::runtime_error& error) {
      failure = error.what();
    }
    replaceFile(temporary, path, failure);
  }
  double plotSeconds = since(start), figureSeconds = since(figuresStart);

  // The table: per d, the peak, its time, and the mean over 0.1-0.5 s.
  nlohmann::json summary;
  summary["lsmc_version"] = lsm::version;
  summary["model"] = options.file;
  summary["seed"] = settings.seed;
  summary["pairs"] = settings.pairs;
  summary["threads"] = threads;
  summary["backend"] = options.interpreter ? "interpreter" : "jit";
  summary["input_pairs_drawn"] = result.candidates;
  // Synapses advanced at their events instead of every step (--clock-driven-synapses: none).
  summary["lazy_synapses"] = nlohmann::json::array();
  for (const auto& s : network.model->synapses)
    if (!s.catchUp.empty()) summary["lazy_synapses"].push_back(s.name);
  std::printf("%-10s %-22s %8s %10s %18s\n", "d(u,v)", "realised d (mean, range)", "peak",
              "peak at", "mean 0.1-0.5 s");
  for (const auto& c : result.curves) {
    auto peak = std::max_element(c.mean.begin(), c.mean.end());
    double peakTime = static_cast<double>(peak - c.mean.begin()) * network.dt;
    double late = 0;
    std::int64_t count = 0;
    for (std::size_t k = 0; k < c.mean.size(); ++k) {
      double t = static_cast<double>(k) * network.dt;
      if (t >= 0.1 - 1e-12) {
        late += c.mean[k];
        ++count;
      }
    }
    late /= static_cast<double>(std::max<std::int64_t>(count, 1));
    double mean = 0, low = 1e300, high = -1e300;
    for (double d : c.inputDistances) {
      mean += d;
      low = std::min(low, d);
      high = std::max(high, d);
    }
    mean /= static_cast<double>(std::max<std::size_t>(c.inputDistances.size(), 1));
    std::printf("%-10s %.4f (%.4f-%.4f)%4s %8.3f %8.1f ms %18.3f\n", label(c.target).c_str(), mean,
                low, high, "", *peak, peakTime * 1e3, late);
    // The standard error of the late mean, over the pairs' own late means.
    double lateSquares = 0;
    for (double m : c.lateMeans) lateSquares += (m - late) * (m - late);
    double n = static_cast<double>(c.lateMeans.size());
    double lateSem = n > 1 ? std::sqrt(lateSquares / (n - 1) / n) : 0.0;
    summary["distances"][label(c.target)] = {
        {"realised_mean", mean}, {"mean_0.1_0.5_s_sem", lateSem},
        {"realised_min", low},   {"realised_max", high},
        {"peak", *peak},         {"peak_time_s", peakTime},
        {"mean_0.1_0.5_s", late}};
  }
  summary["wall_seconds"] = {{"compile", options.compileSeconds + jitSeconds},
                             {"frontend", options.compileSeconds},
                             {"jit", jitSeconds},
                             {"build", buildSeconds},
                             {"pair_collection", result.pairSeconds},
                             {"simulation", result.simulationSeconds},
                             {"analysis", result.analysisSeconds},
                             {"plotting", plotSeconds},
                             {"figures", figureSeconds}};
  writeFileAtomically((out / "summary.json").string(), summary.dump(2) + "\n");
  std::printf("wrote %s/fig2.png, fig2.svg, fig2.csv, summary.json\n", options.out.c_str());
  std::printf(
      "wall time: compile %.2f s, build %.2f s, pairs %.2f s, simulation %.2f s (%lld "
      "trials, %d threads), analysis %.2f s, plotting %.2f s\n",
      options.compileSeconds + jitSeconds, buildSeconds, result.pairSeconds,
      result.simulationSeconds,
      static_cast<long long>(2 * settings.pairs * static_cast<std::int64_t>(result.curves.size())),
      threads, result.analysisSeconds, plotSeconds);
  return 0;
}

}  // namespace

int runExperiment(const ir::Model& model, const RunOptions& options) {
  // What the model, its instance or its size make impossible is the model's error (1); an
  // output that cannot be written is the user's setup (2), like an unwritable --out.
  try {
    if (!model.experiment || !model.experiment->isSeparation()) {
      return runSimulationCommand(model, options);
    }
    return runAndWrite(model, options);
  } catch (const ExperimentError& error) {
    std::fprintf(stderr, "%s: error: %s\n", options.file.c_str(), error.what());
    return 1;
  } catch (const BuildError& error) {
    std::fprintf(stderr, "lsmc: error: %s\n", error.what());
    return 1;
  } catch (const NumericalError& error) {
    std::fprintf(stderr, "lsmc: error: %s\n", error.what());
    return 1;
  } catch (const OutputError& error) {
    std::fprintf(stderr, "lsmc: error: %s\n", error.what());
    return 2;
  }
}

}  // namespace lsm::cli
