#include "codegen/pair_rule_codegen.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "codegen/build_time_loop.hpp"
#include "codegen/expression_emitter.hpp"
#include "codegen/llvm_ir.hpp"
#include "lsm/jit.hpp"

namespace lsm::codegen {

namespace {

// Numbers each variable `e` reads by its column (in `slot`, per scope, in order of first
// use), or returns false for what the machine code does not evaluate. Whatever else a rule
// may read, ir::evaluate rejects too (the builder's environment has only these).
bool numberColumns(ir::Expr& e, std::vector<std::string>& pre, std::vector<std::string>& post) {
  switch (e.kind) {
    case ir::Expr::Kind::variable: {
      if (e.scope != ir::Scope::pre && e.scope != ir::Scope::post) return false;
      std::vector<std::string>& names = e.scope == ir::Scope::pre ? pre : post;
      auto at = std::find(names.begin(), names.end(), e.name);
      e.slot = static_cast<int>(at - names.begin());
      if (at == names.end()) names.push_back(e.name);
      e.indexSlot = -1;
      break;
    }
    case ir::Expr::Kind::special:
      if (e.special != ir::Special::i && e.special != ir::Special::j &&
          e.special != ir::Special::N_pre && e.special != ir::Special::N_post)
        return false;
      break;
    case ir::Expr::Kind::call:
      if (ir::isRandom(e.function)) return false;
      break;
    case ir::Expr::Kind::table:
      return false;
    case ir::Expr::Kind::constant:
    case ir::Expr::Kind::unary:
    case ir::Expr::Kind::binary:
    case ir::Expr::Kind::conditional:
      break;
  }
  for (ir::Expr& operand : e.operands) {
    if (!numberColumns(operand, pre, post)) return false;
  }
  return true;
}

// The memory of one pair: column k of a scope at the row's i (pre) or at the pair's j (post).
class PairMemory final : public ExpressionEmitter::Memory {
 public:
  PairMemory(llvm::IRBuilder<>& b, std::vector<llvm::Value*> pre, std::vector<llvm::Value*> post,
             llvm::Value* i, llvm::Value* nPre, llvm::Value* nPost)
      : b_(b), pre_(std::move(pre)), post_(std::move(post)), i_(i), nPre_(nPre), nPost_(nPost) {}
  void setTarget(llvm::Value* j) { j_ = j; }

  llvm::Value* address(int slot, ir::Scope scope, int) override {
    const bool source = scope == ir::Scope::pre;
    llvm::Value* column = (source ? pre_ : post_).at(static_cast<std::size_t>(slot));
    return b_.CreateGEP(b_.getDoubleTy(), column, source ? i_ : j_);
  }
  llvm::Value* special(ir::Special name) override {
    llvm::Value* value = name == ir::Special::i       ? i_
                         : name == ir::Special::j     ? j_
                         : name == ir::Special::N_pre ? nPre_
                                                      : nPost_;
    return b_.CreateSIToFP(value, b_.getDoubleTy());
  }
  llvm::Value* drawElement() override { throw none(); }
  llvm::Value* stepNumber() override { throw none(); }
  std::pair<llvm::Value*, llvm::Value*> randomKey(int) override { throw none(); }
  llvm::Value* table(int) override { throw none(); }
  std::int64_t tableColumns(int) override { throw none(); }

 private:
  static JitError none() { return JitError("a connection rule's machine code reads no draws"); }
  llvm::IRBuilder<>& b_;
  std::vector<llvm::Value*> pre_, post_;
  llvm::Value *i_, *nPre_, *nPost_, *j_ = nullptr;
};

}  // namespace

std::optional<CompiledPairRule> emitPairRule(const std::optional<ir::Expr>& ruleCondition,
                                             const std::optional<ir::Expr>& ruleProbability,
                                             llvm::Module& module, const std::string& symbol) {
  CompiledPairRule compiled;
  compiled.condition = ruleCondition;
  compiled.probability = ruleProbability;
  // The copies the code is emitted from, their variables numbered by column.
  std::optional<ir::Expr> condition = ruleCondition, probability = ruleProbability;
  for (std::optional<ir::Expr>* e : {&condition, &probability}) {
    if (*e && !numberColumns(**e, compiled.preColumns, compiled.postColumns)) return std::nullopt;
  }

  llvm::LLVMContext& context = module.getContext();
  auto* i64 = llvm::Type::getInt64Ty(context);
  auto* f64 = llvm::Type::getDoubleTy(context);
  auto* ptr = llvm::PointerType::get(context, 0);
  auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                       {ptr, ptr, i64, i64, i64, i64, i64, ptr}, false);
  auto* function = llvm::Function::Create(type, llvm::Function::ExternalLinkage, symbol, module);
  function->setDoesNotThrow();
  // The columns and `out` are distinct arrays: the row's pre values load once, before the loop.
  for (unsigned arg : {0u, 1u, 7u}) function->addParamAttr(arg, llvm::Attribute::NoAlias);
  llvm::Value* i = function->getArg(2);
  llvm::Value* jBegin = function->getArg(3);
  llvm::Value* jEnd = function->getArg(4);
  llvm::Value* out = function->getArg(7);

  auto* entry = llvm::BasicBlock::Create(context, "entry", function);
  auto* loop = llvm::BasicBlock::Create(context, "pair", function);
  auto* exit = llvm::BasicBlock::Create(context, "exit", function);
  llvm::IRBuilder<> b(entry);
  PairMemory memory(b, loadPointers(b, function->getArg(0), compiled.preColumns.size()),
                    loadPointers(b, function->getArg(1), compiled.postColumns.size()), i,
                    function->getArg(5), function->getArg(6));
  b.CreateCondBr(b.CreateICmpSLT(jBegin, jEnd), loop, exit);

  b.SetInsertPoint(loop);
  llvm::PHINode* j = b.CreatePHI(i64, 2);
  j->addIncoming(jBegin, entry);
  memory.setTarget(j);
  // A rule the JIT cannot emit, or a function LLVM would reject, fails no build: the rule is
  // interpreted instead.
  const bool emitted = emitLoopBody(b, *function, j, jEnd, loop, exit, [&] {
    ExpressionEmitter emitter(module, b, memory);
    // p where the condition holds, else 0 (ir::evaluate's condition first, then p: both are
    // pure, so evaluating both changes no value).
    llvm::Value* value = probability ? emitter.expr(*probability) : llvm::ConstantFP::get(f64, 1.0);
    if (condition) {
      value = b.CreateSelect(emitter.truth(emitter.expr(*condition)), value,
                             llvm::ConstantFP::get(f64, 0.0));
    }
    b.CreateStore(value, b.CreateGEP(f64, out, b.CreateSub(j, jBegin)));
  });
  if (!emitted) return std::nullopt;
  return compiled;
}

}  // namespace lsm::codegen
