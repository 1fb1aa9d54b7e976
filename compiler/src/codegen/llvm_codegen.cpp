// Lowering of the integrated IR to LLVM IR, one kernel per scheduled operation, optimised at
// O3 for the host CPU and compiled with ORC LLJIT. Floating point stays strict (no
// contraction, no reassociation) so that kernels agree bit for bit with the reference
// interpreter (lsm/execution.hpp).
//
// Over 600 lines, on purpose for now: this is the one translation unit that includes LLVM's
// headers (they keep the public headers and every other file free of LLVM, and cost seconds
// of compile time per file that includes them). The kernel builder and the JIT driver are
// its two halves; the step program (issue #16) replaces the per-operation kernels and is
// where they split.
#include <fmt/format.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "lsm/jit.hpp"

#if defined(__clang__) || defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#include <llvm/Analysis/ValueTracking.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#if defined(__clang__) || defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace lsm {

struct CompiledModel::Jit {
  std::unique_ptr<llvm::orc::LLJIT> lljit;
};

CompiledModel::CompiledModel() = default;
CompiledModel::~CompiledModel() = default;

Kernel CompiledModel::kernel(const std::string& operation) const {
  auto found = kernels_.find(operation);
  return found == kernels_.end() ? nullptr : found->second;
}

Kernel CompiledModel::eventKernel(const std::string& synapses, bool post) const {
  return kernel(synapses + (post ? "#on_post" : "#on_pre"));
}

namespace {

std::string errorText(llvm::Error error) {
  std::string text;
  llvm::raw_string_ostream out(text);
  out << error;
  return text;
}

template <typename T>
T unwrap(llvm::Expected<T> value, const char* what) {
  if (!value) throw JitError(fmt::format("{}: {}", what, errorText(value.takeError())));
  return std::move(*value);
}

std::string symbolName(const std::string& operation) {
  std::string out = "lsm_";
  for (char c : operation) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

// Where one element's variables live while a kernel runs.
struct ElementContext {
  std::string object;            // own variables: a group or synapses
  llvm::Value* index = nullptr;  // own element (i64)
  const ir::Synapses* synapses = nullptr;
  llvm::Value* preIndex = nullptr;  // group-wide (i64), synapses only
  llvm::Value* postIndex = nullptr;
  std::int64_t groupSize = 0;  // for N in a group's kernels
};

class KernelBuilder {
 public:
  // Emits one kernel, named "kernel", into `module`.
  KernelBuilder(const ir::Model& model, llvm::LLVMContext& context, llvm::Module& module)
      : model_(model), context_(context), module_(module), b_(context) {
    doubleType_ = llvm::Type::getDoubleTy(context);
    i64_ = llvm::Type::getInt64Ty(context);
    i32_ = llvm::Type::getInt32Ty(context);
    ptr_ = llvm::PointerType::get(context, 0);
  }

  // Emits the kernel of one scheduled operation; false if the operation has none.
  bool operation(const ir::ScheduledOperation& op) {
    using K = ir::ScheduledOperation::Kind;
    switch (op.kind) {
      case K::stateUpdate: {
        if (const ir::NeuronGroup* g = model_.findGroup(op.object)) {
          begin();
          loop(constant64(0), count_,
               [&](llvm::Value* e) { statements(g->update->statements, groupElement(*g, e)); });
          finish(constant64(0));
        } else {
          const ir::Synapses& s = synapses(op.object);
          begin();
          loop(constant64(0), count_,
               [&](llvm::Value* k) { statements(s.update->statements, synapseElement(s, k)); });
          finish(constant64(0));
        }
        return true;
      }
      case K::summedVariable: {
        const ir::Synapses& s = synapses(op.object);
        const ir::SummedVariable& summed = summedVariable(s, op.target);
        if (summed.runningSum.empty()) {
          sum(s, summed, summed.target);
          return true;
        }
        // A running sum, which the events add to: it decays, and sets the target.
        begin();
        llvm::Value* target = slotPointer(s.target.group, summed.target, "target");
        llvm::Value* running = slotPointer(s.target.group, summed.runningSum, "running");
        llvm::Value* decay = b_.CreateLoad(doubleType_, slotPointer(s.name, summed.decay));
        loop(constant64(s.target.start), constant64(s.target.stop), [&](llvm::Value* e) {
          llvm::Value* address = element(running, e);
          llvm::Value* now = b_.CreateLoad(doubleType_, address);
          llvm::Value* decayed = b_.CreateFMul(now, decay);
          b_.CreateStore(decayed, address);
          b_.CreateStore(summed.decayFirst ? decayed : now, element(target, e));
        });
        finish(constant64(0));
        return true;
      }
      case K::threshold: {
        const ir::NeuronGroup* g = model_.findGroup(op.object);
        begin();
        llvm::Value* spikes = b_.CreateAlloca(i64_);
        b_.CreateStore(constant64(0), spikes);
        loop(constant64(0), count_, [&](llvm::Value* e) {
          ElementContext context = groupElement(*g, e);
          llvm::Value* crossed = truth(expr(*g->threshold, context));
          llvm::Function* function = b_.GetInsertBlock()->getParent();
          auto* fire = llvm::BasicBlock::Create(context_, "fire", function);
          auto* next = llvm::BasicBlock::Create(context_, "next", function);
          b_.CreateCondBr(crossed, fire, next);
          b_.SetInsertPoint(fire);
          llvm::Value* n = b_.CreateLoad(i64_, spikes);
          b_.CreateStore(b_.CreateTrunc(e, i32_), b_.CreateGEP(i32_, list_, n));
          b_.CreateStore(b_.CreateAdd(n, constant64(1)), spikes);
          statements(g->onSpike, context);
          b_.CreateBr(next);
          b_.SetInsertPoint(next);
        });
        finish(b_.CreateLoad(i64_, spikes));
        return true;
      }
      case K::reset: {
        const ir::NeuronGroup* g = model_.findGroup(op.object);
        begin();
        listLoop([&](llvm::Value* e) { statements(g->reset, groupElement(*g, e)); });
        finish(constant64(0));
        return true;
      }
      case K::spikeGenerator:
      case K::spikeMonitor:
      case K::stateMonitor:
      case K::pathway:
        return false;  // generators, monitors and queues are the runtime's bookkeeping
    }
    return false;
  }

  // Sets `into` (the summed variable's target, or its running sum) to the sum over the
  // synapses, in synapse order.
  void sum(const ir::Synapses& s, const ir::SummedVariable& summed, const std::string& into) {
    begin();
    llvm::Value* target = slotPointer(s.target.group, into, "target");
    loop(constant64(s.target.start), constant64(s.target.stop), [&](llvm::Value* e) {
      b_.CreateStore(llvm::ConstantFP::get(doubleType_, 0.0), element(target, e));
    });
    loop(constant64(0), count_, [&](llvm::Value* k) {
      ElementContext context = synapseElement(s, k);
      llvm::Value* value = expr(summed.rhs, context);
      llvm::Value* address = element(target, context.postIndex);
      b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(doubleType_, address), value), address);
    });
    finish(constant64(0));
  }

