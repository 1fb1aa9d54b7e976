// Lazy synapses, before/after: model text in, the synapses' IR out; and the repeated squaring
// that advances a linear system over many steps at once.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "compile_text.hpp"
#include "lsm/execution.hpp"

namespace lsm {
namespace {

// A group with one summed input, and synapses onto it written into `synapses`.
std::string model(const std::string& synapses, const std::string& extra = "") {
  return R"(
group g(4) {
    equations {
        dv/dt = (I_syn*10 Mohm - v)/(10 ms) : volt
        I_syn : ampere
    }
    threshold: v > 10 mV
    reset: v = 0 mV
)" + extra +
         R"(}
synapses s(g -> g) {
    equations {
)" + synapses +
         R"(    }
    on_pre: g += 1
    connect: p = 0.5
}
)";
}

const char* decayingConductance = R"(        dg/dt = -g/tau_s : 1 (clock-driven)
        tau_s : second (shared, constant)
        w : ampere (constant)
        I_syn_post = w*g : ampere (summed)
)";

// The synapses' IR from the summed variable on, without the connect/delay/init part.
std::string synapsesOf(const test::Compiled& c) {
  std::string ir = ir::toString(c.model());
  auto begin = ir.find("  summed ");
  if (begin == std::string::npos) begin = ir.find("  on_pre:");
  auto end = ir.find("  connect:", begin);
  std::string out = ir.substr(begin, end - begin);
  auto precomputed = ir.find("  precomputed when built:", end);
  if (precomputed != std::string::npos) {
    out += ir.substr(precomputed, ir.find("\nschedule", precomputed) - precomputed);
  }
  return out;
}

bool isLazy(const test::Compiled& c) {
  return !c.model().synapses[0].catchUp.empty();
}

// Before (see integration_test): every step `let _new_g = _Phi[g,g] * g; g = _new_g`, and the
// sum of w*g over all synapses. After: no step; on_pre catches up and feeds the running sum.
TEST(LazySynapses, DecayingConductanceIsAdvancedAtItsEvents) {
  auto c = test::compileText(model(decayingConductance));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(synapsesOf(c),
            "  summed I_syn_post = w * g : ampere  (running sum _running_I_syn: sets the target, "
            "then decays by _Decay[g])\n"
            "  on_pre:\n"
            "    let _steps = timestep(t + dt - _lastupdate, dt)\n"
            "    advance [g] by _steps steps\n"
            "    _lastupdate = t + dt\n"
            "    let _delta0 = 1\n"
            "    _running_I_syn_post += w * _delta0\n"
            "    g += _delta0\n"
            "  precomputed when built:\n"
            "    _Decay[g] = exp(-1 / tau_s * dt)\n");
  const ir::Synapses& s = c.model().synapses[0];
  EXPECT_TRUE(s.update->statements.empty());
  EXPECT_EQ(s.summed[0].decay, "_Decay[g]");
  EXPECT_EQ(s.summed[0].runningSum, "_running_I_syn");
  EXPECT_FALSE(s.summed[0].decayFirst);  // into a whole group: Brian2 sums before updating
  EXPECT_NE(c.model().groups[0].findVariable("_running_I_syn"), nullptr);
  EXPECT_TRUE(s.findVariable("_Decay[g]")->shared);
  for (const auto& op : c.model().schedule) EXPECT_NE(op.name, "s_stateupdater");
  // Without the pass: Brian2's clock-driven update.
  auto plain = test::compileText(model(decayingConductance), {.lazySynapses = false});
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(isLazy(plain));
  EXPECT_FALSE(plain.model().synapses[0].update->statements.empty());
}

// A constant offset: its part of the step becomes a precomputed offset of the advance.
TEST(LazySynapses, ConstantOffsetBecomesThePowersOffset) {
  auto c = test::compileText(model(R"(        dg/dt = (g0 - g)/tau_s : 1 (clock-driven)
        g0 : 1 (constant)
        tau_s : second (shared, constant)
)"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(synapsesOf(c),
            "  on_pre:\n"
            "    let _steps = timestep(t + dt - _lastupdate, dt)\n"
            "    advance [g] by _steps steps\n"
            "    _lastupdate = t + dt\n"
            "    g += 1\n"
            "  precomputed when built:\n"
            "    _Offset[g] = _Psi[g,g] * (g0 / tau_s)\n");
  ASSERT_TRUE(c.model().synapses[0].catchUp[1].advance);
  EXPECT_EQ(c.model().synapses[0].catchUp[1].advance->offset[0], "_Offset[g]");
}

// `g = value` keeps its value computed once and feeds the running sum the difference.
TEST(LazySynapses, AssignmentFeedsTheRunningSumItsChange) {
  std::string text = model(decayingConductance);
  text.replace(text.find("on_pre: g += 1"), 14, "on_pre: g = clip(g + 0.5, 0, 1)");
  auto c = test::compileText(text);
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  std::string ir = synapsesOf(c);
  EXPECT_NE(ir.find("    let _next0 = clip(g + 0.5, 0, 1)\n"
                    "    let _delta0 = _next0 - g\n"
                    "    _running_I_syn_post += w * _delta0\n"
                    "    g = _next0\n"),
            std::string::npos)
      << ir;
}

