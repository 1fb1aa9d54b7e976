// Connection rules judged pair by pair (lsm/pair_rule.hpp) run in machine code compiled with
// the model when the builder is given it, and build the interpreter's network, array for array
// and bit for bit, on any number of threads: distance-dependent p reading both ends, conditions
// on i, j and the target, functions, subexpressions, n, the Maass model. What the machine code
// does not evaluate (random draws) is interpreted, and errors are the interpreter's.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compile_text.hpp"
#include "end_values.hpp"
#include "lsm/ir_evaluator.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "maass_model.hpp"
#include "pair_rule_columns.hpp"
#include "planar_group.hpp"
#include "same_network.hpp"

namespace lsm {
namespace {

// Two groups of different sizes and a subgroup, so that i, j, N_pre, N_post and the ends'
// first elements cannot be mixed up unseen; more rows than the builder's 256 blocks.
const std::string groups = test::planarGroup("P", 700, "rand()") +
                           test::planarGroup("Q", 900, "rand() - 0.2") +
                           "subgroup E = P[100:600]\n";

const std::string compiledRules = groups + R"(
synapses distance(P -> Q) {
    on_pre: v += 1 mV
    connect: p = 0.6*exp(-((x_pre - x_post)**2 + (y_pre - y_post)**2)/0.2**2)
    delay: (0.5 + 3*sqrt((x_pre - x_post)**2 + (y_pre - y_post)**2))*ms
}
synapses conditioned(P -> P) {
    on_pre: v += 1 mV
    connect: condition = i != j and x_post > 0.3
}
synapses conditioned_p(Q -> P) {
    on_pre: v += 1 mV
    connect: condition = i != j and x_post > 0 and x_pre >= 0, p = 0.3*y_post*y_pre
}
synapses functions(E -> Q) {
    on_pre: v += 1 mV
    connect: p = 0.5*clip(abs(x_pre - x_post)*sqrt(y_post) + 0.1*sin(j) + 0.01*r_post - 0.001*i/N_pre + j/N_post, 0, 1)*exp(-abs(i - j)/200.0)
}
synapses copies(Q -> Q) {
    equations {
        w : volt
    }
    on_pre: v += w
    connect: p = 0.05*y_post**2 + 0.01*(x_pre if x_pre > 0 else 0), n = 2
    delay: y_post*ms
    init: w = x_pre*y_post*mV
}
synapses sampled(P -> Q) {
    on_pre: v += 1 mV
    connect: condition = i != j and y_post > 0.2 and x_post < x_pre + 0.5, p = 0.1 + 0.1*x_pre
}
synapses sampled_n(Q -> Q) {
    on_pre: v += 1 mV
    connect: condition = j % 3 != 0 or y_post > 0.9, p = 0.05, n = 2
}
synapses drawn(P -> Q) {
    on_pre: v += 1 mV
    connect: p = 0.2*rand()*y_post
}
)";

std::shared_ptr<const ir::Model> modelOf(const std::string& text) {
  auto model = test::compileModel(text);
  if (model == nullptr) throw std::runtime_error("the model does not compile");
  return model;
}

NetworkInstance build(const std::shared_ptr<const ir::Model>& model, const CompiledModel* compiled,
                      int threads) {
  // Every step on `threads`, however small (parallelWork 0).
  return buildNetwork(
      model, {.seed = 11, .threads = threads, .parallelWork = 0, .compiledModel = compiled});
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

TEST(CompiledRules, RulesThatVaryPerPairAreCompiledAndDrawsAreNot) {
  auto model = modelOf(compiledRules);
  auto compiled = CompiledModel::compile(*model);
  for (const char* name :
       {"distance", "conditioned", "conditioned_p", "functions", "copies", "sampled", "sampled_n"})
    EXPECT_NE(compiled->pairRule(*model->findSynapses(name)), nullptr) << name;
  EXPECT_EQ(compiled->pairRule(*model->findSynapses("drawn")), nullptr);
  // Delays that differ between synapses, not those the same for all.
  for (const char* name : {"distance", "copies"})
    EXPECT_NE(compiled->delayRule(*model->findSynapses(name)), nullptr) << name;
  EXPECT_EQ(compiled->delayRule(*model->findSynapses("sampled")), nullptr);
}

TEST(CompiledRules, CompiledRulesBuildTheInterpretersNetwork) {
  auto model = modelOf(compiledRules);
  auto compiled = CompiledModel::compile(*model);
  const NetworkInstance interpreted = build(model, nullptr, 1);
  for (const char* name : {"distance", "conditioned", "conditioned_p", "functions", "copies",
                           "sampled", "sampled_n", "drawn"}) {
    EXPECT_GT(interpreted.connectivity.at(name)->pre.size(), 1000u) << name;
  }
  for (int threads : {1, 2}) {
    test::expectSameNetwork(interpreted, build(model, compiled.get(), threads),
                            " (compiled, " + std::to_string(threads) + " threads)");
  }
  // The switch: the rules interpreted although the compiled model is there.
  test::expectSameNetwork(
      interpreted,
      buildNetwork(
          model,
          {.seed = 11, .parallelWork = 0, .compiledModel = compiled.get(), .compiledRules = false}),
      " (compiledRules = false)");
}

TEST(CompiledRules, TheMaassModelsNetworkIsTheInterpreters) {
  auto model = test::maassModel();
  auto compiled = CompiledModel::compile(*model);
  int rules = 0;
  for (const ir::Synapses& s : model->synapses) rules += compiled->pairRule(s) != nullptr;
  EXPECT_EQ(rules, 4);  // the four distance-dependent pathways; the input's p = 1 is not
  const NetworkInstance interpreted = build(model, nullptr, 1);
  for (int threads : {1, 2}) {
    test::expectSameNetwork(interpreted, build(model, compiled.get(), threads),
                            " (compiled, " + std::to_string(threads) + " threads)");
  }
}

// The row function's value for each pair is ir::evaluate's, bit for bit (a probability an
// ulp off would seldom change a network): p where the condition holds, else 0 (1 and 0 for a
// condition compiled alone).
TEST(CompiledRules, EachPairsValueIsTheInterpretersBitForBit) {
  auto model = modelOf(compiledRules);
  auto compiled = CompiledModel::compile(*model);
  const NetworkInstance network = build(model, nullptr, 1);
  std::vector<std::pair<std::string, const CompiledPairRule*>> rules;
  for (const char* name :
       {"distance", "conditioned", "conditioned_p", "functions", "copies", "sampled", "sampled_n"})
    rules.emplace_back(name, compiled->pairRule(*model->findSynapses(name)));
  for (const char* name : {"distance", "copies"})
    rules.emplace_back(std::string(name) + " (delay)",
                       compiled->delayRule(*model->findSynapses(name)));
  for (const auto& [name, compiledRule] : rules) {
    const ir::Synapses& s = *model->findSynapses(name.substr(0, name.find(' ')));
    const EndValues source(*model, s.source, network), target(*model, s.target, network);
    const std::int64_t nPre = s.source.size(), nPost = populationSize(network, s.target);
    ASSERT_NE(compiledRule, nullptr) << name;
    const CompiledPairRule& rule = *compiledRule;
    auto columns = PairRuleColumns::make(rule, source, s.source.start, nPre, target, s.target.start,
                                         nPost, network.dt);
    ASSERT_NE(columns, nullptr) << name;
    std::int64_t i = 0, j = 0;
    ir::Environment environment;
    environment.variable = [&](const std::string& variable, ir::Scope scope) {
      return scope == ir::Scope::pre ? source.get(variable, s.source.start + i, 0, network.dt)
                                     : target.get(variable, s.target.start + j, 0, network.dt);
    };
    environment.special = [&](ir::Special special) -> double {
      switch (special) {
        case ir::Special::i:
          return static_cast<double>(i);
        case ir::Special::j:
          return static_cast<double>(j);
        case ir::Special::N_pre:
          return static_cast<double>(nPre);
        default:
          return static_cast<double>(nPost);
      }
    };
    std::vector<double> row(static_cast<std::size_t>(nPost)), part(100);
    for (i = 0; i < nPre; i += 3) {
      columns->row(i, 0, nPost, row.data());
      for (j = 0; j < nPost; ++j) {
        const bool holds =
            !s.connect.condition || ir::evaluate(*s.connect.condition, environment) != 0.0;
        const double expected = !holds             ? 0.0
                                : rule.probability ? ir::evaluate(*rule.probability, environment)
                                                   : 1.0;
        ASSERT_EQ(std::bit_cast<std::uint64_t>(row[static_cast<std::size_t>(j)]),
                  std::bit_cast<std::uint64_t>(expected))
            << name << " i=" << i << " j=" << j << ": " << row[static_cast<std::size_t>(j)]
            << " for " << expected;
      }
      // A part of the row, as the builder asks for a chunk at a time.
      columns->row(i, 300, 400, part.data());
      ASSERT_EQ(test::bitsOf(part), test::bitsOf({row.begin() + 300, row.begin() + 400})) << name;
    }
  }
}

// A probability outside [0, 1] or NaN stops the build at the same pair with the same message.
TEST(CompiledRules, AProbabilityOutsideZeroToOneFailsAsInterpreted) {
  for (const char* rule : {"p = 1.5*y_post*(i + 1)/N_pre", "p = 0.01*sqrt(x_post + 0.1)"}) {
    auto model = modelOf(
        groups + "synapses S(P -> Q) {\n    on_pre: v += 1 mV\n    connect: " + rule + "\n}\n");
    auto compiled = CompiledModel::compile(*model);
    ASSERT_NE(compiled->pairRule(*model->findSynapses("S")), nullptr) << rule;
    const std::string interpreted = buildError(model, nullptr, 1);
    EXPECT_NE(interpreted.find("the connection probability is"), std::string::npos) << interpreted;
    for (int threads : {1, 2})
      EXPECT_EQ(buildError(model, compiled.get(), threads), interpreted) << rule << threads;
  }
}

// A delay that is negative or NaN for some synapse stops the build at the same synapse with
// the same message.
TEST(CompiledRules, AnInvalidDelayFailsAsInterpreted) {
  for (const char* delay : {"(y_post + 0.1 - 2*clip(i - 500, 0, 1))*ms", "sqrt(x_pre - 0.01)*ms"}) {
    auto model = modelOf(groups + "synapses S(P -> Q) {\n    on_pre: v += 1 mV\n    connect: " +
                         "p = 0.05\n    delay: " + delay + "\n}\n");
    auto compiled = CompiledModel::compile(*model);
    ASSERT_NE(compiled->delayRule(*model->findSynapses("S")), nullptr) << delay;
    const std::string interpreted = buildError(model, nullptr, 1);
    EXPECT_NE(interpreted.find("delays must be finite and not negative"), std::string::npos)
        << interpreted;
    for (int threads : {1, 2})
      EXPECT_EQ(buildError(model, compiled.get(), threads), interpreted) << delay << threads;
  }
}

// A model that fits another's plan may have another rule (other constants): the compiled
// rule is not its, and it is interpreted.
TEST(CompiledRules, AnotherModelsRuleIsInterpreted) {
  auto rule = [](const char* scale) {
    return modelOf(groups + "synapses S(P -> Q) {\n    on_pre: v += 1 mV\n    connect: p = " +
                   scale + "*exp(-(x_pre - x_post)**2/0.1)\n}\n");
  };
  auto compiledFor = rule("0.3");
  auto other = rule("0.2");
  auto compiled = CompiledModel::compile(*compiledFor);
  ASSERT_NE(compiled->pairRule(*compiledFor->findSynapses("S")), nullptr);
  EXPECT_EQ(compiled->pairRule(*other->findSynapses("S")), nullptr);
  test::expectSameNetwork(build(other, nullptr, 1), build(other, compiled.get(), 2),
                          " (another model's compiled rules)");
}

}  // namespace
}  // namespace lsm
