// Event lanes (passes/event_lanes.hpp): which pathways the pass puts in lanes, and which it
// leaves to run one synapse after another because their lanes might differ from the scalar
// code or from each other's order.
#include <gtest/gtest.h>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

const char* neurons = R"(
group neurons(6) {
    equations {
        dv/dt = (I_syn*(1 Mohm) - v)/(10 ms) : volt
        I_syn : amp
    }
    threshold: v > 10 mV
    reset: v = 0 mV
}
)";

// Tsodyks-Markram synapses with `extra` added to their on_pre.
std::string tsodyksMarkram(const std::string& extra) {
  return std::string(neurons) + R"(
synapses tm(neurons -> neurons) {
    equations {
        dx/dt = (1 - x - y)/(800 ms) : 1 (clock-driven)
        dy/dt = -y/(3 ms) : 1 (clock-driven)
        du/dt = -u/(50 ms) : 1 (clock-driven)
        U : 1 (constant)
        A : amp (constant)
        I_syn_post = A*y : amp (summed)
    }
    on_pre {
        u += U*(1 - u)
        y += u*x
        x += -u*x
)" + extra +
         R"(
    }
    connect: p = 0.5
    delay: 1 ms
}
)";
}

// Whether the pathway of `object` is in lanes, with the plan's optimisations (or all but
// event-lanes).
bool inLanes(const std::string& text, const std::string& object, bool withThePass = true) {
  FrontendOptions options;
  if (!withThePass) options.disabledPasses.push_back("event-lanes");
  auto compiled = test::compileText(text, options);
  EXPECT_TRUE(compiled.ok()) << compiled.diagnostics;
  if (!compiled.ok()) return false;
  for (const ir::PlanOp& op : compiled.model().plan->step)
    if (op.kind == ir::PlanOp::Kind::pathway && op.object == object) return op.inLanes;
  ADD_FAILURE() << "no pathway of " << object;
  return false;
}

TEST(EventLanes, CatchUpsWithRunningSumsRunInLanes) {
  EXPECT_TRUE(inLanes(tsodyksMarkram(""), "tm"));
  EXPECT_FALSE(inLanes(tsodyksMarkram(""), "tm", false));
  // An addition into a target variable that nothing else reads is made after the lanes too.
  EXPECT_TRUE(inLanes(tsodyksMarkram("        v_post += 1 mV*x"), "tm"));
}

TEST(EventLanes, PathwaysWithoutCatchUpRunAsBefore) {
  EXPECT_FALSE(inLanes(std::string(neurons) + R"(
synapses plain(neurons -> neurons) {
    equations {
        w : volt (constant)
    }
    on_pre: v_post += w
    connect: p = 0.5
}
)",
                       "plain"));
}

TEST(EventLanes, BodiesThatLanesWouldChangeRunAsBefore) {
  // A target variable read after another synapse might have added to it.
  EXPECT_FALSE(
      inLanes(tsodyksMarkram("        v_post += 1 mV*x\n        x += v_post/(1 volt)"), "tm"));
  // A target variable set, not added to.
  EXPECT_FALSE(inLanes(tsodyksMarkram("        v_post = 0 mV"), "tm"));
  // A random draw (keyed by the synapse: drawn in scalar code).
  EXPECT_FALSE(inLanes(tsodyksMarkram("        x += 0.001*rand()"), "tm"));
  // A library function (its vector version might round otherwise).
  EXPECT_FALSE(inLanes(tsodyksMarkram("        x = x*exp(-u)"), "tm"));
}

}  // namespace
}  // namespace lsm
