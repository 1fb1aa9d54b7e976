// ir::elementsOnly, the one analysis of which operations touch only their own element: what
// range-fixed-values may cut into pieces (OwnElementUse::writes) and what codegen::split may
// share among threads (OwnElementUse::writesAndReads).
#include <gtest/gtest.h>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

const char* model = R"(
group g(6) {
    equations {
        dv/dt = -v/(10 ms) : volt
        dw/dt = -w/(10 ms) : 1
    }
}
synapses into(g -> g) {
    equations {
        weight : volt (constant)
    }
    on_pre: v_post += weight
    connect: p = 1
}
synapses plastic(g -> g) {
    equations {
        dc/dt = -c/(5 ms) : 1 (clock-driven)
    }
    on_pre {
        c += 1
        w_post += c
    }
    connect: p = 1
}
)";

const ir::PlanOp& find(const ir::StepPlan& plan, ir::PlanOp::Kind kind,
                       const std::string& object) {
  for (const ir::PlanOp& op : plan.step)
    if (op.kind == kind && op.object == object) return op;
  ADD_FAILURE() << "no operation on " << object;
  return plan.step.front();
}

TEST(OwnElementUse, StateUpdateWritesAndReadsOnlyItsElement) {
  auto compiled = test::compileText(model, test::withoutPlanOptimisations());
  ASSERT_TRUE(compiled.ok()) << compiled.diagnostics;
  const ir::StepPlan& plan = *compiled.model().plan;
  const ir::PlanOp& update = find(plan, ir::PlanOp::Kind::elements, "g");
  for (auto use : {ir::OwnElementUse::writes, ir::OwnElementUse::writesAndReads}) {
    auto size = ir::elementsOnly(plan, update, ir::Scope::self, use);
    ASSERT_TRUE(size.has_value());
    EXPECT_EQ(*size, 6);
  }
  // Its assignments are to its own elements, not to any target's.
  EXPECT_FALSE(ir::elementsOnly(plan, update, ir::Scope::post, ir::OwnElementUse::writes));
}

TEST(OwnElementUse, PathwayThatWritesOnlyTargets) {
  auto compiled = test::compileText(model, test::withoutPlanOptimisations());
  ASSERT_TRUE(compiled.ok()) << compiled.diagnostics;
  const ir::StepPlan& plan = *compiled.model().plan;
  const ir::PlanOp& into = find(plan, ir::PlanOp::Kind::pathway, "into");
  auto targets = ir::elementsOnly(plan, into, ir::Scope::post, ir::OwnElementUse::writesAndReads);
  ASSERT_TRUE(targets.has_value());
  EXPECT_EQ(*targets, 6);
  // A pathway that also writes its synapse's own variable writes more than its targets.
  const ir::PlanOp& plastic = find(plan, ir::PlanOp::Kind::pathway, "plastic");
  EXPECT_FALSE(ir::elementsOnly(plan, plastic, ir::Scope::post, ir::OwnElementUse::writes));
  EXPECT_FALSE(
      ir::elementsOnly(plan, plastic, ir::Scope::post, ir::OwnElementUse::writesAndReads));
}

}  // namespace
}  // namespace lsm
