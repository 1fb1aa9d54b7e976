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
      return env.special(e.name);
    case Expr::Kind::call: {
      std::vector<double> arguments;
      arguments.reserve(e.operands.size());
      for (const Expr& operand : e.operands) arguments.push_back(evaluate(operand, env));
      const Function* function = findFunction(e.name);
      if (function == nullptr) throw std::logic_error("unknown function " + e.name);
      if (function->isRandom) {
        if (!env.random) throw std::logic_error("no random numbers here: " + e.name);
        return env.random(e, arguments);
      }
      return evaluateFunction(*function, arguments);
    }
    case Expr::Kind::unary:
      return applyUnary(e.op, evaluate(e.operands[0], env));
    case Expr::Kind::conditional:
      return evaluate(e.operands[1], env) != 0.0 ? evaluate(e.operands[0], env)
                                                 : evaluate(e.operands[2], env);
    case Expr::Kind::binary:
      // `and`/`or` evaluate their right side only when needed, as in Python.
      if (e.op == "and") {
        return evaluate(e.operands[0], env) != 0.0 && evaluate(e.operands[1], env) != 0.0;
      }
      if (e.op == "or") {
        return evaluate(e.operands[0], env) != 0.0 || evaluate(e.operands[1], env) != 0.0;
      }
      return applyBinary(e.op, evaluate(e.operands[0], env), evaluate(e.operands[1], env));
  }
  throw std::logic_error("unknown expression kind");
}

}  // namespace lsm::ir
