#include "codegen/synapse_init_codegen.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "codegen/build_time_loop.hpp"
#include "codegen/expression_emitter.hpp"
#include "codegen/llvm_ir.hpp"
#include "ir/functions.hpp"
#include "lsm/jit.hpp"

namespace lsm::codegen {

namespace {

// Where the copy's variables live: pre and post columns, the synapses' own arrays, and the
// `let` locals and constants, which become variables of the scope `self` with the slots below
// -1 (locals: the emitter then asks Memory for their address, a stack slot, instead of
// holding them itself) and from constantSlot down (constants: read from the `constants`
// argument, so that synapses whose statements differ in constants only share the function).
struct Numbering {
  std::vector<std::string>& pre;
  std::vector<std::string>& post;
  std::vector<std::string>& own;
  std::vector<std::string> arrays;  // the synapses' variables stored per synapse
  std::vector<std::string> shared;  // and those stored once (shared)
  std::vector<bool>& ownShared;     // of each of own
  std::vector<std::string> locals;
  int constants = 0;  // numbered so far (constantsOf's order)
};

constexpr int constantSlot = -1'000'000;

int slotOf(std::vector<std::string>& names, const std::string& name) {
  const auto slot = std::find(names.begin(), names.end(), name) - names.begin();
  if (slot == std::ssize(names)) names.push_back(name);
  return static_cast<int>(slot);
}

bool isFallibleDraw(const ir::Expr& e) {
  return e.kind == ir::Expr::Kind::call &&
         (e.function == ir::Builtin::gamma || e.function == ir::Builtin::permutation);
}

// Draws that can fail (gamma's shape, permutation's index) in `e`, or false when one stands
// where ir::evaluate may not evaluate it (a branch of `a if c else b`, the right side of
// `and`/`or`: the machine code evaluates both sides) — its error would come where the
// interpreter gives none.
bool countFallible(const ir::Expr& e, bool guarded, int& count) {
  if (isFallibleDraw(e)) {
    if (guarded) return false;
    ++count;
  }
  for (std::size_t k = 0; k < e.operands.size(); ++k) {
    const bool maybeSkipped =
        (e.kind == ir::Expr::Kind::conditional && k != 1) ||
        (e.kind == ir::Expr::Kind::binary && k == 1 &&
         (e.binaryOp == BinaryOp::logicalAnd || e.binaryOp == BinaryOp::logicalOr));
    if (!countFallible(e.operands[k], guarded || maybeSkipped, count)) return false;
  }
  return true;
}

// At most one draw that can fail per expression: ir::evaluate's order between the operands of
// a binary operator is the C++ compiler's, so which of two failing draws fails first is not
// defined.
bool drawsFailInOrder(const ir::Expr& e) {
  int count = 0;
  return countFallible(e, false, count) && count <= 1;
}

// The slot of the synapses' own variable `name` in `own`, false for a subexpression (it stays
// interpreted).
bool ownSlot(const std::string& name, Numbering& n, int& slot) {
  const bool array = std::find(n.arrays.begin(), n.arrays.end(), name) != n.arrays.end();
  if (!array && std::find(n.shared.begin(), n.shared.end(), name) == n.shared.end()) return false;
  slot = slotOf(n.own, name);
  if (n.ownShared.size() < n.own.size()) n.ownShared.push_back(!array);
  return true;
}

// Numbers each variable `e` reads (see Numbering), or returns false for what the machine code
// does not evaluate.
bool number(ir::Expr& e, Numbering& n) {
  switch (e.kind) {
    case ir::Expr::Kind::variable:
      if (e.indexSlot >= 0) return false;
      if (e.scope == ir::Scope::pre || e.scope == ir::Scope::post) {
        e.slot = slotOf(e.scope == ir::Scope::pre ? n.pre : n.post, e.name);
      } else if (e.scope == ir::Scope::self) {
        if (!ownSlot(e.name, n, e.slot)) return false;
      } else {
        auto at = std::find(n.locals.begin(), n.locals.end(), e.name);
        if (at == n.locals.end()) return false;  // unbound: the interpreter's error
        e.scope = ir::Scope::self;
        e.slot = -2 - static_cast<int>(at - n.locals.begin());
      }
      break;
    case ir::Expr::Kind::special:
      switch (e.special) {
        case ir::Special::i:
        case ir::Special::j:
        case ir::Special::N:
        case ir::Special::N_pre:
        case ir::Special::N_post:
        case ir::Special::dt:
          break;
        default:
          return false;
      }
      break;
    case ir::Expr::Kind::table:
      return false;
    case ir::Expr::Kind::constant:
      e.kind = ir::Expr::Kind::variable;
      e.scope = ir::Scope::self;
      e.slot = constantSlot - n.constants++;
      e.indexSlot = -1;
      break;
    case ir::Expr::Kind::binary:
      // The literal 2 of a square stays in the code, which multiplies (ir::isSquare).
      if (ir::isSquare(e)) return number(e.operands[0], n);
      break;
    case ir::Expr::Kind::call:
    case ir::Expr::Kind::unary:
    case ir::Expr::Kind::conditional:
      break;
  }
  for (ir::Expr& operand : e.operands) {
    if (!number(operand, n)) return false;
  }
  return true;
}

// The memory of one synapse: pre columns at its i, post columns at its j, its own arrays at
// k, the locals in stack slots; its draws call back into the builder.
class SynapseMemory final : public ExpressionEmitter::Memory {
 public:
  SynapseMemory(llvm::IRBuilder<>& b, llvm::IRBuilder<>& entry, llvm::Function* function)
      : b_(b), entry_(entry), function_(function) {}
  std::vector<llvm::Value*> pre, post, own, locals;
  std::vector<bool> ownShared;           // own[c] is the variable itself, not an array
  std::map<const ir::Expr*, int> calls;  // randomCalls' number of each draw of the copy
  llvm::Value *k = nullptr, *i = nullptr, *j = nullptr;

