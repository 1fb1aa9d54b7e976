// LLVM IR for the step's random draws (rand(), randn()): ir/plan_random.hpp's algorithms
// instantiated with LLVM instructions, so that the JIT's draws are the interpreter's bits and
// the loops around them still vectorise (integer and floating-point operations only).
#pragma once

#include <cstdint>

#include "codegen/llvm_ir.hpp"

namespace lsm::codegen {

// One draw; `seed`, `trial`, `step` and `element` are i64 values.
llvm::Value* emitRandomDraw(llvm::IRBuilder<>& builder, bool normal, std::uint64_t stream,
                            llvm::Value* seed, llvm::Value* trial, llvm::Value* step,
                            llvm::Value* element);

}  // namespace lsm::codegen
