#include "codegen/expression_emitter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "codegen/random_emitter.hpp"
#include "ir/functions.hpp"
#include "lsm/jit.hpp"

namespace lsm::codegen {

ExpressionEmitter::ExpressionEmitter(llvm::Module& module, llvm::IRBuilder<>& builder,
                                     Memory& memory)
    : module_(module), b_(builder), memory_(memory) {
  double_ = llvm::Type::getDoubleTy(module.getContext());
  i64_ = llvm::Type::getInt64Ty(module.getContext());
  setLanes(1);
}

void ExpressionEmitter::setLanes(unsigned width) {
  lanes_ = width;
  value_ = width > 1 ? llvm::FixedVectorType::get(double_, width) : double_;
  integer_ = width > 1 ? llvm::FixedVectorType::get(i64_, width) : i64_;
}

llvm::Value* ExpressionEmitter::widen(llvm::Value* scalar) {
  if (lanes_ <= 1 || scalar->getType()->isVectorTy()) return scalar;
  return b_.CreateVectorSplat(lanes_, scalar);
}

llvm::Value* ExpressionEmitter::load(llvm::Value* address) {
  if (address->getType()->isVectorTy())
    return b_.CreateMaskedGather(value_, address, llvm::Align(alignof(double)));
  return widen(b_.CreateLoad(double_, address));
}

// In lanes, every lane is stored: lanes without a synapse of their own repeat another lane's
// synapse (KernelBuilder::inLanes), computing and storing the same values.
void ExpressionEmitter::store(llvm::Value* value, llvm::Value* address) {
  if (address->getType()->isVectorTy()) {
    b_.CreateMaskedScatter(value, address, llvm::Align(alignof(double)));
    return;
  }
  b_.CreateStore(value, address);
}

llvm::Value* ExpressionEmitter::any(llvm::Value* condition) {
  return lanes_ > 1 ? b_.CreateOrReduce(condition) : condition;
}

llvm::Value* ExpressionEmitter::constant(double value) {
  return llvm::ConstantFP::get(value_, value);
}

llvm::Value* ExpressionEmitter::truth(llvm::Value* value) {
  return b_.CreateFCmpUNE(value, constant(0.0));
}

llvm::Value* ExpressionEmitter::fromTruth(llvm::Value* bit) {
  return b_.CreateUIToFP(bit, value_);
}

llvm::Value* ExpressionEmitter::intrinsic(llvm::Intrinsic::ID id, std::vector<llvm::Value*> args) {
  llvm::Function* f = llvm::Intrinsic::getDeclaration(&module_, id, {args[0]->getType()});
  return b_.CreateCall(f, args);
}

// A libm function that LLVM has no intrinsic for (expm1, log1p, tan, ...), declared as a pure
// function: it may set errno, which no kernel reads. Without that the optimiser must assume
// each call writes memory, so it reloads every variable after it and never merges two calls
// of the same value (COBAHH's exponential Euler called expm1 ten times per neuron for three
// distinct values).
namespace {

// No memory read or written, no exception, no endless loop, no synchronisation: calls of the
// same values may be merged, moved, or made on lanes that are then discarded.
void declarePure(llvm::Function& function) {
  function.setDoesNotAccessMemory();
  function.setDoesNotThrow();
  function.setWillReturn();
  function.addFnAttr(llvm::Attribute::NoSync);
}

}  // namespace

llvm::Value* ExpressionEmitter::libm(const char* name, std::vector<llvm::Value*> args) {
  llvm::Function* function = module_.getFunction(name);
  if (function == nullptr) {
    std::vector<llvm::Type*> types(args.size(), double_);
    function = llvm::Function::Create(llvm::FunctionType::get(double_, types, false),
                                      llvm::Function::ExternalLinkage, name, module_);
    declarePure(*function);
    function->addFnAttr(llvm::Attribute::Speculatable);
  }
  if (lanes_ > 1) return b_.CreateCall(lanewise(function, lanes_, false), args);
  llvm::CallInst* call = b_.CreateCall(function, args);
  if (loopWidth_ > 1) {
    // The loop vectoriser cannot widen a call it has no vector function for, and gives up on
    // the loop: COBAHH's neuron update, with its 40 divisions, stayed scalar.
    std::vector<std::string> variants;
    for (bool masked : {false, true}) {
      llvm::Function* vector = lanewise(function, loopWidth_, masked);
      variants.push_back(fmt::format("_ZGV_LLVM_{}{}{}_{}({})", masked ? 'M' : 'N', loopWidth_,
                                     std::string(args.size(), 'v'), name, vector->getName().str()));
    }
    llvm::VFABI::setVectorVariantNames(call, variants);
  }
  return call;
}

// `scalar` on each lane of its arguments in turn: the vector function the loop vectoriser calls
// in a vectorised loop (lane by lane, every lane gets libm's own result, so the vectorised loop
// computes the scalar loop's bits). A masked one (the last, partial vector of a loop with a
// masked tail) computes every lane too: the function has no side effects, and the lanes
// outside the loop are discarded.
llvm::Function* ExpressionEmitter::lanewise(llvm::Function* scalar, unsigned width, bool masked) {
  const std::string name =
      fmt::format("lsm_{}_{}{}", scalar->getName().str(), masked ? "masked" : "lanes", width);
  if (llvm::Function* existing = module_.getFunction(name)) return existing;
  llvm::LLVMContext& context = module_.getContext();
  auto* vector = llvm::FixedVectorType::get(double_, width);
  std::vector<llvm::Type*> types(scalar->arg_size(), vector);
  if (masked) types.push_back(llvm::FixedVectorType::get(llvm::Type::getInt1Ty(context), width));
  auto* function = llvm::Function::Create(llvm::FunctionType::get(vector, types, false),
                                          llvm::Function::InternalLinkage, name, module_);
  declarePure(*function);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(context, "entry", function));
  llvm::Value* result = llvm::PoisonValue::get(vector);
  for (unsigned lane = 0; lane < width; ++lane) {
    std::vector<llvm::Value*> laneArgs;
    for (unsigned a = 0; a < scalar->arg_size(); ++a)
      laneArgs.push_back(b.CreateExtractElement(function->getArg(a), lane));
    result = b.CreateInsertElement(result, b.CreateCall(scalar, laneArgs), lane);
  }
  b.CreateRet(result);
  // Kept until the vectoriser has run: it finds a variant by name, and optimisations before it
  // would delete a function that nothing calls yet.
  llvm::appendToCompilerUsed(module_, {function});
  return function;
}

