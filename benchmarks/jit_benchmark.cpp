// Google Benchmark: the JIT's compile time for models/maass2002.lsm and the speed of the
// compiled step (ns per neuron-step), and the interpreter's for comparison. Arg of TrialMaass:
// 0 interpreter, 1 JIT, 2 JIT with fast code generation, 3 JIT without lazy synapses (the
// clock-driven synapse update Brian2 runs).
// Run: build/benchmarks/lsm_benchmarks --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include "lsm/frontend.hpp"
#include "lsm/jit.hpp"
#include "lsm/random.hpp"
#include "lsm/simulation.hpp"

namespace {

std::shared_ptr<const lsm::ir::Model> compileMaass(bool lazySynapses) {
  lsm::SourceManager sources;
  auto result = lsm::compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources,
                                 {.lazySynapses = lazySynapses});
  return std::make_shared<const lsm::ir::Model>(std::move(*result.model));
}

std::shared_ptr<const lsm::ir::Model> maass(bool lazySynapses = true) {
  static auto lazy = compileMaass(true);
  static auto clockDriven = compileMaass(false);
  return lazySynapses ? lazy : clockDriven;
}

lsm::InputSpikes poissonInput() {
  lsm::InputSpikes input;
  lsm::RandomStream random(1, "benchmark input", 0);
  for (double t = random.exponential() / 20.0; t < 0.5; t += random.exponential() / 20.0) {
    input.indices.push_back(0);
    input.times.push_back(t);
  }
  return input;
}

// Arg 0: full backend optimisation (what `lsmc run` uses); 1: fast code generation; 2: full,
// without lazy synapses.
void CompileMaass(benchmark::State& state) {
  auto model = maass(state.range(0) != 2);
  lsm::JitOptions options{.fastCodeGeneration = state.range(0) == 1};
  for (auto _ : state) {
    auto compiled = lsm::CompiledModel::compile(*model, options);
    benchmark::DoNotOptimize(compiled.get());
  }
  state.SetLabel(state.range(0) == 1   ? "fast code generation"
                 : state.range(0) == 2 ? "optimised, clock-driven synapses"
                                       : "optimised");
}
BENCHMARK(CompileMaass)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// Whether compiled kernels fit a model (here: the same one), as a parameter sweep asks before
// reusing them.
void FitsMaass(benchmark::State& state) {
  auto model = maass();
  auto compiled = lsm::CompiledModel::compile(*model);
  for (auto _ : state) benchmark::DoNotOptimize(compiled->fits(*model));
}
BENCHMARK(FitsMaass)->Unit(benchmark::kMillisecond);

void FrontendMaass(benchmark::State& state) {
  for (auto _ : state) {
    lsm::SourceManager sources;
    auto result = lsm::compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources);
    benchmark::DoNotOptimize(result.model);
  }
}
BENCHMARK(FrontendMaass)->Unit(benchmark::kMillisecond);

// One 500 ms trial (5000 steps) of the Maass network; the counter gives ns per neuron-step.
void TrialMaass(benchmark::State& state) {
  auto model = maass(state.range(0) != 3);
  lsm::NetworkInstance network = lsm::buildNetwork(model, {.seed = 2002});
  std::shared_ptr<const lsm::CompiledModel> compiled;
  if (state.range(0) >= 1) {
    compiled = lsm::CompiledModel::compile(*model, {.fastCodeGeneration = state.range(0) == 2});
  }
  lsm::Simulation simulation(network, compiled);
  auto input = poissonInput();
  std::int64_t trial = 0;
  for (auto _ : state) {
    simulation.startTrial(static_cast<std::uint64_t>(++trial), {{"stimulus", input}});
    simulation.run(5000);
  }
  state.counters["ns_per_neuron_step"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 5000 * 135,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
  const char* labels[] = {"interpreter", "jit", "jit, fast code generation",
                          "jit, clock-driven synapses"};
  state.SetLabel(labels[state.range(0)]);
}
BENCHMARK(TrialMaass)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);
BENCHMARK(TrialMaass)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(1);

// The optional passes (lsm::frontendPasses(), in order), for TrialMaassWithout.
std::vector<std::string> optionalPasses() {
  std::vector<std::string> names;
  for (const auto& pass : lsm::frontendPasses())
    if (pass.optional) names.push_back(pass.name);
  return names;
}

// One trial as TrialMaass/1 with the optional pass number k switched off (the label names
// it); k = the number of optional passes: --brian2-arithmetic.
void TrialMaassWithout(benchmark::State& state) {
  const auto list = optionalPasses();
  const auto k = static_cast<std::size_t>(state.range(0));
  lsm::FrontendOptions options;
  if (k < list.size()) {
    options.disabledPasses.push_back(list[k]);
  } else {
    options.brian2Arithmetic = true;
  }
  lsm::SourceManager sources;
  auto result =
      lsm::compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources, options);
  auto model = std::make_shared<const lsm::ir::Model>(std::move(*result.model));
  lsm::NetworkInstance network = lsm::buildNetwork(model, {.seed = 2002});
  lsm::Simulation simulation(network, lsm::CompiledModel::compile(*model));
  auto input = poissonInput();
  std::int64_t trial = 0;
  for (auto _ : state) {
    simulation.startTrial(static_cast<std::uint64_t>(++trial), {{"stimulus", input}});
    simulation.run(5000);
  }
  state.SetLabel(k < list.size() ? "without " + list[k] : "brian2 arithmetic");
}
BENCHMARK(TrialMaassWithout)
    ->DenseRange(0, static_cast<int>(optionalPasses().size()))
    ->Unit(benchmark::kMillisecond);

// One trial as TrialMaass/1 with loops over elements that many doubles wide (1: scalar).
void TrialMaassVectorWidth(benchmark::State& state) {
  auto model = maass();
  lsm::NetworkInstance network = lsm::buildNetwork(model, {.seed = 2002});
  lsm::JitOptions options{.vectorWidth = static_cast<unsigned>(state.range(0))};
  lsm::Simulation simulation(network, lsm::CompiledModel::compile(*model, options));
  auto input = poissonInput();
  std::int64_t trial = 0;
  for (auto _ : state) {
    simulation.startTrial(static_cast<std::uint64_t>(++trial), {{"stimulus", input}});
    simulation.run(5000);
  }
}
BENCHMARK(TrialMaassVectorWidth)->Arg(1)->Arg(4)->Arg(8)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
