// The step plan in LLVM IR, operation for operation as ir/plan_interpreter.cpp executes it.
// Pointers are loaded once at a function's entry; every memory access carries the alias scope
// of the slot (or field) it reaches and is declared not to alias the others of its function,
// so that loops vectorise without run-time overlap checks.
// Longer than the project's ~600 lines per file: every operation kind is lowered by the same
// class, which holds the function's state (loaded pointers, alias scopes, vector width, the
// mask of the last vector); split per operation, that state would cross every file boundary.
#include "codegen/plan_codegen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <utility>

#include "codegen/expression_emitter.hpp"
#include "codegen/llvm_ir.hpp"
#include "codegen/parallel_kernel.hpp"
#include "lsm/jit.hpp"
#include "lsm/sorted_adjacency.hpp"

namespace lsm::codegen {

namespace {

using ir::PlanOp;
using ir::PlanSlot;

llvm::FunctionType* kernelType(llvm::LLVMContext& context) {
  auto* i64 = llvm::Type::getInt64Ty(context);
  auto* f64 = llvm::Type::getDoubleTy(context);
  auto* ptr = llvm::PointerType::get(context, 0);
  return llvm::FunctionType::get(i64, {ptr, ptr, i64, f64, f64, i64, i64}, false);
}

}  // namespace

std::optional<Split> split(const ir::StepPlan& plan, const ir::PlanOp& op) {
  using K = PlanOp::Kind;
  switch (op.kind) {
    case K::elements:
    case K::threshold: {
      // Each element's statements touch only that element: any range computes what the whole
      // loop computes for it.
      if (op.end - op.begin < minSplitElements) return std::nullopt;
      if (!ir::elementsOnly(plan, op, ir::Scope::self, ir::OwnElementUse::writesAndReads))
        return std::nullopt;
      return Split{op.kind == K::threshold ? ParallelMode::threshold : ParallelMode::elements,
                   op.begin, op.end};
    }
    case K::pathway: {
      // Events that write only their target (`ge_post += w`): every thread walks the events
      // in order and adds into its own targets, so that each target's sum is made in the
      // order of one thread.
      const std::optional<std::int64_t> targets =
          ir::elementsOnly(plan, op, ir::Scope::post, ir::OwnElementUse::writesAndReads);
      if (!targets || *targets < minSplitElements) return std::nullopt;
      return Split{ParallelMode::targets, 0, *targets};
    }
    default:
      return std::nullopt;
  }
}

namespace {

// What kernels and drivers share: a function with an entry block for allocas and pointer
// loads, loops, conditions, and the alias scopes of its memory.
class FunctionBuilder {
 protected:
  explicit FunctionBuilder(llvm::Module& module)
      : context_(module.getContext()), module_(module), b_(module.getContext()) {
    double_ = llvm::Type::getDoubleTy(context_);
    i64_ = llvm::Type::getInt64Ty(context_);
    i32_ = llvm::Type::getInt32Ty(context_);
    ptr_ = llvm::PointerType::get(context_, 0);
  }

  void begin(llvm::FunctionType* type, const std::string& name) {
    function_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, module_);
    entry_ = llvm::BasicBlock::Create(context_, "entry", function_);
    body_ = llvm::BasicBlock::Create(context_, "body", function_);
    b_.SetInsertPoint(body_);
    regions_.clear();
  }

  void finish() {
    llvm::IRBuilder<>(entry_).CreateBr(body_);
    markDisjointMemory();
  }

  llvm::BasicBlock* block(const char* name) {
    return llvm::BasicBlock::Create(context_, name, function_);
  }

  llvm::Value* entryAlloca(llvm::Type* type) {
    llvm::IRBuilder<> entry(entry_, entry_->begin());
    return entry.CreateAlloca(type);
  }

  llvm::Value* constant(std::int64_t value) { return llvm::ConstantInt::get(i64_, value); }

  // A pointer loaded at the entry from `address` (a table entry or a structure's field): the
  // start of a region of memory of its own.
  llvm::Value* entryPointer(llvm::Value* address, const std::string& name) {
    llvm::IRBuilder<> entry(entry_);
    llvm::Value* p = entry.CreateLoad(ptr_, address, name);
    newRegion(p);
    return p;
  }

  void newRegion(const llvm::Value* base) { regions_[base] = static_cast<int>(regions_.size()); }

  llvm::Value* loadIndex(llvm::Value* base, llvm::Value* k) {
    return b_.CreateSExt(b_.CreateLoad(i32_, b_.CreateGEP(i32_, base, k)), i64_);
  }

  // The synapse number at `place` of the adjacency's list: the one stored there, or the place
  // itself where the list is not stored (a null ir::Adjacency::synapses, the identity). The
  // test is the same for every synapse of a kernel, and is not a load.
  llvm::Value* synapseAt(llvm::Value* synapses, llvm::Value* place) {
    llvm::BasicBlock* before = b_.GetInsertBlock();
    auto* stored = block("synapse.stored");
    auto* after = block("synapse.known");
    b_.CreateCondBr(b_.CreateIsNull(synapses), after, stored);
    b_.SetInsertPoint(stored);
    llvm::Value* number = loadIndex(synapses, place);
    b_.CreateBr(after);
    b_.SetInsertPoint(after);
    return merged({{place, before}, {number, stored}});
  }

  // An i64 that is each of `incoming`'s values where control comes from its block.
  llvm::Value* merged(std::initializer_list<std::pair<llvm::Value*, llvm::BasicBlock*>> incoming) {
    llvm::PHINode* value = b_.CreatePHI(i64_, static_cast<unsigned>(incoming.size()));
    for (const auto& [from, block] : incoming) value->addIncoming(from, block);
    return value;
  }

  // `shortLoop`: over a list of spiking elements or arriving spikes, a handful per step;
  // vectorising or unrolling it would only cost compile time.
  template <typename Body>
  void loop(llvm::Value* from, llvm::Value* to, Body body, bool shortLoop = false,
            unsigned vectorWidth = 0) {
    // A range known here whose last vector is partial: the whole vectors unmasked, then the
    // last one masked. Asked to mask the tail, LLVM masks every vector of the loop (a mask
    // computed and applied to each load and store); the Maass model's 108 excitatory
    // neurons are 13 whole vectors and one of 4.
    auto* begin = llvm::dyn_cast<llvm::ConstantInt>(from);
    auto* end = llvm::dyn_cast<llvm::ConstantInt>(to);
    if (maskedTail_ && !shortLoop && vectorWidth > 1 && begin && end) {
      const std::int64_t whole = (end->getSExtValue() - begin->getSExtValue()) /
                                 static_cast<std::int64_t>(vectorWidth) * vectorWidth;
      if (whole > 0 && begin->getSExtValue() + whole < end->getSExtValue()) {
        llvm::Value* middle = constant(begin->getSExtValue() + whole);
        emitLoop(from, middle, body, false, vectorWidth, false);
        emitLoop(middle, to, body, false, vectorWidth, true);
        return;
      }
    }
    emitLoop(from, to, body, shortLoop, vectorWidth, maskedTail_);
  }

