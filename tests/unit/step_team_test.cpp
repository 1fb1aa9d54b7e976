// The step team (lsm/step_team.hpp), the entry the machine code calls to split an operation
// (codegen/parallel_kernel.hpp), and which operations of a plan split (codegen::split).
#include "lsm/step_team.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "codegen/plan_codegen.hpp"
#include "compile_text.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {
namespace {

TEST(StepTeam, RunsEachPartOnceForEveryJob) {
  for (int threads : {1, 2, 5}) {
    StepTeam team(threads);
    EXPECT_EQ(team.threads(), threads);
    std::vector<std::atomic<int>> calls(7);
    for (int job = 0; job < 2000; ++job) {
      team.run(7, [&](int k) { calls[static_cast<std::size_t>(k)].fetch_add(1); });
    }
    for (const auto& c : calls) EXPECT_EQ(c.load(), 2000) << threads << " threads";
  }
}

// Jobs of 2 and 8 parts in turn, as a step's delivery and neuron loop alternate: a thread
// still holding the last ticket of a 2-part job must not take part 2 of the next 8-part one
// before it starts (each part ran twice, and the step never ended).
TEST(StepTeam, JobsOfDifferentSizesInTurnRunEachPartOnce) {
  StepTeam team(2);
  std::vector<std::atomic<int>> calls(8);
  for (int job = 0; job < 20000; ++job) {
    const int parts = job % 2 == 0 ? 2 : 8;
    for (auto& c : calls) c.store(0);
    team.run(parts, [&](int k) { calls[static_cast<std::size_t>(k)].fetch_add(1); });
    for (int k = 0; k < 8; ++k)
      ASSERT_EQ(calls[static_cast<std::size_t>(k)].load(), k < parts ? 1 : 0)
          << "job " << job << ", part " << k;
  }
}

TEST(StepTeam, AJobSeesWhatTheCallerWroteAndTheCallerSeesTheJobsWrites) {
  StepTeam team(3);
  std::vector<long> values(12, 0);
  for (long job = 1; job <= 500; ++job) {
    team.run(12, [&](int k) { values[static_cast<std::size_t>(k)] += job; });
    EXPECT_EQ(std::accumulate(values.begin(), values.end(), 0L), 12 * job * (job + 1) / 2);
  }
}

// A threshold kernel over [from, to): lists the elements that are multiples of 3.
std::int64_t everyThird(void* const*, std::int32_t* list, std::int64_t, double, double,
                        std::int64_t from, std::int64_t to) {
  std::int64_t n = 0;
  for (std::int64_t e = from; e < to; ++e)
    if (e % 3 == 0) list[n++] = static_cast<std::int32_t>(e);
  return n;
}

// An element kernel: marks its range with the thread's count of calls.
std::int64_t mark(void* const* table, std::int32_t*, std::int64_t, double, double,
                  std::int64_t from, std::int64_t to) {
  auto* marks = static_cast<int*>(table[0]);
  for (std::int64_t e = from; e < to; ++e) marks[e] += 1;
  return 0;
}

TEST(ParallelKernel, AThresholdSplitListsTheSameElementsInTheSameOrder) {
  const std::int64_t begin = 5, end = begin + codegen::minSplitElements + 1001;
  std::vector<std::int32_t> expected(static_cast<std::size_t>(end - begin));
  const std::int64_t n = everyThird(nullptr, expected.data(), 0, 0, 0, begin, end);  // one thread
  expected.resize(static_cast<std::size_t>(n));
  for (int threads : {1, 2, 3, 8}) {
    StepTeam team(threads);
    setCurrentStepTeam(&team);
    std::vector<std::int32_t> list(static_cast<std::size_t>(end - begin), -1);
    const std::int64_t found =
        lsm_parallel_kernel(everyThird, nullptr, list.data(), 0, 0, 0, begin, end,
                            static_cast<std::int64_t>(codegen::ParallelMode::threshold));
    setCurrentStepTeam(nullptr);
    ASSERT_EQ(found, n) << threads << " threads";
    list.resize(static_cast<std::size_t>(found));
    EXPECT_EQ(list, expected) << threads << " threads";
  }
}

TEST(ParallelKernel, ElementRangesCoverEveryElementOnce) {
  const std::int64_t begin = 3, end = begin + 3 * codegen::minSplitElements + 7;
  for (int threads : {2, 8}) {
    StepTeam team(threads);
    setCurrentStepTeam(&team);
    std::vector<int> marks(static_cast<std::size_t>(end), 0);
    void* table[] = {marks.data()};
    lsm_parallel_kernel(mark, table, nullptr, 0, 0, 0, begin, end,
                        static_cast<std::int64_t>(codegen::ParallelMode::elements));
    setCurrentStepTeam(nullptr);
    for (std::int64_t e = 0; e < end; ++e)
      ASSERT_EQ(marks[static_cast<std::size_t>(e)], e >= begin ? 1 : 0) << e;
  }
}

TEST(ParallelKernel, SmallWorkStaysOnTheCallingThread) {
  EXPECT_FALSE(
      codegen::splits(codegen::ParallelMode::elements, 0, codegen::minSplitElements - 1, 0));
  EXPECT_TRUE(codegen::splits(codegen::ParallelMode::threshold, 0, codegen::minSplitElements, 0));
  EXPECT_FALSE(
      codegen::splits(codegen::ParallelMode::targets, 0, 1 << 20, codegen::minSplitEvents - 1));
  EXPECT_TRUE(codegen::splits(codegen::ParallelMode::targets, 0, 1 << 20, codegen::minSplitEvents));
}

// CUBA's operations at 20 000 neurons: the neurons' loop and threshold split over elements,
// the pathways (`ge_post += w`) by target; at 2 000 nothing splits; a pathway that updates
// its synapses' own variables (Tsodyks-Markram) never does.
std::string model(int n) {
  return "N_CELLS = " + std::to_string(n) + R"(
group P(N_CELLS) {
    equations {
        dv/dt = (ge - (v + 49 mV))/(20 ms) : volt (unless refractory)
        dge/dt = -ge/(5 ms) : volt
    }
    threshold: v > -50 mV
    reset: v = -60 mV
    refractory: 5 ms
    method: exact
    init: v = -60 mV + rand()*10 mV
}
synapses Ce(P -> P) {
    on_pre: ge += 1 mV
    connect: p = 1.0/N_CELLS
}
synapses Cu(P -> P) {
    equations {
        u : 1
    }
    on_pre {
        u += 0.1*(1 - u)
        ge += u*mV
    }
    connect: p = 1.0/N_CELLS
}
experiment {
    dt: 0.1 ms
    duration: 10 ms
}
)";
}

