// The JIT's pass pipeline for the step's kernels (JitOptions::tailoredPipeline, codegen/
// jit.cpp): the passes the kernels need give the trial that LLVM's O3 gives, bit for bit, and
// vectorise every kernel that O3 vectorises.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "lsm/jit.hpp"
#include "lsm/simulation.hpp"
#include "maass_model.hpp"
#include "poisson_input.hpp"
#include "same_trial.hpp"

namespace lsm {
namespace {

// The names of the optimised IR's kernels whose code has vectors of doubles.
std::set<std::string> vectorisedKernels(const std::string& ir) {
  std::set<std::string> names;
  for (std::size_t at = ir.find("\ndefine "); at != std::string::npos;
       at = ir.find("\ndefine ", at + 1)) {
    const std::string body = ir.substr(at, ir.find("\n}\n", at) - at);
    const std::size_t name = body.find('@');
    if (body.find("x double>") != std::string::npos)
      names.insert(body.substr(name, body.find('(', name) - name));
  }
  return names;
}

// Two trials of the Maass network on each pipeline and on the interpreter: the same state
// and the same spikes, bit for bit.
TEST(JitPipeline, TailoredAndO3GiveTheSameTrials) {
  auto model = test::maassModel();
  NetworkInstance network = buildNetwork(model, {.seed = 2002});
  Simulation tailored(network, CompiledModel::compile(*model, {.tailoredPipeline = true}));
  Simulation o3(network, CompiledModel::compile(*model, {.tailoredPipeline = false}));
  Simulation interpreted(network);
  for (std::uint64_t trial = 1; trial <= 2; ++trial) {
    for (Simulation* s : {&tailored, &o3, &interpreted}) {
      s->startTrial(trial, {{"stimulus", test::poissonStimulus(5, "jit pipeline", trial)}});
      s->run(5000);
    }
    for (const Simulation* other : {&o3, &interpreted}) {
      test::expectSameMaassTrial(tailored, *other,
                                 std::string(other == &o3 ? "O3" : "the interpreter") + ", trial " +
                                     std::to_string(trial));
    }
    EXPECT_GT(tailored.spikes("spike_monitor_exc").steps.size(), 50u);
  }
}

// The kernels that O3 vectorises are vectorised by the tailored pipeline too, and the switch
// does select another pipeline (the optimised code differs).
TEST(JitPipeline, TailoredPipelineVectorisesWhatO3Vectorises) {
  auto model = test::maassModel();
  auto tailored =
      CompiledModel::compile(*model, {.tailoredPipeline = true, .keepOptimisedIr = true});
  auto o3 = CompiledModel::compile(*model, {.tailoredPipeline = false, .keepOptimisedIr = true});
  const auto vectorised = vectorisedKernels(o3->optimisedIr());
  EXPECT_GE(vectorised.size(), 3u);  // the two neuron loops and the pathways' lanes at least
  EXPECT_EQ(vectorisedKernels(tailored->optimisedIr()), vectorised);
  EXPECT_NE(tailored->optimisedIr(), o3->optimisedIr());
}

}  // namespace
}  // namespace lsm
