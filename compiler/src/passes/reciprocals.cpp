#include "passes/reciprocals.hpp"

#include "integration/expression_builder.hpp"
#include "passes/plan_values.hpp"

namespace lsm {

namespace {

using ir::Expr;

class Reciprocals {
 public:
  Reciprocals(PlanValues& values, const ir::PlanOp& op) : values_(values), op_(op) {}

  Expr rewrite(const Expr& e) {
    Expr out = e;
    for (Expr& operand : out.operands) operand = rewrite(operand);
    if (out.kind != Expr::Kind::binary || out.binaryOp != BinaryOp::divide) return out;
    const Expr& divisor = out.operands[1];
    if (!values_.fixed(divisor)) return out;
    Expr reciprocal;
    if (divisor.kind == Expr::Kind::constant) {
      if (divisor.value == 0.0) return out;  // keeps IEEE's x/0
      reciprocal = build::constant(1.0 / divisor.value, Dimension{} / divisor.dimension);
    } else {
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
};

}  // namespace

void replaceDivisionsByReciprocals(ir::StepPlan& plan) {
  PlanValues values(plan);
  bool changed = false;
  for (ir::PlanOp& op : plan.step) {
    Reciprocals r(values, op);
    for (auto* body : {&op.body, &op.fallback, &op.onSpike}) {
      for (ir::Statement& s : *body) {
        s.value = r.rewrite(s.value);
        if (s.condition) s.condition = r.rewrite(*s.condition);
      }
    }
    if (op.condition) op.condition = r.rewrite(*op.condition);
    changed = changed || r.changed;
  }
  if (changed) plan.optimisations.push_back("reciprocals");
}

}  // namespace lsm
