#include "sema/expression_binding.hpp"

#include <fmt/format.h>

#include <cmath>

#include "diagnostics/suggest.hpp"
#include "ir/functions.hpp"

namespace lsm::sema {

using ir::Expr;
using ir::ValueType;

std::optional<Expr> ExpressionBinder::bind(const ast::Expr& e, const ExpressionScope& scope) {
  auto out = resolve(e, scope);
  if (out) out->begin = e.begin.valid() ? e.begin : e.location;
  return out;
}

bool ExpressionBinder::operands(const ast::Expr& e, const ExpressionScope& scope, Expr& out) {
  bool ok = true;
  for (const auto& operand : e.operands) {
    auto bound = bind(operand, scope);
    if (!bound) {
      ok = false;
      continue;
    }
    out.operands.push_back(std::move(*bound));
  }
  return ok;
}

std::optional<Expr> ExpressionBinder::resolve(const ast::Expr& e, const ExpressionScope& scope) {
  switch (e.kind) {
    case ast::Expr::Kind::number:
      return number(e);
    case ast::Expr::Kind::boolean: {
      Expr out = Expr::makeConstant(e.boolean ? 1.0 : 0.0, {}, e.location);
      out.type = ValueType::boolean;
      out.name = e.boolean ? "True" : "False";
      return out;
    }
    case ast::Expr::Kind::name:
      return name(e, scope);
    case ast::Expr::Kind::call:
      return call(e, scope);
    case ast::Expr::Kind::unary:
    case ast::Expr::Kind::binary:
    case ast::Expr::Kind::conditional: {
      Expr out;
      out.kind = e.kind == ast::Expr::Kind::unary    ? Expr::Kind::unary
                 : e.kind == ast::Expr::Kind::binary ? Expr::Kind::binary
                                                     : Expr::Kind::conditional;
      out.location = e.location;
      out.unaryOp = e.unaryOp;
      out.binaryOp = e.binaryOp;
      if (!operands(e, scope, out)) return std::nullopt;
      return out;
    }
  }
  return std::nullopt;
}

std::optional<Expr> ExpressionBinder::number(const ast::Expr& e) {
  Expr out = Expr::makeConstant(e.number, {}, e.location);
  out.type = e.isIntegerLiteral && e.unit.empty() ? ValueType::integer : ValueType::real;
  if (e.unit.empty()) return out;
  auto unit = lookupUnit(e.unit);
  if (!unit) {
    diagnostics_.error(e.unitLocation, fmt::format("unknown unit '{}'{}", e.unit,
                                                   didYouMean(e.unit, baseUnitNames())));
    return std::nullopt;
  }
  auto dimension = unit->dimension.power(e.unitPower);
  if (!dimension || !dimension->isPlausible()) {
    diagnostics_.error(e.unitLocation,
                       fmt::format("{}**{:g} is not a dimension lsmc represents (exponents are "
                                   "multiples of 1/{}, at most 24)",
                                   e.unit, e.unitPower, Dimension::denominator));
    return std::nullopt;
  }
  out.value = e.number * std::pow(unit->value, e.unitPower);
  out.dimension = *dimension;
  out.type = ValueType::real;
  return out;
}

std::optional<Expr> ExpressionBinder::name(const ast::Expr& e, const ExpressionScope& scope) {
  const std::string& n = e.name;
  Symbol symbol = lookup(n, scope, model_);
  Expr out;
  out.location = e.location;
  switch (symbol.kind) {
    case Symbol::Kind::local:
      out.kind = Expr::Kind::variable;
      out.scope = ir::Scope::local;
      out.name = n;
      return out;
    case Symbol::Kind::variable:
      out.kind = Expr::Kind::variable;
      out.name = symbol.variable->name;
      out.scope = symbol.scope;
      out.dimension = symbol.variable->dimension;
      out.type = symbol.variable->type;
      return out;
    case Symbol::Kind::parameter:
    case Symbol::Kind::constant:
      out = Expr::makeConstant(symbol.value.value, symbol.value.dimension, e.location);
      out.name = n;
      return out;
    case Symbol::Kind::special:
      out.kind = Expr::Kind::special;
      out.special = symbol.special;
      if (symbol.special == ir::Special::xi) {
        out.name = n;
        out.type = ValueType::real;
        out.dimension = *Dimension::base(2).power(-0.5);
        return out;
      }
      out.type = symbol.special == ir::Special::t || symbol.special == ir::Special::dt
                     ? ValueType::real
                     : ValueType::integer;
      if (out.type == ValueType::real) out.dimension = Dimension::base(2);
      return out;
    case Symbol::Kind::poisoned:
      return std::nullopt;  // its definition failed and was reported
    case Symbol::Kind::unknown:
      break;
  }
  if (const SourceLocation* later = model_.announcedConstant(n)) {
    diagnostics_.error(e.location, fmt::format("constant '{}' is used before its definition "
                                               "(line {})",
                                               n, later->line));
    return std::nullopt;
  }
  if (isNoiseName(n)) {
    diagnostics_.error(e.location, fmt::format("white noise '{}' can only be used in "
                                               "differential equations, not in {}",
                                               n, scope.place));
    return std::nullopt;
  }
  diagnostics_.error(e.location, fmt::format("unknown name '{}' in {}{}", n, scope.place,
                                             didYouMean(n, visibleNames(scope, model_))));
  return std::nullopt;
}

std::optional<Expr> ExpressionBinder::call(const ast::Expr& e, const ExpressionScope& scope) {
  if (const auto* array = model_.timedArray(e.name)) return timedArray(e, *array, scope);
  // A timed array whose definition failed (and was reported).
  if (model_.isPoisoned(e.name) && ir::findFunction(e.name) == nullptr) return std::nullopt;
  const ir::Function* function = ir::findFunction(e.name);
  if (function == nullptr) {
    std::vector<std::string> names;
    for (const auto& f : ir::functions()) names.push_back(f.name);
    diagnostics_.error(e.location,
                       fmt::format("unknown function '{}'{}", e.name, didYouMean(e.name, names)));
    return std::nullopt;
  }
  for (std::size_t k = 0; k < e.argumentNames.size(); ++k) {
    if (e.argumentNames[k].empty()) continue;
    diagnostics_.error(
        e.operands[k].begin,
        fmt::format("'{}' takes no named arguments ('{} = ...')", e.name, e.argumentNames[k]));
    return std::nullopt;
  }
  if (static_cast<int>(e.operands.size()) != function->arity) {
    diagnostics_.error(e.location,
                       fmt::format("'{}' takes {} argument{}, got {}", e.name, function->arity,
                                   function->arity == 1 ? "" : "s", e.operands.size()));
    return std::nullopt;
  }
  Expr out;
  out.kind = Expr::Kind::call;
  out.location = e.location;
  out.function = function->id;
  if (!operands(e, scope, out)) return std::nullopt;
  return out;
}

// `rates(t)`, `rates(t, i)`: the timed array's value, of its values' dimension (unit checking
// checks the arguments: a time, and an integer index).
std::optional<Expr> ExpressionBinder::timedArray(const ast::Expr& e,
                                                 const ModelScope::TimedArrayShape& array,
                                                 const ExpressionScope& scope) {
  const std::size_t arity = array.columns > 0 ? 2 : 1;
  if (e.operands.size() != arity) {
    diagnostics_.error(
        e.location,
        fmt::format("timed_array '{}' is {}: call it as {}, got {} argument{}", e.name,
                    arity == 1 ? "1-D" : "2-D", arity == 1 ? e.name + "(t)" : e.name + "(t, i)",
                    e.operands.size(), e.operands.size() == 1 ? "" : "s"));
    return std::nullopt;
  }
  Expr out;
  out.kind = Expr::Kind::table;
  out.location = e.location;
  out.name = e.name;
  out.dimension = array.dimension;
  if (!operands(e, scope, out)) return std::nullopt;
  return out;
}

}  // namespace lsm::sema
