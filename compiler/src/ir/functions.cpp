#include "ir/functions.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lsm::ir {

const std::vector<Function>& functions() {
  using R = Function::Rule;
  using B = Builtin;
  using A = const double*;
  // In the order of the enum: describe() indexes this table.
  static const std::vector<Function> table = {
      {B::exp, "exp", 1, R::dimensionless, false, [](A a) { return std::exp(a[0]); }},
      {B::expm1, "expm1", 1, R::dimensionless, false, [](A a) { return std::expm1(a[0]); }},
      {B::log, "log", 1, R::dimensionless, false, [](A a) { return std::log(a[0]); }},
      {B::log10, "log10", 1, R::dimensionless, false, [](A a) { return std::log10(a[0]); }},
      {B::log1p, "log1p", 1, R::dimensionless, false, [](A a) { return std::log1p(a[0]); }},
      {B::sin, "sin", 1, R::dimensionless, false, [](A a) { return std::sin(a[0]); }},
      {B::cos, "cos", 1, R::dimensionless, false, [](A a) { return std::cos(a[0]); }},
      {B::tan, "tan", 1, R::dimensionless, false, [](A a) { return std::tan(a[0]); }},
      {B::sinh, "sinh", 1, R::dimensionless, false, [](A a) { return std::sinh(a[0]); }},
      {B::cosh, "cosh", 1, R::dimensionless, false, [](A a) { return std::cosh(a[0]); }},
      {B::tanh, "tanh", 1, R::dimensionless, false, [](A a) { return std::tanh(a[0]); }},
      {B::arcsin, "arcsin", 1, R::dimensionless, false, [](A a) { return std::asin(a[0]); }},
      {B::arccos, "arccos", 1, R::dimensionless, false, [](A a) { return std::acos(a[0]); }},
      {B::arctan, "arctan", 1, R::dimensionless, false, [](A a) { return std::atan(a[0]); }},
      {B::abs, "abs", 1, R::sameAsFirst, false, [](A a) { return std::fabs(a[0]); }},
      {B::floor, "floor", 1, R::sameAsFirst, false, [](A a) { return std::floor(a[0]); }},
      {B::ceil, "ceil", 1, R::sameAsFirst, false, [](A a) { return std::ceil(a[0]); }},
      {B::clip, "clip", 3, R::allSame, false,
       [](A a) { return std::min(std::max(a[0], a[1]), a[2]); }},
      {B::min, "min", 2, R::allSame, false, [](A a) { return std::min(a[0], a[1]); }},
      {B::max, "max", 2, R::allSame, false, [](A a) { return std::max(a[0], a[1]); }},
      {B::phi1, "phi1", 1, R::dimensionless, false, [](A a) { return phi1(a[0]); }},
      // Brian2: int64((t + 1e-3*dt)/dt), so that durations of whole steps are not cut short.
      {B::timestep, "timestep", 2, R::timestep, false,
       [](A a) { return std::trunc((a[0] + 1e-3 * a[1]) / a[1]); }},
      {B::sqrt, "sqrt", 1, R::sqrt, false, [](A a) { return std::sqrt(a[0]); }},
      {B::sign, "sign", 1, R::sign, false,
       [](A a) { return static_cast<double>((a[0] > 0) - (a[0] < 0)); }},
      {B::toInt, "int", 1, R::toInteger, false, [](A a) { return std::trunc(a[0]); }},
      {B::uniform, "uniform", 2, R::uniform, true, nullptr},
      {B::normal, "normal", 2, R::uniform, true, nullptr},
      {B::gamma, "gamma", 2, R::gamma, true, nullptr},
      {B::exponential, "exponential", 1, R::exponential, true, nullptr},
      {B::rand, "rand", 0, R::random, true, nullptr},
      {B::randn, "randn", 0, R::random, true, nullptr},
      {B::permutation, "permutation", 1, R::permutation, true, nullptr},
  };
  return table;
}

const Function* findFunction(std::string_view name) {
  // Brian2 calls phi1 exprel: (exp(x) - 1)/x, continued by 1 at 0.
  if (name == "exprel") return &describe(Builtin::phi1);
  for (const Function& f : functions()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Function& describe(Builtin function) {
  const Function& f = functions().at(static_cast<std::size_t>(function));
  if (f.id != function) throw std::logic_error("the function table is out of order");
  return f;
}

std::string_view spelling(Builtin function) {
  return describe(function).name;
}

bool isRandom(Builtin function) {
  return describe(function).isRandom;
}

double evaluateFunction(Builtin function, const std::vector<double>& arguments) {
  const Function& f = describe(function);
  if (f.evaluate == nullptr) {
    throw std::logic_error("function '" + f.name +
                           "' draws random numbers and has no value at compile time");
  }
  return f.evaluate(arguments.data());
}

double phi1(double x) {
  // Below |x| = 1e-5 the series 1 + x/2 + x^2/6 is exact to rounding; above, expm1 is.
  if (std::fabs(x) < 1e-5) return 1.0 + x * (0.5 + x / 6.0);
  return std::expm1(x) / x;
}

double applyUnary(UnaryOp op, double x) {
  switch (op) {
    case UnaryOp::negate:
      return -x;
    case UnaryOp::logicalNot:
      return static_cast<double>(x == 0.0);
  }
  throw std::logic_error("unknown unary operator");
}

bool isSquare(const Expr& e) {
  return e.kind == Expr::Kind::binary && e.binaryOp == BinaryOp::power &&
         e.operands[1].kind == Expr::Kind::constant && e.operands[1].value == 2.0;
}

double applyBinary(BinaryOp op, double a, double b) {
  using B = BinaryOp;
  switch (op) {
    case B::add:
      return a + b;
    case B::subtract:
      return a - b;
    case B::multiply:
      return a * b;
    case B::divide:
      return a / b;
    case B::floorDivide:
      return std::floor(a / b);
    case B::modulo:
      return a - std::floor(a / b) * b;  // Python's sign convention
    case B::power:
      return std::pow(a, b);
    case B::less:
      return a < b;
    case B::lessEqual:
      return a <= b;
    case B::greater:
      return a > b;
    case B::greaterEqual:
      return a >= b;
    case B::equal:
      return a == b;
    case B::notEqual:
      return a != b;
    case B::logicalAnd:
      return a != 0.0 && b != 0.0;
    case B::logicalOr:
      return a != 0.0 || b != 0.0;
  }
  throw std::logic_error("unknown binary operator");
}

}  // namespace lsm::ir