// What keeps synapses clock-driven: the summed variable is needed every step or read where a
// running sum would differ from Brian2's, or the step is more than a constant linear system.
TEST(LazySynapses, SynapsesThatNeedTheirStepKeepIt) {
  struct Case {
    const char* why;
    std::string text;
  };
  const std::string perSynapseRate = R"(        dg/dt = -g/tau_s : 1 (clock-driven)
        tau_s : second (constant)
        w : ampere (constant)
        I_syn_post = w*g : ampere (summed)
)";
  const std::string driven = R"(        dg/dt = (h - g)/(5 ms) : 1 (clock-driven)
        dh/dt = -h/(2 ms) : 1 (clock-driven)
        I_syn_post = g*1 nA : ampere (summed)
)";
  const std::string readsPost = R"(        dg/dt = -g/(5 ms) : 1 (clock-driven)
        I_syn_post = g*v_post/(1 V)*1 nA : ampere (summed)
)";
  const std::string changingOffset = R"(        dg/dt = (a - g)/(5 ms) : 1 (clock-driven)
        a : 1
)";
  const std::string euler = R"(        dg/dt = -g/(5 ms) : 1 (clock-driven)
        I_syn_post = g*1 nA : ampere (summed)
)";
  std::string offsetWritten = model(changingOffset);
  offsetWritten.replace(offsetWritten.find("on_pre: g += 1"), 14, "on_pre: a += 1");
  std::string eulerText = model(euler);
  eulerText.replace(eulerText.find("    }\n    on_pre"), 6, "    }\n    method: euler\n");
  const Case cases[] = {
      {"decay differs per synapse", model(perSynapseRate)},
      {"summed state driven by another", model(driven)},
      {"factor reads a neuron variable", model(readsPost)},
      {"offset written by events", offsetWritten},
      {"not integrated exactly", eulerText},
  };
  for (const Case& k : cases) {
    std::string text = k.text;
    auto c = test::compileText(text);
    ASSERT_TRUE(c.ok()) << k.why << "\n" << c.diagnostics << text;
    EXPECT_FALSE(isLazy(c)) << k.why;
    EXPECT_FALSE(c.model().synapses[0].update->statements.empty()) << k.why;
  }
}

// Brian2 runs a summed variable into a whole group before the synapses' update (order -1),
// and one into a subgroup after it (both order 0, sorted by name): the running sum sets the
// target before or after the step's decay accordingly.
TEST(LazySynapses, RunningSumFollowsBrian2sOrderOfUpdateAndSum) {
  std::string text = model(decayingConductance);
  text.replace(text.find("synapses s(g -> g)"), 18, "subgroup low = g[0:2]\nsynapses s(g -> low)");
  auto c = test::compileText(text);
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  ASSERT_TRUE(isLazy(c));
  EXPECT_TRUE(c.model().synapses[0].summed[0].decayFirst);
  auto whole = test::compileText(model(decayingConductance));
  ASSERT_TRUE(whole.ok());
  EXPECT_FALSE(whole.model().synapses[0].summed[0].decayFirst);
}

// Synapses without summed variables, whose state only their events read, are lazy too.
TEST(LazySynapses, StateReadOnlyByEventsIsLazy) {
  std::string text = model(R"(        dg/dt = -g/(5 ms) : 1 (clock-driven)
)");
  text.replace(text.find("on_pre: g += 1"), 14,
               "on_pre {\n        v_post += g*1 mV\n        g += 1\n    }");
  auto c = test::compileText(text);
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_TRUE(isLazy(c));
  EXPECT_EQ(c.model().synapses[0].onPre[1].kind, ir::Statement::Kind::advance);
}

// Repeated squaring against stepping one step at a time: a coupled system with an offset,
// over 0 to 6000 steps.
TEST(LazySynapses, RepeatedSquaringMatchesStepping) {
  const std::size_t n = 3;
  const std::vector<bool> pattern = {true, true, true, false, true, true, false, false, true};
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> diagonal(0.95, 0.9999), other(-0.02, 0.02);
  double worst = 0;
  for (std::int64_t steps : {0, 1, 2, 3, 7, 15, 16, 100, 1234, 5000, 6000}) {
    std::vector<double> phi(n * n, 0.0), offset = {other(random), 0.0, other(random)};
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        if (pattern[i * n + j]) phi[i * n + j] = i == j ? diagonal(random) : other(random);
    std::vector<double> x = {0.3, -0.2, 0.9}, stepped = x;
    for (std::int64_t k = 0; k < steps; ++k) {
      std::vector<double> next(n);
      for (std::size_t i = 0; i < n; ++i) {
        next[i] = offset[i];
        for (std::size_t j = 0; j < n; ++j) next[i] += phi[i * n + j] * stepped[j];
      }
      stepped = next;
    }
    ir::advanceAffine(n, pattern, phi, offset, x, steps);
    for (std::size_t i = 0; i < n; ++i) {
      double error = std::fabs(x[i] - stepped[i]) / (1 + std::fabs(stepped[i]));
      worst = std::max(worst, error);
      if (steps == 0) {
        EXPECT_EQ(x[i], stepped[i]);
      }
    }
  }
  EXPECT_LT(worst, 1e-13);
  std::printf("repeated squaring vs stepping: worst relative difference %.2g\n", worst);
}

}  // namespace
}  // namespace lsm
