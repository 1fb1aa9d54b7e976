// The LLVM headers that building IR needs (the emitters and plan codegen). They are apart
// from the JIT's (llvm_jit.hpp) because ORC's and the pass builder's headers take five times
// as long to parse: most of each emitter file's compile time.
#pragma once

#include <llvm/Analysis/ValueTracking.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/VFABIDemangler.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Transforms/Utils/ModuleUtils.h>