// std::max(a, b) and std::min(a, b), with their handling of NaN.
llvm::Value* ExpressionEmitter::maximum(llvm::Value* a, llvm::Value* b) {
  return b_.CreateSelect(b_.CreateFCmpOLT(a, b), b, a);
}
llvm::Value* ExpressionEmitter::minimum(llvm::Value* a, llvm::Value* b) {
  return b_.CreateSelect(b_.CreateFCmpOLT(b, a), b, a);
}

llvm::Value* ExpressionEmitter::call(const ir::Expr& e, std::vector<llvm::Value*> a) {
  using B = ir::Builtin;
  if (ir::isRandom(e.function)) {
    if (llvm::Value* drawn = memory_.buildTimeDraw(e, a)) return drawn;
  }
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
      return b_.CreateFSub(fromTruth(b_.CreateFCmpOGT(a[0], constant(0))),
                           fromTruth(b_.CreateFCmpOLT(a[0], constant(0))));
    case B::timestep: {  // Brian2: int64((x + 1e-3*dt)/dt)
      llvm::Value* shifted = b_.CreateFAdd(a[0], b_.CreateFMul(constant(1e-3), a[1]));
      return intrinsic(llvm::Intrinsic::trunc, {b_.CreateFDiv(shifted, a[1])});
    }
    case B::phi1: {  // as ir::phi1
      llvm::Value* x = a[0];
      llvm::Value* small = b_.CreateFCmpOLT(intrinsic(llvm::Intrinsic::fabs, {x}), constant(1e-5));
      llvm::Value* series = b_.CreateFAdd(
          constant(1.0),
          b_.CreateFMul(x, b_.CreateFAdd(constant(0.5), b_.CreateFDiv(x, constant(6.0)))));
      llvm::Value* exact = b_.CreateFDiv(libm("expm1", {x}), x);
      return b_.CreateSelect(small, series, exact);
    }
    case B::rand:
    case B::randn: {
      auto [seed, trial] = memory_.randomKey(e.slot);
      return emitRandomDraw(b_, e.function == B::randn, e.stream, seed, trial, memory_.stepNumber(),
                            memory_.drawElement());
    }
    case B::uniform:
    case B::normal:
    case B::gamma:
    case B::exponential:
    case B::permutation:
      break;  // these draw only when a network is built
  }
  throw JitError(fmt::format("{}:{}:{}: '{}' cannot run in a step", e.location.file,
                             e.location.line, e.location.column, ir::spelling(e.function)));
}

