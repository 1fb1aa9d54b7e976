#include "sema/constant_evaluation.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "diagnostics/suggest.hpp"
#include "ir/constant_folding.hpp"
#include "parser/parser.hpp"
#include "sema/dimension_inference.hpp"

namespace lsm::sema {

bool ConstantEvaluator::onlyConstants(const ir::Expr& e, const std::string& place) {
  if (e.kind == ir::Expr::Kind::special) {
    diagnostics_.error(e.location,
                       fmt::format("'{}' cannot be used in {}", ir::spelling(e.special), place));
    return false;
  }
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function)) {
    diagnostics_.error(e.location, fmt::format("random function '{}' cannot be used in {}; "
                                               "random draws belong in init, trial_init, "
                                               "connect and delay",
                                               ir::spelling(e.function), place));
    return false;
  }
  bool ok = true;
  for (const ir::Expr& operand : e.operands) ok = onlyConstants(operand, place) && ok;
  return ok;
}

std::optional<Quantity> ConstantEvaluator::evaluate(const ast::Expr& e, const std::string& place,
                                                    const std::string& what) {
  ExpressionScope scope;
  scope.place = place;
  auto bound = binder_.bind(e, scope);
  if (!bound || !onlyConstants(*bound, place) || !inferDimensions(*bound, diagnostics_)) {
    return std::nullopt;
  }
  auto value = ir::foldConstant(*bound);
  if (!value) {
    diagnostics_.error(e.location, fmt::format("{} must be a constant expression", what));
    return std::nullopt;
  }
  if (bound->type == ir::ValueType::boolean) {
    diagnostics_.error(e.location, fmt::format("{} must be a number, not a boolean", what));
    return std::nullopt;
  }
  return Quantity{*value, bound->dimension};
}

std::optional<std::int64_t> ConstantEvaluator::count(const ast::Expr& e, const std::string& what,
                                                     std::int64_t minimum) {
  auto value = evaluate(e, what, what);
  if (!value) return std::nullopt;
  if (!value->dimension.isDimensionless() || std::trunc(value->value) != value->value ||
      value->value < static_cast<double>(minimum) || value->value > 1e12) {
    diagnostics_.error(e.location, fmt::format("{} must be an integer of at least {}, got {}", what,
                                               minimum, formatQuantity(*value)));
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value->value);
}

std::optional<std::vector<ParsedOverride>> parseOverrides(
    const std::vector<ConstantOverride>& overrides, SourceManager& sources,
    DiagnosticEngine& diagnostics) {
  std::vector<ParsedOverride> parsed;
  bool ok = true;
  for (const ConstantOverride& o : overrides) {
    std::string name = fmt::format("--set {}", o.name);
    const std::string& text = sources.add(name, fmt::format("{} = {}", o.name, o.value));
    auto module = parseModule(name, text, diagnostics);
    if (!module || module->constants.size() != 1) {
      if (module) diagnostics.error({name, 1, 1}, "the value must be one expression");
      ok = false;
      continue;
    }
    parsed.push_back({o.name, module->constants[0].value});
  }
  if (!ok) return std::nullopt;
  return parsed;
}

void evaluateConstants(const ast::Module& module, const std::vector<ParsedOverride>& overrides,
                       ModelScope& scope, ir::Model& model, DiagnosticEngine& diagnostics) {
  scope.useConstants(model.constants);
  ConstantEvaluator evaluator(scope, diagnostics);
  for (const auto& c : module.constants) scope.announceConstant(c.name, c.location);
  std::set<std::string> used;
  for (const ast::Constant& c : module.constants) {
    if (!scope.declare(c.name, c.location, "constant")) continue;
    scope.poison(c.name);  // until it has a value
    const ParsedOverride* override = nullptr;
    for (const auto& o : overrides)
      if (o.name == c.name) override = &o;
    auto value = evaluator.evaluate(c.value, "a constant", fmt::format("constant '{}'", c.name));
    if (!value) continue;
    if (override != nullptr) {
      used.insert(c.name);
      // After a bad override the model's own value stands, so no error follows from it.
      auto replacement = evaluator.evaluate(override->value, "a constant",
                                            fmt::format("the value of --set {}", c.name));
      if (replacement && !(replacement->dimension == value->dimension)) {
        diagnostics.error(
            override->value.location,
            fmt::format("the model gives {} dimension {}, the new value has {}", c.name,
                        value->dimension.describe(), replacement->dimension.describe()));
      } else if (replacement) {
        value = replacement;
      }
    }
    if (!std::isfinite(value->value)) {
      diagnostics.error(
          c.value.begin.valid() ? c.value.begin : c.value.location,
          fmt::format("constant '{}' is not a finite number ({})", c.name, value->value));
      continue;
    }
    scope.cure(c.name);
    model.constants.push_back({c.name, c.location, *value, override != nullptr});
  }
  for (const auto& o : overrides) {
    if (used.count(o.name) > 0 || scope.constant(o.name) != nullptr) continue;
    diagnostics.error(SourceLocation{"--set", 0, 0},
                      fmt::format("--set {}: the model has no constant of that name{}", o.name,
                                  didYouMean(o.name, scope.constantNames())));
  }
}

}  // namespace lsm::sema