  template <typename Body>
  void emitLoop(llvm::Value* from, llvm::Value* to, Body body, bool shortLoop, unsigned vectorWidth,
                bool masked) {
    llvm::BasicBlock* before = b_.GetInsertBlock();
    auto* header = block("loop");
    auto* inside = block("loop.body");
    auto* after = block("loop.done");
    b_.CreateBr(header);
    b_.SetInsertPoint(header);
    llvm::PHINode* index = b_.CreatePHI(i64_, 2);
    index->addIncoming(from, before);
    b_.CreateCondBr(b_.CreateICmpSLT(index, to), inside, after);
    b_.SetInsertPoint(inside);
    body(index);
    llvm::Value* next = b_.CreateAdd(index, constant(1));
    index->addIncoming(next, b_.GetInsertBlock());
    llvm::BranchInst* back = b_.CreateBr(header);
    std::vector<llvm::Metadata*> hints{nullptr};
    auto hint = [&](const char* name, llvm::Constant* value) {
      hints.push_back(llvm::MDNode::get(
          context_, {llvm::MDString::get(context_, name), llvm::ConstantAsMetadata::get(value)}));
    };
    if (shortLoop || vectorWidth == 1) hint("llvm.loop.vectorize.enable", b_.getFalse());
    if (shortLoop) {
      hints.push_back(
          llvm::MDNode::get(context_, {llvm::MDString::get(context_, "llvm.loop.unroll.disable")}));
    } else if (vectorWidth > 1) {
      hint("llvm.loop.vectorize.enable", b_.getTrue());
      hint("llvm.loop.vectorize.width", b_.getInt32(vectorWidth));
      // The last, partial vector with masked loads and stores: no scalar loop after the
      // vector loop (AVX-512's masks make that cheap; CodegenOptions::maskedTail).
      if (masked) hint("llvm.loop.vectorize.predicate.enable", b_.getTrue());
      hint("llvm.loop.interleave.count", b_.getInt32(1));
    }
    if (hints.size() > 1) {
      llvm::MDNode* id = llvm::MDNode::getDistinct(context_, hints);
      id->replaceOperandWith(0, id);
      back->setMetadata(llvm::LLVMContext::MD_loop, id);
    }
    b_.SetInsertPoint(after);
  }

  // `body()` where `condition` holds.
  template <typename Body>
  void when(llvm::Value* condition, Body body) {
    auto* then = block("then");
    auto* after = block("endif");
    b_.CreateCondBr(condition, then, after);
    b_.SetInsertPoint(then);
    body();
    b_.CreateBr(after);
    b_.SetInsertPoint(after);
  }

  // Each access gets its region's scope and is declared not to alias the function's other
  // regions.
  void markDisjointMemory() {
    const auto count = static_cast<int>(regions_.size());
    if (count < 2) return;
    llvm::MDBuilder metadata(context_);
    llvm::MDNode* domain = metadata.createAnonymousAliasScopeDomain("plan");
    std::vector<llvm::MDNode*> scopes, others;
    for (int r = 0; r < count; ++r) scopes.push_back(metadata.createAnonymousAliasScope(domain));
    for (int r = 0; r < count; ++r) {
      std::vector<llvm::Metadata*> list;
      for (int q = 0; q < count; ++q)
        if (q != r) list.push_back(scopes[static_cast<std::size_t>(q)]);
      others.push_back(llvm::MDNode::get(context_, list));
    }
    for (llvm::Instruction& instruction : llvm::instructions(*function_)) {
      llvm::Value* address = nullptr;
      if (auto* l = llvm::dyn_cast<llvm::LoadInst>(&instruction)) address = l->getPointerOperand();
      if (auto* s = llvm::dyn_cast<llvm::StoreInst>(&instruction)) address = s->getPointerOperand();
      if (address == nullptr) continue;
      auto found = regions_.find(llvm::getUnderlyingObject(address));
      if (found == regions_.end()) continue;  // a local (alloca)
      auto r = static_cast<std::size_t>(found->second);
      instruction.setMetadata(llvm::LLVMContext::MD_alias_scope,
                              llvm::MDNode::get(context_, {scopes[r]}));
      instruction.setMetadata(llvm::LLVMContext::MD_noalias, others[r]);
    }
  }

  llvm::LLVMContext& context_;
  llvm::Module& module_;
  llvm::IRBuilder<> b_;
  llvm::Type* double_;
  llvm::Type* i64_;
  llvm::Type* i32_;
  llvm::PointerType* ptr_;
  llvm::Function* function_ = nullptr;
  llvm::BasicBlock* entry_ = nullptr;
  llvm::BasicBlock* body_ = nullptr;
  std::map<const llvm::Value*, int> regions_;
  bool maskedTail_ = false;  // CodegenOptions::maskedTail
};

// ---------------------------------------------------------------------- kernels
// One operation's loop.
class KernelBuilder : FunctionBuilder, ExpressionEmitter::Memory {
 public:
  KernelBuilder(const ir::StepPlan& plan, const PlanOp& op, llvm::Module& module,
                const CodegenOptions& options, KernelStep step)
      : FunctionBuilder(module),
        plan_(plan),
        op_(op),
        options_(options),
        step_(step),
        emitter_(module, b_, *this) {
    maskedTail_ = options.maskedTail;
    emitter_.setLoopWidth(options.vectorWidth);
    if (step == KernelStep::any) emitter_.keepInRegisters(op.deferredStores);
  }

  // False when the operation has no kernel (of this step: only a guarded operation has a
  // fallback kernel).
  bool build(const std::string& name) {
    using K = PlanOp::Kind;
    if (step_ == KernelStep::fallback && op_.guard < 0) return false;
    switch (op_.kind) {
      case K::emitInput:
      case K::stateMonitor:
        return false;
      case K::recordSpikes:
        if (op_.values.empty()) return false;  // the driver records the spikes alone
        break;
      case K::elements:
      case K::synapses:
      case K::threshold:
      case K::spikeElements:
      case K::pathway:
        break;
    }
    begin(kernelType(context_), name);
    auto arg = function_->arg_begin();
    table_ = &*arg++;
    list_ = &*arg++;
    count_ = &*arg++;
    t_ = &*arg++;
    dt_ = &*arg++;
    from_ = &*arg++;
    to_ = &*arg++;
    split_ = split(plan_, op_);
    newRegion(list_);
    newRegion(table_);
    // The deferred slots first, in both kernels of the body (KernelStep), so that their tables
    // are the same and the driver fills one for both. The fallback stores every value.
    if (step_ != KernelStep::fallback)
      for (int slot : op_.deferredStores) pointer(slot);
    llvm::Value* result = loops(step_ == KernelStep::fallback ? op_.fallback : op_.body);
    b_.CreateRet(result);
    finish();
    return true;
  }

  const std::vector<int>& slots() const { return slots_; }

 private:
  static bool writesThroughIndices(const std::vector<ir::Statement>& statements) {
    return std::any_of(statements.begin(), statements.end(), [](const ir::Statement& s) {
      return s.kind == ir::Statement::Kind::assign && s.targetScope != ir::Scope::self &&
             s.targetScope != ir::Scope::local;
    });
  }

  // The operation's loop with `statements` as its body; returns the kernel's result.
  llvm::Value* loops(const std::vector<ir::Statement>& statements) {
    body_ = &statements;
    using K = PlanOp::Kind;
    switch (op_.kind) {
      case K::elements:
        loop(
            first(), last(), [&](llvm::Value* e) { body(e); }, false, options_.vectorWidth);
        break;
      case K::synapses:
        // A write through the synapses' pre or post indices (a running sum) may meet the same
        // element twice in one vector: such loops are left to LLVM's own judgement (which
        // keeps them scalar) instead of requesting a vectorisation it must refuse.
        loop(
            constant(0), count_, [&](llvm::Value* k) { synapse(k); }, false,
            writesThroughIndices(statements) ? 0 : options_.vectorWidth);
        break;
      case K::threshold:
        return threshold();
      case K::spikeElements:
        loop(
            constant(0), count_, [&](llvm::Value* q) { body(loadIndex(list_, q)); }, true);
        break;
      case K::pathway:
        // Lanes where the plan asks for them and the operation runs whole (a kernel split by
        // targets runs only some of the synapses' statements).
        if (op_.inLanes && options_.vectorWidth > 1 && !split_) {
          eventsInLanes();
        } else {
          events([&](llvm::Value* k) { synapse(k); });
        }
        break;
      case K::recordSpikes:
        spikeValues();
        break;
      case K::emitInput:
      case K::stateMonitor:
        break;
    }
    return constant(0);
  }

  // The kernel's table entry of a plan slot, in order of first use; its pointer is loaded
  // once, named after the entry (never the variable: kernels that differ only in their
  // variables are the same text).
  llvm::Value* pointer(int slot) {
    if (auto found = pointers_.find(slot); found != pointers_.end()) return found->second;
    // An entry the kernel's other function (lanesFunction) already has is shared.
    auto known = std::find(slots_.begin(), slots_.end(), slot);
    int entry = static_cast<int>(known - slots_.begin());
    if (known == slots_.end()) slots_.push_back(slot);
    llvm::IRBuilder<> at(entry_);
    llvm::Value* address = at.CreateGEP(ptr_, table_, constant(entry));
    llvm::Value* p = entryPointer(address, fmt::format("slot{}", entry));
    pointers_[slot] = p;
    return p;
  }

