// Compiles a model given as a string, runs it for 200 ms and prints how many spikes each
// neuron fired. The smallest use of the lsmc library.
#include <cstdio>
#include <lsm/lsmc.hpp>
#include <memory>
#include <vector>

const char* modelText = R"(
# Ten leaky integrate-and-fire neurons, each driven a little harder than the one before.
group neurons(10) {
    equations {
        dv/dt = (v_rest - v + R*I)/tau : volt (unless refractory)
        I : ampere (constant)
        R : ohm (shared, constant)
        tau : second (shared, constant)
        v_rest : volt (shared, constant)
    }
    threshold: v > -50 mV
    reset: v = v_rest
    refractory: 5 ms
    init {
        R = 100 Mohm
        tau = 10 ms
        v_rest = -70 mV
        I = 0.2 nA + i * 20 pA
        v = v_rest
    }
}
monitor spikes_all = spikes(neurons)
)";

int main() {
  // 1. The front end: diagnostics come back as values.
  lsm::SourceManager sources;
  lsm::FrontendResult result = lsm::compileString("embedded.lsm", modelText, sources);
  if (!result.model) {
    for (const lsm::Diagnostic& d : result.diagnostics.diagnostics()) {
      std::fprintf(stderr, "%s:%d:%d: %s\n", d.location.file.c_str(), d.location.line,
                   d.location.column, d.message.c_str());
    }
    return 1;
  }
  auto model = std::make_shared<const lsm::ir::Model>(std::move(*result.model));

  // 2. Kernels (LLVM JIT) and a network instance drawn with a seed.
  std::shared_ptr<const lsm::CompiledModel> kernels = lsm::CompiledModel::compile(*model);
  lsm::NetworkInstance network = lsm::buildNetwork(model, {.seed = 1});

  // 3. One trial of 200 ms.
  lsm::Simulation simulation(network, kernels);
  simulation.startTrial(0);
  simulation.runFor(0.2);

  // 4. The spike monitor's record.
  const lsm::SpikeTrain& spikes = simulation.spikes("spikes_all");
  std::vector<int> counts(10, 0);
  for (std::int32_t neuron : spikes.indices) ++counts[static_cast<std::size_t>(neuron)];
  std::printf("lsmc %s: %zu spikes in 200 ms\n", lsm::version, spikes.indices.size());
  for (std::size_t neuron = 0; neuron < counts.size(); ++neuron) {
    std::printf("neuron %zu: %d spikes\n", neuron, counts[neuron]);
  }
  return 0;
}
