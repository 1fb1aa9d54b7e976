// The network does not depend on the number of threads that build it: rows of every connect
// form, group and subgroup initialisations and per-synapse initialisations and delays draw
// from streams keyed by what they draw for, and the threads' results join in order. 1, 2 and
// 8 threads give the same arrays, and the same error for a model that fails late.
#include <gtest/gtest.h>

#include <string>

#include "compile_text.hpp"
#include "lsm/network.hpp"
#include "same_network.hpp"

namespace lsm {
namespace {

// Blocks of rows, elements and synapses are a 256th of each (at least one), so that these
// sizes give every thread many blocks.
const char* model = R"(N_CELLS = 1500
group P(N_CELLS) {
    equations {
        dv/dt = -v/(10 ms) : volt
        x : 1 (constant)
        phase : 1
        scale : 1 (shared)
    }
    threshold: v > 10 mV
    reset: v = 0 mV
    init {
        v = rand()*10 mV
        x = i / N_CELLS
        let k = permutation(i)
        phase = k + normal(0, 1)
        scale += 1
    }
}
subgroup Q = P[:700] {
    init {
        v = 5 mV + rand()*mV
    }
}
synapses rows(P -> P) {
    on_pre: v += 1 mV
    connect: condition = i < 1000, p = 0.02
}
synapses rows_per_target(P -> P) {
    on_pre: v += 1 mV
    connect: condition = i != j, p = 0.01 + 0.01*x_pre
}
synapses pairs(P -> P) {
    equations {
        w : volt
        u : 1
    }
    on_pre: v += w
    on_post: u = 0.5
    connect: p = 0.02*exp(-abs(i - j)/500.0)
    delay: uniform(0.5 ms, 1.5 ms)
    init {
        w = 0.5 mV*rand()
        u = 0.25
    }
}
synapses same_delay(P -> P) {
    equations {
        w : volt
    }
    on_pre: v += w
    on_post: w = 1 mV
    connect: j = k for k in sample(N_post, p=0.01) if x_post > x_pre, n = 2
    delay: 1 ms
    init: w = 1 mV
}
synapses targets(P -> P) {
    on_pre: v += 1 mV
    connect: j = (7*i) % N_post
}
synapses ranges(P -> P) {
    on_pre: v += 1 mV
    connect: j = k for k in range(i - 2, i + 3) if k != i and k >= 0 and k < N_post
}
synapses diagonal(P -> P) {
    on_pre: v += 1 mV
    connect: j = i, p = 0.5
}
)";

NetworkInstance build(const std::string& text, int threads) {
  auto compiled = test::compileText(text);
  EXPECT_TRUE(compiled.ok()) << compiled.diagnostics;
  auto shared = std::make_shared<const ir::Model>(compiled.model());
  // Every step on `threads`, however small (parallelWork 0).
  return buildNetwork(shared, {.seed = 5, .threads = threads, .parallelWork = 0});
}

TEST(BuildThreads, OneTwoAndEightThreadsBuildTheSameNetwork) {
  NetworkInstance one = build(model, 1);
  for (const char* name :
       {"rows", "rows_per_target", "pairs", "same_delay", "targets", "ranges", "diagonal"}) {
    EXPECT_GT(one.connectivity.at(name)->pre.size(), 500u) << name;  // from many blocks of rows
  }
  // The index by target is built where the plan reads it (on_post): its counting sort too
  // is the same on any number of threads.
  for (const char* name : {"pairs", "same_delay"})
    EXPECT_EQ(one.connectivity.at(name)->incomingBegin.size(), 1501u) << name;
  // Every element's init adds to the shared variable, once each, as on one thread.
  EXPECT_EQ(one.groups.at("P").scalars.at("scale"), 1500);
  test::expectSameNetwork(one, build(model, 2), " (2 threads)");
  test::expectSameNetwork(one, build(model, 8), " (8 threads)");
}

std::string buildError(const std::string& text, int threads) {
  try {
    build(text, threads);
  } catch (const BuildError& error) {
    return error.what();
  }
  return "no error";
}

// The error a model meets first row by row (or synapse by synapse), not whichever thread
// fails first.
TEST(BuildThreads, TheFirstErrorIsTheSameForAnyNumberOfThreads) {
  const std::string late = R"(group P(4000) {
    equations {
        v : 1
    }
}
synapses S(P -> P) {
    on_pre: v += 1
    connect: p = 0.01 + 2*clip(i - 3099, 0, 1) + 3*clip(i - 1699, 0, 1)
}
)";
  EXPECT_NE(buildError(late, 1).find("the connection probability is 3.01 for i=1700"),
            std::string::npos)
      << buildError(late, 1);
  const std::string lateDelay = R"(group P(2000) {
    equations {
        v : 1
    }
}
synapses S(P -> P) {
    on_pre: v += 1
    connect: p = 0.05
    delay: (1 - 2*clip(i - 1499, 0, 1) - 2*clip(i - 899, 0, 1))*ms
}
)";
  EXPECT_NE(buildError(lateDelay, 1).find("delays must be finite and not negative"),
            std::string::npos)
      << buildError(lateDelay, 1);
  for (int threads : {2, 8}) {
    EXPECT_EQ(buildError(late, threads), buildError(late, 1)) << threads << " threads";
    EXPECT_EQ(buildError(lateDelay, threads), buildError(lateDelay, 1)) << threads << " threads";
  }
}

}  // namespace
}  // namespace lsm
