// Event lanes (passes/event_lanes.hpp) on the Maass model: the JIT with the synapses due in a
// step in vector lanes of 2, 4 and 8 doubles gives the bits of the JIT without lanes and of
// the interpreter, for every variable (the bookkeeping too), with full and partial vectors
// and lanes sharing targets (each source reaches ~10 synapses of a pathway a step).
#include <gtest/gtest.h>

#include "lsm/frontend.hpp"
#include "lsm/ir_printer.hpp"
#include "lsm/jit.hpp"
#include "lsm/random.hpp"
#include "lsm/simulation.hpp"
#include "maass_model.hpp"
#include "poisson_input.hpp"

namespace lsm {
namespace {

InputSpikes poisson(std::uint64_t trial) {
  return test::poissonStimulus(9, "event lanes test", trial);
}

std::shared_ptr<const ir::Model> maassWithoutLanes() {
  SourceManager sources;
  FrontendOptions options;
  options.disabledPasses.push_back("event-lanes");
  auto result =
      compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources, options);
  if (!result.model) throw std::runtime_error(renderDiagnostics(result.diagnostics, sources));
  return std::make_shared<const ir::Model>(std::move(*result.model));
}

void expectSameState(const Simulation& a, const Simulation& b, const std::string& what) {
  for (const char* monitor : {"spike_monitor_exc", "spike_monitor_inh"}) {
    EXPECT_EQ(a.spikes(monitor).steps, b.spikes(monitor).steps) << what << " " << monitor;
    EXPECT_EQ(a.spikes(monitor).indices, b.spikes(monitor).indices) << what << " " << monitor;
  }
  for (const auto& [name, state] : a.state().synapses)
    EXPECT_EQ(state.arrays, b.state().synapses.at(name).arrays) << what << " " << name;
  for (const auto& [name, state] : a.state().groups)
    EXPECT_EQ(state.arrays, b.state().groups.at(name).arrays) << what << " " << name;
}

TEST(EventLanes, MaassTrialsEqualTheScalarCodeBitForBit) {
  auto lanes = test::maassModel();
  auto scalar = maassWithoutLanes();
  ASSERT_NE(ir::toString(*lanes->plan).find("in vector lanes"), std::string::npos);
  NetworkInstance net = buildNetwork(lanes, {.seed = 31});
  Simulation interpreted(net);
  Simulation withoutLanes(net, CompiledModel::compile(*scalar));
  std::vector<std::unique_ptr<Simulation>> inLanes;
  for (unsigned width : {2u, 4u, 8u})
    inLanes.push_back(
        std::make_unique<Simulation>(net, CompiledModel::compile(*lanes, {.vectorWidth = width})));
  for (std::uint64_t trial : {1u, 2u}) {
    std::vector<Simulation*> all{&interpreted, &withoutLanes};
    for (auto& s : inLanes) all.push_back(s.get());
    for (Simulation* s : all) {
      s->startTrial(trial, {{"stimulus", poisson(trial)}});
      s->run(trial == 1 ? 1500 : 5000);
    }
    EXPECT_GT(withoutLanes.spikes("spike_monitor_exc").steps.size(), 50u);
    expectSameState(withoutLanes, interpreted, "without lanes vs interpreter");
    for (std::size_t w = 0; w < inLanes.size(); ++w)
      expectSameState(*inLanes[w], withoutLanes, "lanes #" + std::to_string(w));
  }
}

}  // namespace
}  // namespace lsm
