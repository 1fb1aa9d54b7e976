// The loop of a function run when a network is built (a connection rule's row of pairs,
// a block of synapses' init): code that must give ir::evaluate's values bit for bit and that
// the optimiser would otherwise change.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "codegen/llvm_ir.hpp"

namespace lsm::codegen {

// The `count` pointers of the array of pointers `table`, loaded where `b` stands.
std::vector<llvm::Value*> loadPointers(llvm::IRBuilder<>& b, llvm::Value* table, std::size_t count);

// Ends the body of `function`'s loop where `b` stands: `counter` + 1, back to `loop` while it
// is below `end`, else `exit`, which returns. Every call is kept as written and the loop
// scalar: InstCombine's library-call simplifier turns pow(x, 2.0) into x*x, which is not
// std::pow's value for about one x in a thousand (glibc's pow is not correctly rounded
// there), and may rewrite other calls, but skips calls marked notail; the vectoriser's calls
// would not be notail (and the libm calls, most of such a loop's time, are one lane at a time
// anyway). False, with the function erased, where LLVM rejects it: the caller interprets.
bool endLoop(llvm::IRBuilder<>& b, llvm::Function& function, llvm::PHINode* counter,
             llvm::Value* end, llvm::BasicBlock* loop, llvm::BasicBlock* exit);

// Emits the loop's `body` where `b` stands, then ends the loop as endLoop does. False, with
// the function erased, where the body meets what the JIT cannot emit (a JitError) or LLVM
// rejects the function: the caller interprets instead, so no such model fails to build.
bool emitLoopBody(llvm::IRBuilder<>& b, llvm::Function& function, llvm::PHINode* counter,
                  llvm::Value* end, llvm::BasicBlock* loop, llvm::BasicBlock* exit,
                  const std::function<void()>& body);

}  // namespace lsm::codegen
