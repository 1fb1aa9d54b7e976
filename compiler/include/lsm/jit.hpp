// A model's step plan (lsm/step_plan.hpp) compiled to machine code with LLVM ORC (LLJIT, O3,
// the host CPU): one function that runs n steps of the whole plan, queues, generators and
// spike records included, so that a trial is one call; and one function for each of the
// plan's other routines. No LLVM type appears here.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "lsm/ir.hpp"
#include "lsm/pair_rule.hpp"
#include "lsm/step_plan.hpp"
#include "lsm/synapse_init.hpp"

namespace lsm {

class StepTeam;

struct JitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct JitOptions {
  // Trades speed for compile time: the backend's own optimisation is skipped
  // (benchmarks/jit_benchmark.cpp).
  bool fastCodeGeneration = false;
  // The step's kernels through the passes their loops need (codegen/jit.cpp, kernelPipeline)
  // instead of LLVM's whole O3 pipeline: the same machine code for the Maass model's loops
  // in fewer compile instructions. False: O3, for comparison.
  bool tailoredPipeline = true;
  // Keep the optimised LLVM IR as text (optimisedIr(); `lsmc ir --llvm`).
  bool keepOptimisedIr = false;
  // Doubles per vector in loops over elements (and in event lanes): 0 the host's widest (8 with
  // AVX-512, 4 with AVX), 1 scalar loops, else that width. With AVX-512 the last vector of a
  // loop is masked; without it a scalar loop finishes the remainder, since LLVM then masks
  // every vector of the loop (docs/performance.md, branch delivery-parts).
  unsigned vectorWidth = 0;
  // Tiered compilation: once the model has run this many steps (over all its runs), the
  // driver lsm_run is compiled again with the optimising backend, on the thread whose run
  // reached the count, and later runs call it (bit for bit the same results). 0: never.
  std::int64_t optimiseDriverAfterSteps = 50'000;
};

class CompiledModel {
 public:
  // Compiles the plan of the (integrated, scheduled, lowered) model. Throws JitError when LLVM
  // fails, with its message, or when the model has no step plan.
  static std::unique_ptr<CompiledModel> compile(const ir::Model& model,
                                                const JitOptions& options = {});
  ~CompiledModel();

  // The plan the machine code runs (the memory its slots point at is the runtime's).
  const ir::StepPlan& plan() const { return *plan_; }
  // ir::runPlan's contract, in machine code: `steps` steps from `firstStep` on the memory
  // `slots`; returns the steps run, fewer when a spike record had no room for another step.
  // With a `team`, the large operations of each step are shared by its threads
  // (lsm/step_team.hpp), with the same results as on one thread.
  std::int64_t run(void* const* slots, std::int64_t firstStep, std::int64_t steps, double dt,
                   StepTeam* team = nullptr) const;
  // ir::runRoutine's contract: a routine other than the step, once, at t = step * dt.
  void runRoutine(ir::PlanRoutine routine, void* const* slots, std::int64_t step, double dt) const;

  // The machine code of the connection rule of `synapses` when it is judged pair by pair
  // (judgedPairByPair; of its condition alone with conditionJudgedPerTarget) and has only
  // what the machine code evaluates, compiled with the plan; nullptr otherwise, or when
  // `synapses` has another rule than the compiled model's.
  const CompiledPairRule* pairRule(const ir::Synapses& synapses) const;
  // The machine code of the delay of `synapses` when it differs between synapses (reads the
  // ends' variables, i or j) and has only what the machine code evaluates, as a rule whose p
  // is the delay (CompiledPairRule::compiledFromDelay); nullptr otherwise.
  const CompiledPairRule* delayRule(const ir::Synapses& synapses) const;
  // The machine code of the init statements that `synapses` runs for each synapse (the ones
  // not hoisted: `statements`, as the builder has them) when they have only what the machine
  // code evaluates (codegen/synapse_init_codegen.hpp); nullptr otherwise, or when they are
  // not the compiled model's.
  const CompiledSynapseInit* synapseInit(const ir::Synapses& synapses,
                                         const std::vector<ir::Statement>& statements) const;

  // Whether `model` (the same model with other constants, say) has exactly this plan, so that
  // a network of it can run on this machine code without compiling again.
  bool fits(const ir::Model& model) const;

  // Whether runs call the optimised driver (JitOptions::optimiseDriverAfterSteps).
  bool driverOptimised() const { return driverOptimised_.load(std::memory_order_acquire); }

  // With JitOptions::keepOptimisedIr, else empty.
  const std::string& optimisedIr() const { return optimisedIr_; }
  double compileSeconds() const { return compileSeconds_; }

 private:
  CompiledModel();
  struct Jit;
  std::unique_ptr<Jit> jit_;
  std::shared_ptr<const ir::StepPlan> plan_;
  std::string planText_;  // for fits()
  using RunFunction = std::int64_t (*)(void* const*, std::int64_t, std::int64_t, double);
  using RoutineFunction = void (*)(void* const*, std::int64_t, double);
  // codegen/optimised_driver.cpp: compiles lsm_run again and makes run_ call it.
  void optimiseDriver() const;
  mutable std::atomic<RunFunction> run_ = nullptr;
  std::int64_t optimiseDriverAfterSteps_ = 0;
  mutable std::atomic<std::int64_t> stepsRun_ = 0;
  mutable std::atomic<bool> optimisingDriver_ = false, driverOptimised_ = false;
  RoutineFunction catchUp_ = nullptr, runningSums_ = nullptr, derive_ = nullptr;
  std::map<std::string, CompiledPairRule> pairRules_, delayRules_;  // by synapses name
  // One function for synapses whose statements differ in their constants only.
  std::vector<CompiledSynapseInit> synapseInits_;
  std::map<std::string, std::size_t> synapseInitOf_;  // by synapses name
  std::string optimisedIr_;
  double compileSeconds_ = 0;
};

}  // namespace lsm
