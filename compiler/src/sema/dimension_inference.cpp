#include "sema/dimension_inference.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ir/constant_folding.hpp"
#include "ir/functions.hpp"

namespace lsm::sema {

using ir::Expr;
using ir::ValueType;

bool isLiteralZero(const Expr& e) {
  return e.kind == Expr::Kind::constant && e.name.empty() && e.value == 0.0 &&
         e.dimension.isDimensionless();
}

bool compatible(const Expr& a, const Expr& b) {
  return a.dimension == b.dimension || isLiteralZero(a) || isLiteralZero(b);
}

namespace {

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
      case Expr::Kind::table:
        return table(e);
    }
    return true;
  }

  // A timed array's value: at a time, of an element (2-D); the dimension is its values',
  // set when it was bound.
  bool table(Expr& e) {
    for (const Expr& argument : e.operands) {
      if (!requireNumeric(e, argument, fmt::format("timed_array '{}'", e.name))) return false;
    }
    if (!(e.operands[0].dimension == Dimension::base(2))) {
      return fail(e.operands[0].location,
                  fmt::format("timed_array '{}' is called with a time (t), got {}", e.name,
                              e.operands[0].dimension.describe()));
    }
    if (e.operands.size() == 2 && !e.operands[1].dimension.isDimensionless()) {
      return fail(e.operands[1].location,
                  fmt::format("timed_array '{}' takes a dimensionless element index, got {}",
                              e.name, e.operands[1].dimension.describe()));
    }
    e.type = ValueType::real;
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
    if (classOf(op) == OperatorClass::logical) {
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
    switch (classOf(op)) {
      case OperatorClass::additive:
        if (!compatible(a, b)) return mismatch(e, a, b);
        e.dimension = isLiteralZero(a) ? b.dimension : a.dimension;
        e.type = numeric;
        return true;
      case OperatorClass::comparison:
        if (!compatible(a, b)) return mismatch(e, a, b);
        e.type = ValueType::boolean;
        e.dimension = {};
        return true;
      case OperatorClass::product:
        e.dimension = a.dimension * b.dimension;
        e.type = numeric;
        return true;
      case OperatorClass::quotient:
        e.dimension = a.dimension / b.dimension;
        e.type = ValueType::real;
        return true;
      case OperatorClass::floorQuotient:
        if (!compatible(a, b)) return mismatch(e, a, b);
        e.dimension = {};
        e.type = numeric;
        return true;
      case OperatorClass::power:
        return power(e, a, b);
      case OperatorClass::logical:
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
    if (!value) {
      return fail(exponent.location,
                  fmt::format("a quantity with dimension {} can only be raised to a constant "
                              "power",
                              base.dimension.describe()));
    }
    auto raised = base.dimension.power(*value);
    if (!raised) {
      return fail(exponent.location,
                  fmt::format("{} to the power {:g} has exponents that are no multiples of "
                              "1/{} (lsmc's dimensions have halves, thirds, quarters, ...)",
                              base.dimension.describe(), *value, Dimension::denominator));
    }
    e.dimension = *raised;
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

}  // namespace

bool inferDimensions(ir::Expr& expr, DiagnosticEngine& diagnostics, const LocalTypes* locals) {
  return Inference(diagnostics, locals).infer(expr);
}

}  // namespace lsm::sema
