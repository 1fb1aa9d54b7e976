#include "integration/expression_builder.hpp"

#include <algorithm>

namespace lsm::build {

using ir::Expr;

ir::Expr constant(double value, Dimension dimension) {
  return Expr::makeConstant(value, dimension);
}

ir::Expr local(const std::string& name, Dimension dimension, ir::ValueType type) {
  Expr e;
  e.kind = Expr::Kind::variable;
  e.scope = ir::Scope::local;
  e.name = name;
  e.dimension = dimension;
  e.type = type;
  return e;
}

ir::Expr variable(const ir::Variable& v, ir::Scope scope) {
  Expr e;
  e.kind = Expr::Kind::variable;
  e.scope = scope;
  e.name = v.name;
  e.dimension = v.dimension;
  e.type = v.type;
  return e;
}

ir::Expr special(ir::Special special) {
  Expr e;
  e.kind = Expr::Kind::special;
  e.special = special;
  bool time = special == ir::Special::t || special == ir::Special::dt;
  e.dimension = time ? Dimension::base(2) : Dimension{};
  e.type = time ? ir::ValueType::real : ir::ValueType::integer;
  return e;
}

bool isSpecial(const ir::Expr& e, ir::Special special) {
  return e.kind == Expr::Kind::special && e.special == special;
}

ir::Expr call(ir::Builtin function, std::vector<ir::Expr> arguments, Dimension result) {
  Expr e;
  e.kind = Expr::Kind::call;
  e.function = function;
  e.operands = std::move(arguments);
  e.dimension = result;
  return e;
}

namespace {

bool isUnnamedConstant(const Expr& e) {
  return e.kind == Expr::Kind::constant && e.name.empty();
}

Expr binary(BinaryOp op, Expr a, Expr b, Dimension dimension) {
  Expr e;
  e.kind = Expr::Kind::binary;
  e.binaryOp = op;
  e.dimension = dimension;
  e.location = a.location;
  e.begin = a.begin;
  e.operands.push_back(std::move(a));
  e.operands.push_back(std::move(b));
  return e;
}

}  // namespace

ir::Statement let(const std::string& name, ir::Expr value) {
  ir::Statement s;
  s.kind = ir::Statement::Kind::let;
  s.target = name;
  s.targetScope = ir::Scope::local;
  s.op = AssignOp::assign;
  s.targetDimension = value.dimension;
  s.targetType = value.type;
  s.value = std::move(value);
  return s;
}

ir::Statement assign(const std::string& target, ir::Scope scope, AssignOp op, Dimension dimension,
                     ir::Expr value) {
  ir::Statement s;
  s.kind = ir::Statement::Kind::assign;
  s.target = target;
  s.targetScope = scope;
  s.op = op;
  s.targetDimension = dimension;
  s.value = std::move(value);
  return s;
}

bool isZero(const Expr& e) {
  return e.kind == Expr::Kind::constant && e.value == 0.0;
}
bool isOne(const Expr& e) {
  return e.kind == Expr::Kind::constant && e.value == 1.0 && e.dimension.isDimensionless();
}

ir::Expr add(ir::Expr a, ir::Expr b) {
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  if (b.kind == Expr::Kind::unary && b.unaryOp == UnaryOp::negate) {
    return subtract(std::move(a), b.operands[0]);
  }
  Dimension d = a.dimension;
  return binary(BinaryOp::add, std::move(a), std::move(b), d);
}

ir::Expr subtract(ir::Expr a, ir::Expr b) {
  if (isZero(b)) return a;
  if (isZero(a)) return negate(std::move(b));
  Dimension d = a.dimension;
  return binary(BinaryOp::subtract, std::move(a), std::move(b), d);
}

ir::Expr multiply(ir::Expr a, ir::Expr b) {
  Dimension d = a.dimension * b.dimension;
  if (isZero(a) || isZero(b)) return constant(0.0, d);
  if (isOne(a)) return b;
  if (isOne(b)) return a;
  if (isUnnamedConstant(a) && isUnnamedConstant(b)) return constant(a.value * b.value, d);
  if (isUnnamedConstant(a) && a.value == -1.0 && a.dimension.isDimensionless()) {
    return negate(std::move(b));
  }
  if (isUnnamedConstant(b) && b.value == -1.0 && b.dimension.isDimensionless()) {
    return negate(std::move(a));
  }
  return binary(BinaryOp::multiply, std::move(a), std::move(b), d);
}

ir::Expr divide(ir::Expr a, ir::Expr b) {
  Dimension d = a.dimension / b.dimension;
  if (isZero(a)) return constant(0.0, d);
  if (isOne(b)) return a;
  return binary(BinaryOp::divide, std::move(a), std::move(b), d);
}

ir::Expr negate(ir::Expr a) {
  if (a.kind == Expr::Kind::constant && a.name.empty()) {
    a.value = -a.value;
    return a;
  }
  if (a.kind == Expr::Kind::unary && a.unaryOp == UnaryOp::negate) return a.operands[0];
  Expr e;
  e.kind = Expr::Kind::unary;
  e.unaryOp = UnaryOp::negate;
  e.dimension = a.dimension;
  e.type = a.type;
  e.location = a.location;
  e.begin = a.begin;
  e.operands.push_back(std::move(a));
  return e;
}

ir::Expr conditional(ir::Expr value, ir::Expr test, ir::Expr otherwise) {
  Expr e;
  e.kind = Expr::Kind::conditional;
  e.dimension = value.dimension;
  e.type = value.type;
  e.operands = {std::move(value), std::move(test), std::move(otherwise)};
  return e;
}

ir::Expr substitute(const ir::Expr& e,
                    const std::function<std::optional<ir::Expr>(const ir::Expr&)>& replace) {
  if (auto replaced = replace(e)) return *replaced;
  Expr out = e;
  for (Expr& operand : out.operands) operand = substitute(operand, replace);
  return out;
}

bool any(const ir::Expr& e, const std::function<bool(const ir::Expr&)>& predicate) {
  if (predicate(e)) return true;
  return std::any_of(e.operands.begin(), e.operands.end(),
                     [&](const Expr& operand) { return any(operand, predicate); });
}

}  // namespace lsm::build
