#include "ir/functions.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lsm::ir {

const std::vector<Function>& functions() {
  using R = Function::Rule;
  static const std::vector<Function> table = {
      {"exp", 1, R::dimensionless, false},
      {"expm1", 1, R::dimensionless, false},
      {"log", 1, R::dimensionless, false},
      {"log10", 1, R::dimensionless, false},
      {"log1p", 1, R::dimensionless, false},
      {"sin", 1, R::dimensionless, false},
      {"cos", 1, R::dimensionless, false},
      {"tan", 1, R::dimensionless, false},
      {"sinh", 1, R::dimensionless, false},
      {"cosh", 1, R::dimensionless, false},
      {"tanh", 1, R::dimensionless, false},
      {"arcsin", 1, R::dimensionless, false},
      {"arccos", 1, R::dimensionless, false},
      {"arctan", 1, R::dimensionless, false},
      {"abs", 1, R::sameAsFirst, false},
      {"floor", 1, R::sameAsFirst, false},
      {"ceil", 1, R::sameAsFirst, false},
      {"clip", 3, R::allSame, false},
      {"min", 2, R::allSame, false},
      {"max", 2, R::allSame, false},
      {"phi1", 1, R::dimensionless, false},
      {"timestep", 2, R::timestep, false},
      {"sqrt", 1, R::sqrt, false},
      {"sign", 1, R::sign, false},
      {"int", 1, R::toInteger, false},
      {"uniform", 2, R::uniform, true},
      {"normal", 2, R::uniform, true},
      {"gamma", 2, R::gamma, true},
      {"exponential", 1, R::exponential, true},
      {"rand", 0, R::random, true},
      {"randn", 0, R::random, true},
      {"permutation", 1, R::permutation, true},
  };
  return table;
}

const Function* findFunction(std::string_view name) {
  for (const Function& f : functions()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

double evaluateFunction(const Function& function, const std::vector<double>& a) {
  const std::string& n = function.name;
  if (n == "exp") return std::exp(a[0]);
  if (n == "expm1") return std::expm1(a[0]);
  if (n == "log") return std::log(a[0]);
  if (n == "log10") return std::log10(a[0]);
  if (n == "log1p") return std::log1p(a[0]);
  if (n == "sin") return std::sin(a[0]);
  if (n == "cos") return std::cos(a[0]);
  if (n == "tan") return std::tan(a[0]);
  if (n == "sinh") return std::sinh(a[0]);
  if (n == "cosh") return std::cosh(a[0]);
  if (n == "tanh") return std::tanh(a[0]);
  if (n == "arcsin") return std::asin(a[0]);
  if (n == "arccos") return std::acos(a[0]);
  if (n == "arctan") return std::atan(a[0]);
  if (n == "abs") return std::fabs(a[0]);
  if (n == "floor") return std::floor(a[0]);
  if (n == "ceil") return std::ceil(a[0]);
  if (n == "clip") return std::min(std::max(a[0], a[1]), a[2]);
  if (n == "min") return std::min(a[0], a[1]);
  if (n == "max") return std::max(a[0], a[1]);
  if (n == "sqrt") return std::sqrt(a[0]);
  if (n == "sign") return static_cast<double>((a[0] > 0) - (a[0] < 0));
  if (n == "int") return std::trunc(a[0]);
  if (n == "phi1") return phi1(a[0]);
  // Brian2: int64((t + 1e-3*dt)/dt), so that durations of whole steps are not cut short.
  if (n == "timestep") return std::trunc((a[0] + 1e-3 * a[1]) / a[1]);
  throw std::logic_error("function '" + n + "' cannot be evaluated at compile time");
}

double phi1(double x) {
  // Below |x| = 1e-5 the series 1 + x/2 + x^2/6 is exact to rounding; above, expm1 is.
  if (std::fabs(x) < 1e-5) return 1.0 + x * (0.5 + x / 6.0);
  return std::expm1(x) / x;
}

double applyUnary(const std::string& op, double x) {
  return op == "-" ? -x : static_cast<double>(x == 0.0);
}

double applyBinary(const std::string& op, double a, double b) {
  if (op == "+") return a + b;
  if (op == "-") return a - b;
  if (op == "*") return a * b;
  if (op == "/") return a / b;
  if (op == "//") return std::floor(a / b);
  if (op == "%") return a - std::floor(a / b) * b;  // Python's sign convention
  if (op == "**") return std::pow(a, b);
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  if (op == ">=") return a >= b;
  if (op == "==") return a == b;
  if (op == "!=") return a != b;
  if (op == "and") return a != 0.0 && b != 0.0;
  if (op == "or") return a != 0.0 || b != 0.0;
  throw std::logic_error("unknown operator '" + op + "'");
}

}  // namespace lsm::ir
