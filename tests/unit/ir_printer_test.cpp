#include <gtest/gtest.h>

#include "compile_text.hpp"

namespace lsm {
namespace {

// Constants are folded with Python's precedence, and print as their values.
TEST(IrPrinter, ConstantsFoldWithPythonPrecedence) {
  auto c = test::compileText(
      "A = 1\nB = -(A + 2) * 3 - (4 - A) - (2**3)**2 + 2**3**2\nC = 1 if (A > 0) and not (A < 0 or "
      "A > 5) else 0\n"
      "D = (1 if A > 0 else 2) * 3\n");
  ASSERT_TRUE(c.ok()) << c.diagnostics;
  std::string ir = ir::toString(c.model());
  // -(1+2)*3 - (4-1) - (2**3)**2 + 2**(3**2) = -9 - 3 - 64 + 512
  EXPECT_NE(ir.find("constant B = 436\n"), std::string::npos) << ir;
  EXPECT_NE(ir.find("constant C = 1\n"), std::string::npos) << ir;
  EXPECT_NE(ir.find("constant D = 3\n"), std::string::npos) << ir;
}

TEST(IrPrinter, ExpressionsRoundTripStructure) {
  auto c = test::compileText(std::string(test::lifGroup));
  ASSERT_TRUE(c.ok());
  ir::Expr e;
  e.kind = ir::Expr::Kind::binary;
  e.binaryOp = BinaryOp::subtract;
  ir::Expr a = ir::Expr::makeConstant(1);
  ir::Expr inner;
  inner.kind = ir::Expr::Kind::binary;
  inner.binaryOp = BinaryOp::subtract;
  inner.operands = {ir::Expr::makeConstant(2), ir::Expr::makeConstant(3)};
  e.operands = {a, inner};
  EXPECT_EQ(ir::toString(e), "1 - (2 - 3)");
  std::swap(e.operands[0], e.operands[1]);
  EXPECT_EQ(ir::toString(e), "2 - 3 - 1");
  ir::Expr power;
  power.kind = ir::Expr::Kind::binary;
  power.binaryOp = BinaryOp::power;
  power.operands = {inner, ir::Expr::makeConstant(2)};
  EXPECT_EQ(ir::toString(power), "(2 - 3) ** 2");
  ir::Expr negated;
  negated.kind = ir::Expr::Kind::unary;
  negated.unaryOp = UnaryOp::negate;
  negated.operands = {power};
  EXPECT_EQ(ir::toString(negated), "-(2 - 3) ** 2");
}

TEST(IrPrinter, WholeGroup) {
  auto c = test::compileChecked(std::string(test::lifGroup));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(ir::toString(c.model()),
            "\ngroup neurons[10] method=exact\n"
            "  state v : volt\n"
            "  parameter tau : second (shared, constant)\n"
            "  parameter v_rest : volt (shared, constant)\n"
            "  parameter lastspike : second (implicit)\n"
            "  parameter not_refractory : boolean (implicit)\n"
            "  dv/dt = (v_rest - v) / tau  (unless refractory)\n"
            "  threshold: v > -0.05 volt\n"
            "  reset:\n"
            "    v = v_rest\n"
            "  refractory: 0.002 second\n"
            "  init:\n"
            "    tau = 0.02 second\n"
            "    v_rest = -0.065 volt\n"
            "    v = v_rest\n");
}

}  // namespace
}  // namespace lsm
