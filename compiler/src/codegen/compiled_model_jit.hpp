// What a CompiledModel keeps of its JIT (lsm/jit.hpp): the linked machine code, and what
// optimising the driver later needs (codegen/optimised_driver.cpp).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "codegen/llvm_jit.hpp"
#include "codegen/plan_codegen.hpp"
#include "lsm/jit.hpp"

namespace lsm {

// The host the machine code is compiled for.
struct HostTarget {
  std::string cpu, features, triple;
  llvm::DataLayout layout{""};
};

// Gives `module` and its functions the host's CPU, features (so that the vectoriser works at
// its width), data layout and triple; throws JitError when the module is invalid.
void prepareForHost(llvm::Module& module, const HostTarget& host);

struct CompiledModel::Jit {
  std::unique_ptr<llvm::orc::LLJIT> lljit;
  // The kernels each operation of the plan calls, for the driver emitted again.
  std::map<const ir::PlanOp*, codegen::KernelCall> calls;
  HostTarget host;  // as the kernels were compiled for
};

}  // namespace lsm