  // Lazily updated synapses: brings the synapses 0 .. count-1 up to the start of the step
  // after t.
  void catchUp(const ir::Synapses& s) {
    begin();
    loop(constant64(0), count_,
         [&](llvm::Value* k) { statements(s.catchUp, synapseElement(s, k)); });
    finish(constant64(0));
  }

  // on_pre / on_post over a list of synapse indices.
  void events(const ir::Synapses& s, bool post) {
    const auto& code = post ? s.onPost : s.onPre;
    begin();
    listLoop([&](llvm::Value* k) { statements(code, synapseElement(s, k)); });
    finish(constant64(0));
  }

  // The kernel's slots: what the runtime's table holds for it, in order.
  const std::vector<std::pair<std::string, std::string>>& slots() const { return slots_; }

 private:
  static const ir::SummedVariable& summedVariable(const ir::Synapses& s,
                                                  const std::string& target) {
    if (const ir::SummedVariable* summed = s.findSummed(target)) return *summed;
    throw JitError("no summed variable " + target + " in " + s.name);
  }

  const ir::Synapses& synapses(const std::string& name) const {
    if (const ir::Synapses* s = model_.findSynapses(name)) return *s;
    throw JitError("no synapses " + name);
  }

  llvm::Value* constant64(std::int64_t value) { return llvm::ConstantInt::get(i64_, value); }
  llvm::Value* constantDouble(double value) { return llvm::ConstantFP::get(doubleType_, value); }

