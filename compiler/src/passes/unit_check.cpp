#include "passes/unit_check.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ir/constant_folding.hpp"
#include "ir/functions.hpp"

namespace lsm {

namespace {

using ir::Expr;
using ir::ValueType;

// A literal 0 fits every dimension (`D <= 0` compares a duration), as in Brian2.
bool isLiteralZero(const Expr& e) {
  return e.kind == Expr::Kind::constant && e.name.empty() && e.value == 0.0 &&
         e.dimension.isDimensionless();
}

bool compatible(const Expr& a, const Expr& b) {
  return a.dimension == b.dimension || isLiteralZero(a) || isLiteralZero(b);
}

class Inference {
 public:
  Inference(DiagnosticEngine& diagnostics, const LocalTypes* locals)
      : diagnostics_(diagnostics), locals_(locals) {}

  bool infer(Expr& e) {
    bool ok = true;
    for (Expr& operand : e.operands) ok = infer(operand) && ok;
    if (!ok) return false;
    switch (e.kind) {
      case Expr::Kind::constant:
      case Expr::Kind::special:
        return true;
      case Expr::Kind::variable:
        return variable(e);
      case Expr::Kind::call:
        return call(e);
      case Expr::Kind::unary:
        return unary(e);
      case Expr::Kind::binary:
        return binary(e);
      case Expr::Kind::conditional:
        return conditional(e);
    }
    return true;
  }

 private:
  bool fail(const SourceLocation& where, std::string message) {
    diagnostics_.error(where, std::move(message));
    return false;
  }

  bool requireNumeric(const Expr& e, const Expr& operand, const std::string& what) {
    if (operand.type != ValueType::boolean) return true;
    return fail(operand.location, fmt::format("{} needs a number, not a boolean", what));
  }

  bool requireBoolean(const Expr& operand, const std::string& what) {
    if (operand.type == ValueType::boolean) return true;
    return fail(operand.location, fmt::format("'{}' needs a boolean operand, got a number", what));
  }

  bool variable(Expr& e) {
    if (e.scope != ir::Scope::local) return true;
    if (locals_ != nullptr) {
      if (auto found = locals_->find(e.name); found != locals_->end()) {
        e.dimension = found->second.first;
        e.type = found->second.second;
        return true;
      }
    }
    return fail(e.location, fmt::format("local '{}' is used before it has a value", e.name));
  }

  bool unary(Expr& e) {
    Expr& x = e.operands[0];
    if (e.unaryOp == UnaryOp::logicalNot) {
      if (!requireBoolean(x, "not")) return false;
      e.type = ValueType::boolean;
      e.dimension = {};
      return true;
    }
    if (!requireNumeric(e, x, "negation")) return false;
    e.dimension = x.dimension;
    e.type = x.type;
    return true;
  }

  bool binary(Expr& e) {
    Expr& a = e.operands[0];
    Expr& b = e.operands[1];
    const BinaryOp op = e.binaryOp;
    if (op == BinaryOp::logicalAnd || op == BinaryOp::logicalOr) {
      std::string word(spelling(op));
      if (!requireBoolean(a, word) || !requireBoolean(b, word)) return false;
      e.type = ValueType::boolean;
      e.dimension = {};
      return true;
    }
    std::string what = fmt::format("'{}'", spelling(op));
    if (!requireNumeric(e, a, what) || !requireNumeric(e, b, what)) return false;
    ValueType numeric = a.type == ValueType::integer && b.type == ValueType::integer
                            ? ValueType::integer
                            : ValueType::real;
    switch (op) {
      case BinaryOp::add:
      case BinaryOp::subtract:
      case BinaryOp::modulo:
        if (!compatible(a, b)) return mismatch(e, a, b);
        e.dimension = isLiteralZero(a) ? b.dimension : a.dimension;
        e.type = numeric;
        return true;
      case BinaryOp::less:
      case BinaryOp::lessEqual:
      case BinaryOp::greater:
      case BinaryOp::greaterEqual:
      case BinaryOp::equal:
      case BinaryOp::notEqual:
        if (!compatible(a, b)) return mismatch(e, a, b);
        e.type = ValueType::boolean;
        e.dimension = {};
        return true;
      case BinaryOp::multiply:
        e.dimension = a.dimension * b.dimension;
        e.type = numeric;
        return true;
      case BinaryOp::divide:
        e.dimension = a.dimension / b.dimension;
        e.type = ValueType::real;
        return true;
      case BinaryOp::floorDivide:
        if (!compatible(a, b)) return mismatch(e, a, b);
        e.dimension = {};
        e.type = numeric;
        return true;
      case BinaryOp::power:
        return power(e, a, b);
      case BinaryOp::logicalAnd:
      case BinaryOp::logicalOr:
        break;  // handled above
    }
    return true;
  }