llvm::Value* ExpressionEmitter::expr(const ir::Expr& e) {
  switch (e.kind) {
    case ir::Expr::Kind::constant:
      return constant(e.value);
    case ir::Expr::Kind::variable:
      if (e.scope == ir::Scope::local) {
        auto k = static_cast<std::size_t>(e.slot);
        if (k >= locals_.size() || locals_[k] == nullptr) throw JitError("unbound local " + e.name);
        return locals_[k];
      }
      if (e.scope == ir::Scope::self && e.indexSlot < 0) {
        if (auto kept = keptValues_.find(e.slot); kept != keptValues_.end()) return kept->second;
      }
      return load(memory_.address(e.slot, e.scope, e.indexSlot));
    case ir::Expr::Kind::special:
      return widen(memory_.special(e.special));
    case ir::Expr::Kind::call: {
      std::vector<llvm::Value*> args;
      for (const auto& operand : e.operands) args.push_back(expr(operand));
      return call(e, args);
    }
    case ir::Expr::Kind::unary: {
      llvm::Value* x = expr(e.operands[0]);
      switch (e.unaryOp) {
        case UnaryOp::negate:
          return b_.CreateFNeg(x);
        case UnaryOp::logicalNot:
          return fromTruth(b_.CreateFCmpOEQ(x, constant(0.0)));
      }
      throw JitError("unknown unary operator");
    }
    case ir::Expr::Kind::conditional: {
      llvm::Value* test = truth(expr(e.operands[1]));
      return b_.CreateSelect(test, expr(e.operands[0]), expr(e.operands[2]));
    }
    case ir::Expr::Kind::table:
      return tableValue(e);
    case ir::Expr::Kind::binary: {
      llvm::Value* a = expr(e.operands[0]);
      if (ir::isSquare(e)) return b_.CreateFMul(a, a);
      llvm::Value* v = expr(e.operands[1]);
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
          // libm's pow, as the interpreter calls it, under a name LLVM does not know: it
          // rewrites its pow intrinsic and calls of `pow` (pow(x, 2.0) into x*x, pow(x, -1.0)
          // into 1/x), which is not always pow's value.
          return libm(powerFunction, {a, v});
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

void ExpressionEmitter::statements(const std::vector<ir::Statement>& body) {
  locals_.clear();
  keptValues_.clear();
  for (const ir::Statement& s : body) {
    llvm::Value* value = expr(s.value);
    if (s.kind == ir::Statement::Kind::advance) {
      advance(*s.advance, value);
      continue;
    }
    if (s.kind == ir::Statement::Kind::let) {
      auto k = static_cast<std::size_t>(s.targetSlot);
      if (locals_.size() <= k) locals_.resize(k + 1, nullptr);
      locals_[k] = value;
      continue;
    }
    if (lanes_ > 1 && s.targetScope != ir::Scope::self) {
      kept_.push_back({&s, value});
      continue;
    }
    if (s.op == AssignOp::assign && !s.condition && s.targetScope == ir::Scope::self &&
        std::find(inRegisters_.begin(), inRegisters_.end(), s.targetSlot) != inRegisters_.end()) {
      keptValues_[s.targetSlot] = value;
      continue;
    }
    llvm::Value* where = memory_.address(s.targetSlot, s.targetScope);
    llvm::Value* old = nullptr;
    if (s.op != AssignOp::assign || s.condition) old = load(where);
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
    if (s.condition) value = b_.CreateSelect(truth(expr(*s.condition)), value, old);
    store(value, where);
  }
}

// ir::advanceAffine, operation for operation: the map X -> Phi X + offset applied `steps`
// times by repeated squaring. The loop's values live in stack slots that the optimiser turns
// into registers.
void ExpressionEmitter::advance(const ir::Advance& a, llvm::Value* steps) {
  const std::size_t n = a.variables.size();
  llvm::Function* function = b_.GetInsertBlock()->getParent();
  llvm::LLVMContext& context = function->getContext();
  llvm::IRBuilder<> entry(&function->getEntryBlock(), function->getEntryBlock().begin());
  auto slot = [&](llvm::Type* type) { return entry.CreateAlloca(type); };
  auto pattern = [&](std::size_t i, std::size_t j) { return a.phiSlots[i][j] >= 0; };
  auto read = [&](int s) { return load(memory_.address(s, ir::Scope::self)); };
  std::vector<llvm::Value*> phi(n * n, nullptr), offset(n), x(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (!pattern(i, j)) continue;
      phi[i * n + j] = slot(value_);
      b_.CreateStore(read(a.phiSlots[i][j]), phi[i * n + j]);
    }
    offset[i] = slot(value_);
    b_.CreateStore(a.offsetSlots[i] < 0 ? constant(0.0) : read(a.offsetSlots[i]), offset[i]);
    x[i] = slot(value_);
    b_.CreateStore(read(a.variableSlots[i]), x[i]);
  }
  llvm::Value* remaining = slot(integer_);
  llvm::Value* count = b_.CreateFPToSI(steps, integer_);
  // A count below 1 makes no round; in lanes, its bits must not make any either.
  if (lanes_ > 1) {
    llvm::Value* zero = llvm::ConstantInt::get(integer_, 0);
    count = b_.CreateSelect(b_.CreateICmpSGT(count, zero), count, zero);
  }
  b_.CreateStore(count, remaining);
  auto local = [&](llvm::Value* where) { return b_.CreateLoad(value_, where); };
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
      if (where[k] != nullptr) values[k] = local(where[k]);
    return values;
  };
  auto block = [&](const char* name) { return llvm::BasicBlock::Create(context, name, function); };
  auto* header = block("advance");
  auto* apply = block("advance.apply");
  auto* halve = block("advance.halve");
  auto* square = block("advance.square");
  auto* done = block("advance.done");
  auto constant64 = [&](std::int64_t v) { return llvm::ConstantInt::get(integer_, v); };
  // In lanes: as many rounds as the lane with the most bits needs; a lane whose bits are
  // done keeps its values (its bit is 0) while the others go on squaring.
  const bool select = a.branchFree || lanes_ > 1;
  b_.CreateBr(header);
  b_.SetInsertPoint(header);
  llvm::Value* k = b_.CreateLoad(integer_, remaining);
  b_.CreateCondBr(any(b_.CreateICmpSGT(k, constant64(0))), apply, done);
  b_.SetInsertPoint(apply);
  {
    llvm::Value* isOdd = b_.CreateICmpNE(b_.CreateAnd(k, constant64(1)), constant64(0));
    if (!select) {
      auto* odd = block("advance.odd");
      b_.CreateCondBr(isOdd, odd, halve);
      b_.SetInsertPoint(odd);
    }
    auto p = loadAll(phi), o = loadAll(offset), v = loadAll(x);
    std::vector<llvm::Value*> next(n);
    for (std::size_t i = 0; i < n; ++i) next[i] = b_.CreateFAdd(rowTimes(p, i, v), o[i]);
    // Branch-free: the map applied in any case, its result kept where the bit is set.
    for (std::size_t i = 0; i < n; ++i)
      b_.CreateStore(select ? b_.CreateSelect(isOdd, next[i], v[i]) : next[i], x[i]);
    b_.CreateBr(halve);
  }
  b_.SetInsertPoint(halve);
  llvm::Value* half = b_.CreateLShr(k, constant64(1));
  b_.CreateStore(half, remaining);
  b_.CreateCondBr(any(b_.CreateICmpSGT(half, constant64(0))), square, done);
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
    for (std::size_t q = 0; q < n * n; ++q)
      if (squared[q] != nullptr) b_.CreateStore(squared[q], phi[q]);
    for (std::size_t i = 0; i < n; ++i) b_.CreateStore(squaredOffset[i], offset[i]);
    b_.CreateBr(header);
  }
  b_.SetInsertPoint(done);
  for (std::size_t i = 0; i < n; ++i) {
    store(local(x[i]), memory_.address(a.variableSlots[i], ir::Scope::self));
  }
}

