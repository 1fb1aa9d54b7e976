// The functions a model may call, with the rule that gives their result's dimension.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lsm/ir.hpp"

namespace lsm::ir {

struct Function {
  enum class Rule {
    dimensionless,  // exp, log, sin, ...: dimensionless argument(s), dimensionless result
    sameAsFirst,    // abs, floor, ceil: result has the argument's dimension
    allSame,        // clip, min, max: all arguments share a dimension, so does the result
    sqrt,           // halves the exponents
    sign,           // any argument, dimensionless result
    toInteger,      // int: dimensionless argument, integer result
    uniform,        // uniform(low, high), normal(mean, sd): same dimension
    gamma,          // gamma(shape, scale): dimensionless shape, result in scale's dimension
    exponential,    // exponential(scale)
    random,         // rand(), randn(): dimensionless
    permutation,    // permutation(i): the image of i under a random permutation of 0..N-1
    timestep,       // timestep(x, dt): whole steps in a duration, with Brian2's rounding
  };
  Builtin id;
  std::string name;  // as the model writes it
  int arity;
  Rule rule;
  bool isRandom;
  // Its value on plain numbers (SI); nullptr for the random ones, drawn by the runtime.
  double (*evaluate)(const double* arguments);
};

// The function a model calls by `name`, or nullptr.
const Function* findFunction(std::string_view name);
const Function& describe(Builtin function);
const std::vector<Function>& functions();

// Evaluates a deterministic function on plain numbers (SI).
double evaluateFunction(Builtin function, const std::vector<double>& arguments);

// The operators on plain numbers (booleans are 0 and 1); one definition for every evaluator.
double applyUnary(UnaryOp op, double x);
double applyBinary(BinaryOp op, double a, double b);

// Whether `e` is `a ** 2` with the literal 2, which every evaluator computes as a * a (its
// operand evaluated once): Brian2's generated code does, as GCC folds pow(x, 2.0) into x*x
// and numpy squares, while glibc's pow(x, 2.0) differs from x*x in the last bit for about
// one x in a thousand. Other exponents are pow's, as Brian2's are.
bool isSquare(const Expr& e);

// expm1(x)/x, continued by 1 at 0: the exact propagator of a linear ODE's constant input,
// accurate where the time constants coincide.
double phi1(double x);

}  // namespace lsm::ir
