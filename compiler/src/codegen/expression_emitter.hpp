// LLVM IR for the IR's expressions and statements, with the reference semantics of
// ir/functions.cpp and ir/plan_interpreter.cpp (strict floating point, the same operations in
// the same order). Where variables live is the caller's business (Memory).
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "codegen/llvm_ir.hpp"
#include "lsm/ir.hpp"

namespace lsm::codegen {

// The machine code's `a ** b`: std::pow(a, b), under a name of its own (the JIT defines it,
// codegen/jit.cpp), so that LLVM does not take it for libm's pow and rewrite its calls.
inline constexpr const char* powerFunction = "lsm_pow";

class ExpressionEmitter {
 public:
  // The memory of the element being computed.
  class Memory {
   public:
    // The address of a variable's value (a double) for this element, or for the element that
    // the index array `indexSlot` (when not -1) gives for it.
    virtual llvm::Value* address(int slot, ir::Scope scope, int indexSlot = -1) = 0;
    virtual llvm::Value* special(ir::Special name) = 0;
    // What a random draw (rand(), randn()) is keyed by, as i64 values: the loop's element or
    // synapse, the step's number, and the seed and trial of the plan's key `slot`.
    virtual llvm::Value* drawElement() = 0;
    virtual llvm::Value* stepNumber() = 0;
    virtual std::pair<llvm::Value*, llvm::Value*> randomKey(int slot) = 0;
    // A timed array's table (doubles, row-major) and its columns (0: 1-D).
    virtual llvm::Value* table(int slot) = 0;
    virtual std::int64_t tableColumns(int slot) = 0;
    // A random call evaluated when a network is built (a synapse's init), given its
    // arguments; nullptr where draws are the step's own (rand(), randn() by key and step).
    virtual llvm::Value* buildTimeDraw(const ir::Expr& call,
                                       const std::vector<llvm::Value*>& args) {
      (void)call;
      (void)args;
      return nullptr;
    }

   protected:
    ~Memory() = default;
  };

  ExpressionEmitter(llvm::Module& module, llvm::IRBuilder<>& builder, Memory& memory);

  llvm::Value* expr(const ir::Expr& e);
  // A double's truth value (non-zero) as an i1.
  llvm::Value* truth(llvm::Value* value);
  // Runs the statements for one element; locals are the body's own.
  void statements(const std::vector<ir::Statement>& body);

  // From now on, `width` elements at once, one per vector lane (1: scalar code): Memory's
  // addresses are vectors of pointers where a value differs between lanes (gathered and
  // scattered), single pointers where it does not (loaded once, the same in every lane).
  // Each lane's operations are the scalar code's. Assignments through the pre or post
  // indices are not made but kept (the statement and its lanes' values) for the caller to
  // make one lane after another (passes/event_lanes.hpp: the lanes may share a target).
  void setLanes(unsigned width);
  // The width the loop vectoriser is asked for in loops over elements (1: none): calls of libm
  // functions get lane-by-lane variants of that width, so that such a loop still vectorises.
  void setLoopWidth(unsigned width) { loopWidth_ = width; }
  // From now on, plain assignments of the element's own value to `slots` are not stored but
  // kept, and reads of that value later in the same statements (and in expressions after
  // them, such as a threshold's condition) take the kept value (passes/deferred_stores.hpp).
  void keepInRegisters(std::vector<int> slots) { inRegisters_ = std::move(slots); }
  struct Kept {
    const ir::Statement* statement;
    llvm::Value* value;
  };
  std::vector<Kept> takeKept() { return std::move(kept_); }

 private:
  llvm::Value* call(const ir::Expr& e, std::vector<llvm::Value*> a);
  llvm::Value* tableValue(const ir::Expr& e);
  llvm::Value* intrinsic(llvm::Intrinsic::ID id, std::vector<llvm::Value*> args);
  llvm::Value* libm(const char* name, std::vector<llvm::Value*> args);
  llvm::Function* lanewise(llvm::Function* scalar, unsigned width, bool masked);
  llvm::Value* fromTruth(llvm::Value* bit);
  llvm::Value* constant(double value);
  llvm::Value* minimum(llvm::Value* a, llvm::Value* b);
  llvm::Value* maximum(llvm::Value* a, llvm::Value* b);
  void advance(const ir::Advance& a, llvm::Value* steps);
  llvm::Value* widen(llvm::Value* scalar);
  llvm::Value* load(llvm::Value* address);
  void store(llvm::Value* value, llvm::Value* address);
  // Whether any lane's condition holds (a branch's condition).
  llvm::Value* any(llvm::Value* condition);

  llvm::Module& module_;
  llvm::IRBuilder<>& b_;
  Memory& memory_;
  llvm::Type* double_;
  llvm::Type* i64_;
  unsigned lanes_ = 1;
  unsigned loopWidth_ = 1;
  llvm::Type* value_;    // double, or a vector of doubles in lanes
  llvm::Type* integer_;  // i64, or a vector of them
  std::vector<Kept> kept_;
  std::vector<llvm::Value*> locals_;
  std::vector<int> inRegisters_;
  std::map<int, llvm::Value*> keptValues_;  // by slot, for the statements being emitted
};

}  // namespace lsm::codegen
