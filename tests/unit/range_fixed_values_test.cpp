// Range-fixed values with precombine: a summed current set on one subgroup only is folded
// into the precombined offset of the update on the rest of the group (the loop cut at the
// subgroups' boundary; its before/after golden is tests/passes/range-fixed-values).
#include <gtest/gtest.h>

#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

const char* model = R"(
group g(4) {
    equations {
        dv/dt = ((I_a + I_b)*10 Mohm - v)/(10 ms) : volt
        I_a : ampere
        I_b : ampere
    }
}
subgroup first = g[0:2]
synapses a(g -> first) {
    equations {
        dc/dt = -c/(5 ms) : 1 (clock-driven)
        I_a_post = c*1 nA : ampere (summed)
    }
    on_pre: c += 1
    connect: p = 1
}
)";

// The update's body as the plan has it on [begin, end).
std::string update(const ir::StepPlan& plan, std::int64_t begin, std::int64_t end) {
  for (const ir::PlanOp& op : plan.step) {
    if (op.name != "g_stateupdater" || op.begin != begin || op.end != end) continue;
    ir::StepPlan one = plan;
    one.step = {op};
    std::string text = ir::toString(one);
    auto from = text.find("      for each element");
    auto to = from;  // up to the next routine (a line indented by two)
    do to = text.find("\n  ", to + 1);
    while (to != std::string::npos && text[to + 3] == ' ');
    return text.substr(from, to + 1 - from);
  }
  return "(no update on that range)";
}

TEST(RangeFixedValues, FoldedIntoThePrecombinedOffsetWhereFixed) {
  auto without = test::compileText(model, test::withoutPlanOptimisations({"precombine"}));
  auto with = test::compileText(
      model, test::withoutPlanOptimisations({"precombine", "range-fixed-values"}));
  ASSERT_TRUE(without.ok() && with.ok()) << without.diagnostics;
  // Without: one loop, both currents read on every element.
  const std::string fallback =
      "        else:\n"
      "          let _B_v = (I_a + I_b) * (10000000 ohm) / (0.01 second)\n"
      "          let _new_v = _Phi[v,v] * v + _Psi[v,v] * _B_v\n"
      "          v = _new_v\n";
  // Without: one loop that reads I_a on every element (I_b, never written, is in the offset).
  EXPECT_EQ(update(*without.model().plan, 0, 4),
            "      for each element of g[0:4]\n"
            "        where g._guard holds:\n"
            "          v = _Phi[v,v] * v + _P2 * I_a + _P3\n" +
                fallback);
  // With: on [0:2] the running sum sets I_a; on [2:4] nothing does, so the update there reads
  // it no more (its part is in the offset _P4 that `derive` computes for [2:4]).
  const ir::StepPlan& plan = *with.model().plan;
  EXPECT_EQ(update(plan, 0, 2),
            "      for each element of g[0:2]\n"
            "        where g._guard holds:\n"
            "          v = _Phi[v,v] * v + _P2 * I_a + _P3\n" +
                fallback);
  EXPECT_EQ(update(plan, 2, 4),
            "      for each element of g[2:4] (fixed here: I_a)\n"
            "        where g._guard holds:\n"
            "          v = _Phi[v,v] * v + _P4\n" +
                fallback);
}

}  // namespace
}  // namespace lsm
