// The updates lsmc derives for the Maass model agree with the formulas Brian2 2.5.1 generates
// for it (../shared/brian2/generated_updates.txt) on random states and parameters away from
// the singular point tau_stimulus = tau_mem, where Brian2's formula loses its digits.
// Brian2's formulas are evaluated here in extended precision: in double they carry their own
// rounding error, up to ~1e-12 relative where exp(dt/tau_stimulus) - exp(dt/tau_mem) cancels
// (measured and reported by this test), which would hide lsmc's.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "compile_text.hpp"
#include "element_stepper.hpp"

namespace lsm {
namespace {

constexpr double dt = 1e-4;

const ir::Model& maass() {
  static const test::Compiled compiled = [] {
    lsm::SourceManager sources;
    // Brian2's clock-driven synapse update, which the lazy synapses replace.
    auto result = compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources,
                              {.lazySynapses = false});
    return test::Compiled{std::move(result), ""};
  }();
  EXPECT_TRUE(compiled.ok());
  return compiled.model();
}

using Long = long double;

// Error relative to the size of the quantity's terms, so that a result near 0 made of large
// terms that cancel is not held to an impossible relative standard.
double relative(double value, Long exact, Long scale) {
  return static_cast<double>(std::fabs(value - exact) / scale);
}

TEST(Brian2Formulas, NeuronUpdate) {
  const ir::NeuronGroup& neurons = *maass().findGroup("neurons");
  std::mt19937_64 random(2002);
  auto uniform = [&](double a, double b) { return std::uniform_real_distribution<>(a, b)(random); };
  double worstV = 0, worstI = 0, brianDoubleV = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    test::ElementStepper e{*neurons.update, {}, dt};
    double tauMem = uniform(0.01, 0.05), tauStim = uniform(0.001, 0.1);
    if (std::fabs(tauStim - tauMem) < 0.1 * tauMem) continue;  // the singular point
    double r = uniform(0.5e6, 2e6), ib = uniform(0, 20e-9), v = uniform(-0.01, 0.02);
    double ist = uniform(-30e-9, 30e-9);
    double syn[4] = {uniform(0, 50e-9), uniform(0, 50e-9), uniform(-50e-9, 0), uniform(-50e-9, 0)};
    e["tau_mem"] = tauMem;
    e["tau_stimulus"] = tauStim;
    e["tau_refrac"] = 0.003;
    e["R_in"] = r;
    e["I_b"] = ib;
    e["v"] = v;
    e["I_stimulus"] = ist;
    e["I_syn_ee_synapses"] = syn[0];
    e["I_syn_ei_synapses"] = syn[1];
    e["I_syn_ie_synapses"] = syn[2];
    e["I_syn_ii_synapses"] = syn[3];
    e["lastspike"] = -1e4;
    e["not_refractory"] = 1;
    e.prepare();
    e.step();
    // Brian2's abstract code, with not_refractory = 1.
    auto brian = [&](auto zero) {
      using T = decltype(zero);
      const T nr = 1, h = dt, tm = tauMem, ts = tauStim, R = r;
      T isyn = syn[0] * R + syn[1] * R + syn[2] * R + syn[3] * R;
      return std::pair<T, T>{ist * std::exp(-h / ts),
                             ib * R +
                                 ist * R * ts * (-std::exp(h / ts) + std::exp(h * nr / tm)) * nr *
                                     std::exp(-h / ts) * std::exp(-h * nr / tm) / (-tm + ts * nr) +
                                 isyn + v * std::exp(-h * nr / tm) +
                                 (-ib * R - syn[0] * R - syn[1] * R - syn[2] * R - syn[3] * R) *
                                     std::exp(-h * nr / tm)};
    };
    auto [exactI, exactV] = brian(Long{0});
    Long scale = std::fabs(Long(v)) + std::fabs(Long(ib) * r) + std::fabs(Long(ist) * r) +
                 (std::fabs(Long(syn[0])) + std::fabs(Long(syn[1])) + std::fabs(Long(syn[2])) +
                  std::fabs(Long(syn[3]))) *
                     r;
    worstV = std::max(worstV, relative(e["v"], exactV, scale));
    worstI = std::max(worstI, relative(e["I_stimulus"], exactI, std::fabs(Long(ist))));
    brianDoubleV = std::max(brianDoubleV, relative(brian(0.0).second, exactV, scale));
  }
  EXPECT_LE(worstV, 1e-14);
  EXPECT_LE(worstI, 1e-14);
  std::printf("neuron: lsmc's largest relative error %.2g (Brian2's formula in double: %.2g)\n",
              worstV, brianDoubleV);
}