  llvm::Value* address(int slot, ir::Scope scope, int) override {
    auto* f64 = b_.getDoubleTy();
    if (scope == ir::Scope::pre) return b_.CreateGEP(f64, pre.at(std::size_t(slot)), i);
    if (scope == ir::Scope::post) return b_.CreateGEP(f64, post.at(std::size_t(slot)), j);
    if (slot <= constantSlot)
      return b_.CreateConstGEP1_64(f64, function_->getArg(15),
                                   static_cast<std::uint64_t>(constantSlot - slot));
    if (slot <= -2) return locals.at(static_cast<std::size_t>(-2 - slot));
    if (ownShared.at(static_cast<std::size_t>(slot))) return own[static_cast<std::size_t>(slot)];
    return b_.CreateGEP(f64, own.at(static_cast<std::size_t>(slot)), k);
  }
  llvm::Value* special(ir::Special name) override {
    auto* f64 = b_.getDoubleTy();
    switch (name) {
      case ir::Special::i:
        return b_.CreateSIToFP(i, f64);
      case ir::Special::j:
        return b_.CreateSIToFP(j, f64);
      case ir::Special::N:
        return b_.CreateSIToFP(function_->getArg(9), f64);
      case ir::Special::N_pre:
        return b_.CreateSIToFP(function_->getArg(10), f64);
      case ir::Special::N_post:
        return b_.CreateSIToFP(function_->getArg(11), f64);
      case ir::Special::dt:
        return function_->getArg(12);
      default:
        throw none();
    }
  }
  llvm::Value* buildTimeDraw(const ir::Expr& call, const std::vector<llvm::Value*>& args) override {
    auto number = calls.find(&call);
    if (number == calls.end()) throw none();
    llvm::LLVMContext& context = b_.getContext();
    auto* f64 = llvm::Type::getDoubleTy(context);
    auto* i64 = llvm::Type::getInt64Ty(context);
    auto* ptr = llvm::PointerType::get(context, 0);
    llvm::Value* arguments =
        entry_.CreateAlloca(llvm::ArrayType::get(f64, std::max<std::size_t>(1, args.size())));
    for (std::size_t a = 0; a < args.size(); ++a)
      b_.CreateStore(args[a], b_.CreateConstGEP2_64(
                                  llvm::ArrayType::get(f64, std::max<std::size_t>(1, args.size())),
                                  arguments, 0, a));
    auto* type = llvm::FunctionType::get(f64, {ptr, i64, ptr, i64}, false);
    return b_.CreateCall(
        type, function_->getArg(13),
        {function_->getArg(14), llvm::ConstantInt::get(i64, number->second), arguments, k});
  }
  llvm::Value* drawElement() override { throw none(); }
  llvm::Value* stepNumber() override { throw none(); }
  std::pair<llvm::Value*, llvm::Value*> randomKey(int) override { throw none(); }
  llvm::Value* table(int) override { throw none(); }
  std::int64_t tableColumns(int) override { throw none(); }

