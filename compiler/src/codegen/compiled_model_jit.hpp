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

struct CompiledModel::Jit {
  std::unique_ptr<llvm::orc::LLJIT> lljit;
  // The kernels each operation of the plan calls, for the drivers emitted again.
  std::map<const ir::PlanOp*, codegen::KernelCall> calls;
  std::string cpu, features;  // the host's, as the kernels were compiled for
};

}  // namespace lsm