  // An Adjacency's arrays, loaded once.
  std::pair<llvm::Value*, llvm::Value*> adjacency() {
    llvm::Value* structure = pointer(op_.adjacency);
    if (adjacencyBegin_ == nullptr) {
      llvm::IRBuilder<> at(entry_);
      auto* i8 = llvm::Type::getInt8Ty(context_);
      adjacencyBegin_ = entryPointer(
          at.CreateConstGEP1_64(i8, structure, offsetof(ir::Adjacency, begin)), "begin");
      adjacencySynapses_ = entryPointer(
          at.CreateConstGEP1_64(i8, structure, offsetof(ir::Adjacency, synapses)), "synapses");
    }
    return {adjacencyBegin_, adjacencySynapses_};
  }

  // Whether each element's synapses in the adjacency are in ascending order of their other
  // end (ir::SortedAdjacency), loaded once.
  llvm::Value* adjacencyAscending() {
    llvm::Value* structure = pointer(op_.adjacency);
    if (adjacencyAscending_ == nullptr) {
      llvm::IRBuilder<> at(entry_);
      auto* i8 = llvm::Type::getInt8Ty(context_);
      adjacencyAscending_ = at.CreateLoad(
          i64_,
          at.CreateConstGEP1_64(i8, structure, offsetof(ir::SortedAdjacency, otherEndsAscending)),
          "ascending");
    }
    return adjacencyAscending_;
  }

  // ExpressionEmitter::Memory
  llvm::Value* table(int slot) override { return pointer(slot); }
  std::int64_t tableColumns(int slot) override {
    return plan_.slots[static_cast<std::size_t>(slot)].columns;
  }

  llvm::Value* address(int slot, ir::Scope scope, int indexSlot) override {
    const PlanSlot& s = plan_.slots[static_cast<std::size_t>(slot)];
    llvm::Value* index = at_.self;
    if (s.shared) {
      index = constant(0);
    } else if (indexSlot >= 0) {  // a linked variable's source element: a gather
      llvm::Value* element = scope == ir::Scope::pre    ? at_.pre
                             : scope == ir::Scope::post ? at_.post
                                                        : at_.self;
      llvm::Value* entry = b_.CreateGEP(i32_, pointer(indexSlot), element);
      index = b_.CreateSExt(b_.CreateLoad(i32_, entry), element->getType());
    } else if (isUniform(slot)) {
      index = constant(op_.begin);
    } else if (scope == ir::Scope::pre) {
      index = at_.pre;
    } else if (scope == ir::Scope::post) {
      index = at_.post;
    }
    return b_.CreateGEP(double_, pointer(slot), index);
  }

  llvm::Value* special(ir::Special name) override {
    const ir::PlanFrame& f = op_.frame;
    auto asDouble = [&](llvm::Value* v) { return b_.CreateSIToFP(v, double_); };
    auto number = [&](std::int64_t v) {
      return llvm::ConstantFP::get(double_, static_cast<double>(v));
    };
    const bool synapses = op_.kind == PlanOp::Kind::synapses || op_.kind == PlanOp::Kind::pathway;
    switch (name) {
      case ir::Special::t:
        return t_;
      case ir::Special::dt:
        return dt_;
      case ir::Special::i:
        if (!synapses) return asDouble(at_.self);
        return asDouble(b_.CreateSub(at_.pre, constant(f.sourceStart)));
      case ir::Special::j:
        if (!synapses) break;
        return asDouble(b_.CreateSub(at_.post, constant(f.targetStart)));
      case ir::Special::N:
        if (!synapses) return number(f.groupSize);
        return asDouble(b_.CreateLoad(i64_, pointer(op_.count)));
      case ir::Special::N_pre:
        if (!synapses) break;
        return number(f.sourceSize);
      case ir::Special::N_post:
        if (!synapses) break;
        if (op_.postCount >= 0) return asDouble(b_.CreateLoad(i64_, pointer(op_.postCount)));
        return number(f.targetSize);
      case ir::Special::xi:
        break;  // the integration pass draws it
    }
    throw JitError("'" + std::string(ir::spelling(name)) + "' is not available in a step");
  }

  llvm::Value* drawElement() override { return b_.CreateSExtOrTrunc(at_.self, i64_); }

  llvm::Value* stepNumber() override {
    if (plan_.stepSlot < 0) throw JitError("a random draw in a plan without a step number");
    return b_.CreateFPToSI(b_.CreateLoad(double_, pointer(plan_.stepSlot)), i64_);
  }

  std::pair<llvm::Value*, llvm::Value*> randomKey(int slot) override {
    llvm::Value* key = pointer(slot);
    auto* i8 = llvm::Type::getInt8Ty(context_);
    auto field = [&](std::size_t offset) {
      return b_.CreateLoad(i64_, b_.CreateConstGEP1_64(i8, key, offset));
    };
    return {field(offsetof(ir::PlanRandomKey, seed)), field(offsetof(ir::PlanRandomKey, trial))};
  }

  bool isUniform(int slot) const {
    for (int u : op_.uniform)
      if (u == slot) return true;
    return false;
  }

  void body(llvm::Value* self, llvm::Value* pre = nullptr, llvm::Value* post = nullptr) {
    at_ = {self, pre, post};
    emitter_.statements(*body_);
  }

  // With the operation split by target, only the synapses whose target is in [from, to).
  void synapse(llvm::Value* k) {
    llvm::Value* post = loadIndex(pointer(op_.post), k);
    if (split_ && split_->mode == ParallelMode::targets) {
      when(b_.CreateAnd(b_.CreateICmpSGE(post, from_), b_.CreateICmpSLT(post, to_)),
           [&] { body(k, loadIndex(pointer(op_.pre), k), post); });
      return;
    }
    body(k, loadIndex(pointer(op_.pre), k), post);
  }

  // The first and one past the last element of a loop over the operation's elements: the
  // kernel's range when the operation splits, else the operation's own (constants).
  llvm::Value* first() { return split_ ? from_ : constant(op_.begin); }
  llvm::Value* last() { return split_ ? to_ : constant(op_.end); }

  // The body and the test for every element, vectorised (a flag per element, and whether any
  // crossed); then, only if one did, the crossing elements in order: listed, and on_spike.
  llvm::Value* threshold() {
    auto* i8 = llvm::Type::getInt8Ty(context_);
    llvm::Value* flags = pointer(op_.flags);
    llvm::Value* any = entryAlloca(i8);
    b_.CreateStore(llvm::ConstantInt::get(i8, 0), any);
    loop(
        first(), last(),
        [&](llvm::Value* e) {
          body(e);
          llvm::Value* crossed = b_.CreateZExt(emitter_.truth(emitter_.expr(*op_.condition)), i8);
          b_.CreateStore(crossed, b_.CreateGEP(i8, flags, e));
          b_.CreateStore(b_.CreateOr(b_.CreateLoad(i8, any), crossed), any);
        },
        false, options_.vectorWidth);
    llvm::Value* count = entryAlloca(i64_);
    b_.CreateStore(constant(0), count);
    when(b_.CreateICmpNE(b_.CreateLoad(i8, any), llvm::ConstantInt::get(i8, 0)), [&] {
      const std::vector<ir::Statement>* saved = body_;
      body_ = &op_.onSpike;
      // The flags 8 at a time, skipping the words without a crossing (a step of CUBA at
      // 256 000 neurons has some 150 spikes: a byte at a time, this scan took a fifth of the
      // neuron loop's time, perf annotate); the last, partial word a byte at a time.
      llvm::Value* from = first();
      llvm::Value* to = last();
      llvm::Value* words = b_.CreateLShr(b_.CreateSub(to, from), 3);
      auto crossings = [&](llvm::Value* begin, llvm::Value* end) {
        loop(
            begin, end,
            [&](llvm::Value* e) {
              llvm::Value* crossed = b_.CreateLoad(i8, b_.CreateGEP(i8, flags, e));
              when(b_.CreateICmpNE(crossed, llvm::ConstantInt::get(i8, 0)), [&] {
                llvm::Value* n = b_.CreateLoad(i64_, count);
                b_.CreateStore(b_.CreateTrunc(e, i32_), b_.CreateGEP(i32_, list_, n));
                b_.CreateStore(b_.CreateAdd(n, constant(1)), count);
                body(e);
              });
            },
            true);
      };
      loop(
          constant(0), words,
          [&](llvm::Value* w) {
            llvm::Value* at = b_.CreateAdd(from, b_.CreateShl(w, 3));
            llvm::Value* word =
                b_.CreateAlignedLoad(i64_, b_.CreateGEP(i8, flags, at), llvm::Align(1));
            when(b_.CreateICmpNE(word, constant(0)),
                 [&] { crossings(at, b_.CreateAdd(at, constant(8))); });
          },
          true);
      crossings(b_.CreateAdd(from, b_.CreateShl(words, 3)), to);
      body_ = saved;
    });
    return b_.CreateLoad(i64_, count);
  }

