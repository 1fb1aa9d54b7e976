#include "lsm/ir_evaluator.hpp"

#include <cmath>
#include <stdexcept>

#include "ir/functions.hpp"

namespace lsm::ir {

double evaluate(const Expr& e, const Environment& env) {
  switch (e.kind) {
    case Expr::Kind::constant:
      return e.value;
    case Expr::Kind::variable:
      if (!env.variable) throw std::logic_error("no variables here: " + e.name);
      return env.variable(e.name, e.scope);
    case Expr::Kind::special:
      if (!env.special) throw std::logic_error("no '" + e.name + "' here");
      return env.special(e.special);
    case Expr::Kind::call: {
      std::vector<double> arguments;
      arguments.reserve(e.operands.size());
      for (const Expr& operand : e.operands) arguments.push_back(evaluate(operand, env));
      if (isRandom(e.function)) {
        if (!env.random) {
          throw std::logic_error("no random numbers here: " + std::string(spelling(e.function)));
        }
        return env.random(e, arguments);
      }
      return evaluateFunction(e.function, arguments);
    }
    case Expr::Kind::unary:
      return applyUnary(e.unaryOp, evaluate(e.operands[0], env));
    case Expr::Kind::conditional:
      return evaluate(e.operands[1], env) != 0.0 ? evaluate(e.operands[0], env)
                                                 : evaluate(e.operands[2], env);
    case Expr::Kind::table:
      // Placement keeps timed arrays where t is: in the step plan, never here.
      throw std::logic_error("timed_array '" + e.name + "' outside the step");
    case Expr::Kind::binary:
      // `and`/`or` evaluate their right side only when needed, as in Python.
      if (e.binaryOp == BinaryOp::logicalAnd) {
        return evaluate(e.operands[0], env) != 0.0 && evaluate(e.operands[1], env) != 0.0;
      }
      if (e.binaryOp == BinaryOp::logicalOr) {
        return evaluate(e.operands[0], env) != 0.0 || evaluate(e.operands[1], env) != 0.0;
      }
      return applyBinary(e.binaryOp, evaluate(e.operands[0], env), evaluate(e.operands[1], env));
  }
  throw std::logic_error("unknown expression kind");
}

}  // namespace lsm::ir
