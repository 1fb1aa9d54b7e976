#include "lsm/separation_experiment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "input_pairs.hpp"
#include "lsm/resources.hpp"
#include "lsm/simulation.hpp"
#include "lsm/trials.hpp"
#include "state_distance.hpp"

namespace lsm {

namespace {

// What one worker's trials reuse, so that after its first trial a trial allocates nothing
// here: the input it gives the simulation and its liquid neurons' spike steps, per side.
struct TrialScratch {
  std::map<std::string, InputSpikes> inputs;
  SpikeStepsByNeuron spikeSteps[2];
};

// The scratch of each worker's simulation (runTrials gives each worker its own).
class ScratchByWorker {
 public:
  TrialScratch& of(const Simulation& simulation) {
    std::lock_guard<std::mutex> lock(lock_);
    return scratch_[&simulation];
  }

 private:
  std::mutex lock_;
  std::map<const Simulation*, TrialScratch> scratch_;
};

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// The steps of a trial: at least one, and few enough that each step has its own double time.
std::int64_t checkedSteps(const SeparationSettings& settings, double dt) {
  const double steps = std::round(settings.duration / dt);
  if (!(steps >= 1)) {
    throw ExperimentError(
        fmt::format("the experiment's duration ({:g} s) is shorter than one "
                    "step ({:g} s)",
                    settings.duration, dt));
  }
  if (steps > 1e15) {
    throw ExperimentError(
        fmt::format("the experiment's duration ({:g} s) is {:.3g} steps of "
                    "{:g} s, more than the 1e15 a trial may have",
                    settings.duration, steps, dt));
  }
  if (settings.pairs < 1) throw ExperimentError("the experiment needs at least one pair");
  return static_cast<std::int64_t>(steps);
}

// What runSeparation keeps: distances per step of every trial pair, the curves, the input
// trains, and the simulations of each thread.
MemoryEstimate estimateRun(const NetworkInstance& network, const SeparationSettings& settings,
                           int threads, std::int64_t steps) {
  threads = threadCount(threads);
  const double curves = static_cast<double>(settings.targetDistances.size() + 1);
  const double pairs = static_cast<double>(settings.pairs), perStep = static_cast<double>(steps);
  const double spikes = settings.poissonRate * settings.duration + 1;
  MemoryEstimate estimate = estimateSimulations(network, threads);
  estimate.add(
      fmt::format("distances of {:.3g} trial pairs over {:.3g} steps", curves * pairs, perStep),
      curves * pairs * (perStep * sizeof(double) + 64));
  estimate.add("curves", curves * perStep * 2 * sizeof(double));
  estimate.add("input trains", (curves * pairs + 2 * 2048) * 2 * (spikes * sizeof(double) + 24));
  estimate.add("input distances", static_cast<double>(threads) * perStep * sizeof(double));
  return estimate;
}

}  // namespace

SeparationSettings SeparationSettings::fromModel(const ir::Model& model) {
  if (!model.experiment) throw ExperimentError("the model has no experiment block");
  const ir::Experiment& e = *model.experiment;
  auto need = [&](const char* name) -> const ir::Setting& {
    const ir::Setting* s = e.find(name);
    if (s == nullptr) {
      throw ExperimentError(fmt::format("the experiment has no '{}' setting", name));
    }
    return *s;
  };
  // A setting that must be a positive, finite number.
  auto positive = [&](const char* name) {
    double value = need(name).value.value;
    if (!(value > 0) || !std::isfinite(value)) {
      throw ExperimentError(
          fmt::format("the experiment's {} must be positive and finite, not {}", name, value));
    }
    return value;
  };
  // A setting that must be a whole number in [low, high]: checked before any cast.
  auto whole = [&](const char* name, double low, double high, const char* hint) {
    double value = need(name).value.value;
    if (!(value >= low && value <= high) || std::trunc(value) != value) {
      throw ExperimentError(
          fmt::format("the experiment's {} must be a whole number from {:.0f} "
                      "to {:.0f}{}, not {}",
                      name, low, high, hint, value));
    }
    return value;
  };
  SeparationSettings s;
  s.dt = modelDt(model);
  if (!(s.dt > 0) || !std::isfinite(s.dt))
    throw ExperimentError(fmt::format("the experiment's dt must be positive, not {} s", s.dt));
  s.duration = positive("duration");
  if (need("input").names.empty())
    throw ExperimentError("the experiment's input must name a spike generator");
  s.input = need("input").names.front();
  s.poissonRate = need("poisson_rate").value.value;
  if (!(s.poissonRate >= 0) || !std::isfinite(s.poissonRate)) {
    throw ExperimentError(
        fmt::format("the experiment's poisson_rate must be a finite rate, not {}", s.poissonRate));
  }
  for (const auto& q : need("target_distances").values) {
    if (!(q.value >= 0) || !std::isfinite(q.value)) {
      throw ExperimentError(fmt::format(
          "the experiment's target distances must be finite and not negative, not {}", q.value));
    }
    s.targetDistances.push_back(q.value);
  }
  s.tolerance = positive("distance_tolerance");
  s.inputKernelTau = positive("input_kernel_tau");
  s.pairs = static_cast<std::int64_t>(whole("pairs", 1, 0x1p53, ""));
  s.liquid = need("liquid").names;
  s.liquidTau = positive("liquid_tau");
  // A double holds every integer up to 2^53 exactly; beyond, the seed written is not the seed
  // used.
  if (e.find("seed") != nullptr) {
    s.seed = static_cast<std::uint64_t>(
        whole("seed", 0, 0x1p53, " (a larger seed: --seed, which takes any 64-bit value)"));
  }
  return s;
}

SeparationResult runSeparation(const NetworkInstance& network,
                               std::shared_ptr<const CompiledModel> compiled,
                               const SeparationSettings& settings, int threads,
                               const Progress& progress) {
  SeparationResult result;
  const double dt = network.dt;
  result.steps = checkedSteps(settings, dt);
  const std::size_t targets = settings.targetDistances.size();
  const auto pairs = static_cast<std::size_t>(settings.pairs);
  estimateRun(network, settings, threads, result.steps).require("the run", settings.maxMemory);

  // 1. Pairs of inputs.
  auto started = std::chrono::steady_clock::now();
  InputPairs inputs = collectInputPairs(settings, dt, threads, progress);
  const auto& chosen = inputs.trains;
  const auto& chosenDistance = inputs.distances;
  result.candidates = inputs.candidates;
  result.pairSeconds = seconds(started);

  // 2. Trials: two per pair, each from the restored network with its own trial streams.
  started = std::chrono::steady_clock::now();
  const std::size_t curves = chosen.size();
  const auto steps = static_cast<std::size_t>(result.steps);
  // The results' room is made here, not by the trials.
  std::vector<std::vector<std::vector<double>>> distance(
      curves, std::vector<std::vector<double>>(pairs, std::vector<double>(steps)));
  std::atomic<std::int64_t> finished{0};
  std::mutex progressLock;
  const double decay = std::exp(-dt / settings.liquidTau);
  std::vector<std::size_t> liquidSizes;
  std::size_t liquidNeurons = 0;
  for (const auto& monitor : settings.liquid) {
    std::size_t size = 0;
    for (const auto& m : network.model->monitors)
      if (m.name == monitor) size = static_cast<std::size_t>(m.population.size());
    liquidSizes.push_back(size);
    liquidNeurons += size;
  }
  ScratchByWorker scratchByWorker;
  runTrials(
      network, compiled, static_cast<std::int64_t>(curves * pairs),
      [&](std::int64_t job, Simulation& simulation) {
        auto curve = static_cast<std::size_t>(job) / pairs;
        auto pair = static_cast<std::size_t>(job) % pairs;
        TrialScratch& scratch = scratchByWorker.of(simulation);
        for (int side = 0; side < 2; ++side) {
          const auto& train = side == 0 ? chosen[curve][pair].first : chosen[curve][pair].second;
          InputSpikes& input = scratch.inputs[settings.input];
          input.indices.assign(train.size(), 0);
          input.times.assign(train.begin(), train.end());
          simulation.startTrial(static_cast<std::uint64_t>(2 * job + side), scratch.inputs);
          simulation.run(result.steps);
          // Each liquid neuron's spikes (steps, ascending), the monitors' neurons one after
          // the other.
          SpikeStepsByNeuron& spikeSteps = scratch.spikeSteps[side];
          spikeSteps.resize(liquidNeurons);
          for (auto& neuron : spikeSteps) neuron.clear();
          std::size_t offset = 0;
          for (std::size_t m = 0; m < settings.liquid.size(); ++m) {
            const SpikeTrain& spikes = simulation.spikes(settings.liquid[m]);
            for (std::size_t k = 0; k < spikes.steps.size(); ++k) {
              spikeSteps[offset + static_cast<std::size_t>(spikes.indices[k])].push_back(
                  spikes.steps[k]);
            }
            offset += liquidSizes[m];
          }
        }
        // The liquid states' distance (state_distance.hpp).
        stateDistance(scratch.spikeSteps[0], scratch.spikeSteps[1], decay, steps,
                      distance[curve][pair]);
        std::int64_t done = ++finished;
        if (progress) {
          std::lock_guard<std::mutex> lock(progressLock);
          progress("trials", 2 * done, static_cast<std::int64_t>(2 * curves * pairs));
        }
      },
      threads);
  result.simulationSeconds = seconds(started);

  // 3. Means and standard errors over pairs.
  started = std::chrono::steady_clock::now();
  for (std::size_t c = 0; c < curves; ++c) {
    DistanceCurve curve;
    curve.target = c < targets ? settings.targetDistances[c] : 0.0;
    curve.inputDistances = chosenDistance[c];
    curve.mean.assign(steps, 0.0);
    curve.sem.assign(steps, 0.0);
    const auto lateBegin = std::min(steps, static_cast<std::size_t>(std::llround(0.1 / dt)));
    for (std::size_t p = 0; p < pairs; ++p) {
      double sum = 0;
      for (std::size_t k = lateBegin; k < steps; ++k) sum += distance[c][p][k];
      curve.lateMeans.push_back(sum /
                                static_cast<double>(std::max<std::size_t>(steps - lateBegin, 1)));
    }
    const double n = static_cast<double>(pairs);
    for (std::size_t k = 0; k < steps; ++k) {
      double sum = 0, squares = 0;
      for (std::size_t p = 0; p < pairs; ++p) sum += distance[c][p][k];
      double mean = sum / n;
      for (std::size_t p = 0; p < pairs; ++p) {
        double e = distance[c][p][k] - mean;
        squares += e * e;
      }
      curve.mean[k] = mean;
      curve.sem[k] = pairs > 1 ? std::sqrt(squares / (n - 1) / n) : 0.0;
    }
    result.curves.push_back(std::move(curve));
  }
  result.analysisSeconds = seconds(started);
  return result;
}

}  // namespace lsm