 private:
  static JitError none() { return JitError("not in a synapse's compiled init"); }
  llvm::IRBuilder<>& b_;
  llvm::IRBuilder<>& entry_;
  llvm::Function* function_;
};

}  // namespace

std::optional<CompiledSynapseInit> emitSynapseInit(const std::vector<ir::Statement>& statements,
                                                   const ir::Synapses& synapses,
                                                   llvm::Module& module,
                                                   const std::string& symbol) {
  CompiledSynapseInit compiled;
  compiled.statements = statements;
  // The copy the code is emitted from, its variables numbered.
  std::vector<ir::Statement> copy = statements;
  Numbering numbering{compiled.preColumns,
                      compiled.postColumns,
                      compiled.ownColumns,
                      {},
                      {},
                      compiled.ownShared,
                      {}};
  for (const ir::Variable& v : synapses.variables)
    if (v.kind != ir::Variable::Kind::subexpression)
      (v.shared ? numbering.shared : numbering.arrays).push_back(v.name);
  for (ir::Statement& s : copy) {
    if (s.kind == ir::Statement::Kind::advance) return std::nullopt;
    if (s.condition && (!drawsFailInOrder(*s.condition) || !number(*s.condition, numbering)))
      return std::nullopt;
    if (!drawsFailInOrder(s.value) || !number(s.value, numbering)) return std::nullopt;
    if (s.kind == ir::Statement::Kind::let) {
      s.targetSlot = slotOf(numbering.locals, s.target);
    } else {
      if (s.targetScope != ir::Scope::self || !ownSlot(s.target, numbering, s.targetSlot))
        return std::nullopt;
    }
  }

  llvm::LLVMContext& context = module.getContext();
  auto* i64 = llvm::Type::getInt64Ty(context);
  auto* i32 = llvm::Type::getInt32Ty(context);
  auto* f64 = llvm::Type::getDoubleTy(context);
  auto* ptr = llvm::PointerType::get(context, 0);
  auto* type = llvm::FunctionType::get(
      llvm::Type::getVoidTy(context),
      {ptr, ptr, ptr, ptr, ptr, i64, i64, i64, i64, i64, i64, i64, f64, ptr, ptr, ptr}, false);
  auto* function = llvm::Function::Create(type, llvm::Function::ExternalLinkage, symbol, module);
  function->setDoesNotThrow();
  // The ends' columns are read only and apart from the arrays written.
  for (unsigned arg : {0u, 1u}) function->addParamAttr(arg, llvm::Attribute::NoAlias);
  llvm::Value* kBegin = function->getArg(7);
  llvm::Value* kEnd = function->getArg(8);

  auto* entry = llvm::BasicBlock::Create(context, "entry", function);
  auto* loop = llvm::BasicBlock::Create(context, "synapse", function);
  auto* exit = llvm::BasicBlock::Create(context, "exit", function);
  llvm::IRBuilder<> b(entry);
  llvm::IRBuilder<> allocas(entry);  // stack slots, before the entry's branch
  SynapseMemory memory(b, allocas, function);
  memory.pre = loadPointers(b, function->getArg(0), compiled.preColumns.size());
  memory.post = loadPointers(b, function->getArg(1), compiled.postColumns.size());
  memory.own = loadPointers(b, function->getArg(2), compiled.ownColumns.size());
  memory.ownShared = compiled.ownShared;
  for (std::size_t l = 0; l < numbering.locals.size(); ++l)
    memory.locals.push_back(allocas.CreateAlloca(f64));
  {
    const std::vector<const ir::Expr*> calls = randomCalls(copy);
    for (std::size_t c = 0; c < calls.size(); ++c) memory.calls[calls[c]] = static_cast<int>(c);
  }
  llvm::BranchInst* toLoop = b.CreateCondBr(b.CreateICmpSLT(kBegin, kEnd), loop, exit);
  allocas.SetInsertPoint(toLoop);

  b.SetInsertPoint(loop);
  llvm::PHINode* k = b.CreatePHI(i64, 2);
  k->addIncoming(kBegin, entry);
  memory.k = k;
  auto end = [&](unsigned indexArg, unsigned startArg) {
    llvm::Value* index = b.CreateLoad(i32, b.CreateGEP(i32, function->getArg(indexArg), k));
    return b.CreateSub(b.CreateSExt(index, i64), function->getArg(startArg));
  };
  memory.i = end(3, 5);
  memory.j = end(4, 6);
  const bool emitted = emitLoopBody(b, *function, k, kEnd, loop, exit, [&] {
    ExpressionEmitter emitter(module, b, memory);
    // ir::execute: a statement's condition first, its value only where it holds.
    for (const ir::Statement& s : copy) {
      llvm::BasicBlock* after = nullptr;
      if (s.condition) {
        auto* then = llvm::BasicBlock::Create(context, "masked", function, exit);
        after = llvm::BasicBlock::Create(context, "next", function, exit);
        b.CreateCondBr(emitter.truth(emitter.expr(*s.condition)), then, after);
        b.SetInsertPoint(then);
      }
      llvm::Value* value = emitter.expr(s.value);
      llvm::Value* where = s.kind == ir::Statement::Kind::let
                               ? memory.locals.at(static_cast<std::size_t>(s.targetSlot))
                               : memory.address(s.targetSlot, ir::Scope::self, -1);
      if (s.kind != ir::Statement::Kind::let && s.op != AssignOp::assign) {
        llvm::Value* old = b.CreateLoad(f64, where);
        switch (s.op) {
          case AssignOp::assign:
            break;
          case AssignOp::add:
            value = b.CreateFAdd(old, value);
            break;
          case AssignOp::subtract:
            value = b.CreateFSub(old, value);
            break;
          case AssignOp::multiply:
            value = b.CreateFMul(old, value);
            break;
          case AssignOp::divide:
            value = b.CreateFDiv(old, value);
            break;
        }
      }
      b.CreateStore(value, where);
      if (after) {
        b.CreateBr(after);
        b.SetInsertPoint(after);
      }
    }
  });
  if (!emitted) return std::nullopt;
  return compiled;
}

}  // namespace lsm::codegen