  void begin() {
    auto* type = llvm::FunctionType::get(i64_, {ptr_, ptr_, i64_, doubleType_, doubleType_}, false);
    function_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, "kernel", module_);
    auto arg = function_->arg_begin();
    slotsArg_ = &*arg++;
    list_ = &*arg++;
    count_ = &*arg++;
    t_ = &*arg++;
    dt_ = &*arg++;
    b_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", function_));
  }

  void finish(llvm::Value* result) {
    b_.CreateRet(result);
    markDisjointMemory();
  }

  // Every slot is an array (or scalar) of its own, and the list and the slot table are
  // separate too: each memory access gets the alias scope of what it reaches and is declared
  // not to alias the others, so the vectoriser needs no run-time overlap checks.
  void markDisjointMemory() {
    std::map<const llvm::Value*, int> regionOf;  // base pointer -> region
    for (const auto& [slot, pointer] : pointers_) regionOf[pointer] = slot;
    const int regions = static_cast<int>(slots_.size()) + 2;
    const int listRegion = regions - 2, tableRegion = regions - 1;
    regionOf[list_] = listRegion;
    regionOf[slotsArg_] = tableRegion;
    llvm::MDBuilder metadata(context_);
    llvm::MDNode* domain = metadata.createAnonymousAliasScopeDomain("kernel");
    std::vector<llvm::MDNode*> scopes;
    for (int r = 0; r < regions; ++r) scopes.push_back(metadata.createAnonymousAliasScope(domain));
    for (llvm::Instruction& instruction : llvm::instructions(*function_)) {
      llvm::Value* address = nullptr;
      if (auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction))
        address = load->getPointerOperand();
      if (auto* store = llvm::dyn_cast<llvm::StoreInst>(&instruction))
        address = store->getPointerOperand();
      if (address == nullptr) continue;
      auto found = regionOf.find(llvm::getUnderlyingObject(address));
      if (found == regionOf.end()) continue;  // a local (alloca)
      std::vector<llvm::Metadata*> others;
      for (int r = 0; r < regions; ++r)
        if (r != found->second) others.push_back(scopes[static_cast<std::size_t>(r)]);
      instruction.setMetadata(
          llvm::LLVMContext::MD_alias_scope,
          llvm::MDNode::get(context_, {scopes[static_cast<std::size_t>(found->second)]}));
      instruction.setMetadata(llvm::LLVMContext::MD_noalias, llvm::MDNode::get(context_, others));
    }
  }

  // `shortLoop`: a loop over a list of spiking elements or arriving spikes, a handful per
  // step. Vectorising or unrolling it would only cost compile time.
  template <typename Body>
  void loop(llvm::Value* from, llvm::Value* to, Body body, bool shortLoop = false) {
    llvm::BasicBlock* before = b_.GetInsertBlock();
    auto* header = llvm::BasicBlock::Create(context_, "loop", function_);
    auto* inside = llvm::BasicBlock::Create(context_, "body", function_);
    auto* after = llvm::BasicBlock::Create(context_, "done", function_);
    b_.CreateBr(header);
    b_.SetInsertPoint(header);
    llvm::PHINode* index = b_.CreatePHI(i64_, 2);
    index->addIncoming(from, before);
    b_.CreateCondBr(b_.CreateICmpSLT(index, to), inside, after);
    b_.SetInsertPoint(inside);
    body(index);
    llvm::Value* next = b_.CreateAdd(index, constant64(1));
    index->addIncoming(next, b_.GetInsertBlock());
    llvm::BranchInst* back = b_.CreateBr(header);
    if (shortLoop) {
      llvm::Metadata* options[] = {
          llvm::MDNode::get(context_, {llvm::MDString::get(context_, "llvm.loop.vectorize.enable"),
                                       llvm::ConstantAsMetadata::get(b_.getFalse())}),
          llvm::MDNode::get(context_, {llvm::MDString::get(context_, "llvm.loop.unroll.disable")})};
      llvm::SmallVector<llvm::Metadata*, 3> operands{nullptr, options[0], options[1]};
      llvm::MDNode* id = llvm::MDNode::getDistinct(context_, operands);
      id->replaceOperandWith(0, id);
      back->setMetadata(llvm::LLVMContext::MD_loop, id);
    }
    b_.SetInsertPoint(after);
  }

  // `body(index)` for each of the `count` indices in the list (spiking elements, arriving
  // synapses): a short loop.
  template <typename Body>
  void listLoop(Body body) {
    loop(
        constant64(0), count_,
        [&](llvm::Value* k) {
          body(b_.CreateSExt(b_.CreateLoad(i32_, b_.CreateGEP(i32_, list_, k)), i64_));
        },
        /*shortLoop=*/true);
  }

  // Slots are numbered per kernel in order of first use, so that kernels of objects with the
  // same code (the four Tsodyks-Markram pathways of the Maass model) are the same function.
  int slotOf(const std::string& object, const std::string& variable) {
    auto [it, inserted] =
        slotIndex_.emplace(std::pair{object, variable}, static_cast<int>(slots_.size()));
    if (inserted) slots_.emplace_back(object, variable);
    return it->second;
  }

  // The data pointer of a slot, loaded once per kernel (in the entry block). Its value is named
  // after the variable only (or `label`), for the same reason.
  llvm::Value* slotPointer(const std::string& object, const std::string& variable,
                           const std::string& label = "") {
    int slot = slotOf(object, variable);
    if (auto found = pointers_.find(slot); found != pointers_.end()) return found->second;
    llvm::IRBuilder<> entry(&function_->getEntryBlock(), function_->getEntryBlock().begin());
    llvm::Value* pointer =
        entry.CreateLoad(ptr_, entry.CreateGEP(ptr_, slotsArg_, llvm::ConstantInt::get(i64_, slot)),
                         label.empty() ? variable : label);
    pointers_[slot] = pointer;
    return pointer;
  }

  llvm::Value* element(llvm::Value* base, llvm::Value* index) {
    return b_.CreateGEP(doubleType_, base, index);
  }

  ElementContext groupElement(const ir::NeuronGroup& g, llvm::Value* e) {
    return ElementContext{g.name, e, nullptr, nullptr, nullptr, g.size};
  }

  ElementContext synapseElement(const ir::Synapses& s, llvm::Value* k) {
    ElementContext c{s.name, k, &s, nullptr, nullptr, 0};
    auto index = [&](const char* which) {
      llvm::Value* table = slotPointer(s.name, which);
      return b_.CreateSExt(b_.CreateLoad(i32_, b_.CreateGEP(i32_, table, k)), i64_);
    };
    c.preIndex = index("#pre");
    c.postIndex = index("#post");
    return c;
  }

  bool isShared(const std::string& object, const std::string& variable) const {
    if (const ir::NeuronGroup* g = model_.findGroup(object)) {
      const ir::Variable* v = g->findVariable(variable);
      return v != nullptr && v->shared;
    }
    for (const auto& s : model_.synapses) {
      if (s.name != object) continue;
      const ir::Variable* v = s.findVariable(variable);
      return v != nullptr && v->shared;
    }
    return false;
  }

  llvm::Value* address(const std::string& name, ir::Scope scope, const ElementContext& c) {
    std::string object = c.object;
    llvm::Value* index = c.index;
    if (scope == ir::Scope::pre) {
      object = c.synapses->source.group;
      index = c.preIndex;
    } else if (scope == ir::Scope::post) {
      object = c.synapses->target.group;
      index = c.postIndex;
    }
    if (isShared(object, name)) index = constant64(0);
    // A neuron's variable in a synapses' kernel is named after its role only, so that pathways
    // into different variables (I_syn_ee, I_syn_ie) can still share their code.
    std::string label = scope == ir::Scope::pre ? "pre" : scope == ir::Scope::post ? "post" : "";
    return element(slotPointer(object, name, label), index);
  }

  llvm::Value* truth(llvm::Value* value) { return b_.CreateFCmpUNE(value, constantDouble(0.0)); }
  llvm::Value* fromTruth(llvm::Value* bit) { return b_.CreateUIToFP(bit, doubleType_); }

  llvm::Value* intrinsic(llvm::Intrinsic::ID id, std::vector<llvm::Value*> args) {
    llvm::Function* f = llvm::Intrinsic::getDeclaration(&module_, id, {doubleType_});
    return b_.CreateCall(f, args);
  }

  llvm::Value* libm(const char* name, std::vector<llvm::Value*> args) {
    std::vector<llvm::Type*> types(args.size(), doubleType_);
    auto callee =
        module_.getOrInsertFunction(name, llvm::FunctionType::get(doubleType_, types, false));
    return b_.CreateCall(callee, args);
  }

  // std::max(a, b) and std::min(a, b), with their handling of NaN.
  llvm::Value* maximum(llvm::Value* a, llvm::Value* b) {
    return b_.CreateSelect(b_.CreateFCmpOLT(a, b), b, a);
  }
  llvm::Value* minimum(llvm::Value* a, llvm::Value* b) {
    return b_.CreateSelect(b_.CreateFCmpOLT(b, a), b, a);
  }

  llvm::Value* call(const ir::Expr& e, std::vector<llvm::Value*> a) {
    using B = ir::Builtin;
    switch (e.function) {
      case B::exp:
        return intrinsic(llvm::Intrinsic::exp, a);
      case B::log:
        return intrinsic(llvm::Intrinsic::log, a);
      case B::log10:
        return intrinsic(llvm::Intrinsic::log10, a);
      case B::sin:
        return intrinsic(llvm::Intrinsic::sin, a);
      case B::cos:
        return intrinsic(llvm::Intrinsic::cos, a);
      case B::sqrt:
        return intrinsic(llvm::Intrinsic::sqrt, a);
      case B::abs:
        return intrinsic(llvm::Intrinsic::fabs, a);
      case B::floor:
        return intrinsic(llvm::Intrinsic::floor, a);
      case B::ceil:
        return intrinsic(llvm::Intrinsic::ceil, a);
      case B::toInt:
        return intrinsic(llvm::Intrinsic::trunc, a);
      case B::expm1:
        return libm("expm1", a);
      case B::log1p:
        return libm("log1p", a);
      case B::tan:
        return libm("tan", a);
      case B::sinh:
        return libm("sinh", a);
      case B::cosh:
        return libm("cosh", a);
      case B::tanh:
        return libm("tanh", a);
      case B::arcsin:
        return libm("asin", a);
      case B::arccos:
        return libm("acos", a);
      case B::arctan:
        return libm("atan", a);
      case B::min:
        return minimum(a[0], a[1]);
      case B::max:
        return maximum(a[0], a[1]);
      case B::clip:
        return minimum(maximum(a[0], a[1]), a[2]);
      case B::sign:
        return b_.CreateFSub(fromTruth(b_.CreateFCmpOGT(a[0], constantDouble(0))),
                             fromTruth(b_.CreateFCmpOLT(a[0], constantDouble(0))));
      case B::timestep: {  // Brian2: int64((x + 1e-3*dt)/dt)
        llvm::Value* shifted = b_.CreateFAdd(a[0], b_.CreateFMul(constantDouble(1e-3), a[1]));
        return intrinsic(llvm::Intrinsic::trunc, {b_.CreateFDiv(shifted, a[1])});
      }
      case B::phi1: {  // as ir::phi1
        llvm::Value* x = a[0];
        llvm::Value* small =
            b_.CreateFCmpOLT(intrinsic(llvm::Intrinsic::fabs, {x}), constantDouble(1e-5));
        llvm::Value* series = b_.CreateFAdd(
            constantDouble(1.0),
            b_.CreateFMul(
                x, b_.CreateFAdd(constantDouble(0.5), b_.CreateFDiv(x, constantDouble(6.0)))));
        llvm::Value* exact = b_.CreateFDiv(libm("expm1", {x}), x);
        return b_.CreateSelect(small, series, exact);
      }
      case B::uniform:
      case B::normal:
      case B::gamma:
      case B::exponential:
      case B::rand:
      case B::randn:
      case B::permutation:
        break;  // random draws happen when a network is built
    }
    throw JitError(fmt::format("{}:{}:{}: '{}' cannot run in a step", e.location.file,
                               e.location.line, e.location.column, ir::spelling(e.function)));
  }

  llvm::Value* special(ir::Special name, const ElementContext& c) {
    auto asDouble = [&](llvm::Value* v) { return b_.CreateSIToFP(v, doubleType_); };
    using S = ir::Special;
    switch (name) {
      case S::t:
        return t_;
      case S::dt:
        return dt_;
      case S::i:
        if (c.synapses == nullptr) return asDouble(c.index);
        return asDouble(b_.CreateSub(c.preIndex, constant64(c.synapses->source.start)));
      case S::j:
        if (c.synapses == nullptr) break;
        return asDouble(b_.CreateSub(c.postIndex, constant64(c.synapses->target.start)));
      case S::N:
        if (c.synapses == nullptr) return constantDouble(static_cast<double>(c.groupSize));
        return b_.CreateLoad(doubleType_, slotPointer(c.object, "#N"));
      case S::N_pre:
        if (c.synapses == nullptr) break;
        return constantDouble(static_cast<double>(c.synapses->source.size()));
      case S::N_post:
        if (c.synapses == nullptr) break;
        return constantDouble(static_cast<double>(c.synapses->target.size()));
    }
    throw JitError("'" + std::string(ir::spelling(name)) + "' is not available in a step");
  }

  llvm::Value* expr(const ir::Expr& e, const ElementContext& c) {
    switch (e.kind) {
      case ir::Expr::Kind::constant:
        return constantDouble(e.value);
      case ir::Expr::Kind::variable:
        if (e.scope == ir::Scope::local) {
          auto found = locals_.find(e.name);
          if (found == locals_.end()) throw JitError("unbound local " + e.name);
          return found->second;
        }
        return b_.CreateLoad(doubleType_, address(e.name, e.scope, c));
      case ir::Expr::Kind::special:
        return special(e.special, c);
      case ir::Expr::Kind::call: {
        std::vector<llvm::Value*> args;
        for (const auto& operand : e.operands) args.push_back(expr(operand, c));
        return call(e, args);
      }
      case ir::Expr::Kind::unary: {
        llvm::Value* x = expr(e.operands[0], c);
        switch (e.unaryOp) {
          case UnaryOp::negate:
            return b_.CreateFNeg(x);
          case UnaryOp::logicalNot:
            return fromTruth(b_.CreateFCmpOEQ(x, constantDouble(0.0)));
        }
        throw JitError("unknown unary operator");
      }
      case ir::Expr::Kind::conditional: {
        llvm::Value* test = truth(expr(e.operands[1], c));
        return b_.CreateSelect(test, expr(e.operands[0], c), expr(e.operands[2], c));
      }
      case ir::Expr::Kind::binary: {
        llvm::Value* a = expr(e.operands[0], c);
        llvm::Value* v = expr(e.operands[1], c);
        using B = BinaryOp;
        switch (e.binaryOp) {
          case B::add:
            return b_.CreateFAdd(a, v);
          case B::subtract:
            return b_.CreateFSub(a, v);
          case B::multiply:
            return b_.CreateFMul(a, v);
          case B::divide:
            return b_.CreateFDiv(a, v);
          case B::floorDivide:
            return intrinsic(llvm::Intrinsic::floor, {b_.CreateFDiv(a, v)});
          case B::modulo: {
            llvm::Value* quotient = intrinsic(llvm::Intrinsic::floor, {b_.CreateFDiv(a, v)});
            return b_.CreateFSub(a, b_.CreateFMul(quotient, v));
          }
          case B::power:
            return intrinsic(llvm::Intrinsic::pow, {a, v});
          case B::less:
            return fromTruth(b_.CreateFCmpOLT(a, v));
          case B::lessEqual:
            return fromTruth(b_.CreateFCmpOLE(a, v));
          case B::greater:
            return fromTruth(b_.CreateFCmpOGT(a, v));
          case B::greaterEqual:
            return fromTruth(b_.CreateFCmpOGE(a, v));
          case B::equal:
            return fromTruth(b_.CreateFCmpOEQ(a, v));
          case B::notEqual:
            return fromTruth(b_.CreateFCmpUNE(a, v));
          case B::logicalAnd:
            return fromTruth(b_.CreateAnd(truth(a), truth(v)));
          case B::logicalOr:
            return fromTruth(b_.CreateOr(truth(a), truth(v)));
        }
        throw JitError("unknown binary operator");
      }
    }
    throw JitError("unknown expression");
  }

  void statements(const std::vector<ir::Statement>& list, const ElementContext& c) {
    locals_.clear();
    for (const ir::Statement& s : list) {
      llvm::Value* value = expr(s.value, c);
      if (s.kind == ir::Statement::Kind::advance) {
        advance(*s.advance, value, c);
        continue;
      }
      if (s.kind == ir::Statement::Kind::let) {
        locals_[s.target] = value;
        continue;
      }
      llvm::Value* where = address(s.target, s.targetScope, c);
      llvm::Value* old = nullptr;
      if (s.op != AssignOp::assign || s.condition) old = b_.CreateLoad(doubleType_, where);
      switch (s.op) {
        case AssignOp::assign:
          break;
        case AssignOp::add:
          value = b_.CreateFAdd(old, value);
          break;
        case AssignOp::subtract:
          value = b_.CreateFSub(old, value);
          break;
        case AssignOp::multiply:
          value = b_.CreateFMul(old, value);
          break;
        case AssignOp::divide:
          value = b_.CreateFDiv(old, value);
          break;
      }
      if (s.condition) value = b_.CreateSelect(truth(expr(*s.condition, c)), value, old);
      b_.CreateStore(value, where);
    }
  }

  // ir::advanceAffine, operation for operation: the map X -> Phi X + offset applied `steps`
  // times by repeated squaring. The loop's values live in stack slots that the optimiser turns
  // into registers.
  void advance(const ir::Advance& a, llvm::Value* steps, const ElementContext& c) {
    const std::size_t n = a.variables.size();
    llvm::IRBuilder<> entry(&function_->getEntryBlock(), function_->getEntryBlock().begin());
    auto slot = [&](llvm::Type* type) { return entry.CreateAlloca(type); };
    auto pattern = [&](std::size_t i, std::size_t j) { return !a.phi[i][j].empty(); };
    std::vector<llvm::Value*> phi(n * n, nullptr), offset(n), x(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (!pattern(i, j)) continue;
        phi[i * n + j] = slot(doubleType_);
        b_.CreateStore(b_.CreateLoad(doubleType_, address(a.phi[i][j], ir::Scope::self, c)),
                       phi[i * n + j]);
      }
      offset[i] = slot(doubleType_);
      b_.CreateStore(a.offset[i].empty()
                         ? constantDouble(0.0)
                         : b_.CreateLoad(doubleType_, address(a.offset[i], ir::Scope::self, c)),
                     offset[i]);
      x[i] = slot(doubleType_);
      b_.CreateStore(b_.CreateLoad(doubleType_, address(a.variables[i], ir::Scope::self, c)), x[i]);
    }
    llvm::Value* remaining = slot(i64_);
    b_.CreateStore(b_.CreateFPToSI(steps, i64_), remaining);
    auto load = [&](llvm::Value* where) { return b_.CreateLoad(doubleType_, where); };
    // Row i of a matrix times a vector, over the pattern, in ascending order.
    auto rowTimes = [&](const std::vector<llvm::Value*>& matrix, std::size_t i,
                        const std::vector<llvm::Value*>& vector) {
      llvm::Value* sum = nullptr;
      for (std::size_t m = 0; m < n; ++m) {
        if (!pattern(i, m)) continue;
        llvm::Value* term = b_.CreateFMul(matrix[i * n + m], vector[m]);
        sum = sum == nullptr ? term : b_.CreateFAdd(sum, term);
      }
      return sum;
    };
    auto loadAll = [&](const std::vector<llvm::Value*>& where) {
      std::vector<llvm::Value*> values(where.size(), nullptr);
      for (std::size_t k = 0; k < where.size(); ++k)
        if (where[k] != nullptr) values[k] = load(where[k]);
      return values;
    };
    auto* header = llvm::BasicBlock::Create(context_, "advance", function_);
    auto* apply = llvm::BasicBlock::Create(context_, "advance.apply", function_);
    auto* halve = llvm::BasicBlock::Create(context_, "advance.halve", function_);
    auto* square = llvm::BasicBlock::Create(context_, "advance.square", function_);
    auto* done = llvm::BasicBlock::Create(context_, "advance.done", function_);
    b_.CreateBr(header);
    b_.SetInsertPoint(header);
    llvm::Value* k = b_.CreateLoad(i64_, remaining);
    b_.CreateCondBr(b_.CreateICmpSGT(k, constant64(0)), apply, done);
    b_.SetInsertPoint(apply);
    {
      auto* odd = llvm::BasicBlock::Create(context_, "advance.odd", function_);
      b_.CreateCondBr(b_.CreateICmpNE(b_.CreateAnd(k, constant64(1)), constant64(0)), odd, halve);
      b_.SetInsertPoint(odd);
      auto p = loadAll(phi), o = loadAll(offset), v = loadAll(x);
      std::vector<llvm::Value*> next(n);
      for (std::size_t i = 0; i < n; ++i) next[i] = b_.CreateFAdd(rowTimes(p, i, v), o[i]);
      for (std::size_t i = 0; i < n; ++i) b_.CreateStore(next[i], x[i]);
      b_.CreateBr(halve);
    }
    b_.SetInsertPoint(halve);
    llvm::Value* half = b_.CreateLShr(k, constant64(1));
    b_.CreateStore(half, remaining);
    b_.CreateCondBr(b_.CreateICmpSGT(half, constant64(0)), square, done);
    b_.SetInsertPoint(square);
    {
      // The map composed with itself: (Phi, c) -> (Phi Phi, Phi c + c).
      auto p = loadAll(phi), o = loadAll(offset);
      std::vector<llvm::Value*> squared(n * n, nullptr), squaredOffset(n);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          if (!pattern(i, j)) continue;
          llvm::Value* sum = nullptr;
          for (std::size_t m = 0; m < n; ++m) {
            if (!pattern(i, m) || !pattern(m, j)) continue;
            llvm::Value* term = b_.CreateFMul(p[i * n + m], p[m * n + j]);
            sum = sum == nullptr ? term : b_.CreateFAdd(sum, term);
          }
          squared[i * n + j] = sum;
        }
        squaredOffset[i] = b_.CreateFAdd(rowTimes(p, i, o), o[i]);
      }
      for (std::size_t k2 = 0; k2 < n * n; ++k2)
        if (squared[k2] != nullptr) b_.CreateStore(squared[k2], phi[k2]);
      for (std::size_t i = 0; i < n; ++i) b_.CreateStore(squaredOffset[i], offset[i]);
      b_.CreateBr(header);
    }
    b_.SetInsertPoint(done);
    for (std::size_t i = 0; i < n; ++i) {
      b_.CreateStore(load(x[i]), address(a.variables[i], ir::Scope::self, c));
    }
  }

  const ir::Model& model_;
  llvm::LLVMContext& context_;
  llvm::Module& module_;
  llvm::IRBuilder<> b_;
  std::map<std::pair<std::string, std::string>, int> slotIndex_;
  std::vector<std::pair<std::string, std::string>> slots_;
  llvm::Type* doubleType_;
  llvm::Type* i64_;
  llvm::Type* i32_;
  llvm::PointerType* ptr_;
  llvm::Function* function_ = nullptr;
  llvm::Value *slotsArg_ = nullptr, *list_ = nullptr, *count_ = nullptr, *t_ = nullptr,
              *dt_ = nullptr;
  std::map<int, llvm::Value*> pointers_;
  std::map<std::string, llvm::Value*> locals_;
};

