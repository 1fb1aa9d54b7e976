#include "integration/refractoriness.hpp"

#include "integration/expression_builder.hpp"
#include "integration/method.hpp"

namespace lsm::integration {

using ir::Expr;
using ir::Statement;
using ir::Variable;

void addRefractoriness(ir::NeuronGroup& g, ir::StateUpdate& update) {
  const Variable* lastspike = findVariable(g.variables, "lastspike");
  const Variable* notRefractory = findVariable(g.variables, "not_refractory");
  Expr test;
  if (g.refractory->type == ir::ValueType::boolean) {
    // Brian2: a condition only ends refractoriness, it never starts it.
    Expr negated;
    negated.kind = Expr::Kind::unary;
    negated.unaryOp = UnaryOp::logicalNot;
    negated.type = ir::ValueType::boolean;
    negated.operands.push_back(*g.refractory);
    test.kind = Expr::Kind::binary;
    test.binaryOp = BinaryOp::logicalOr;
    test.type = ir::ValueType::boolean;
    test.operands = {build::variable(*notRefractory), std::move(negated)};
  } else {
    Expr dt = build::special(ir::Special::dt);
    Expr since = build::subtract(build::special(ir::Special::t), build::variable(*lastspike));
    Expr elapsed = build::call(ir::Builtin::timestep, {since, dt}, {});
    Expr period = build::call(ir::Builtin::timestep, {*g.refractory, dt}, {});
    elapsed.type = period.type = ir::ValueType::integer;
    test.kind = Expr::Kind::binary;
    test.binaryOp = BinaryOp::greaterEqual;
    test.type = ir::ValueType::boolean;
    test.operands = {std::move(elapsed), std::move(period)};
  }
  update.statements.push_back(assignVariable(*notRefractory, std::move(test)));

  Expr threshold;
  threshold.kind = Expr::Kind::binary;
  threshold.binaryOp = BinaryOp::logicalAnd;
  threshold.type = ir::ValueType::boolean;
  threshold.location = g.threshold ? g.threshold->location : SourceLocation{};
  threshold.begin = g.threshold ? g.threshold->begin : SourceLocation{};
  if (g.threshold) {
    threshold.operands = {*g.threshold, build::variable(*notRefractory)};
    g.threshold = std::move(threshold);
  }
  Expr no = build::constant(0.0);
  no.type = ir::ValueType::boolean;
  Expr yes = build::constant(1.0);
  yes.type = ir::ValueType::boolean;
  g.onSpike = {assignVariable(*notRefractory, no),
               assignVariable(*lastspike, build::special(ir::Special::t))};
  // Brian2 starts with lastspike = -1e4 s, far enough back to be not refractory.
  g.init.insert(g.init.begin(),
                {assignVariable(*lastspike, build::constant(-1e4, Dimension::base(2))),
                 assignVariable(*notRefractory, yes)});
}

void guardRefractoryWrites(ir::Synapses& s, const ir::Model& model) {
  for (auto* events : {&s.onPre, &s.onPost}) {
    for (Statement& statement : *events) {
      if (statement.kind != Statement::Kind::assign || statement.targetScope == ir::Scope::self) {
        continue;
      }
      const ir::Population& end = statement.targetScope == ir::Scope::pre ? s.source : s.target;
      const ir::NeuronGroup* group = model.findGroup(end.group);
      if (group == nullptr) continue;
      bool frozen = false;
      for (const auto& eq : group->equations) {
        frozen = frozen || (eq.variable == statement.target && eq.unlessRefractory);
      }
      const Variable* notRefractory = findVariable(group->variables, "not_refractory");
      if (!frozen || notRefractory == nullptr) continue;
      statement.condition = build::variable(*notRefractory, statement.targetScope);
    }
  }
}

}  // namespace lsm::integration