  bool mismatch(const Expr& e, const Expr& a, const Expr& b) {
    return fail(e.location,
                fmt::format("dimension mismatch in '{}': {} and {}", spelling(e.binaryOp),
                            a.dimension.describe(), b.dimension.describe()));
  }

  bool power(Expr& e, const Expr& base, const Expr& exponent) {
    if (!exponent.dimension.isDimensionless()) {
      return fail(exponent.location, fmt::format("the exponent must be dimensionless, not {}",
                                                 exponent.dimension.describe()));
    }
    e.type = ValueType::real;
    if (base.dimension.isDimensionless()) {
      e.dimension = {};
      return true;
    }
    auto value = ir::foldConstant(exponent);
    if (!value || std::trunc(*value) != *value) {
      return fail(exponent.location,
                  fmt::format("a quantity with dimension {} can only be raised to a constant "
                              "integer power",
                              base.dimension.describe()));
    }
    e.dimension = base.dimension.power(static_cast<int>(*value));
    if (!e.dimension.isPlausible()) {
      return fail(exponent.location, fmt::format("{} to the power {} is not a plausible "
                                                 "dimension",
                                                 base.dimension.describe(), *value));
    }
    return true;
  }

  bool conditional(Expr& e) {
    Expr& value = e.operands[0];
    Expr& test = e.operands[1];
    Expr& otherwise = e.operands[2];
    if (!requireBoolean(test, "if")) return false;
    if (value.type == ValueType::boolean && otherwise.type == ValueType::boolean) {
      e.type = ValueType::boolean;
      return true;
    }
    if (value.type == ValueType::boolean || otherwise.type == ValueType::boolean) {
      return fail(e.location, "both branches of a conditional must be numbers or booleans");
    }
    if (!compatible(value, otherwise)) {
      return fail(e.location,
                  fmt::format("the branches of a conditional differ in dimension: "
                              "{} and {}",
                              value.dimension.describe(), otherwise.dimension.describe()));
    }
    e.dimension = isLiteralZero(value) ? otherwise.dimension : value.dimension;
    e.type = value.type == otherwise.type ? value.type : ValueType::real;
    return true;
  }

  bool call(Expr& e) {
    const ir::Function* function = &ir::describe(e.function);
    const std::string& name = function->name;
    for (const Expr& argument : e.operands) {
      if (!requireNumeric(e, argument, fmt::format("'{}'", name))) return false;
    }
    auto& args = e.operands;
    auto dimensionless = [&](const Expr& argument) {
      if (argument.dimension.isDimensionless()) return true;
      return fail(argument.location, fmt::format("'{}' needs a dimensionless argument, got {}",
                                                 name, argument.dimension.describe()));
    };
    e.type = ValueType::real;
    e.dimension = {};
    using R = ir::Function::Rule;
    switch (function->rule) {
      case R::dimensionless:
      case R::random:
        for (const Expr& argument : args)
          if (!dimensionless(argument)) return false;
        return true;
      case R::toInteger:
      case R::permutation:
        if (!dimensionless(args[0])) return false;
        e.type = ValueType::integer;
        return true;
      case R::sign:
        return true;
      case R::sameAsFirst:
        e.dimension = args[0].dimension;
        e.type = args[0].type;
        return true;
      case R::allSame:
      case R::uniform:
        for (std::size_t k = 1; k < args.size(); ++k) {
          if (!compatible(args[0], args[k])) {
            return fail(args[k].location,
                        fmt::format("the arguments of '{}' differ in dimension: {} and {}", name,
                                    args[0].dimension.describe(), args[k].dimension.describe()));
          }
        }
        e.dimension = args[0].dimension;
        for (const Expr& argument : args)
          if (!isLiteralZero(argument)) e.dimension = argument.dimension;
        return true;
      case R::sqrt: {
        auto root = args[0].dimension.root(2);
        if (!root) {
          return fail(args[0].location, fmt::format("the square root of {} is not a dimension",
                                                    args[0].dimension.describe()));
        }
        e.dimension = *root;
        return true;
      }
      case R::gamma:
        if (!dimensionless(args[0])) return false;
        e.dimension = args[1].dimension;
        return true;
      case R::exponential:
        e.dimension = args[0].dimension;
        return true;
      case R::timestep:
        if (!compatible(args[0], args[1])) {
          return fail(args[1].location,
                      fmt::format("the arguments of 'timestep' differ in "
                                  "dimension: {} and {}",
                                  args[0].dimension.describe(), args[1].dimension.describe()));
        }
        e.type = ValueType::integer;
        return true;
    }
    return true;
  }