void initialiseLlvm() {
  static const bool done = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)done;
}

std::string moduleText(const llvm::Module& module) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  module.print(stream, nullptr);
  return text;
}

// One kernel before optimisation, in a module (and context) of its own so that kernels can be
// optimised and compiled on several threads.
struct KernelModule {
  std::string operation;  // scheduled operation, or "SYNAPSES#on_pre" / "#on_post"
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
  std::vector<std::pair<std::string, std::string>> slots;
  std::string text;  // the module as text: equal texts are the same machine code
};

// Emits the kernels of every scheduled operation that has one, and of on_pre / on_post.
std::vector<KernelModule> emitKernels(const ir::Model& model) {
  std::vector<KernelModule> kernels;
  auto emit = [&](const std::string& operation, const auto& body) {
    KernelModule k;
    k.operation = operation;
    k.context = std::make_unique<llvm::LLVMContext>();
    k.module = std::make_unique<llvm::Module>("kernel", *k.context);
    KernelBuilder builder(model, *k.context, *k.module);
    if (!body(builder)) return;
    k.slots = builder.slots();
    k.text = moduleText(*k.module);
    kernels.push_back(std::move(k));
  };
  for (const auto& op : model.schedule) {
    emit(op.name, [&](KernelBuilder& b) { return b.operation(op); });
  }
  for (const auto& s : model.synapses) {
    if (!s.catchUp.empty()) {
      emit(s.name + "#catch_up", [&](KernelBuilder& b) {
        b.catchUp(s);
        return true;
      });
    }
    for (const auto& summed : s.summed) {
      if (summed.runningSum.empty()) continue;
      emit(s.name + "#sum:" + summed.target, [&](KernelBuilder& b) {
        b.sum(s, summed, summed.runningSum);
        return true;
      });
    }
    for (bool post : {false, true}) {
      if ((post ? s.onPost : s.onPre).empty()) continue;
      emit(s.name + (post ? "#on_post" : "#on_pre"), [&](KernelBuilder& b) {
        b.events(s, post);
        return true;
      });
    }
  }
  return kernels;
}

