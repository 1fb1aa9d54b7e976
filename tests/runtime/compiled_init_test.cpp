// Synapses' init statements run for each synapse (lsm/synapse_init.hpp) in machine code
// compiled with the model when the builder is given it, and build the interpreter's network,
// array for array and bit for bit, on any number of threads: reading the ends' variables, i,
// j, N, N_pre and N_post, lets, masked and compound assignments, a shared variable, and
// random draws (each a call back into the builder's draws). What the machine code does not
// run (a subexpression of the synapses) is interpreted, and errors are the interpreter's.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "compile_text.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "maass_model.hpp"
#include "planar_group.hpp"
#include "same_network.hpp"

namespace lsm {
namespace {

// Two groups of different sizes and a subgroup, so that i, j, N_pre, N_post and the ends'
// first elements cannot be mixed up unseen; more synapses than the builder's 256 blocks.
const std::string groups = test::planarGroup("P", 300, "rand() - 0.2") +
                           test::planarGroup("Q", 400, "rand() - 0.2") +
                           "subgroup E = P[100:250]\n";

std::string synapses(const std::string& name, const std::string& ends, const std::string& variables,
                     const std::string& init) {
  return "synapses " + name + "(" + ends + ") {\n    equations {\n" + variables +
         "    }\n    on_pre: v += w\n    connect: p = 0.2\n    init {\n" + init + "    }\n}\n";
}

const std::string deterministic =
    groups +
    synapses("ends", "E -> Q",
             "        w : volt\n        d : 1 (constant)\n        c : 1 (constant)\n"
             "        s : 1 (shared)\n",
             R"(        let dx = x_pre - x_post
        d = sqrt(dx**2 + (y_pre - y_post)**2)
        w = 2*mV*exp(-d/0.3)*(1 + i/N_pre - j/N_post) + r_post*mV
        c = (i + 2*j) % 7 + N/1000
        c[c > 3] = -c
        c += d**2
        w[x_pre < 0 and y_post > 0.5] = w*0.5 if d > 0.2 else w
        d *= 3
        s = 2
        s += 1
        c /= 1 + abs(c)
)") +
    synapses("late", "P -> P", "        w : volt\n",
             "        w = (i - j)*0.01*mV\n        w[w < 0 mV] = 0 mV\n");

const std::string drawn =
    groups + synapses("draws", "P -> Q",
                      "        w : volt\n        a : 1\n        b : 1\n        c : 1\n"
                      "        h : 1\n        f : 1\n        g : 1\n",
                      R"(        w = rand()*2*mV
        a = randn() + normal(x_pre, 0.5*y_post)
        b = uniform(-1, x_post + 1) * gamma(1 + y_pre, 0.5)
        c = exponential(2) + gamma(2, 1)*0
        let k = permutation(i % 3)
        h = k + rand()
        f = normal(1, 0.5)
        f[f < 0] = uniform(0, 1)
        g = rand() if x_pre > 0.5 else randn()
)");

std::shared_ptr<const ir::Model> modelOf(const std::string& text) {
  auto model = test::compileModel(text);
  if (model == nullptr) throw std::runtime_error("the model does not compile");
  return model;
}

NetworkInstance build(const std::shared_ptr<const ir::Model>& model, const CompiledModel* compiled,
                      int threads, bool compiledInit = true) {
  // Every step on `threads`, however small (parallelWork 0).
  return buildNetwork(model, {.seed = 11,
                              .threads = threads,
                              .parallelWork = 0,
                              .compiledModel = compiled,
                              .compiledInit = compiledInit});
}

std::string buildError(const std::shared_ptr<const ir::Model>& model, const CompiledModel* compiled,
                       int threads) {
  try {
    build(model, compiled, threads);
  } catch (const BuildError& error) {
    return error.what();
  }
  return "no error";
}

// The machine code of the init of `s` as the builder has it (the statements not hoisted).
const CompiledSynapseInit* initOf(const CompiledModel& compiled, const ir::Synapses& s) {
  return compiled.synapseInit(s, perSynapseStatements(s));
}

bool initCompiled(const CompiledModel& compiled, const ir::Synapses& s) {
  return initOf(compiled, s) != nullptr;
}

void expectTheInterpretersNetwork(const std::shared_ptr<const ir::Model>& model,
                                  const CompiledModel& compiled) {
  const NetworkInstance interpreted = build(model, nullptr, 1);
  for (int threads : {1, 2}) {
    test::expectSameNetwork(interpreted, build(model, &compiled, threads),
                            " (compiled, " + std::to_string(threads) + " threads)");
  }
  // The switch: the init interpreted although the compiled model is there.
  test::expectSameNetwork(interpreted, build(model, &compiled, 2, false),
                          " (compiledInit = false)");
}

TEST(CompiledInit, DeterministicInitIsTheInterpreters) {
  auto model = modelOf(deterministic);
  auto compiled = CompiledModel::compile(*model);
  for (const char* name : {"ends", "late"})
    EXPECT_TRUE(initCompiled(*compiled, *model->findSynapses(name))) << name;
  expectTheInterpretersNetwork(model, *compiled);
  EXPECT_GT(build(model, nullptr, 1).connectivity.at("ends")->pre.size(), 1000u);
}

TEST(CompiledInit, RandomDrawsAreTheInterpreters) {
  auto model = modelOf(drawn);
  auto compiled = CompiledModel::compile(*model);
  EXPECT_TRUE(initCompiled(*compiled, *model->findSynapses("draws")));
  expectTheInterpretersNetwork(model, *compiled);
}

TEST(CompiledInit, TheMaassModelsInitIsTheInterpreters) {
  auto model = test::maassModel();
  auto compiled = CompiledModel::compile(*model);
  int inits = 0;
  for (const ir::Synapses& s : model->synapses) inits += initCompiled(*compiled, s);
  EXPECT_GE(inits, 4);  // the four Tsodyks-Markram pathways, one function (constants aside)
  expectTheInterpretersNetwork(model, *compiled);
}

// A subexpression of the synapses (and a draw that can fail in a branch) keep the init
// interpreted, with the same network.
TEST(CompiledInit, WhatIsNotCompiledIsInterpreted) {
  auto model = modelOf(groups +
                       synapses("own", "P -> Q", "        w : volt\n        q = 2*w/mV : 1\n",
                                "        w = x_pre*mV\n        w += q*mV\n") +
                       synapses("branch", "P -> Q", "        w : volt\n",
                                "        w = (gamma(1, 1) if x_pre > 0 else 0)*mV\n"));
  auto compiled = CompiledModel::compile(*model);
  for (const char* name : {"own", "branch"})
    EXPECT_FALSE(initCompiled(*compiled, *model->findSynapses(name))) << name;
  expectTheInterpretersNetwork(model, *compiled);
}

// A draw's invalid argument stops the build at the same synapse with the same message, and a
// synapse's invalid delay before it stops it first, as interpreted.
TEST(CompiledInit, AnInvalidDrawFailsAsInterpreted) {
  for (const auto& [init, delay] :
       {std::pair<std::string, std::string>{"w = gamma(x_pre + 0.19, 1)*mV", ""},
        {"w = permutation(i*N/200)*mV", ""},
        // The delay fails first (i = 40's first synapse; the draw at its j = 200, in the same
        // block), the draw first (i = 41), or both at one synapse (i = 40: the statements').
        {"w = gamma(1 - 2*clip(i - 39, 0, 1)*clip(j - 199, 0, 1), 1)*mV",
         "(1 - 2*clip(i - 39, 0, 1) + 2*clip(i - 40, 0, 1))*ms"},
        {"w = gamma(40.5 - i, 1)*mV", "(1 - 2*clip(i - 59, 0, 1))*ms"},
        {"w = gamma(39.5 - i, 1)*mV", "(1 - 2*clip(i - 39, 0, 1))*ms"}}) {
    std::string text = synapses("S", "P -> Q", "        w : volt\n", "        " + init + "\n");
    if (!delay.empty()) text.insert(text.rfind("    init"), "    delay: " + delay + "\n");
    auto model = modelOf(groups + text);
    auto compiled = CompiledModel::compile(*model);
    ASSERT_TRUE(initCompiled(*compiled, *model->findSynapses("S"))) << init;
    const std::string interpreted = buildError(model, nullptr, 1);
    EXPECT_NE(interpreted, "no error") << init;
    for (int threads : {1, 2})
      EXPECT_EQ(buildError(model, compiled.get(), threads), interpreted) << init << threads;
  }
}

// Synapses S (P -> Q) and T (Q -> P), each initialising its weight w to an expression.
std::shared_ptr<const ir::Model> weightsOfTwo(const std::string& s, const std::string& t) {
  return modelOf(groups + synapses("S", "P -> Q", "        w : volt\n", "        w = " + s + "\n") +
                 synapses("T", "Q -> P", "        w : volt\n", "        w = " + t + "\n"));
}

// Synapses whose statements differ in their constants only share one function, each with its
// own constants: other synapses of the model, or those of a model that fits its plan (other
// constants). Statements of another shape are not the compiled ones, and are interpreted.
TEST(CompiledInit, OneFunctionServesStatementsThatDifferInConstants) {
  auto model = [](const std::string& scale, const std::string& other) {
    return weightsOfTwo(scale + "*x_pre*mV", other + "*x_pre*mV");
  };
  auto compiledFor = model("0.3", "0.7");
  auto compiled = CompiledModel::compile(*compiledFor);
  const ir::Synapses& s = *compiledFor->findSynapses("S");
  const ir::Synapses& t = *compiledFor->findSynapses("T");
  ASSERT_TRUE(initCompiled(*compiled, s));
  EXPECT_EQ(initOf(*compiled, s), initOf(*compiled, t));
  expectTheInterpretersNetwork(compiledFor, *compiled);
  auto other = model("0.2", "0.1");
  EXPECT_TRUE(initCompiled(*compiled, *other->findSynapses("S")));
  expectTheInterpretersNetwork(other, *compiled);
  auto shape = model("(0.2 + x_post)", "0.1");
  EXPECT_FALSE(initCompiled(*compiled, *shape->findSynapses("S")));
  expectTheInterpretersNetwork(shape, *compiled);
}

// A literal square is a product in the code (ir::isSquare), not a power with a constant read:
// it shares no function with another power, whose exponent is a constant like any other.
TEST(CompiledInit, ASquareIsNotAnotherPower) {
  auto model = [](const std::string& first, const std::string& second) {
    return weightsOfTwo("(1 + x_pre)**" + first + "*mV", "(1 + x_pre)**" + second + "*mV");
  };
  auto compiledFor = model("2", "3");
  auto compiled = CompiledModel::compile(*compiledFor);
  const ir::Synapses& s = *compiledFor->findSynapses("S");
  const ir::Synapses& t = *compiledFor->findSynapses("T");
  ASSERT_TRUE(initCompiled(*compiled, s));
  ASSERT_TRUE(initCompiled(*compiled, t));
  EXPECT_NE(initOf(*compiled, s), initOf(*compiled, t));
  expectTheInterpretersNetwork(compiledFor, *compiled);
  auto swapped = model("3", "2");
  EXPECT_FALSE(initCompiled(*compiled, *swapped->findSynapses("S")));
  EXPECT_FALSE(initCompiled(*compiled, *swapped->findSynapses("T")));
  expectTheInterpretersNetwork(swapped, *compiled);
}

}  // namespace
}  // namespace lsm