  // The variables a spike monitor records, for this step's spikes in its population, at the
  // record's next places (the driver then records the spikes themselves).
  void spikeValues() {
    auto* i8 = llvm::Type::getInt8Ty(context_);
    llvm::Value* record = pointer(op_.record);
    llvm::Value* next = entryAlloca(i64_);
    b_.CreateStore(
        b_.CreateLoad(i64_, b_.CreateConstGEP1_64(i8, record, offsetof(ir::SpikeRecord, count))),
        next);
    std::vector<llvm::Value*> columns;
    {
      llvm::IRBuilder<> at(entry_);
      llvm::Value* table = entryPointer(
          at.CreateConstGEP1_64(i8, record, offsetof(ir::SpikeRecord, values)), "values");
      for (std::size_t v = 0; v < op_.values.size(); ++v) {
        columns.push_back(entryPointer(
            at.CreateGEP(ptr_, table, constant(static_cast<std::int64_t>(v))), "column"));
      }
    }
    loop(
        constant(0), count_,
        [&](llvm::Value* q) {
          llvm::Value* e = loadIndex(list_, q);
          at_ = {e, nullptr, nullptr};
          when(b_.CreateAnd(b_.CreateICmpSGE(e, constant(op_.begin)),
                            b_.CreateICmpSLT(e, constant(op_.end))),
               [&] {
                 llvm::Value* n = b_.CreateLoad(i64_, next);
                 for (std::size_t v = 0; v < op_.values.size(); ++v) {
                   b_.CreateStore(emitter_.expr(op_.values[v]),
                                  b_.CreateGEP(double_, columns[v], n));
                 }
                 b_.CreateStore(b_.CreateAdd(n, constant(1)), next);
               });
        },
        true);
  }

  // For each synapse of `element` in the adjacency: run(synapse).
  template <typename Run>
  void synapsesOf(llvm::Value* element, Run run) {
    auto [begin, synapses] = adjacency();
    llvm::Value* from = b_.CreateLoad(i64_, b_.CreateGEP(i64_, begin, element));
    llvm::Value* to =
        b_.CreateLoad(i64_, b_.CreateGEP(i64_, begin, b_.CreateAdd(element, constant(1))));
    loop(
        from, to, [&](llvm::Value* k) { run(synapseAt(synapses, k)); }, true);
  }

  // The first place in [low, high) of `synapses` whose synapse's target is at least `value`
  // (or `high`), the synapses of the range ascending by target: the place a binary search
  // finds. The search starts where the targets of the list [listBegin, listEnd), spread
  // evenly over [0, targets), would put `value` (kept within [low, high]), and walks from
  // there up past smaller targets, then down past larger ones: a load or two in the lines the
  // delivery reads next, where a binary search's chain of dependent loads took half of CUBA's
  // delivery at 256 000 neurons (perf annotate). A list far from even costs at most a walk
  // over it (tests/runtime/simulation_threads_test.cpp has such lists).
  llvm::Value* firstTargetAtLeast(llvm::Value* synapses, llvm::Value* low, llvm::Value* high,
                                  llvm::Value* value, llvm::Value* listBegin, llvm::Value* listEnd,
                                  std::int64_t targets) {
    llvm::Value* post = pointer(op_.post);
    auto targetAt = [&](llvm::Value* place) { return loadIndex(post, synapseAt(synapses, place)); };
    llvm::Value* spread = b_.CreateSDiv(b_.CreateMul(b_.CreateSub(listEnd, listBegin), value),
                                        constant(std::max<std::int64_t>(targets, 1)));
    llvm::Value* guess = b_.CreateAdd(listBegin, spread);
    guess = b_.CreateSelect(b_.CreateICmpSGT(guess, high), high, guess);
    guess = b_.CreateSelect(b_.CreateICmpSLT(guess, low), low, guess);
    // Up while the target at the place is below `value`.
    llvm::BasicBlock* before = b_.GetInsertBlock();
    auto* upHeader = block("search.up");
    auto* upTest = block("search.up.test");
    auto* upStep = block("search.up.step");
    auto* downHeader = block("search.down");
    auto* downTest = block("search.down.test");
    auto* downStep = block("search.down.step");
    auto* after = block("search.done");
    b_.CreateBr(upHeader);
    b_.SetInsertPoint(upHeader);
    llvm::PHINode* up = b_.CreatePHI(i64_, 2);
    up->addIncoming(guess, before);
    b_.CreateCondBr(b_.CreateICmpSLT(up, high), upTest, downHeader);
    b_.SetInsertPoint(upTest);
    llvm::Value* below = b_.CreateICmpSLT(targetAt(up), value);
    llvm::BasicBlock* upTested = b_.GetInsertBlock();  // targetAt may add blocks
    b_.CreateCondBr(below, upStep, downHeader);
    b_.SetInsertPoint(upStep);
    up->addIncoming(b_.CreateAdd(up, constant(1)), upStep);
    b_.CreateBr(upHeader);
    // Down while the target before the place is at least `value`.
    b_.SetInsertPoint(downHeader);
    llvm::PHINode* down = b_.CreatePHI(i64_, 3);
    down->addIncoming(up, upHeader);
    down->addIncoming(up, upTested);
    b_.CreateCondBr(b_.CreateICmpSGT(down, low), downTest, after);
    b_.SetInsertPoint(downTest);
    llvm::Value* previous = b_.CreateSub(down, constant(1));
    llvm::Value* atLeast = b_.CreateICmpSGE(targetAt(previous), value);
    llvm::BasicBlock* downTested = b_.GetInsertBlock();
    b_.CreateCondBr(atLeast, downStep, after);
    b_.SetInsertPoint(downStep);
    down->addIncoming(previous, downStep);
    b_.CreateBr(downHeader);
    b_.SetInsertPoint(after);
    return merged({{down, downHeader}, {down, downTested}});
  }

  // The synapses of source `element` whose target is in the kernel's range [from_, to_), for
  // an operation split by target: where each source's synapses ascend by target (Brian2's
  // order), the places between two searches, so that each thread reads only its share
  // of the list (the same synapses in the same order as the test below runs); else every
  // synapse, each tested.
  void targetShareOf(llvm::Value* element) {
    auto [begin, synapses] = adjacency();
    llvm::Value* from = b_.CreateLoad(i64_, b_.CreateGEP(i64_, begin, element));
    llvm::Value* to =
        b_.CreateLoad(i64_, b_.CreateGEP(i64_, begin, b_.CreateAdd(element, constant(1))));
    auto* searched = block("share.searched");
    auto* tested = block("share.tested");
    auto* done = block("share.done");
    b_.CreateCondBr(b_.CreateICmpNE(adjacencyAscending(), constant(0)), searched, tested);
    b_.SetInsertPoint(searched);
    llvm::Value* first = firstTargetAtLeast(synapses, from, to, from_, from, to, split_->end);
    llvm::Value* last = firstTargetAtLeast(synapses, first, to, to_, from, to, split_->end);
    loop(
        first, last,
        [&](llvm::Value* place) {
          llvm::Value* k = synapseAt(synapses, place);
          body(k, loadIndex(pointer(op_.pre), k), loadIndex(pointer(op_.post), k));
        },
        true);
    b_.CreateBr(done);
    b_.SetInsertPoint(tested);
    loop(
        from, to, [&](llvm::Value* place) { synapse(synapseAt(synapses, place)); }, true);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
  }

