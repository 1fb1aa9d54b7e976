// The integration pass, before/after: model text in, the group's update out.
#include <gtest/gtest.h>

#include "compile_text.hpp"

namespace lsm {
namespace {

// The part of the IR from a group's first `linear system` or `step:` on.
std::string updateOf(const test::Compiled& c) {
  std::string ir = ir::toString(c.model());
  auto begin = ir.find("  linear system");
  if (begin == std::string::npos) begin = ir.find("  step:");
  if (begin == std::string::npos) return "";
  auto end = ir.find("\nschedule", begin);  // the schedule pass's part follows
  return ir.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

std::string group(const std::string& equations, const std::string& settings) {
  return "group g(2) {\n    equations {\n" + equations + "    }\n" + settings + "}\n";
}

TEST(Integration, ExactScalarDecayGetsSharedCoefficients) {
  auto c =
      test::compileIntegrated(group("        dv/dt = (E - v)/tau : volt\n"
                                    "        E : volt (shared, constant)\n"
                                    "        tau : second (shared, constant)\n",
                                    "    method: exact\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(updateOf(c),
            "  linear system [v]: coefficients shared\n"
            "    M[v,v] = -1 / tau\n"
            "  step:\n"
            "    let _B_v = E / tau\n"
            "    let _new_v = _Phi[v,v] * v + _Psi[v,v] * _B_v\n"
            "    v = _new_v\n");
}

TEST(Integration, CoupledSystemsAreSolvedJointlyAndIndependentOnesApart) {
  auto c =
      test::compileIntegrated(group("        dI/dt = -I/tau_s : ampere\n"
                                    "        dv/dt = (R*I - v)/tau_m : volt\n"
                                    "        dw/dt = -w/tau_m : 1\n"
                                    "        R : ohm (constant)\n"
                                    "        tau_s : second (constant)\n"
                                    "        tau_m : second (shared, constant)\n",
                                    ""));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(updateOf(c),
            "  linear system [I, v]: coefficients per element\n"
            "    M[I,I] = -1 / tau_s\n"
            "    M[v,I] = R / tau_m\n"
            "    M[v,v] = -1 / tau_m\n"
            "  linear system [w]: coefficients shared\n"
            "    M[w,w] = -1 / tau_m\n"
            "  step:\n"
            "    let _new_I = _Phi[I,I] * I\n"
            "    let _new_v = _Phi[v,I] * I + _Phi[v,v] * v\n"
            "    let _new_w = _Phi[w,w] * w\n"
            "    I = _new_I\n"
            "    v = _new_v\n"
            "    w = _new_w\n");
}

TEST(Integration, RefractorinessFollowsBrian2) {
  auto c = test::compileIntegrated(group("        dv/dt = -v/(10 ms) : volt (unless refractory)\n",
                                         "    threshold: v > 1 mV\n    refractory: 2 ms\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  const auto& g = c.model().groups[0];
  EXPECT_EQ(ir::toString(*g.threshold), "v > 0.001 volt and not_refractory");
  EXPECT_EQ(ir::toString(g.update->statements[0].value),
            "timestep(t - lastspike, dt) >= timestep(0.002 second, dt)");
  EXPECT_EQ(g.update->statements.back().condition.has_value(), true);
  ASSERT_EQ(g.onSpike.size(), 2u);
  EXPECT_EQ(g.init[0].target, "lastspike");
  EXPECT_EQ(g.init[0].value.value, -1e4);
}

TEST(Integration, RefractoryVariantWhenAFreeVariableFollowsAFrozenOne) {
  auto c =
      test::compileIntegrated(group("        dv/dt = -v/(10 ms) : volt (unless refractory)\n"
                                    "        da/dt = (v/mV - a)/(100 ms) : 1\n",
                                    "    threshold: v > 1 mV\n    refractory: 2 ms\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  std::string update = updateOf(c);
  EXPECT_NE(update.find("coefficients shared, with a refractory variant"), std::string::npos);
  EXPECT_NE(update.find("let _new_a = _Phi[a,v] * v + _Phi[a,a] * a if not_refractory else "
                        "_PhiR[a,v] * v + _PhiR[a,a] * a"),
            std::string::npos)
      << update;
  EXPECT_NE(update.find("v[not_refractory] = _new_v"), std::string::npos);
}

TEST(Integration, RefractoryVariantIgnoresTheFrozenOffset) {
  // While refractory, dv/dt (offset included) is multiplied by not_refractory in Brian2, so
  // the refractory branch of the free variable w has no Psi term for v's offset.
  auto c = test::compileIntegrated(
      group("        dv/dt = (1 mV - v)/(10 ms) : volt (unless refractory)\n"
            "        dw/dt = (v/mV - w)/(100 ms) : 1\n",
            "    threshold: v > 0.5 mV\n    refractory: 2 ms\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  std::string update = updateOf(c);
  EXPECT_NE(update.find("if not_refractory else _PhiR[w,v] * v + _PhiR[w,w] * w\n"),
            std::string::npos)
      << update;
}

TEST(Integration, BooleanRefractoryOnlyEndsRefractoriness) {
  auto c = test::compileIntegrated(group("        dv/dt = -v/(10 ms) : volt (unless refractory)\n",
                                         "    threshold: v > 1 mV\n    refractory: v > 0.5 mV\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(ir::toString(c.model().groups[0].update->statements[0].value),
            "not_refractory or not v > 0.0005 volt");
}

TEST(Integration, SynapticWritesToFrozenVariablesWaitForTheRefractoryPeriod) {
  auto c = test::compileIntegrated(std::string(test::lifGroup) + R"(
synapses s(neurons -> neurons) {
    equations {
        w : volt (constant)
    }
    on_pre: v_post += w
    connect: p = 0.5
}
)");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  const auto& onPre = c.model().synapses[0].onPre;
  ASSERT_TRUE(onPre[0].condition.has_value());
  EXPECT_EQ(ir::toString(*onPre[0].condition), "not_refractory_post");
}

TEST(Integration, VaryingScalarCoefficientUsesPhi1EachStep) {
  auto c =
      test::compileIntegrated(group("        dv/dt = -g*v/(200 pF) : volt\n"
                                    "        g : siemens\n",
                                    "    reset: g = 1 nS\n    threshold: v > 1 mV\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(updateOf(c),
            "  step:\n"
            "    let _new_v = v + (-g / (2e-10 farad) * v * dt * phi1(-g / (2e-10 farad) * dt))\n"
            "    v = _new_v\n");
}

TEST(Integration, ExactRejectsNonLinearEquations) {
  auto c = test::compileIntegrated(
      group("        dv/dt = v**2/(10 mV * 10 ms) : volt\n", "    method: exact\n"));
  EXPECT_EQ(c.firstError(),
            "'exact' cannot integrate dv/dt in group 'g': the term 'v ** 2' is not linear in the "
            "state variables; use euler, rk2 or rk4");
  auto d = test::compileIntegrated(group(
      "        dv/dt = -v*u/(10 ms) : 1\n        du/dt = -u/(5 ms) : 1\n", "    method: exact\n"));
  EXPECT_EQ(d.firstError(),
            "'exact' cannot integrate dv/dt in group 'g': the term '-v * u' is not linear in the "
            "state variables; use euler, rk2 or rk4 (or exponential_euler)");
}

TEST(Integration, ExactRejectsTimeVaryingEquations) {
  auto c = test::compileIntegrated(
      group("        dv/dt = (sin(t/ms)*mV - v)/(10 ms) : volt\n", "    method: exact\n"));
  EXPECT_EQ(
      c.firstError(),
      "'exact' cannot integrate dv/dt in group 'g': 'sin(t / (0.001 second)) * (0.001 volt) / "
      "(0.01 second)' changes with time t; use euler, rk2, rk4 or exponential_euler");
}

TEST(Integration, ExactRejectsCoupledVaryingCoefficients) {
  auto c =
      test::compileIntegrated(group("        dv/dt = -g*v/(200 pF) + w/(10 ms) : volt\n"
                                    "        dw/dt = -w/(10 ms) : volt\n"
                                    "        g : siemens\n",
                                    "    reset: g = 1 nS\n    threshold: v > 1 mV\n"
                                    "    method: exact\n"));
  EXPECT_EQ(c.firstError(),
            "'exact' cannot integrate the coupled equations of v, w in group 'g': the coefficient "
            "'-g / (2e-10 farad)' changes during the run; use exponential_euler, rk2 or rk4");
}

// Where the model names no method, the first of Brian2's default list (exact, euler, heun)
// that integrates the equations.
TEST(Integration, ChoosesTheMethodAsBrian2) {
  auto chosen = [](const std::string& equations) {
    auto c = test::compileIntegrated(group(equations, ""));
    EXPECT_TRUE(c.ok()) << c.diagnostics;
    return c.ok() ? std::string(ir::spelling(c.model().groups[0].method)) : std::string();
  };
  EXPECT_EQ(chosen("        dv/dt = -v/(10 ms) : volt\n"), "exact");
  EXPECT_EQ(chosen("        dv/dt = v**2/(10 mV * 10 ms) : volt\n"), "euler");
  EXPECT_EQ(chosen("        dv/dt = (sin(t/ms)*mV - v)/(10 ms) : volt\n"), "euler");
  EXPECT_EQ(chosen("        dv/dt = (-v + mV*sqrt(10 ms)*xi)/(10 ms) : volt\n"), "euler");
  EXPECT_EQ(chosen("        dv/dt = -v/(10 ms) + v*xi/sqrt(10 ms) : 1\n"), "heun");
  // The attempt with exact leaves no coefficients behind when it fails.
  auto c = test::compileIntegrated(group("        dv/dt = v**2/(10 mV * 10 ms) : volt\n", ""));
  for (const auto& v : c.model().groups[0].variables)
    EXPECT_EQ(v.name.rfind("_Phi", 0), std::string::npos);
}

TEST(Integration, UnlessRefractoryNeedsARefractoryPeriod) {
  auto c =
      test::compileIntegrated(group("        dv/dt = -v/(10 ms) : volt (unless refractory)\n", ""));
  EXPECT_EQ(c.firstError(),
            "dv/dt is '(unless refractory)', but group 'g' has no 'refractory:' setting");
}

TEST(Integration, Euler) {
  auto c = test::compileIntegrated(
      group("        dv/dt = v**2/(10 mV * 10 ms) : volt\n", "    method: euler\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(updateOf(c),
            "  step:\n"
            "    let _k_v = dt * (v ** 2 / (0.01 volt * (0.01 second)))\n"
            "    let _new_v = v + _k_v\n"
            "    v = _new_v\n");
}

TEST(Integration, MidpointRk2) {
  auto c = test::compileIntegrated(
      group("        dv/dt = v**2/(10 mV * 10 ms) + t*mV/ms**2 : volt\n", "    method: rk2\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_EQ(updateOf(c),
            "  step:\n"
            "    let _k_v = dt * (v ** 2 / (0.01 volt * (0.01 second)) + t * (0.001 volt) / "
            "(0.001 second) ** 2)\n"
            "    let _new_v = v + dt * ((v + 0.5 * _k_v) ** 2 / (0.01 volt * (0.01 second)) + (t + "
            "0.5 * dt) * (0.001 volt) / (0.001 second) ** 2)\n"
            "    v = _new_v\n");
}

TEST(Integration, Rk4HasFourStages) {
  auto c =
      test::compileIntegrated(group("        dv/dt = -v/(10 ms) + w/(10 ms) : 1\n"
                                    "        dw/dt = -v*w/(5 ms) : 1\n",
                                    "    method: rk4\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  std::string update = updateOf(c);
  for (const char* stage : {"let _k1_v", "let _k2_w", "let _k3_v", "let _k4_w"}) {
    EXPECT_NE(update.find(stage), std::string::npos) << stage;
  }
  EXPECT_NE(update.find("let _new_v = v + (_k1_v + 2 * _k2_v + (2 * _k3_v + _k4_v)) / 6"),
            std::string::npos)
      << update;
}

TEST(Integration, ExponentialEulerIsConditionallyLinear) {
  auto c =
      test::compileIntegrated(group("        dv/dt = (g*(E - v) - v)/(10 ms) : volt\n"
                                    "        dg/dt = -g/(5 ms) : 1\n"
                                    "        E : volt (shared, constant)\n",
                                    "    method: exponential_euler\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_NE(updateOf(c).find("let _new_v = v + (g * (E - v) - v) / (0.01 second) * dt * "
                             "phi1((-g - 1) / (0.01 second) * dt)"),
            std::string::npos)
      << updateOf(c);
  auto d = test::compileIntegrated(
      group("        dv/dt = v**2/(10 mV*10 ms) : volt\n", "    method: exponential_euler\n"));
  EXPECT_EQ(d.firstError(),
            "'exponential_euler' cannot integrate dv/dt in group 'g': the term 'v ** 2' is not "
            "linear in 'v'; use euler, rk2 or rk4");
}

TEST(Integration, EventDrivenEquationsRunWhenSpikesArrive) {
  auto c = test::compileIntegrated(std::string(test::lifGroup) + R"(
synapses s(neurons -> neurons) {
    equations {
        dtrace/dt = -trace/(20 ms) : 1 (event-driven)
    }
    on_pre: trace += 1
    connect: p = 0.5
}
)");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  const auto& s = c.model().synapses[0];
  ASSERT_EQ(s.onPre.size(), 5u);
  EXPECT_EQ(ir::toString(s.onPre[0].value), "t - lastupdate");
  EXPECT_EQ(
      ir::toString(s.onPre[1].value),
      "trace + (-1 / (0.02 second) * trace * _elapsed * phi1(-1 / (0.02 second) * _elapsed))");
  EXPECT_EQ(s.onPre[3].op, AssignOp::add);
  EXPECT_EQ(s.onPre[4].target, "lastupdate");
  EXPECT_FALSE(s.update->statements.size() > 0);
}

TEST(Integration, CoupledEventDrivenEquationsAreRejected) {
  auto c = test::compileIntegrated(std::string(test::lifGroup) + R"(
synapses s(neurons -> neurons) {
    equations {
        da/dt = -a/(20 ms) + b/(20 ms) : 1 (event-driven)
        db/dt = -b/(20 ms) : 1 (event-driven)
    }
    on_pre: a += 1
    connect: p = 0.5
}
)");
  EXPECT_EQ(c.firstError(),
            "the event-driven equation for 'a' in synapses 's' depends on 'b': coupled "
            "event-driven equations are not supported");
}

TEST(Integration, ConstantOverDtSubexpressionsAreHeldForTheStep) {
  auto c =
      test::compileIntegrated(group("        dv/dt = (drive - v)/(10 ms) : volt\n"
                                    "        drive = 2*v_target : volt (constant over dt)\n"
                                    "        v_target : volt\n",
                                    "    reset: v_target = 0 mV\n    threshold: v > 1 mV\n"));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_NE(updateOf(c).find("    let drive = 2 * v_target\n    let _B_v = drive / (0.01 second)"),
            std::string::npos)
      << updateOf(c);
}

TEST(Integration, ParametersWrittenOnlyByInitAreConstantForCoefficients) {
  // R is not flagged constant, but nothing changes it after the network is built (the
  // Maass model's R_in), so the matrix is still computed once per element.
  auto c =
      test::compileIntegrated(group("        dv/dt = (R*I - v)/(10 ms) : volt\n"
                                    "        dI/dt = -I*R/(10 ms * 1 Mohm) : ampere\n"
                                    "        R : ohm\n",
                                    ""));
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  EXPECT_NE(updateOf(c).find("coefficients per element"), std::string::npos);
}

}  // namespace
}  // namespace lsm
