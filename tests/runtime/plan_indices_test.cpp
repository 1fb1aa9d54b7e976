// The indices of synapses that a network build makes: those the step plan reads. The index by
// target exists for on_post, the index by source for on_pre; a model without a plan gets both,
// and a plan that reads an index the network lacks is refused, not run on null pointers.
#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <string>

#include "compile_text.hpp"
#include "lsm/network.hpp"
#include "lsm/simulation.hpp"
#include "synapse_index.hpp"

namespace lsm {
namespace {

std::string modelWith(const std::string& pathways) {
  return R"(group P(200) {
    equations {
        dv/dt = -v/(10 ms) : volt
    }
    threshold: v > 10 mV
    reset: v = 0 mV
    init: v = rand()*12 mV
}
synapses S(P -> P) {
    equations {
        w : volt
    }
)" + pathways +
         R"(
    connect: p = 0.1
    init: w = 1 mV
}
)";
}

NetworkInstance build(std::shared_ptr<const ir::Model> model) {
  return buildNetwork(std::move(model), {.seed = 3, .threads = 1});
}

// The index `begin`/`synapses` lists, for each element, the synapses whose `ends` is it, in
// synapse order (an empty `synapses` is the identity, lsm::Connectivity).
void expectIndexOf(const std::vector<std::int32_t>& ends, const std::vector<std::int64_t>& begin,
                   std::vector<std::int32_t> synapses, const std::string& what) {
  ASSERT_EQ(begin.size(), 201u) << what;
  if (synapses.empty()) {
    synapses.resize(ends.size());
    std::iota(synapses.begin(), synapses.end(), 0);
  }
  ASSERT_EQ(synapses.size(), ends.size()) << what;
  for (std::size_t e = 0; e < 200; ++e) {
    std::vector<std::int32_t> expected;
    for (std::size_t k = 0; k < ends.size(); ++k)
      if (ends[k] == static_cast<std::int32_t>(e)) expected.push_back(static_cast<std::int32_t>(k));
    std::vector<std::int32_t> indexed(synapses.begin() + begin[e], synapses.begin() + begin[e + 1]);
    EXPECT_EQ(indexed, expected) << what << ", element " << e;
  }
}

TEST(PlanIndices, OnPreAloneBuildsTheIndexBySourceOnly) {
  NetworkInstance network = build(test::compileModel(modelWith("    on_pre: v += w")));
  const Connectivity& c = *network.connectivity.at("S");
  EXPECT_GT(c.pre.size(), 2000u);
  expectIndexOf(c.pre, c.outgoingBegin, c.outgoing, "by source");
  EXPECT_TRUE(c.incomingBegin.empty());
  EXPECT_TRUE(c.incoming.empty());
  // The network runs (its plan reads only what was built).
  Simulation simulation(network);
  simulation.run(100);
}

// The builder gives the index by source of the synapses it draws row by row as it joins the
// rows (completeInstance builds it only for explicit pairs): the same index, for each form of
// connect and any number of threads.
TEST(PlanIndices, TheIndexBySourceOfEveryConnectFormIsTheSynapsesOfEachSource) {
  const std::vector<std::string> connects{
      "condition = i < 150, p = 0.1",
      "condition = i != j, p = 0.1",
      "condition = i >= 190",
      "p = 0.1, n = 2",
      "j = (i + 1) % N_post",
      "j = k for k in range(i - 2, i + 3) if k != i and k >= 0 and k < N_post",
      "one_to_one",
      "i = [5, 1, 3, 1], j = [3, 4, 0, 2]",
      "condition = i > 1000, p = 0.5",
  };
  for (const std::string& connect : connects) {
    std::string text = modelWith("    on_pre: v += w");
    text.replace(text.find("p = 0.1"), 7, connect);
    auto model = test::compileModel(text);
    for (int threads : {1, 2}) {
      NetworkInstance network =
          buildNetwork(model, {.seed = 3, .threads = threads, .parallelWork = 0});
      const Connectivity& c = *network.connectivity.at("S");
      const std::string what = connect + ", " + std::to_string(threads) + " threads";
      expectIndexOf(c.pre, c.outgoingBegin, c.outgoing, what);
      // Drawn row by row, the synapses are in source order: their numbers are not stored.
      // Explicit pairs out of that order are.
      EXPECT_EQ(c.outgoing.empty(), connect.rfind("i = [", 0) != 0) << what;
    }
  }
}