  // The synapses an event reaches: the list holds synapses, source elements (population-
  // relative) whose outgoing synapses run, or this step's spikes (group-wide) whose incoming
  // synapses in the target population run.
  template <typename Run>
  void events(Run run) {
    loop(
        constant(0), count_,
        [&](llvm::Value* q) {
          if (op_.delivery == PlanOp::Delivery::sources &&
              op_.frame.targetSize >= minPrefetchTargets)
            prefetchAhead(q);
          llvm::Value* entry = loadIndex(list_, q);
          switch (op_.delivery) {
            case PlanOp::Delivery::synapses:
              run(entry);
              break;
            case PlanOp::Delivery::sources:
              if (split_ && split_->mode == ParallelMode::targets) {
                targetShareOf(entry);
                break;
              }
              synapsesOf(entry, run);
              break;
            case PlanOp::Delivery::targets:
              when(b_.CreateAnd(b_.CreateICmpSGE(entry, constant(op_.begin)),
                                b_.CreateICmpSLT(entry, constant(op_.end))),
                   [&] { synapsesOf(b_.CreateSub(entry, constant(op_.begin)), run); });
              break;
          }
        },
        true);
  }

  void prefetch(llvm::Value* address) {
    b_.CreateIntrinsic(llvm::Intrinsic::prefetch, {ptr_},
                       {address, b_.getInt32(0), b_.getInt32(3), b_.getInt32(1)});
  }

  // Where this kernel's share of a source's synapses [from, to) is likely to start: where
  // targets spread evenly would put the kernel's first target (the start, unsplit).
  llvm::Value* likelyShareStart(llvm::Value* from, llvm::Value* to) {
    if (!split_ || split_->mode != ParallelMode::targets) return from;
    llvm::Value* guess =
        b_.CreateAdd(from, b_.CreateSDiv(b_.CreateMul(b_.CreateSub(to, from), from_),
                                         constant(std::max<std::int64_t>(split_->end, 1))));
    return b_.CreateSelect(b_.CreateICmpSLT(guess, to), guess, from);
  }

  // Pathways onto fewer targets (the Maass model's 135 neurons) keep their index and their
  // targets in the cache: no prefetches there.
  static constexpr std::int64_t minPrefetchTargets = 16384;

  // Delivery by source: the memory of the events after event `q` asked for ahead of its
  // synapses, one dependent step per event: the index's begins of event q + 3, the synapse
  // numbers of event q + 2 (where this kernel's share of them likely starts, three cache
  // lines), the targets of event q + 1. An event's synapses are a random source's, so each
  // of these was a cache miss whose latency the search and the delivery waited for in turn
  // (CUBA at 256 000 neurons, perf annotate). Prefetches change no value.
  void prefetchAhead(llvm::Value* q) {
    auto [begin, synapses] = adjacency();
    constexpr std::int64_t line = 64 / sizeof(std::int32_t);  // synapse numbers per line
    auto ahead = [&](std::int64_t by, auto body) {
      llvm::Value* at = b_.CreateAdd(q, constant(by));
      when(b_.CreateICmpSLT(at, count_), [&] { body(loadIndex(list_, at)); });
    };
    ahead(3, [&](llvm::Value* e) { prefetch(b_.CreateGEP(i64_, begin, e)); });
    auto share = [&](llvm::Value* e, auto each) {
      llvm::Value* from = b_.CreateLoad(i64_, b_.CreateGEP(i64_, begin, e));
      llvm::Value* to =
          b_.CreateLoad(i64_, b_.CreateGEP(i64_, begin, b_.CreateAdd(e, constant(1))));
      when(b_.CreateICmpSLT(from, to), [&] {
        llvm::Value* start = likelyShareStart(from, to);
        llvm::Value* last = b_.CreateSub(to, constant(1));
        for (std::int64_t k = 0; k < 3; ++k) {
          llvm::Value* place = b_.CreateAdd(start, constant(k * line));
          each(b_.CreateSelect(b_.CreateICmpSLT(place, to), place, last));
        }
      });
    };
    ahead(2, [&](llvm::Value* e) {
      share(e, [&](llvm::Value* place) { prefetch(b_.CreateGEP(i32_, synapses, place)); });
    });
    ahead(1, [&](llvm::Value* e) {
      share(e, [&](llvm::Value* place) {
        prefetch(b_.CreateGEP(i32_, pointer(op_.post), synapseAt(synapses, place)));
      });
    });
  }

  // passes/event_lanes.hpp: the synapses due, in order, collected a vector's width at a time
  // and run in lanes (the last, partial vector as well), by a function of their own: the
  // lanes' code once instead of at both places, which halved the optimisation and code
  // generation of the Maass model's pathway kernel, the largest of its step.
  void eventsInLanes() {
    const std::int64_t width = options_.vectorWidth;
    llvm::Function* lanes = lanesFunction();
    llvm::Value* due = entryAlloca(llvm::ArrayType::get(i64_, static_cast<std::uint64_t>(width)));
    llvm::Value* filled = entryAlloca(i64_);
    b_.CreateStore(constant(0), filled);
    auto run = [&](llvm::Value* count) { b_.CreateCall(lanes, {table_, due, count, t_, dt_}); };
    events([&](llvm::Value* k) {
      llvm::Value* next = b_.CreateLoad(i64_, filled);
      b_.CreateStore(k, b_.CreateGEP(i64_, due, next));
      next = b_.CreateAdd(next, constant(1));
      b_.CreateStore(next, filled);
      when(b_.CreateICmpEQ(next, constant(width)), [&] {
        run(next);
        b_.CreateStore(constant(0), filled);
      });
    });
    llvm::Value* left = b_.CreateLoad(i64_, filled);
    when(b_.CreateICmpSGT(left, constant(0)), [&] { run(left); });
  }

