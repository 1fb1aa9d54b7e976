// State monitors: what they record, when, and which elements — with either backend.
#include <gtest/gtest.h>

#include <memory>

#include "../support/compile_text.hpp"
#include "lsm/frontend.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

// lif_minimal.lsm's group with a subexpression, and a monitor with the given settings.
std::string model(const std::string& monitorBody) {
  return R"(
group neurons(20) {
    equations {
        dv/dt = (v_rest - v + R*I)/tau : volt (unless refractory)
        drive = R*I : volt
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
        I = 0.1 nA + i * 10 pA
        v = v_rest
    }
}
monitor trace = state(neurons, v, drive) )" +
         monitorBody + R"(
experiment {
    dt: 0.1 ms
}
)";
}

struct Built {
  std::shared_ptr<const ir::Model> model;
  NetworkInstance network;
};

Built build(const std::string& monitorBody) {
  auto compiled = test::compileText(model(monitorBody));
  EXPECT_TRUE(compiled.ok()) << compiled.diagnostics;
  auto model = std::make_shared<const ir::Model>(std::move(*compiled.result.model));
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  return {model, std::move(network)};
}

// By default: every step, every element, at the start of the step (before the update).
TEST(StateMonitor, RecordsEveryStepBeforeTheUpdate) {
  Built run = build("");
  Simulation interpreted(run.network);
  Simulation compiled(run.network, CompiledModel::compile(*run.model));
  for (Simulation* s : {&interpreted, &compiled}) {
    s->startTrial(0);
    s->run(10);
  }
  const StateRecord& record = compiled.states("trace");
  ASSERT_EQ(record.steps.size(), 10u);
  EXPECT_EQ(record.steps[3], 3);
  ASSERT_EQ(record.elements.size(), 20u);
  const auto& v = record.values.at("v");
  ASSERT_EQ(v.size(), 10u);
  EXPECT_EQ(v[0][0], -0.07);      // the initial v_rest, before any update
  EXPECT_GT(v[9][19], v[0][19]);  // the drive charges the membrane
  EXPECT_EQ(v, interpreted.states("trace").values.at("v"));
  EXPECT_EQ(record.steps, interpreted.states("trace").steps);
}

// A subexpression is evaluated from the stored values when recorded.
TEST(StateMonitor, RecordsSubexpressions) {
  Built run = build("");
  Simulation simulation(run.network);
  simulation.run(2);
  const auto& drive = simulation.states("trace").values.at("drive");
  ASSERT_EQ(drive.size(), 2u);
  EXPECT_NEAR(drive[1][0], 100e6 * 0.1e-9, 1e-15);
  EXPECT_NEAR(drive[1][5], 100e6 * (0.1e-9 + 5 * 10e-12), 1e-15);
}

// `every` and `elements` (Brian2's StateMonitor dt= and record=).
TEST(StateMonitor, RecordsChosenElementsEveryInterval) {
  Built run = build("{\n    every: 1 ms\n    elements: 7, 2\n}");
  Simulation interpreted(run.network);
  Simulation compiled(run.network, CompiledModel::compile(*run.model));
  // The same network with a monitor of every step, to compare against.
  Built full = build("");
  Simulation reference(full.network);
  for (Simulation* s : {&interpreted, &compiled, &reference}) s->run(35);
  const StateRecord& record = compiled.states("trace");
  EXPECT_EQ(record.steps, (std::vector<std::int64_t>{0, 10, 20, 30}));
  EXPECT_EQ(record.elements, (std::vector<std::int64_t>{7, 2}));
  const auto& v = record.values.at("v");
  const auto& all = reference.states("trace").values.at("v");
  ASSERT_EQ(v.size(), 4u);
  for (std::size_t row = 0; row < 4; ++row) {
    EXPECT_EQ(v[row][0], all[row * 10][7]);
    EXPECT_EQ(v[row][1], all[row * 10][2]);
  }
  EXPECT_EQ(v, interpreted.states("trace").values.at("v"));
}

// A program chooses the steps; the choice holds for later trials, whose records start empty.
TEST(StateMonitor, RecordsAtChosenSteps) {
  Built run = build("");
  Simulation simulation(run.network, CompiledModel::compile(*run.model));
  simulation.recordAt("trace", {42, 5, 5, 0, 1000});
  simulation.run(50);
  EXPECT_EQ(simulation.states("trace").steps, (std::vector<std::int64_t>{0, 5, 42}));
  simulation.startTrial(1);
  EXPECT_TRUE(simulation.states("trace").steps.empty());
  simulation.run(6);
  EXPECT_EQ(simulation.states("trace").steps, (std::vector<std::int64_t>{0, 5}));
  EXPECT_THROW(simulation.recordAt("nothing", {1}), std::out_of_range);
}

// An interval that is no whole number of steps: a front-end error for the experiment's dt,
// a BuildError for another dt.
TEST(StateMonitor, IntervalMustBeWholeSteps) {
  auto bad = test::compileText(model("{\n    every: 0.25 ms\n}"));
  EXPECT_EQ(bad.firstError(), "'every' (0.25 ms) must be a whole number of time steps (0.1 ms)");
  Built run = build("{\n    every: 0.3 ms\n}");
  NetworkInstance coarse = buildNetwork(run.model, {.seed = 1, .dt = 0.2e-3});
  EXPECT_THROW(Simulation{coarse}, BuildError);
}

// A synapses' subexpression that reads a linked variable of its source (v_in_pre) reads the
// variable it is linked to, at the link's index (not the linked variable's own, unused array),
// and so does a monitor of the linked variable itself.
TEST(StateMonitor, SynapseSubexpressionsReadLinkedVariablesThroughTheirLink) {
  auto compiled = test::compileText(R"(
group src(4) {
    equations {
        dv/dt = (5 mV*(i + 1) - v)/(10 ms) : volt
    }
}
group dst(2) {
    equations {
        v_in : volt (linked)
    }
    linked: v_in = linked_var(src, v, index = i * 2)
}
synapses s(dst -> dst) {
    equations {
        w = 2*v_in_pre : volt
    }
    connect: all_to_all
}
monitor sources = state(src, v)
monitor weights = state(s, w)
monitor links = state(dst, v_in)
experiment {
    dt: 0.1 ms
}
)");
  ASSERT_TRUE(compiled.ok()) << compiled.diagnostics;
  auto model = std::make_shared<const ir::Model>(std::move(*compiled.result.model));
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  Simulation simulation(network);
  simulation.run(20);
  const auto& v = simulation.states("sources").values.at("v");
  const auto& w = simulation.states("weights").values.at("w");
  const auto& pre = network.connectivity.at("s")->pre;
  ASSERT_EQ(w.size(), 20u);
  ASSERT_EQ(w[19].size(), pre.size());
  EXPECT_GT(v[19][2], 0.0);
  for (std::size_t k = 0; k < pre.size(); ++k)
    EXPECT_EQ(w[19][k], 2 * v[19][static_cast<std::size_t>(pre[k]) * 2]) << "synapse " << k;
  const auto& linked = simulation.states("links").values.at("v_in");
  ASSERT_EQ(linked.size(), 20u);
  for (std::size_t e = 0; e < 2; ++e) EXPECT_EQ(linked[19][e], v[19][e * 2]) << "element " << e;
}

}  // namespace
}  // namespace lsm
