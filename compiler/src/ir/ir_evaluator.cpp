#include "lsm/ir_evaluator.hpp"

#include <cmath>
#include <deque>
#include <stdexcept>

#include "ir/functions.hpp"

namespace lsm::ir {

namespace {

// The argument lists of calls, one per nesting depth, kept per thread: an interpreted init
// or trial_init evaluates a call per element, and a fresh vector each time was an allocation
// per element. A deque, so that a deeper call's list does not move a shallower one's.
class ArgumentLists {
 public:
  // The list of the current depth, empty; the next call nests one deeper until `leave`.
  std::vector<double>& enter() {
    if (lists_.size() <= depth_) lists_.emplace_back();
    std::vector<double>& list = lists_[depth_++];
    list.clear();
    return list;
  }
  void leave() { --depth_; }

 private:
  std::deque<std::vector<double>> lists_;
  std::size_t depth_ = 0;
};

thread_local ArgumentLists argumentLists;

// Leaves the depth however the call's evaluation ends.
struct ArgumentScope {
  ArgumentScope() : list(argumentLists.enter()) {}
  ~ArgumentScope() { argumentLists.leave(); }
  ArgumentScope(const ArgumentScope&) = delete;
  ArgumentScope& operator=(const ArgumentScope&) = delete;
  std::vector<double>& list;
};

}  // namespace

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
      ArgumentScope scope;
      std::vector<double>& arguments = scope.list;
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
    case Expr::Kind::table: {
      // Placement keeps timed arrays where t is: the step, and monitors of subexpressions.
      if (!env.timedArray) throw std::logic_error("timed_array '" + e.name + "' read here");
      std::vector<double> arguments;
      for (const Expr& operand : e.operands) arguments.push_back(evaluate(operand, env));
      return env.timedArray(e, arguments);
    }
    case Expr::Kind::binary:
      // `and`/`or` evaluate their right side only when needed, as in Python.
      if (e.binaryOp == BinaryOp::logicalAnd) {
        return evaluate(e.operands[0], env) != 0.0 && evaluate(e.operands[1], env) != 0.0;
      }
      if (e.binaryOp == BinaryOp::logicalOr) {
        return evaluate(e.operands[0], env) != 0.0 || evaluate(e.operands[1], env) != 0.0;
      }
      if (isSquare(e)) {
        const double a = evaluate(e.operands[0], env);
        return a * a;
      }
      return applyBinary(e.binaryOp, evaluate(e.operands[0], env), evaluate(e.operands[1], env));
  }
  throw std::logic_error("unknown expression kind");
}

}  // namespace lsm::ir