  // void lanes(table, due, count, t, dt): inLanes(due, count), with the kernel's table (its
  // entries shared, its pointers loaded at its own entry). Not inlined: that would copy it.
  llvm::Function* lanesFunction() {
    struct Saved {
      llvm::Function* function;
      llvm::BasicBlock *entry, *body, *insert;
      std::map<const llvm::Value*, int> regions;
      std::map<int, llvm::Value*> pointers;
      llvm::Value *table, *t, *dt, *begin, *synapses, *ascending;
    } saved{function_,
            entry_,
            FunctionBuilder::body_,
            b_.GetInsertBlock(),
            regions_,
            pointers_,
            table_,
            t_,
            dt_,
            adjacencyBegin_,
            adjacencySynapses_,
            adjacencyAscending_};
    pointers_.clear();
    adjacencyBegin_ = adjacencySynapses_ = adjacencyAscending_ = nullptr;
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context_),
                                         {ptr_, ptr_, i64_, double_, double_}, false);
    begin(type, function_->getName().str() + ".lanes");
    function_->setLinkage(llvm::GlobalValue::InternalLinkage);
    function_->addFnAttr(llvm::Attribute::NoInline);
    auto arg = function_->arg_begin();
    table_ = &*arg++;
    llvm::Value* due = &*arg++;
    llvm::Value* count = &*arg++;
    t_ = &*arg++;
    dt_ = &*arg++;
    newRegion(table_);
    newRegion(due);
    inLanes(due, count);
    b_.CreateRetVoid();
    finish();
    llvm::Function* lanes = function_;
    function_ = saved.function;
    entry_ = saved.entry;
    FunctionBuilder::body_ = saved.body;
    regions_ = std::move(saved.regions);
    pointers_ = std::move(saved.pointers);
    table_ = saved.table;
    t_ = saved.t;
    dt_ = saved.dt;
    adjacencyBegin_ = saved.begin;
    adjacencySynapses_ = saved.synapses;
    adjacencyAscending_ = saved.ascending;
    b_.SetInsertPoint(saved.insert);
    return lanes;
  }

  // The body for the first `count` synapses of `due`, one per lane; lanes past `count` repeat
  // the first lane's synapse (the same values, stored twice). Then each lane's additions into
  // targets, lane after lane: the synapses' order, whatever targets they share.
  void inLanes(llvm::Value* due, llvm::Value* count) {
    const unsigned width = options_.vectorWidth;
    auto* indices = llvm::FixedVectorType::get(i64_, width);
    // `due` is an array of i64: aligned as one, not as a vector.
    llvm::Value* listed = b_.CreateAlignedLoad(indices, due, llvm::Align(alignof(std::int64_t)));
    std::vector<llvm::Constant*> numbers;
    for (unsigned l = 0; l < width; ++l) numbers.push_back(llvm::ConstantInt::get(i64_, l));
    llvm::Value* occupied =
        b_.CreateICmpSLT(llvm::ConstantVector::get(numbers), b_.CreateVectorSplat(width, count));
    llvm::Value* k =
        b_.CreateSelect(occupied, listed,
                        b_.CreateVectorSplat(width, b_.CreateExtractElement(listed, uint64_t{0})));
    auto indexOf = [&](int slot) {
      llvm::Value* at = b_.CreateGEP(i32_, pointer(slot), k);
      return b_.CreateSExt(b_.CreateMaskedGather(llvm::FixedVectorType::get(i32_, width), at,
                                                 llvm::Align(alignof(std::int32_t))),
                           indices);
    };
    llvm::Value* pre = indexOf(op_.pre);
    llvm::Value* post = indexOf(op_.post);
    emitter_.setLanes(width);
    body(k, pre, post);
    const auto kept = emitter_.takeKept();
    emitter_.setLanes(1);
    for (unsigned l = 0; l < width; ++l) {
      auto add = [&] {
        at_ = {b_.CreateExtractElement(k, l), b_.CreateExtractElement(pre, l),
               b_.CreateExtractElement(post, l)};
        for (const auto& [statement, value] : kept) {
          llvm::Value* where = address(statement->targetSlot, statement->targetScope, -1);
          b_.CreateStore(
              b_.CreateFAdd(b_.CreateLoad(double_, where), b_.CreateExtractElement(value, l)),
              where);
        }
      };
      if (l == 0) {
        add();
      } else {
        when(b_.CreateICmpSLT(constant(l), count), add);
      }
    }
  }

  const ir::StepPlan& plan_;
  const PlanOp& op_;
  const std::vector<ir::Statement>* body_ = nullptr;  // the body or the fallback
  const CodegenOptions& options_;
  const KernelStep step_;
  ExpressionEmitter emitter_;
  llvm::Value *table_ = nullptr, *list_ = nullptr, *count_ = nullptr, *t_ = nullptr, *dt_ = nullptr;
  llvm::Value *from_ = nullptr, *to_ = nullptr;
  std::optional<Split> split_;
  llvm::Value *adjacencyBegin_ = nullptr, *adjacencySynapses_ = nullptr,
              *adjacencyAscending_ = nullptr;
  std::map<int, llvm::Value*> pointers_;
  std::vector<int> slots_;
  struct {
    llvm::Value *self = nullptr, *pre = nullptr, *post = nullptr;
  } at_;
};

// ---------------------------------------------------------------------- drivers
class DriverBuilder : FunctionBuilder {
 public:
  DriverBuilder(const ir::StepPlan& plan, const std::map<const PlanOp*, KernelCall>& calls,
                llvm::Module& module)
      : FunctionBuilder(module), plan_(plan), calls_(calls) {}

