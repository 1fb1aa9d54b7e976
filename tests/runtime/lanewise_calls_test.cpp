// Loops over elements that call libm functions without an LLVM intrinsic (exprel's expm1 in
// Hodgkin-Huxley rates): the JIT gives each call a lane-by-lane vector variant, so the loop
// vectorises and every lane still gets libm's scalar result; and a state monitor that ends the
// runs at every step gets the neuron update compiled as hot as the runs' other steps.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../support/compile_text.hpp"
#include "lsm/jit.hpp"
#include "lsm/simulation.hpp"

namespace lsm {
namespace {

// COBAHH's neuron (models/cobahh.lsm) on 37 neurons (no multiple of a vector), with a drive
// of its own per neuron and recurrent synapses, its v monitored at every step.
const char* hodgkinHuxley = R"(
AREA = 20000 umetre**2
CM = 1 ufarad*cm**-2 * AREA
GL = 5e-5 siemens*cm**-2 * AREA
EL = -60 mV
EK = -90 mV
ENA = 50 mV
G_NA = 100 msiemens*cm**-2 * AREA
G_KD = 30 msiemens*cm**-2 * AREA
VT = -63 mV

group P(37) {
    equations {
        dv/dt = (GL*(EL - v) + ge*(0 mV - v) + I - G_NA*(m*m*m)*h*(v - ENA)
                 - G_KD*(n*n*n*n)*(v - EK))/CM : volt
        dm/dt = alpha_m*(1 - m) - beta_m*m : 1
        dn/dt = alpha_n*(1 - n) - beta_n*n : 1
        dh/dt = alpha_h*(1 - h) - beta_h*h : 1
        dge/dt = -ge/(5 ms) : siemens
        I : ampere (constant)
        alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms : hertz
        beta_m = 0.28*(mV**-1)*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms : hertz
        alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : hertz
        beta_h = 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms : hertz
        alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms : hertz
        beta_n = 0.5*exp((10*mV - v + VT)/(40*mV))/ms : hertz
    }
    threshold: v > -20 mV
    refractory: 3 ms
    method: exponential_euler
    init {
        v = EL + (randn()*5 - 5)*mV
        I = uniform(0 nA, 1 nA)
    }
}
synapses S(P -> P) {
    on_pre: ge += 6 nS
    connect: p = 0.2
}
monitor spikes = spikes(P)
monitor trace = state(P, v, m)
)";

std::shared_ptr<const ir::Model> model() {
  static auto compiled = test::compileModel(hodgkinHuxley);
  return compiled;
}

// The bodies of the optimised kernels (functions named lsm_kernel*) that call expm1 more than
// twice: the neuron update's (once for each exprel and for the exponential Euler steps of v,
// m, n, h), not those of the coefficients computed once per run.
std::vector<std::string> kernelsCallingExpm1(const CompiledModel& compiled) {
  const std::string& ir = compiled.optimisedIr();
  std::vector<std::string> kernels;
  for (std::size_t at = ir.find("\ndefine "); at != std::string::npos;
       at = ir.find("\ndefine ", at + 1)) {
    std::string body = ir.substr(at, ir.find("\n}\n", at) - at);
    const std::string head = body.substr(0, body.find('('));
    std::size_t calls = 0;
    for (std::size_t c = body.find("expm1"); c != std::string::npos; c = body.find("expm1", c + 1))
      ++calls;
    if (head.find("@lsm_kernel") != std::string::npos && calls > 2) kernels.push_back(body);
  }
  return kernels;
}

// The neuron update's kernel and its last-step kernel both call expm1 through the vector
// variant, in vector code; with scalar loops (vectorWidth 1) neither has vector code.
TEST(LanewiseCalls, ExprelInANeuronLoopVectorises) {
  ASSERT_TRUE(model());
  auto vectorised = CompiledModel::compile(*model(), {.keepOptimisedIr = true});
  const auto kernels = kernelsCallingExpm1(*vectorised);
  ASSERT_GE(kernels.size(), 2u) << "the update and its last step";
  for (const std::string& kernel : kernels) {
    EXPECT_NE(kernel.find("x double>"), std::string::npos) << kernel;
    EXPECT_NE(kernel.find("@lsm_expm1_"), std::string::npos) << kernel;
  }
  auto scalar = CompiledModel::compile(*model(), {.keepOptimisedIr = true, .vectorWidth = 1});
  const auto scalarKernels = kernelsCallingExpm1(*scalar);
  ASSERT_GE(scalarKernels.size(), 2u);
  for (const std::string& kernel : scalarKernels) {
    EXPECT_EQ(kernel.find("x double>"), std::string::npos) << kernel;
    EXPECT_EQ(kernel.find("@lsm_expm1_"), std::string::npos) << kernel;
  }
}

// The model's network on the interpreter, on the JIT and on the JIT with scalar loops, each
// having run trial 1 for `steps` steps.
struct ThreeBackends {
  ThreeBackends(const std::shared_ptr<const ir::Model>& model, std::uint64_t seed,
                std::int64_t steps)
      : network(buildNetwork(model, {.seed = seed})),
        interpreted(network),
        vectorised(network, CompiledModel::compile(*model)),
        scalar(network, CompiledModel::compile(*model, {.vectorWidth = 1})) {
    for (Simulation* s : all()) {
      s->startTrial(1);
      s->run(steps);
    }
  }
  std::vector<Simulation*> all() { return {&interpreted, &vectorised, &scalar}; }
  std::vector<const Simulation*> compiled() const { return {&vectorised, &scalar}; }

