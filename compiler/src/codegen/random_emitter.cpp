#include "codegen/random_emitter.hpp"

#include "ir/plan_random.hpp"

namespace lsm::codegen {

namespace {

// plan_random's arithmetic as LLVM instructions: words are i64, reals double.
class LlvmArithmetic {
 public:
  using Word = llvm::Value*;
  using Real = llvm::Value*;

  explicit LlvmArithmetic(llvm::IRBuilder<>& b)
      : b_(b), i64_(b.getInt64Ty()), double_(b.getDoubleTy()) {}

  Word word(std::uint64_t v) const { return llvm::ConstantInt::get(i64_, v); }
  Word wordAdd(Word x, Word y) const { return b_.CreateAdd(x, y); }
  Word wordSub(Word x, Word y) const { return b_.CreateSub(x, y); }
  Word wordMul(Word x, Word y) const { return b_.CreateMul(x, y); }
  Word wordAnd(Word x, Word y) const { return b_.CreateAnd(x, y); }
  Word wordOr(Word x, Word y) const { return b_.CreateOr(x, y); }
  Word wordXor(Word x, Word y) const { return b_.CreateXor(x, y); }
  Word shiftLeft(Word x, int n) const { return b_.CreateShl(x, static_cast<std::uint64_t>(n)); }
  Word shiftRight(Word x, int n) const { return b_.CreateLShr(x, static_cast<std::uint64_t>(n)); }
  Word wordLess(Word x, Word y) const { return b_.CreateZExt(b_.CreateICmpULT(x, y), i64_); }
  Real real(double v) const { return llvm::ConstantFP::get(double_, v); }
  Real add(Real x, Real y) const { return b_.CreateFAdd(x, y); }
  Real subtract(Real x, Real y) const { return b_.CreateFSub(x, y); }
  Real multiply(Real x, Real y) const { return b_.CreateFMul(x, y); }
  Real divide(Real x, Real y) const { return b_.CreateFDiv(x, y); }
  Real squareRoot(Real x) const { return b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, x); }
  Real negate(Real x) const { return b_.CreateFNeg(x); }
  Real realFromWord(Word x) const { return b_.CreateUIToFP(x, double_); }
  Real realFromSignedWord(Word x) const { return b_.CreateSIToFP(x, double_); }
  Word bitsOf(Real x) const { return b_.CreateBitCast(x, i64_); }
  Real realOfBits(Word x) const { return b_.CreateBitCast(x, double_); }
  Real select(Word condition, Real x, Real y) const {
    return b_.CreateSelect(b_.CreateICmpNE(condition, word(0)), x, y);
  }

 private:
  llvm::IRBuilder<>& b_;
  llvm::Type* i64_;
  llvm::Type* double_;
};

}  // namespace

llvm::Value* emitRandomDraw(llvm::IRBuilder<>& builder, bool normal, std::uint64_t stream,
                            llvm::Value* seed, llvm::Value* trial, llvm::Value* step,
                            llvm::Value* element) {
  LlvmArithmetic a(builder);
  const auto w = ir::plan_random::block(a, seed, stream, trial, step, element);
  return normal ? ir::plan_random::normal(a, w) : ir::plan_random::uniform(a, w);
}

}  // namespace lsm::codegen
