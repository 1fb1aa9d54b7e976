// A group's subexpression read by synapses (`idx_post`, `idx_pre`) stands as its definition
// there; the group's own index i and size N in it are the group's, not the synapse's (a
// silent difference from Brian2 before: i was the synapse's source index, N the synapse
// count).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../support/compile_text.hpp"
#include "lsm/frontend.hpp"
#include "lsm/network.hpp"
#include "lsm/simulation.hpp"
#include "lsm/simulation_run.hpp"

namespace lsm {
namespace {

std::shared_ptr<const ir::Model> compile(const std::string& text) {
  return test::compileModel(text);
}

// Brian2 2.5.1 (numpy target) on the same network:
//   src = NeuronGroup(1, 'u : 1', threshold='t > 0.15*ms and t < 0.25*ms', reset='')
//   g = NeuronGroup(6, '''v : 1
//                         idx = 1.0*i : 1
//                         n = 1.0*N : 1''',
//                   threshold='t > 0.35*ms and t < 0.45*ms and i >= 3', reset='')
//   s = Synapses(src, g[2:5], on_pre='v_post += idx_post + 100*n_post'); s.connect()
//   s2 = Synapses(src, g, 'w : 1', on_pre='w += idx_post'); s2.connect()
//   back = Synapses(g[3:6], src, 'x : 1', on_pre='x += idx_pre + n_pre'); back.connect()
//   run(1*ms)
// gives g.v = [0, 0, 602, 603, 604, 0], s2.w = [0, 1, 2, 3, 4, 5] and back.x = [9, 10, 11].
TEST(SubexpressionIndices, AGroupsIndexAndSizeAreItsOwnInSynapticCode) {
  auto model = compile(R"(
group src(1) {
    equations {
        u : 1
    }
    threshold: t > 0.15*ms and t < 0.25*ms
}
group g(6) {
    equations {
        v : 1
        idx = 1.0*i : 1
        n = 1.0*N : 1
    }
    threshold: t > 0.35*ms and t < 0.45*ms and i >= 3
}
subgroup sub = g[2:5]
subgroup upper = g[3:6]
synapses s(src -> sub) {
    on_pre: v_post += idx_post + 100*n_post
    connect: all_to_all
}
synapses s2(src -> g) {
    equations {
        w : 1
    }
    on_pre: w += idx_post
    connect: all_to_all
}
synapses back(upper -> src) {
    equations {
        x : 1
    }
    on_pre: x += idx_pre + n_pre
    connect: all_to_all
}
)");
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  for (bool jit : {false, true}) {
    Simulation sim(network, jit ? CompiledModel::compile(*model) : nullptr);
    sim.startTrial(1);
    sim.runFor(1e-3);
    const char* backend = jit ? "JIT" : "interpreter";
    EXPECT_EQ(sim.state().groups.at("g").arrays.at("v"), (VariableArray{0, 0, 602, 603, 604, 0}))
        << backend;
    EXPECT_EQ(sim.state().synapses.at("s2").arrays.at("w"), (VariableArray{0, 1, 2, 3, 4, 5}))
        << backend;
    // g's elements 3, 4, 5 (upper's 0, 1, 2) spike once: i is g's index, N its size.
    EXPECT_EQ(sim.state().synapses.at("back").arrays.at("x"), (VariableArray{9, 10, 11}))
        << backend;
  }
}

// Brian2 2.5.1 (numpy target):
//   g = NeuronGroup(6, '''v : 1
//                         idx = 1.0*i + 0.01*N : 1''')
//   s = Synapses(g[0:2], g[2:5], 'w : 1')
//   s.connect(condition='idx_post > 2.5 and idx_pre < 0.5'); s.w = 'idx_post*10 + idx_pre'
// gives s.i = [0, 0], s.j = [1, 2], s.w = [30.66, 40.66] (an internal error in lsmc before:
// the connection rule and init looked the name up among the stored variables).
TEST(SubexpressionIndices, ConnectionRulesAndInitialisationsReadSubexpressionsOfTheEnds) {
  auto model = compile(R"(
group g(6) {
    equations {
        v : 1
        idx = 1.0*i + 0.01*N : 1
    }
}
subgroup low = g[0:2]
subgroup middle = g[2:5]
synapses s(low -> middle) {
    equations {
        w : 1
    }
    connect: condition = idx_post > 2.5 and idx_pre < 0.5
    init {
        w = idx_post*10 + idx_pre
    }
}
)");
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  EXPECT_EQ(network.connectivity.at("s")->pre, (std::vector<std::int32_t>{0, 0}));
  EXPECT_EQ(network.connectivity.at("s")->post, (std::vector<std::int32_t>{3, 4}));  // group-wide
  const double idxPre = 0.01 * 6;  // idx of g's element 0: 1.0*0 + 0.01*N
  EXPECT_EQ(network.synapses.at("s").arrays.at("w"),
            (VariableArray{(3 + idxPre) * 10 + idxPre, (4 + idxPre) * 10 + idxPre}));
}

// Brian2 2.5.1 (numpy target):
//   g = NeuronGroup(6, '''v : 1
//                         u : 1
//                         twice = 2*i + 0.1*N : 1''')
//   sub = g[2:5]; sub.v = 'twice'; sub.u = 'i'
//   s = Synapses(g, g, '''w : 1
//                         x : 1
//                         own = 2*w + i + 10*j : 1''')
//   s.connect(condition='i == 1'); s.w = 1; s.x = 'own'
// gives g.v = [0, 0, 4.6, 6.6, 8.6, 0], g.u = [0, 0, 0, 1, 2, 0], s.x = [3, 13, ..., 53]: in a
// subgroup's init the group's subexpression sees the group's i and N, a bare i the subgroup's.
// (Initialisations reading their own object's subexpressions were an internal error.)
TEST(SubexpressionIndices, InitialisationsReadTheirOwnSubexpressions) {
  auto model = compile(R"(
group g(6) {
    equations {
        v : 1
        u : 1
        twice = 2*i + 0.1*N : 1
    }
}
subgroup sub = g[2:5] {
    init {
        v = twice
        u = i
    }
}
synapses s(g -> g) {
    equations {
        w : 1
        x : 1
        early : 1
        own = 2*w + i + 10*j : 1
    }
    connect: condition = i == 1
    init {
        early = own
        w = 1
        x = own
    }
}
)");
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  const double n = 0.1 * 6;
  EXPECT_EQ(network.groups.at("g").arrays.at("v"),
            (VariableArray{0, 0, 2 * 2 + n, 2 * 3 + n, 2 * 4 + n, 0}));
  EXPECT_EQ(network.groups.at("g").arrays.at("u"), (VariableArray{0, 0, 0, 1, 2, 0}));
  EXPECT_EQ(network.synapses.at("s").arrays.at("x"), (VariableArray{3, 13, 23, 33, 43, 53}));
  // `early` reads w before `w = 1` for every synapse (w = 1 is not computed once and copied
  // ahead of the statements that read it through `own`).
  EXPECT_EQ(network.synapses.at("s").arrays.at("early"), (VariableArray{1, 11, 21, 31, 41, 51}));
}

// Synapses' trial_init runs when a trial starts (it was silently skipped), and it and the
// assignments between runs read subexpressions as init does (an internal error before).
TEST(SubexpressionIndices, TrialInitAndAssignmentsBetweenRunsReadSubexpressions) {
  auto model = compile(R"(
group g(3) {
    equations {
        v : 1
        u : 1
        twice = 2*i + u : 1
    }
    trial_init {
        v = twice
    }
}
synapses s(g -> g) {
    equations {
        w : 1
        x : 1
        own = w + 100*j : 1
    }
    connect: all_to_all
    trial_init {
        w = 5 + j
        x = own + twice_pre
    }
}
monitor m = state(g, u)
monitor m2 = state(s, w, x)
experiment {
    run(0.1 ms)
    g.u = twice + 1
    s.w = twice_post
    s.x = own
    run(0.1 ms)
}
)");
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  // Synapse k connects i = k / 3 to j = k % 3; twice of element e is 2 e + u (u = 0 first):
  // x = 5 + j + 100 j + 2 i after trial_init.
  for (bool jit : {false, true}) {
    SimulationResult out = runSimulation(network, jit ? CompiledModel::compile(*model) : nullptr,
                                         SimulationSettings::fromModel(*model));
    const auto& first = out.states.at("m2").values.at("x").at(0);
    const std::vector<double> expectedFirst{5, 106, 207, 7, 108, 209, 9, 110, 211};
    EXPECT_EQ(first, expectedFirst) << (jit ? "JIT" : "interpreter");
    EXPECT_EQ(out.states.at("m").values.at("u").back(), (std::vector<double>{1, 3, 5}));
    EXPECT_EQ(out.states.at("m2").values.at("w").back(),
              (std::vector<double>{1, 5, 9, 1, 5, 9, 1, 5, 9}));
    EXPECT_EQ(out.states.at("m2").values.at("x").back(),
              (std::vector<double>{1, 105, 209, 1, 105, 209, 1, 105, 209}));
  }
}

// A state monitor of a synapses' subexpression that reads a subexpression of the target group
// (an internal error before: the monitor looked the name up among the stored variables).
TEST(SubexpressionIndices, MonitorsReadTheSubexpressionsOfTheSynapsesEnds) {
  auto model = compile(R"(
group cells(3) {
    equations {
        v : 1
        twice = 2*v + 10*i + 100*N : 1
    }
    init {
        v = i
    }
}
subgroup upper = cells[1:3]
synapses s(cells -> upper) {
    equations {
        seen = twice_post + twice_pre/1000 : 1
    }
    connect: condition = i != j
}
monitor m = state(s, seen)
)");
  ASSERT_TRUE(model);
  NetworkInstance network = buildNetwork(model, {.seed = 1});
  Simulation sim(network);
  sim.startTrial(1);
  sim.run(1);
  // Pairs (i, j) with j of upper (cells 1 and 2): (0, 1) (1, 0) (2, 0) (2, 1), that is cells
  // 0 -> 2, 1 -> 1, 2 -> 1, 2 -> 2; twice of cell k is 12 k + 300.
  const auto& seen = sim.states("m").values.at("seen").at(0);
  EXPECT_EQ(seen, (std::vector<double>{324 + 300 / 1000.0, 312 + 312 / 1000.0, 312 + 324 / 1000.0,
                                       324 + 324 / 1000.0}));
}

}  // namespace
}  // namespace lsm