  void run() {
    auto* type = llvm::FunctionType::get(i64_, {ptr_, i64_, i64_, double_}, false);
    start(type, "lsm_run");
    auto arg = function_->arg_begin();
    slots_ = &*arg++;
    llvm::Value* firstStep = &*arg++;
    llvm::Value* steps = &*arg++;
    dt_ = &*arg++;
    llvm::Value* done = entryAlloca(i64_);
    b_.CreateStore(constant(0), done);
    auto* header = block("step");
    auto* stop = block("stop");
    b_.CreateBr(header);
    b_.SetInsertPoint(header);
    llvm::Value* k = b_.CreateLoad(i64_, done);
    auto* room = block("room");
    b_.CreateCondBr(b_.CreateICmpSLT(k, steps), room, stop);
    b_.SetInsertPoint(room);
    step_ = b_.CreateAdd(firstStep, k);
    // A run stops before a step for which a spike record lacks room.
    for (std::size_t s = 0; s < plan_.slots.size(); ++s) {
      if (plan_.slots[s].kind != PlanSlot::Kind::record) continue;
      int slot = static_cast<int>(s);
      llvm::Value* count = b_.CreateLoad(i64_, field(slot, offsetof(ir::SpikeRecord, count)));
      llvm::Value* needed = b_.CreateAdd(count, constant(plan_.slots[s].size));
      auto* next = block("room");
      b_.CreateCondBr(
          b_.CreateICmpSGT(needed, fixedField(slot, offsetof(ir::SpikeRecord, capacity))), stop,
          next);
      b_.SetInsertPoint(next);
    }
    // Whether this step may be the run's last: the last asked for, or one after which a
    // spike record might lack room for the next (a step records at most `size` spikes).
    // Kernels with deferred stores store them then.
    lastStep_ = b_.CreateICmpEQ(b_.CreateAdd(k, constant(1)), steps);
    for (std::size_t s = 0; s < plan_.slots.size(); ++s) {
      if (plan_.slots[s].kind != PlanSlot::Kind::record) continue;
      int slot = static_cast<int>(s);
      llvm::Value* count = b_.CreateLoad(i64_, field(slot, offsetof(ir::SpikeRecord, count)));
      llvm::Value* afterNext = b_.CreateAdd(count, constant(2 * plan_.slots[s].size));
      lastStep_ = b_.CreateOr(
          lastStep_,
          b_.CreateICmpSGT(afterNext, fixedField(slot, offsetof(ir::SpikeRecord, capacity))));
    }
    t_ = b_.CreateFMul(b_.CreateSIToFP(step_, double_), dt_);
    if (plan_.stepSlot >= 0)
      b_.CreateStore(b_.CreateSIToFP(step_, double_), pointer(plan_.stepSlot));
    for (const PlanOp& op : plan_.step) operation(op);
    for (std::size_t s = 0; s < plan_.slots.size(); ++s) {
      if (plan_.slots[s].kind != PlanSlot::Kind::ring) continue;
      int slot = static_cast<int>(s);
      llvm::Value* where = field(slot, offsetof(ir::DelayRing, position));
      llvm::Value* next = b_.CreateAdd(b_.CreateLoad(i64_, where), constant(1));
      llvm::Value* length = fixedField(slot, offsetof(ir::DelayRing, length));
      b_.CreateStore(b_.CreateSelect(b_.CreateICmpEQ(next, length), constant(0), next), where);
    }
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, done), constant(1)), done);
    b_.CreateBr(header);
    b_.SetInsertPoint(stop);
    b_.CreateRet(b_.CreateLoad(i64_, done));
    finish();
  }

  void routine(const std::vector<PlanOp>& ops, const std::string& name) {
    auto* type =
        llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, i64_, double_}, false);
    start(type, name);
    auto arg = function_->arg_begin();
    slots_ = &*arg++;
    step_ = &*arg++;
    dt_ = &*arg++;
    t_ = b_.CreateFMul(b_.CreateSIToFP(step_, double_), dt_);
    for (const PlanOp& op : ops) operation(op);
    b_.CreateRetVoid();
    finish();
  }

 private:
  void start(llvm::FunctionType* type, const std::string& name) {
    begin(type, name);
    pointers_.clear();
    fields_.clear();
    tables_.clear();
  }

  llvm::Value* pointer(int slot) {
    if (auto found = pointers_.find(slot); found != pointers_.end()) return found->second;
    llvm::IRBuilder<> at(entry_);
    const PlanSlot& s = plan_.slots[static_cast<std::size_t>(slot)];
    llvm::Value* p = entryPointer(at.CreateGEP(ptr_, slots_, constant(slot)),
                                  s.variable.empty() ? s.object : s.variable);
    pointers_[slot] = p;
    return p;
  }

  // A field of the structure a slot points at, which may change while running.
  llvm::Value* field(int slot, std::size_t offset) {
    return b_.CreateConstGEP1_64(llvm::Type::getInt8Ty(context_), pointer(slot), offset);
  }

  // A field that stays the same for a whole call, loaded once at the entry; pointers loaded
  // from structures start regions of their own.
  llvm::Value* fixedField(int slot, std::size_t offset, bool isPointer = false) {
    auto key = std::pair{slot, offset};
    if (auto found = fields_.find(key); found != fields_.end()) return found->second;
    llvm::Value* base = pointer(slot);
    llvm::IRBuilder<> at(entry_);
    llvm::Value* address = at.CreateConstGEP1_64(llvm::Type::getInt8Ty(context_), base, offset);
    llvm::Value* value = isPointer ? entryPointer(address, "field") : at.CreateLoad(i64_, address);
    fields_[key] = value;
    return value;
  }

  // A kernel's table (of its body, or of its fallback), filled at the entry with its slots'
  // pointers.
  llvm::Value* table(const PlanOp& op, bool fallback = false) {
    auto key = std::pair{&op, fallback};
    if (auto found = tables_.find(key); found != tables_.end()) return found->second;
    const KernelCall& call = calls_.at(&op);
    const std::vector<int>& slots = fallback ? call.fallbackSlots : call.slots;
    auto* type = llvm::ArrayType::get(ptr_, slots.size());
    llvm::IRBuilder<> at(entry_, entry_->begin());
    llvm::Value* table = at.CreateAlloca(type);
    llvm::IRBuilder<> fill(entry_);
    for (std::size_t k = 0; k < slots.size(); ++k) {
      llvm::Value* p = fill.CreateLoad(ptr_, fill.CreateGEP(ptr_, slots_, constant(slots[k])));
      fill.CreateStore(p, fill.CreateConstGEP2_64(type, table, 0, k));
    }
    tables_[key] = table;
    return table;
  }

  // The kernel of `op`, directly or, for an operation that splits, through
  // lsm_parallel_kernel (on the team of the thread that runs the plan).
  llvm::Value* callKernel(const PlanOp& op, llvm::Value* list, llvm::Value* count) {
    const KernelCall& call = calls_.at(&op);
    auto function = [&](const std::string& symbol) {
      return module_.getOrInsertFunction(symbol, kernelType(context_)).getCallee();
    };
    llvm::Value* callee = function(call.symbol);
    if (!call.lastStepSymbol.empty() && lastStep_ != nullptr)
      callee = b_.CreateSelect(lastStep_, function(call.lastStepSymbol), callee);
    llvm::Value* kernelTable = table(op);
    // A guarded operation: its body's kernel where the guard holds, else its fallback's.
    if (!call.fallbackSymbol.empty()) {
      llvm::Value* holds = b_.CreateFCmpUNE(b_.CreateLoad(double_, pointer(op.guard)),
                                            llvm::ConstantFP::get(double_, 0.0));
      callee = b_.CreateSelect(holds, callee, function(call.fallbackSymbol));
      kernelTable = b_.CreateSelect(holds, kernelTable, table(op, true));
    }
    const std::optional<Split> s = split(plan_, op);
    if (!s) {
      return b_.CreateCall(
          kernelType(context_), callee,
          {kernelTable, list, count, t_, dt_, constant(op.begin), constant(op.end)});
    }
    auto* type = llvm::FunctionType::get(
        i64_, {ptr_, ptr_, ptr_, i64_, double_, double_, i64_, i64_, i64_}, false);
    auto parallel = module_.getOrInsertFunction("lsm_parallel_kernel", type);
    return b_.CreateCall(
        parallel, {callee, kernelTable, list, count, t_, dt_, constant(s->begin), constant(s->end),
                   constant(static_cast<std::int64_t>(s->mode))});
  }

  llvm::Value* spikeCount(int slot) {
    return b_.CreateLoad(i64_, field(slot, offsetof(ir::SpikeList, count)));
  }

  llvm::Value* spikeElements(int slot) {
    return fixedField(slot, offsetof(ir::SpikeList, elements), true);
  }

  void operation(const PlanOp& op) {
    if (op.every > 1) {  // run_regularly: only at the steps that are multiples of `every`
      when(b_.CreateICmpEQ(b_.CreateSRem(step_, constant(op.every)), constant(0)),
           [&] { operationAtThisStep(op); });
      return;
    }
    operationAtThisStep(op);
  }

  void operationAtThisStep(const PlanOp& op) {
    using K = PlanOp::Kind;
    llvm::Value* none = llvm::ConstantPointerNull::get(ptr_);
    switch (op.kind) {
      case K::elements:
        callKernel(op, none, constant(0));
        break;
      case K::synapses:
        callKernel(op, none, b_.CreateLoad(i64_, pointer(op.count)));
        break;
      case K::threshold: {
        llvm::Value* countField = field(op.spikes, offsetof(ir::SpikeList, count));
        llvm::Value* before = op.appends ? b_.CreateLoad(i64_, countField) : constant(0);
        llvm::Value* list = b_.CreateGEP(i32_, spikeElements(op.spikes), before);
        llvm::Value* n = callKernel(op, list, constant(0));
        b_.CreateStore(b_.CreateAdd(before, n), countField);
        break;
      }
      case K::spikeElements: {
        llvm::Value* n = spikeCount(op.spikes);
        when(b_.CreateICmpSGT(n, constant(0)),
             [&] { callKernel(op, spikeElements(op.spikes), n); });
        break;
      }
      case K::emitInput:
        emitInput(op);
        break;
      case K::recordSpikes:
        recordSpikes(op);
        break;
      case K::pathway:
        pathway(op);
        break;
      case K::stateMonitor:
        break;  // the runtime records before the step
    }
  }

  llvm::Value* inRange(const PlanOp& op, llvm::Value* e) {
    return b_.CreateAnd(b_.CreateICmpSGE(e, constant(op.begin)),
                        b_.CreateICmpSLT(e, constant(op.end)));
  }

  void emitInput(const PlanOp& op) {
    llvm::Value* elements = spikeElements(op.spikes);
    llvm::Value* steps = fixedField(op.input, offsetof(ir::InputQueue, steps), true);
    llvm::Value* from = fixedField(op.input, offsetof(ir::InputQueue, elements), true);
    llvm::Value* total = fixedField(op.input, offsetof(ir::InputQueue, count));
    llvm::Value* nextField = field(op.input, offsetof(ir::InputQueue, next));
    llvm::Value* period = fixedField(op.input, offsetof(ir::InputQueue, period));
    llvm::Value* count = entryAlloca(i64_);
    b_.CreateStore(constant(0), count);
    // With a period, Brian2's spikegenerator template: the step within the period, and back
    // to the first entry once the period has passed.
    llvm::Value* periodic = b_.CreateICmpSGT(period, constant(0));
    llvm::Value* due = b_.CreateSelect(
        periodic, b_.CreateSRem(step_, b_.CreateSelect(periodic, period, constant(1))), step_);
    when(periodic, [&] {
      llvm::Value* last = b_.CreateLoad(i64_, nextField);
      when(b_.CreateICmpSGT(last, constant(0)), [&] {
        llvm::Value* previous =
            b_.CreateLoad(i64_, b_.CreateGEP(i64_, steps, b_.CreateSub(last, constant(1))));
        when(b_.CreateICmpSGE(previous, due), [&] { b_.CreateStore(constant(0), nextField); });
      });
    });
    auto* header = block("input");
    auto* check = block("input.check");
    auto* take = block("input.take");
    auto* done = block("input.done");
    b_.CreateBr(header);
    b_.SetInsertPoint(header);
    llvm::Value* next = b_.CreateLoad(i64_, nextField);
    b_.CreateCondBr(b_.CreateICmpSLT(next, total), check, done);
    b_.SetInsertPoint(check);
    llvm::Value* at = b_.CreateLoad(i64_, b_.CreateGEP(i64_, steps, next));
    b_.CreateCondBr(b_.CreateICmpSLE(at, due), take, done);
    b_.SetInsertPoint(take);
    // Sorted by (step, element): this step's elements come out ascending.
    when(b_.CreateICmpEQ(at, due), [&] {
      llvm::Value* n = b_.CreateLoad(i64_, count);
      b_.CreateStore(b_.CreateLoad(i32_, b_.CreateGEP(i32_, from, next)),
                     b_.CreateGEP(i32_, elements, n));
      b_.CreateStore(b_.CreateAdd(n, constant(1)), count);
    });
    b_.CreateStore(b_.CreateAdd(next, constant(1)), nextField);
    b_.CreateBr(header);
    b_.SetInsertPoint(done);
    b_.CreateStore(b_.CreateLoad(i64_, count), field(op.spikes, offsetof(ir::SpikeList, count)));
  }

  void recordSpikes(const PlanOp& op) {
    llvm::Value* elements = spikeElements(op.spikes);
    llvm::Value* spikes = spikeCount(op.spikes);
    if (!op.values.empty()) callKernel(op, elements, spikes);
    llvm::Value* indices = fixedField(op.record, offsetof(ir::SpikeRecord, indices), true);
    llvm::Value* steps = fixedField(op.record, offsetof(ir::SpikeRecord, steps), true);
    llvm::Value* countField = field(op.record, offsetof(ir::SpikeRecord, count));
    llvm::Value* count = entryAlloca(i64_);
    b_.CreateStore(b_.CreateLoad(i64_, countField), count);
    loop(
        constant(0), spikes,
        [&](llvm::Value* q) {
          llvm::Value* e = loadIndex(elements, q);
          when(inRange(op, e), [&] {
            llvm::Value* n = b_.CreateLoad(i64_, count);
            b_.CreateStore(b_.CreateTrunc(b_.CreateSub(e, constant(op.begin)), i32_),
                           b_.CreateGEP(i32_, indices, n));
            b_.CreateStore(step_, b_.CreateGEP(i64_, steps, n));
            b_.CreateStore(b_.CreateAdd(n, constant(1)), count);
          });
        },
        true);
    b_.CreateStore(b_.CreateLoad(i64_, count), countField);
  }

  // Brian2's SpikeQueue: this step's spikes queued `delay` steps ahead (by source element,
  // then synapse), then the kernel for the entries due now.
  void pathway(const PlanOp& op) {
    llvm::Value* elements = spikeElements(op.spikes);
    llvm::Value* spikes = spikeCount(op.spikes);
    if (op.delivery == PlanOp::Delivery::targets) {
      when(b_.CreateICmpSGT(spikes, constant(0)), [&] { callKernel(op, elements, spikes); });
      return;
    }
    llvm::Value* entries = fixedField(op.ring, offsetof(ir::DelayRing, entries), true);
    llvm::Value* counts = fixedField(op.ring, offsetof(ir::DelayRing, counts), true);
    llvm::Value* length = fixedField(op.ring, offsetof(ir::DelayRing, length));
    llvm::Value* capacity = fixedField(op.ring, offsetof(ir::DelayRing, capacity));
    llvm::Value* position = b_.CreateLoad(i64_, field(op.ring, offsetof(ir::DelayRing, position)));
    auto push = [&](llvm::Value* delay, llvm::Value* entry) {
      llvm::Value* at = b_.CreateAdd(position, delay);
      at = b_.CreateSelect(b_.CreateICmpSGE(at, length), b_.CreateSub(at, length), at);
      llvm::Value* countAddress = b_.CreateGEP(i64_, counts, at);
      llvm::Value* n = b_.CreateLoad(i64_, countAddress);
      b_.CreateStore(b_.CreateTrunc(entry, i32_),
                     b_.CreateGEP(i32_, entries, b_.CreateAdd(b_.CreateMul(at, capacity), n)));
      b_.CreateStore(b_.CreateAdd(n, constant(1)), countAddress);
    };
    const bool bySource = op.delivery == PlanOp::Delivery::sources;
    loop(
        constant(0), spikes,
        [&](llvm::Value* q) {
          llvm::Value* e = loadIndex(elements, q);
          when(inRange(op, e), [&] {
            llvm::Value* element = b_.CreateSub(e, constant(op.begin));
            if (bySource) {
              push(b_.CreateSub(length, constant(1)), element);  // the one delay is the largest
              return;
            }
            llvm::Value* begin = fixedField(op.adjacency, offsetof(ir::Adjacency, begin), true);
            llvm::Value* synapses =
                fixedField(op.adjacency, offsetof(ir::Adjacency, synapses), true);
            llvm::Value* delays = pointer(op.delays);
            llvm::Value* from = b_.CreateLoad(i64_, b_.CreateGEP(i64_, begin, element));
            llvm::Value* to =
                b_.CreateLoad(i64_, b_.CreateGEP(i64_, begin, b_.CreateAdd(element, constant(1))));
            loop(
                from, to,
                [&](llvm::Value* k) {
                  llvm::Value* synapse = synapseAt(synapses, k);
                  push(loadIndex(delays, synapse), synapse);
                },
                true);
          });
        },
        true);
    llvm::Value* dueCount = b_.CreateGEP(i64_, counts, position);
    llvm::Value* due = b_.CreateGEP(i32_, entries, b_.CreateMul(position, capacity));
    llvm::Value* n = b_.CreateLoad(i64_, dueCount);
    when(b_.CreateICmpSGT(n, constant(0)), [&] {
      callKernel(op, due, n);
      b_.CreateStore(constant(0), dueCount);
    });
  }

  const ir::StepPlan& plan_;
  const std::map<const PlanOp*, KernelCall>& calls_;
  llvm::Value *slots_ = nullptr, *step_ = nullptr, *t_ = nullptr, *dt_ = nullptr;
  llvm::Value* lastStep_ = nullptr;  // lsm_run: whether the step may be the run's last (an i1)
  std::map<int, llvm::Value*> pointers_;
  std::map<std::pair<int, std::size_t>, llvm::Value*> fields_;
  std::map<std::pair<const PlanOp*, bool>, llvm::Value*> tables_;
};

}  // namespace

