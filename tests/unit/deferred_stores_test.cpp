// Deferred stores (passes/deferred_stores.hpp): which values a loop keeps in registers, and
// which it must store at every step because something else in the step reads them.
#include <gtest/gtest.h>

#include <algorithm>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

// A group with a summed current and refractoriness; `reset` is its reset.
std::string model(const std::string& reset) {
  return R"(
group g(8) {
    equations {
        dv/dt = (I_fast*(10 Mohm) - v)/(10 ms) : volt (unless refractory)
        I_fast : ampere
        w : volt
    }
    threshold: v > 10 mV
    reset {
        )" +
         reset + R"(
    }
    refractory: 1 ms
}
synapses fast(g -> g) {
    equations {
        dc/dt = -c/(3 ms) : 1 (clock-driven)
        I_fast_post = c*1 nA : ampere (summed)
    }
    on_pre: c += 1
    connect: p = 0.5
}
)";
}

// The names of the variables the loop over g defers.
std::vector<std::string> deferred(const std::string& text, bool withThePass = true) {
  FrontendOptions options;
  if (!withThePass) options.disabledPasses.push_back("deferred-stores");
  auto compiled = test::compileText(text, options);
  EXPECT_TRUE(compiled.ok()) << compiled.diagnostics;
  std::vector<std::string> names;
  if (!compiled.ok()) return names;
  const ir::StepPlan& plan = *compiled.model().plan;
  for (const ir::PlanOp& op : plan.step)
    if (op.kind == ir::PlanOp::Kind::threshold && op.object == "g")
      for (int slot : op.deferredStores)
        names.push_back(plan.slots[static_cast<std::size_t>(slot)].variable);
  std::sort(names.begin(), names.end());
  return names;
}

using Names = std::vector<std::string>;

TEST(DeferredStores, CopiesOnlyTheLoopReads) {
  EXPECT_EQ(deferred(model("v = 0 mV")), (Names{"I_fast", "not_refractory"}));
  EXPECT_EQ(deferred(model("v = 0 mV"), false), Names{});
}

TEST(DeferredStores, ValuesAnotherOperationReadsAreStoredEveryStep) {
  // The reset reads I_fast at the spiking elements after the loop.
  EXPECT_EQ(deferred(model("v = 0 mV\n        w = I_fast*(1 ohm)")), Names{"not_refractory"});
  // The reset reads not_refractory.
  EXPECT_EQ(deferred(model("v = 0 mV\n        w = (1 mV if not_refractory else 0 mV)")),
            Names{"I_fast"});
}

}  // namespace
}  // namespace lsm