  DiagnosticEngine& diagnostics_;
  const LocalTypes* locals_;
};

// Checks the places of a model against the dimension and type they need.
class ModelChecker {
 public:
  explicit ModelChecker(DiagnosticEngine& diagnostics) : diagnostics_(diagnostics) {}

  void run(ir::Model& model) {
    for (ir::NeuronGroup& group : model.groups) checkGroup(group);
    for (ir::Subgroup& subgroup : model.subgroups) {
      std::string where = fmt::format("the initialisation of subgroup '{}'", subgroup.name);
      statements(subgroup.init, where);
      statements(subgroup.trialInit, where);
    }
    for (ir::Synapses& synapses : model.synapses) checkSynapses(synapses);
  }

 private:
  bool infer(Expr& e, const LocalTypes* locals = nullptr) {
    return inferDimensions(e, diagnostics_, locals);
  }

  void expectDimension(Expr& e, const Dimension& expected, const std::string& where) {
    if (!infer(e)) return;
    if (e.type == ValueType::boolean) {
      diagnostics_.error(e.location, fmt::format("{} must be a number, not a boolean", where));
    } else if (!(e.dimension == expected) && !isLiteralZero(e)) {
      diagnostics_.error(e.begin, fmt::format("{} {}, expected {}", where, e.dimension.phrase(),
                                              expected.describe()));
    }
  }

  void expectNotNegative(const Expr& e, const std::string& what) {
    auto value = ir::foldConstant(e);
    if (value && *value < 0) {
      diagnostics_.error(e.begin, fmt::format("{} must not be negative", what));
    }
  }

  void expectBoolean(Expr& e, const std::string& where) {
    if (!infer(e)) return;
    if (e.type != ValueType::boolean) {
      diagnostics_.error(e.begin, fmt::format("{} must be a condition (boolean), got a "
                                              "quantity with dimension {}",
                                              where, e.dimension.describe()));
    }
  }

  void equations(std::vector<ir::Equation>& eqs, const std::vector<ir::Variable>& variables) {
    for (ir::Equation& eq : eqs) {
      const ir::Variable* variable = nullptr;
      for (const auto& v : variables)
        if (v.name == eq.variable) variable = &v;
      if (variable == nullptr) continue;
      if (!infer(eq.rhs)) continue;
      Dimension expected = eq.kind == ir::Equation::Kind::differential
                               ? variable->dimension / Dimension::base(2)
                               : variable->dimension;
      std::string what = eq.kind == ir::Equation::Kind::differential
                             ? fmt::format("d{}/dt", eq.variable)
                             : eq.variable;
      if (eq.rhs.type == ValueType::boolean && variable->type != ValueType::boolean) {
        diagnostics_.error(eq.rhs.begin,
                           fmt::format("the equation for '{}' gives a boolean", what));
      } else if (eq.rhs.type != ValueType::boolean && variable->type == ValueType::boolean) {
        diagnostics_.error(eq.rhs.begin,
                           fmt::format("'{}' is boolean, its expression gives a number", what));
      } else if (!(eq.rhs.dimension == expected) && !isLiteralZero(eq.rhs)) {
        diagnostics_.error(eq.rhs.begin,
                           fmt::format("dimension mismatch in the equation for '{}': the "
                                       "right-hand side {}, expected {}",
                                       what, eq.rhs.dimension.phrase(), expected.describe()));
      }
    }
  }

