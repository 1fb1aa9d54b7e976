// The step kernels of a model, compiled to machine code with LLVM ORC (LLJIT, O3, the host
// CPU). No LLVM type appears here. One kernel per scheduled operation that runs per element:
// the runtime gives each kernel a table of data pointers (its slots, kernelSlots()) and calls
// the kernels in the schedule's order; all the per-element work happens in the kernels.
// Kernels are optimised and compiled on several threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lsm/ir.hpp"

namespace lsm {

// Arguments of every kernel:
//   slots  the data pointers: double* for variables (shared ones point to one double),
//          std::int32_t* for a synapses' pre and post indices
//   list   element or synapse indices (a threshold kernel writes the spiking elements there)
//   count  the number of elements (or of list entries)
//   t, dt  time and step
// A threshold kernel returns the number of spikes; the others return 0.
using Kernel = std::int64_t (*)(void* const* slots, std::int32_t* list, std::int64_t count,
                                double t, double dt);

struct JitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct JitOptions {
  // Trades kernel speed for compile time: the Maass model compiles in about 35 ms instead of
  // 50 ms, and its trials run slower (benchmarks/jit_benchmark.cpp).
  bool fastCodeGeneration = false;
  // Keep the optimised LLVM IR as text (optimisedIr(); `lsmc ir --llvm`).
  bool keepOptimisedIr = false;
};

class CompiledModel {
 public:
  // Compiles every kernel of the (integrated, scheduled) model. Throws JitError when LLVM
  // fails, with its message.
  static std::unique_ptr<CompiledModel> compile(const ir::Model& model,
                                                const JitOptions& options = {});
  ~CompiledModel();

  // What a kernel's `slots` table holds, in order: (object, variable) for a variable's data,
  // (synapses, "#pre" / "#post") for their indices, (synapses, "#N") for their count. For a
  // scheduled operation's name, "SYNAPSES#on_pre" / "SYNAPSES#on_post", and for lazy synapses
  // "SYNAPSES#catch_up" (brings synapses 0..count-1 to the step after t) and
  // "SYNAPSES#sum:TARGET" (TARGET's running sum computed from scratch); empty if unknown.
  const std::vector<std::pair<std::string, std::string>>& kernelSlots(
      const std::string& operation) const;
  // Kernels with the same code are compiled once: how many distinct ones there are.
  std::size_t distinctKernels() const { return distinctKernels_; }

  // The kernel of a scheduled operation (by its name), or nullptr when it has none.
  Kernel kernel(const std::string& operation) const;
  // For synapses: the on_pre / on_post kernels, run over a list of synapse indices.
  Kernel eventKernel(const std::string& synapses, bool post) const;

  // Whether `model` (the same model with other constants, say) compiles to exactly these
  // kernels, so that a network of it can run on them without compiling again. Costs the
  // lowering to LLVM IR, not its optimisation: a few milliseconds for the Maass model. Throws
  // JitError as compile() does.
  bool fits(const ir::Model& model) const;

  // With JitOptions::keepOptimisedIr, else empty.
  const std::string& optimisedIr() const { return optimisedIr_; }
  double compileSeconds() const { return compileSeconds_; }

 private:
  CompiledModel();
  struct Jit;
  std::unique_ptr<Jit> jit_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> kernelSlots_;
  std::size_t distinctKernels_ = 0;
  std::map<std::string, Kernel> kernels_;
  std::string kernelSource_;  // before optimisation, for fits()
  std::string optimisedIr_;
  double compileSeconds_ = 0;
};

}  // namespace lsm
