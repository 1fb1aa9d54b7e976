// Lowering of a step plan to LLVM IR. Each operation that loops over elements or synapses
// becomes a kernel: a function of its own with a table of the pointers it uses (its slots,
// numbered in order of first use), so that operations with the same code — the four
// Tsodyks-Markram pathways of the Maass model — are one function, compiled once. The driver
// functions run the plan's routines: `lsm_run` n steps of the whole step (queues, generators
// and spike records inline, the kernels called where there is work for them), `lsm_catch_up`
// and `lsm_running_sums` once. Floating point stays strict (no contraction, no
// reassociation): the machine code agrees bit for bit with the reference interpreter
// (ir/plan_interpreter.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codegen/parallel_kernel.hpp"
#include "lsm/step_plan.hpp"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace lsm::codegen {

struct CodegenOptions {
  // Doubles per vector in loops over elements: 0 lets LLVM choose for the host, 1 keeps them
  // scalar.
  unsigned vectorWidth = 0;
  // Whether a vectorised loop over elements masks its last, partial vector (a loop of its own
  // where the range is a constant; else LLVM masks every vector of the loop) instead of
  // finishing in a scalar loop: with AVX-512's mask
  // registers a masked vector costs what a plain one does; with AVX2 only, the masked loads
  // and stores (vmaskmovpd) made CUBA's neuron loop several times slower on Zen 3
  // (docs/performance.md). The results are the same either way.
  bool maskedTail = false;
};

// Every kernel's signature: `std::int64_t kernel(void* const* table, std::int32_t* list,
// std::int64_t count, double t, double dt, std::int64_t from, std::int64_t to)`. `list` and
// `count` are the synapses or elements an event or reset kernel runs for (the synapse count
// for a loop over all synapses); a threshold kernel writes the spiking elements into `list`
// and returns their number. `from` and `to` are the range of elements (or, for a pathway, of
// targets) a kernel of an operation that splits (split()) runs for; other kernels ignore them.
struct Kernel {
  std::unique_ptr<llvm::LLVMContext> context;  // none when emitted into a given context
  std::unique_ptr<llvm::Module> module;        // defines `name`
  std::vector<int> slots;                      // the plan slots of its table, in order
};

// How an operation splits over the threads of a step (lsm/step_team.hpp): its mode and the
// range [begin, end) of elements (of targets, for a pathway) the threads share. None for an
// operation that runs on one thread: too small (below minSplitElements), or one whose
// statements write anything but its own elements (its targets, for a pathway).
struct Split {
  ParallelMode mode;
  std::int64_t begin, end;
};
std::optional<Split> split(const ir::StepPlan& plan, const ir::PlanOp& op);

// Which of an operation's kernels. A guarded operation (PlanOp::guard) has kernels of its
// body, for the steps where the guard holds, and one of its fallback, for the others: the
// driver tests the guard at each step. An operation with deferred stores
// (PlanOp::deferredStores) has two kernels of its body: `any` keeps those values in
// registers, for every step but a run's last, and `last` stores them, for the last. The
// fallback stores every value at every step.
enum class KernelStep { any, last, fallback };

// The kernel of an operation, or none (an operation the driver does alone); in a module of
// `context`, or without one in a context of its own.
std::unique_ptr<Kernel> emitKernel(const ir::StepPlan& plan, const ir::PlanOp& op,
                                   const std::string& name, const CodegenOptions& options,
                                   KernelStep step = KernelStep::any,
                                   llvm::LLVMContext* context = nullptr);

// How the driver calls an operation's kernel.
struct KernelCall {
  std::string symbol;
  std::vector<int> slots;
  // The kernel for a run's last step, when it is another (KernelStep::last); else empty.
  std::string lastStepSymbol;
  // A guarded operation's fallback kernel (KernelStep::fallback) and its table; else empty.
  std::string fallbackSymbol;
  std::vector<int> fallbackSlots;
};

// The drivers `lsm_run` (ir::runPlan's contract), `lsm_catch_up` and `lsm_running_sums`
// (ir::runRoutine's), calling the kernels of `calls` (by operation).
void emitDrivers(const ir::StepPlan& plan, const std::map<const ir::PlanOp*, KernelCall>& calls,
                 llvm::Module& module);
// lsm_run alone (codegen/optimised_driver.cpp compiles it again).
void emitRunDriver(const ir::StepPlan& plan, const std::map<const ir::PlanOp*, KernelCall>& calls,
                   llvm::Module& module);

}  // namespace lsm::codegen