// What fits() compares: every kernel's operation and code.
std::string kernelSource(const std::vector<KernelModule>& kernels) {
  std::string source;
  for (const auto& k : kernels) source += "; " + k.operation + "\n" + k.text;
  return source;
}

// The O3 pipeline for the host CPU, on one kernel's module.
void optimise(llvm::Module& module, llvm::TargetMachine& machine) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  // Loops are not unrolled (vectorised loops are still interleaved): they run over a few
  // hundred elements, and unrolled code cost a fifth of the compile time with no measurable
  // gain per trial (benchmarks/jit_benchmark.cpp: CompileMaass, TrialMaass).
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = false;
  llvm::PassBuilder passes(&machine, tuning);
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);
  passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3).run(module, modules);
}

}  // namespace

bool CompiledModel::fits(const ir::Model& model) const {
  return kernelSource(emitKernels(model)) == kernelSource_;
}

const std::vector<std::pair<std::string, std::string>>& CompiledModel::kernelSlots(
    const std::string& operation) const {
  static const std::vector<std::pair<std::string, std::string>> none;
  auto found = kernelSlots_.find(operation);
  return found == kernelSlots_.end() ? none : found->second;
}

std::unique_ptr<CompiledModel> CompiledModel::compile(const ir::Model& model,
                                                      const JitOptions& options) {
  auto start = std::chrono::steady_clock::now();
  initialiseLlvm();
  std::unique_ptr<CompiledModel> compiled(new CompiledModel());

  auto machineBuilder =
      unwrap(llvm::orc::JITTargetMachineBuilder::detectHost(), "detecting the host");
  // Strict floating point: the kernels must agree bit for bit with the interpreter.
  machineBuilder.getOptions().AllowFPOpFusion = llvm::FPOpFusion::Strict;
  // The kernels are optimised at O3 either way; the fast variant skips the backend's own
  // optimisation (fast instruction selection, simple register allocation).
  machineBuilder.setCodeGenOptLevel(options.fastCodeGeneration ? llvm::CodeGenOptLevel::None
                                                               : llvm::CodeGenOptLevel::Default);
  auto targetMachine = unwrap(machineBuilder.createTargetMachine(), "creating the target machine");

  // 1. Emit, and keep one module per distinct kernel: objects with the same code share it.
  std::vector<KernelModule> kernels = emitKernels(model);
  compiled->kernelSource_ = kernelSource(kernels);
  std::map<std::string, std::string> symbolOfText;  // kernel text -> symbol
  std::map<std::string, std::string> symbolOfOperation;
  std::vector<llvm::orc::ThreadSafeModule> distinct;
  std::vector<std::string> distinctSymbols;
  for (auto& k : kernels) {
    compiled->kernelSlots_[k.operation] = k.slots;
    auto [it, isNew] = symbolOfText.emplace(k.text, symbolName(k.operation));
    symbolOfOperation[k.operation] = it->second;
    if (!isNew) continue;
    llvm::Function* function = k.module->getFunction("kernel");
    function->setName(it->second);
    // Kernels get the host's features so that O3 vectorises for its vector width.
    function->addFnAttr("target-cpu", targetMachine->getTargetCPU());
    function->addFnAttr("target-features", targetMachine->getTargetFeatureString());
    k.module->setDataLayout(targetMachine->createDataLayout());
    k.module->setTargetTriple(targetMachine->getTargetTriple().str());
    std::string problems;
    llvm::raw_string_ostream problemStream(problems);
    if (llvm::verifyModule(*k.module, &problemStream)) {
      throw JitError("the generated LLVM IR is invalid: " + problems);
    }
    k.module->setModuleIdentifier(std::to_string(distinct.size()));
    distinct.emplace_back(std::move(k.module), std::move(k.context));
    distinctSymbols.push_back(it->second);
  }
  compiled->distinctKernels_ = distinct.size();

  // 2. Optimise and compile the kernels on all cores: ORC runs each module's optimisation
  // (the transform below) and code generation as one task of its thread pool.
  unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  auto jit = unwrap(llvm::orc::LLJITBuilder()
                        .setJITTargetMachineBuilder(machineBuilder)
                        .setNumCompileThreads(threads)
                        .create(),
                    "creating the JIT");
  std::mutex irLock;
  std::vector<std::string> optimisedIr(distinct.size());
  bool keepIr = options.keepOptimisedIr;
  jit->getIRTransformLayer().setTransform(
      [machineBuilder, keepIr, &irLock, &optimisedIr](
          llvm::orc::ThreadSafeModule module, const llvm::orc::MaterializationResponsibility&)
          -> llvm::Expected<llvm::orc::ThreadSafeModule> {
        // A target machine per task: the transform runs on several threads at once.
        llvm::orc::JITTargetMachineBuilder builder = machineBuilder;
        auto machine = builder.createTargetMachine();
        if (!machine) return machine.takeError();
        module.withModuleDo([&](llvm::Module& m) {
          optimise(m, **machine);
          if (keepIr) {
            std::string text = moduleText(m);
            std::lock_guard<std::mutex> lock(irLock);
            optimisedIr[std::stoul(m.getModuleIdentifier())] = std::move(text);
          }
        });
        return module;
      });
  auto generator = unwrap(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
                              jit->getDataLayout().getGlobalPrefix()),
                          "finding libm");
  jit->getMainJITDylib().addGenerator(std::move(generator));
  for (auto& module : distinct) {
    if (auto error = jit->addIRModule(std::move(module))) {
      throw JitError("adding a kernel: " + errorText(std::move(error)));
    }
  }
  // One lookup of every kernel: their materialisations run concurrently.
  llvm::orc::SymbolLookupSet lookups;
  for (const auto& symbol : distinctSymbols) lookups.add(jit->mangleAndIntern(symbol));
  auto addresses =
      unwrap(jit->getExecutionSession().lookup(
                 llvm::orc::makeJITDylibSearchOrder(&jit->getMainJITDylib()), std::move(lookups)),
             "compiling the kernels");
  for (const auto& [operation, symbol] : symbolOfOperation) {
    compiled->kernels_[operation] =
        addresses.at(jit->mangleAndIntern(symbol)).getAddress().toPtr<Kernel>();
  }
  for (std::size_t k = 0; k < optimisedIr.size(); ++k) compiled->optimisedIr_ += optimisedIr[k];
  for (const auto& [operation, symbol] : symbolOfOperation) {
    if (symbol != symbolName(operation)) {
      compiled->optimisedIr_ += fmt::format("; {} runs @{}\n", operation, symbol);
    }
  }
  compiled->jit_ = std::make_unique<Jit>();
  compiled->jit_->lljit = std::move(jit);
  compiled->compileSeconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return compiled;
}

}  // namespace lsm