// Each step operation's split, by its kind and object ("threshold P", "pathway Ce").
std::map<std::string, std::optional<codegen::ParallelMode>> splitsOf(int n) {
  auto compiled = test::compileText(model(n));
  EXPECT_TRUE(compiled.ok()) << compiled.diagnostics;
  std::map<std::string, std::optional<codegen::ParallelMode>> modes;
  if (!compiled.ok()) return modes;
  const ir::StepPlan& plan = *compiled.model().plan;
  for (const ir::PlanOp& op : plan.step) {
    using K = ir::PlanOp::Kind;
    const char* kind = op.kind == K::threshold       ? "threshold"
                       : op.kind == K::pathway       ? "pathway"
                       : op.kind == K::elements      ? "elements"
                       : op.kind == K::spikeElements ? "reset"
                                                     : "other";
    const std::string name = std::string(kind) + " " + op.object;
    auto s = codegen::split(plan, op);
    if (s) EXPECT_EQ(s->end - s->begin, n) << name;
    modes[name] = s ? std::optional(s->mode) : std::nullopt;
  }
  return modes;
}

TEST(SplitOperations, LargeElementLoopsAndTargetOnlyPathwaysSplit) {
  auto modes = splitsOf(20000);
  using M = codegen::ParallelMode;
  ASSERT_EQ(modes.count("threshold P"), 1u);
  EXPECT_EQ(modes["threshold P"], M::threshold);
  ASSERT_EQ(modes.count("pathway Ce"), 1u);
  EXPECT_EQ(modes["pathway Ce"], M::targets);
  ASSERT_EQ(modes.count("pathway Cu"), 1u);
  EXPECT_EQ(modes["pathway Cu"], std::nullopt);
  ASSERT_EQ(modes.count("reset P"), 1u);
  EXPECT_EQ(modes["reset P"], std::nullopt);  // a list of spikes, not a range
  for (const auto& [name, mode] : splitsOf(2000)) EXPECT_EQ(mode, std::nullopt) << name;
}

}  // namespace
}  // namespace lsm