TEST(Brian2Formulas, RefractoryNeuronKeepsItsPotentialExactly) {
  const ir::NeuronGroup& neurons = *maass().findGroup("neurons");
  test::ElementStepper e{*neurons.update, {}, dt};
  for (const char* name :
       {"I_syn_ee_synapses", "I_syn_ei_synapses", "I_syn_ie_synapses", "I_syn_ii_synapses"}) {
    e[name] = 1e-9;
  }
  e["tau_mem"] = 0.03;
  e["tau_stimulus"] = 0.003;
  e["tau_refrac"] = 0.003;
  e["R_in"] = 1e6;
  e["I_b"] = 13.5e-9;
  e["v"] = 0.0135;
  e["I_stimulus"] = 18e-9;
  e["lastspike"] = 0.0;  // spiked at step 0
  e.prepare();
  e.t = dt;
  for (int k = 1; k < 30; ++k) {  // steps 1..29 are refractory (3 ms)
    e.step();
    EXPECT_EQ(e["v"], 0.0135) << "step " << k;
    EXPECT_EQ(e["not_refractory"], 0.0);
  }
  e.step();  // step 30: integrates again
  EXPECT_EQ(e["not_refractory"], 1.0);
  EXPECT_NE(e["v"], 0.0135);
  EXPECT_LT(e["I_stimulus"], 18e-9 * std::exp(-29 * dt / 0.003) * (1 + 1e-12));
}

TEST(Brian2Formulas, SynapseUpdate) {
  const ir::Synapses& ee = *std::find_if(maass().synapses.begin(), maass().synapses.end(),
                                         [](const auto& s) { return s.name == "ee_synapses"; });
  std::mt19937_64 random(1);
  auto uniform = [&](double a, double b) { return std::uniform_real_distribution<>(a, b)(random); };
  double worst[3] = {0, 0, 0};
  for (int trial = 0; trial < 2000; ++trial) {
    test::ElementStepper e{*ee.update, {}, dt};
    double tauI = uniform(0.001, 0.01), d = uniform(0.01, 2.0), f = uniform(0.01, 2.0);
    if (std::fabs(d - tauI) < 0.1 * tauI) continue;
    double x = uniform(0, 1), y = uniform(0, 1 - x), u = uniform(0, 1);
    e["tau_I"] = tauI;
    e["D"] = d;
    e["F"] = f;
    e["U"] = 0.5;
    e["A"] = 1e-9;
    e["x"] = x;
    e["y"] = y;
    e["u"] = u;
    e.prepare();
    e.step();
    const Long h = dt, D = d, T = tauI;
    Long brianU = u * std::exp(-h / Long(f));
    Long brianX = T * y * (std::exp(h / D) - std::exp(h / T)) * std::exp(-h / D) *
                      std::exp(-h / T) / (D - T) +
                  x * std::exp(-h / D) + 1 - std::exp(-h / D);
    Long brianY = y * std::exp(-h / T);
    worst[0] = std::max(worst[0], relative(e["x"], brianX, 1 + std::fabs(Long(x)) + y));
    worst[1] = std::max(worst[1], relative(e["y"], brianY, std::fabs(Long(y))));
    worst[2] = std::max(worst[2], relative(e["u"], brianU, std::fabs(Long(u))));
  }
  EXPECT_LE(worst[0], 1e-14);
  EXPECT_LE(worst[1], 1e-14);
  EXPECT_LE(worst[2], 1e-14);
}

}  // namespace
}  // namespace lsm
