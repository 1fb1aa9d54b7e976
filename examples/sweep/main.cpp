// A sweep of the Maass model's connection scale λ (L_LAMBDA: the connection probability is
// C·exp(-(D(a,b)/λ)²)): for each value the model is read again with the constant overridden,
// the network is sampled anew, and 20 trials with Poisson input run on all cores — on kernels
// JIT-compiled once, because λ only shapes the network, not the step.
//
// Usage: sweep [MODEL] (default: the Maass model of lsmc's models directory)
#include <chrono>
#include <cstdio>
#include <lsm/lsmc.hpp>
#include <memory>
#include <string>
#include <vector>

namespace {

// The model with L_LAMBDA = value, or nullptr after printing the diagnostics.
std::shared_ptr<const lsm::ir::Model> modelWithLambda(const std::string& path, double lambda) {
  lsm::SourceManager sources;
  lsm::FrontendOptions options;
  options.overrides.push_back({"L_LAMBDA", std::to_string(lambda)});
  lsm::FrontendResult result = lsm::compileFile(path, sources, options);
  if (!result.model) {
    std::fputs(lsm::renderDiagnostics(result.diagnostics, sources).c_str(), stderr);
    return nullptr;
  }
  return std::make_shared<const lsm::ir::Model>(std::move(*result.model));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : std::string(LSMC_MODELS_DIR) + "/maass2002.lsm";
  const std::vector<double> lambdas = {0.5, 1, 2, 3, 4};
  const int trials = 20;
  const double duration = 0.5;

  std::shared_ptr<const lsm::CompiledModel> kernels;
  int compilations = 0;
  std::printf("%8s %10s %14s %14s %10s\n", "lambda", "synapses", "exc rate [Hz]", "inh rate [Hz]",
              "time [s]");
  for (double lambda : lambdas) {
    auto started = std::chrono::steady_clock::now();
    auto model = modelWithLambda(path, lambda);
    if (model == nullptr) return 1;
    // Compile only when the kernels of the previous value do not fit this model.
    if (kernels == nullptr || !kernels->fits(*model)) {
      kernels = lsm::CompiledModel::compile(*model);
      ++compilations;
    }
    lsm::NetworkInstance network = lsm::buildNetwork(model, {.seed = 2002});
    std::int64_t synapses = 0;
    for (const auto& [name, connectivity] : network.connectivity) {
      if (name.find("static") == std::string::npos) {
        synapses += static_cast<std::int64_t>(connectivity->pre.size());
      }
    }
    std::vector<std::int64_t> excSpikes(trials), inhSpikes(trials);
    lsm::runTrials(network, kernels, trials, [&](std::int64_t k, lsm::Simulation& simulation) {
      auto times = lsm::poissonTrain(20.0, duration, network.dt, 1, "sweep input",
                                     static_cast<std::uint64_t>(k));
      lsm::InputSpikes input{std::vector<std::int32_t>(times.size(), 0), times};
      simulation.startTrial(static_cast<std::uint64_t>(k), {{"stimulus", input}});
      simulation.runFor(duration);
      excSpikes[static_cast<std::size_t>(k)] =
          static_cast<std::int64_t>(simulation.spikes("spike_monitor_exc").steps.size());
      inhSpikes[static_cast<std::size_t>(k)] =
          static_cast<std::int64_t>(simulation.spikes("spike_monitor_inh").steps.size());
    });
    // The mean rate over the neurons a spike monitor watches.
    auto rate = [&](const std::vector<std::int64_t>& spikes, const std::string& monitor) {
      std::int64_t total = 0, neurons = 0;
      for (auto s : spikes) total += s;
      for (const auto& m : model->monitors)
        if (m.name == monitor) neurons = m.population.size();
      return static_cast<double>(total) / (static_cast<double>(neurons) * trials * duration);
    };
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%8.2f %10lld %14.2f %14.2f %10.2f\n", lambda, static_cast<long long>(synapses),
                rate(excSpikes, "spike_monitor_exc"), rate(inhSpikes, "spike_monitor_inh"),
                seconds);
  }
  std::printf("%zu values of lambda, %d JIT compilation%s\n", lambdas.size(), compilations,
              compilations == 1 ? "" : "s");
  return compilations == 1 ? 0 : 1;
}