  NetworkInstance network;
  Simulation interpreted, vectorised, scalar;
};

// Vectorised or not, the JIT computes the interpreter's bits: spikes, records and state.
TEST(LanewiseCalls, VectorisedCallsGiveTheInterpretersBits) {
  ASSERT_TRUE(model());
  ThreeBackends run(model(), 3, 1500);
  const Simulation& interpreted = run.interpreted;
  EXPECT_GT(interpreted.spikes("spikes").steps.size(), 20u);
  for (const Simulation* s : run.compiled()) {
    EXPECT_EQ(s->spikes("spikes").indices, interpreted.spikes("spikes").indices);
    EXPECT_EQ(s->spikes("spikes").steps, interpreted.spikes("spikes").steps);
    EXPECT_EQ(s->states("trace").values.at("v"), interpreted.states("trace").values.at("v"));
    EXPECT_EQ(s->states("trace").values.at("m"), interpreted.states("trace").values.at("m"));
    EXPECT_EQ(s->state().groups.at("P").arrays, interpreted.state().groups.at("P").arrays);
  }
}

// Powers: the JIT calls libm's pow as the interpreter does. LLVM's pow intrinsic had its
// pow(v, 2.0) rewritten into v*v, which is not always pow's value: 497 of a million recorded
// values differed by an ulp in this model. A literal exponent of 2 (a product in every
// evaluator, ir::isSquare), -1 and 3, one per element (2 for some) and one read from a
// variable.
const char* powers = R"(
group G(1000) {
    equations {
        dv/dt = (1 - v**2)/(10 ms) + (w**k - w**-1 + w**3)/(1 second) : 1
        dw/dt = (2 - w)/(20 ms) : 1
        k : 1 (constant)
    }
    method: euler
    init {
        v = rand()*1.8 - 0.9
        w = 1 + rand()
        k = 2 + (i % 3)*0.5
    }
}
monitor trace = state(G, v)
)";

TEST(LanewiseCalls, PowersGiveTheInterpretersBits) {
  auto powerModel = test::compileModel(powers);
  ASSERT_TRUE(powerModel);
  ThreeBackends run(powerModel, 3, 500);
  const Simulation& interpreted = run.interpreted;
  for (const Simulation* s : run.compiled()) {
    EXPECT_EQ(s->states("trace").values.at("v"), interpreted.states("trace").values.at("v"));
    EXPECT_EQ(s->state().groups.at("G").arrays, interpreted.state().groups.at("G").arrays);
  }
}

// A literal square is the product, as in Brian2's generated code, in both backends; an
// exponent read from a variable is pow's, which differs from the product in the last bit for
// some elements (so the comparison can tell them apart).
const char* squares = R"(
group G(50000) {
    equations {
        dv/dt = -v/(10 ms) : 1
        x : 1 (constant)
        k : 1 (constant)
        square = x**2 : 1
        product = x*x : 1
        power = x**k : 1
    }
    init {
        x = 1 + rand()
        k = 2
    }
}
monitor trace = state(G, square, product, power)
)";

TEST(LanewiseCalls, LiteralSquaresAreProducts) {
  auto model = test::compileModel(squares);
  ASSERT_TRUE(model);
  ThreeBackends run(model, 5, 1);
  for (const Simulation* s : run.all()) {
    const auto& values = s->states("trace").values;
    EXPECT_EQ(values.at("square"), values.at("product"));
    const std::vector<std::vector<double>>& power = values.at("power");
    const std::vector<std::vector<double>>& product = values.at("product");
    ASSERT_EQ(power.size(), product.size());
    std::size_t differing = 0;
    for (std::size_t t = 0; t < power.size(); ++t) {
      ASSERT_EQ(power[t].size(), product[t].size());
      for (std::size_t k = 0; k < power[t].size(); ++k) differing += power[t][k] != product[t][k];
    }
    EXPECT_GT(differing, 0u);
  }
}

}  // namespace
}  // namespace lsm
