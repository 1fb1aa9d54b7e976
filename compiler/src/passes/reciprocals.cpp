#include "passes/reciprocals.hpp"

#include <cmath>

#include "integration/expression_builder.hpp"
#include "passes/plan_values.hpp"

namespace lsm {

namespace {

using ir::Expr;

// `derived`: a divisor that is not a constant becomes a value `derive` computes (only in a
// body that can fall back where it is not finite); else only constants are replaced.
class Reciprocals {
 public:
  Reciprocals(PlanValues& values, const ir::PlanOp& op, bool derived)
      : values_(values), op_(op), derived_(derived) {}

  Expr rewrite(const Expr& e) {
    Expr out = e;
    for (Expr& operand : out.operands) operand = rewrite(operand);
    if (out.kind != Expr::Kind::binary || out.binaryOp != BinaryOp::divide) return out;
    const Expr& divisor = out.operands[1];
    if (!values_.fixed(divisor)) return out;
    Expr reciprocal;
    if (divisor.kind == Expr::Kind::constant) {
      // Keeps IEEE's x/0, and divisors whose reciprocal would overflow or lose digits.
      if (!std::isnormal(1.0 / divisor.value)) return out;
      reciprocal = build::constant(1.0 / divisor.value, Dimension{} / divisor.dimension);
    } else {
      if (!derived_) return out;
      reciprocal = values_.derived(op_, build::divide(build::constant(1.0), divisor), "R");
    }
    changed = true;
    Expr product = out;
    product.binaryOp = BinaryOp::multiply;
    product.operands[1] = std::move(reciprocal);
    return product;
  }

  bool changed = false;

 private:
  PlanValues& values_;
  const ir::PlanOp& op_;
  bool derived_;
};

}  // namespace

void replaceDivisionsByReciprocals(ir::StepPlan& plan) {
  PlanValues values(plan);
  bool changed = false;
  for (ir::PlanOp& op : plan.step) {
    // The body falls back to its statements as lowered where a reciprocal is not finite; the
    // threshold's condition and its statements at a spike have no fallback.
    Reciprocals inBody(values, op, true), elsewhere(values, op, false);
    std::vector<ir::Statement> before = op.body;
    for (ir::Statement& s : op.body) {
      s.value = inBody.rewrite(s.value);
      if (s.condition) s.condition = inBody.rewrite(*s.condition);
    }
    if (inBody.changed) values.assumeFinite(op, std::move(before), "reciprocals");
    for (ir::Statement& s : op.onSpike) {
      s.value = elsewhere.rewrite(s.value);
      if (s.condition) s.condition = elsewhere.rewrite(*s.condition);
    }
    if (op.condition) op.condition = elsewhere.rewrite(*op.condition);
    changed = changed || inBody.changed || elsewhere.changed;
  }
  if (changed) plan.optimisations.push_back("reciprocals");
}

}  // namespace lsm
