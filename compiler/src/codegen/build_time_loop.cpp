#include "codegen/build_time_loop.hpp"

#include <llvm/IR/Verifier.h>

#include "lsm/jit.hpp"

namespace lsm::codegen {

std::vector<llvm::Value*> loadPointers(llvm::IRBuilder<>& b, llvm::Value* table,
                                       std::size_t count) {
  std::vector<llvm::Value*> pointers;
  for (std::size_t k = 0; k < count; ++k)
    pointers.push_back(b.CreateLoad(b.getPtrTy(), b.CreateConstGEP1_64(b.getPtrTy(), table, k)));
  return pointers;
}

bool endLoop(llvm::IRBuilder<>& b, llvm::Function& function, llvm::PHINode* counter,
             llvm::Value* end, llvm::BasicBlock* loop, llvm::BasicBlock* exit) {
  for (llvm::Instruction& instruction : llvm::instructions(function)) {
    if (auto* call = llvm::dyn_cast<llvm::CallInst>(&instruction))
      call->setTailCallKind(llvm::CallInst::TCK_NoTail);
  }
  llvm::Value* next = b.CreateAdd(counter, llvm::ConstantInt::get(counter->getType(), 1));
  counter->addIncoming(next, b.GetInsertBlock());
  llvm::Instruction* latch = b.CreateCondBr(b.CreateICmpSLT(next, end), loop, exit);
  llvm::LLVMContext& context = function.getContext();
  llvm::Metadata* scalar[] = {llvm::MDString::get(context, "llvm.loop.vectorize.enable"),
                              llvm::ConstantAsMetadata::get(llvm::ConstantInt::getFalse(context))};
  llvm::MDNode* loopId =
      llvm::MDNode::getDistinct(context, {nullptr, llvm::MDNode::get(context, scalar)});
  loopId->replaceOperandWith(0, loopId);
  latch->setMetadata(llvm::LLVMContext::MD_loop, loopId);
  b.SetInsertPoint(exit);
  b.CreateRetVoid();
  if (llvm::verifyFunction(function)) {
    function.eraseFromParent();
    return false;
  }
  return true;
}

bool emitLoopBody(llvm::IRBuilder<>& b, llvm::Function& function, llvm::PHINode* counter,
                  llvm::Value* end, llvm::BasicBlock* loop, llvm::BasicBlock* exit,
                  const std::function<void()>& body) {
  try {
    body();
  } catch (const JitError&) {
    function.eraseFromParent();
    return false;
  }
  return endLoop(b, function, counter, end, loop, exit);
}

}  // namespace lsm::codegen