std::unique_ptr<Kernel> emitKernel(const ir::StepPlan& plan, const ir::PlanOp& op,
                                   const std::string& name, const CodegenOptions& options,
                                   KernelStep step, llvm::LLVMContext* context) {
  auto kernel = std::make_unique<Kernel>();
  if (context == nullptr) {
    kernel->context = std::make_unique<llvm::LLVMContext>();
    context = kernel->context.get();
  }
  kernel->module = std::make_unique<llvm::Module>("kernel", *context);
  KernelBuilder builder(plan, op, *kernel->module, options, step);
  if (!builder.build(name)) return nullptr;
  kernel->slots = builder.slots();
  return kernel;
}

void emitRunDriver(const ir::StepPlan& plan, const std::map<const PlanOp*, KernelCall>& calls,
                   llvm::Module& module) {
  DriverBuilder(plan, calls, module).run();
}

void emitDrivers(const ir::StepPlan& plan, const std::map<const PlanOp*, KernelCall>& calls,
                 llvm::Module& module) {
  emitRunDriver(plan, calls, module);
  DriverBuilder(plan, calls, module).routine(plan.catchUp, "lsm_catch_up");
  DriverBuilder(plan, calls, module).routine(plan.runningSums, "lsm_running_sums");
  DriverBuilder(plan, calls, module).routine(plan.derive, "lsm_derive");
}

}  // namespace lsm::codegen