  void statements(std::vector<ir::Statement>& list, const std::string& where) {
    LocalTypes locals;
    for (ir::Statement& s : list) {
      if (s.condition && infer(*s.condition, &locals) && s.condition->type != ValueType::boolean) {
        diagnostics_.error(s.condition->location,
                           fmt::format("the condition of an assignment must be boolean, got a "
                                       "quantity with dimension {}",
                                       s.condition->dimension.describe()));
      }
      if (!infer(s.value, &locals)) continue;
      if (s.kind == ir::Statement::Kind::let) {
        s.targetDimension = s.value.dimension;
        s.targetType = s.value.type;
        locals[s.target] = {s.value.dimension, s.value.type};
        continue;
      }
      if (s.kind == ir::Statement::Kind::expression) {
        diagnostics_.error(s.location,
                           fmt::format("a statement in {} must assign a variable", where));
        continue;
      }
      const Expr& v = s.value;
      if (s.targetType == ValueType::boolean) {
        if (v.type != ValueType::boolean) {
          diagnostics_.error(v.location, fmt::format("'{}' is boolean, the value assigned in {} "
                                                     "is a number",
                                                     s.target, where));
        }
        continue;
      }
      if (v.type == ValueType::boolean) {
        diagnostics_.error(v.location, fmt::format("'{}' is a number, the value assigned in {} "
                                                   "is a boolean",
                                                   s.target, where));
        continue;
      }
      if (s.targetType == ValueType::integer && v.type == ValueType::real) {
        diagnostics_.error(v.begin, fmt::format("'{}' is an integer, the value in {} is real "
                                                "(convert it with int(...))",
                                                s.target, where));
        continue;
      }
      Dimension expected = s.targetDimension;
      if (s.op == AssignOp::multiply || s.op == AssignOp::divide) {
        if (!v.dimension.isDimensionless()) {
          diagnostics_.error(v.location,
                             fmt::format("'{}' scales '{}' and must be dimensionless, "
                                         "got {}",
                                         spelling(s.op), s.target, v.dimension.describe()));
        }
        continue;
      }
      if (!(v.dimension == expected) && !isLiteralZero(v)) {
        diagnostics_.error(
            v.begin, fmt::format("dimension mismatch in {}: '{}' {}, the value {}", where, s.target,
                                 expected.phrase(), v.dimension.phrase()));
      }
    }
  }

  void checkGroup(ir::NeuronGroup& group) {
    equations(group.equations, group.variables);
    if (group.threshold) {
      expectBoolean(*group.threshold, fmt::format("the threshold of group '{}'", group.name));
    }
    std::string owner = fmt::format(" of group '{}'", group.name);
    statements(group.reset, "the reset" + owner);
    if (group.refractory && infer(*group.refractory) &&
        group.refractory->type != ValueType::boolean) {
      if (!(group.refractory->dimension == Dimension::base(2))) {
        diagnostics_.error(group.refractory->begin,
                           fmt::format("the refractory period must be a duration (second) or a "
                                       "condition, got {}",
                                       group.refractory->dimension.describe()));
      } else {
        expectNotNegative(*group.refractory, "the refractory period");
      }
    }
    statements(group.init, "the initialisation" + owner);
    statements(group.trialInit, "the initialisation" + owner);
  }

  void checkSynapses(ir::Synapses& synapses) {
    equations(synapses.equations, synapses.variables);
    for (ir::SummedVariable& summed : synapses.summed) {
      if (!infer(summed.rhs)) continue;
      if (!(summed.rhs.dimension == summed.dimension) && !isLiteralZero(summed.rhs)) {
        diagnostics_.error(
            summed.rhs.begin,
            fmt::format("dimension mismatch in summed variable '{}': the "
                        "right-hand side {}, expected {}",
                        summed.target, summed.rhs.dimension.phrase(), summed.dimension.describe()));
      }
    }
    std::string owner = fmt::format(" of synapses '{}'", synapses.name);
    statements(synapses.onPre, "on_pre" + owner);
    statements(synapses.onPost, "on_post" + owner);
    if (synapses.connect.condition) {
      expectBoolean(*synapses.connect.condition, "the connection condition" + owner);
    }
    if (synapses.connect.probability) {
      expectDimension(*synapses.connect.probability, {}, "the connection probability" + owner);
    }
    if (synapses.delay) {
      expectDimension(*synapses.delay, Dimension::base(2), "the delay" + owner);
      expectNotNegative(*synapses.delay, "the delay");
    }
    statements(synapses.init, "the initialisation" + owner);
    statements(synapses.trialInit, "the initialisation" + owner);
  }

  DiagnosticEngine& diagnostics_;
};

}  // namespace

bool inferDimensions(ir::Expr& expr, DiagnosticEngine& diagnostics, const LocalTypes* locals) {
  return Inference(diagnostics, locals).infer(expr);
}

void checkUnits(ir::Model& model, DiagnosticEngine& diagnostics) {
  ModelChecker(diagnostics).run(model);
}

}  // namespace lsm