// A timed array's value at the row (clipped by the lowering) and, 2-D, the column the operands
// give; NaN outside the columns (ir/plan_interpreter.cpp).
llvm::Value* ExpressionEmitter::tableValue(const ir::Expr& e) {
  llvm::Value* base = memory_.table(e.slot);
  llvm::Value* row = b_.CreateFPToSI(expr(e.operands[0]), i64_);
  if (e.operands.size() == 1) return b_.CreateLoad(double_, b_.CreateGEP(double_, base, row));
  const std::int64_t columns = memory_.tableColumns(e.slot);
  llvm::Value* column = b_.CreateFPToSI(expr(e.operands[1]), i64_);
  llvm::Value* inside =
      b_.CreateAnd(b_.CreateICmpSGE(column, llvm::ConstantInt::get(i64_, 0)),
                   b_.CreateICmpSLT(column, llvm::ConstantInt::get(i64_, columns)));
  // Out of the columns the load reads column 0 of the row instead, and the select discards it.
  llvm::Value* safe = b_.CreateSelect(inside, column, llvm::ConstantInt::get(i64_, 0));
  llvm::Value* index = b_.CreateAdd(b_.CreateMul(row, llvm::ConstantInt::get(i64_, columns)), safe);
  llvm::Value* value = b_.CreateLoad(double_, b_.CreateGEP(double_, base, index));
  return b_.CreateSelect(inside, value, constant(std::numeric_limits<double>::quiet_NaN()));
}

}  // namespace lsm::codegen