TEST(PlanIndices, OnPostBuildsTheIndexByTarget) {
  NetworkInstance network =
      build(test::compileModel(modelWith("    on_pre: v += w\n    on_post: w = 2 mV")));
  const Connectivity& c = *network.connectivity.at("S");
  expectIndexOf(c.pre, c.outgoingBegin, c.outgoing, "by source");
  expectIndexOf(c.post, c.incomingBegin, c.incoming, "by target");
}

TEST(PlanIndices, AModelWithoutAPlanGetsBothIndices) {
  test::Compiled compiled = test::compileText(modelWith("    on_pre: v += w"));
  ASSERT_TRUE(compiled.ok()) << compiled.diagnostics;
  ir::Model withoutPlan = compiled.model();
  withoutPlan.plan = nullptr;  // as a model compiled only to be checked
  auto model = std::make_shared<const ir::Model>(std::move(withoutPlan));
  NetworkInstance network = build(model);
  const Connectivity& c = *network.connectivity.at("S");
  expectIndexOf(c.pre, c.outgoingBegin, c.outgoing, "by source");
  expectIndexOf(c.post, c.incomingBegin, c.incoming, "by target");
}

// Brian2's order (by source, then target) ascends by target within each source's synapses;
// a source whose targets descend somewhere does not, though its synapses are still in order.
TEST(PlanIndices, WhetherEachSourcesTargetsAscendIsFound) {
  NetworkInstance network = build(test::compileModel(modelWith("    on_pre: v += w")));
  const Connectivity& c = *network.connectivity.at("S");
  EXPECT_TRUE(eachElementAscending(c.outgoingBegin, c.outgoing, c.post));
  // Element 0: targets 3, 5, 5 (ascending, with a repeat); element 1: 4, 2; element 2: none.
  const std::vector<std::int32_t> targets{3, 5, 5, 4, 2};
  EXPECT_TRUE(eachElementAscending({0, 3, 3, 3}, {0, 1, 2}, targets));
  EXPECT_TRUE(eachElementAscending({0, 3, 4, 5}, {0, 1, 2, 3, 4}, targets));
  EXPECT_FALSE(eachElementAscending({0, 3, 5, 5}, {0, 1, 2, 3, 4}, targets));
  EXPECT_FALSE(eachElementAscending({0, 2}, {1, 0}, targets));
  // The identity (no synapse numbers): element 0's synapses 0, 1, 2, element 1's 3, 4.
  EXPECT_TRUE(eachElementAscending({0, 3, 3, 3}, {}, targets));
  EXPECT_FALSE(eachElementAscending({0, 3, 5, 5}, {}, targets));
  EXPECT_TRUE(eachElementAscending({0, 1, 2, 3, 4, 5}, {}, targets));
}

TEST(PlanIndices, APlanThatReadsAnIndexTheNetworkLacksIsRefused) {
  NetworkInstance network = build(test::compileModel(modelWith("    on_pre: v += w")));
  // The same network given a plan with on_post: its index by target was not built.
  auto withPost = test::compileModel(modelWith("    on_pre: v += w\n    on_post: w = 2 mV"));
  network.model = withPost;
  try {
    Simulation simulation(network);
    ADD_FAILURE() << "a simulation on a missing index";
  } catch (const std::logic_error& error) {
    EXPECT_NE(std::string(error.what()).find("without the index by target"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace lsm
