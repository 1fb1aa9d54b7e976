#include "sema/unit_spec.hpp"

#include <fmt/format.h>

#include "diagnostics/suggest.hpp"

namespace lsm::sema {

std::optional<ir::ValueType> declaredType(const ast::Expr& e) {
  if (e.kind != ast::Expr::Kind::name) return std::nullopt;
  if (e.name == "boolean" || e.name == "bool") return ir::ValueType::boolean;
  if (e.name == "integer") return ir::ValueType::integer;
  return std::nullopt;
}

std::optional<std::pair<Dimension, ir::ValueType>> unitSpec(const ast::Expr& e,
                                                            DiagnosticEngine& diagnostics) {
  if (auto type = declaredType(e)) return std::pair{Dimension{}, *type};
  auto d = unitDimension(e, diagnostics);
  if (!d) return std::nullopt;
  return std::pair{*d, ir::ValueType::real};
}

std::optional<Dimension> unitDimension(const ast::Expr& e, DiagnosticEngine& diagnostics) {
  switch (e.kind) {
    case ast::Expr::Kind::number:
      if (e.number == 1.0) return Dimension{};
      diagnostics.error(e.location, "a unit is a unit name or 1, not a number");
      return std::nullopt;
    case ast::Expr::Kind::name: {
      auto unit = lookupUnit(e.name);
      if (!unit) {
        diagnostics.error(e.location, fmt::format("unknown unit '{}'{}", e.name,
                                                  didYouMean(e.name, baseUnitNames())));
        return std::nullopt;
      }
      return unit->dimension;
    }
    case ast::Expr::Kind::binary: {
      auto a = unitDimension(e.operands[0], diagnostics);
      if (e.binaryOp == BinaryOp::power) {
        const ast::Expr& p = e.operands[1];
        if (!a) return std::nullopt;
        // The grammar gives a signed number here.
        auto d = a->power(p.number);
        if (!d) {
          diagnostics.error(p.location,
                            fmt::format("this power of a unit has exponents that are no "
                                        "multiples of 1/{}",
                                        Dimension::denominator));
          return std::nullopt;
        }
        if (!d->isPlausible()) {
          diagnostics.error(p.location, "this power of a unit is not a plausible dimension");
          return std::nullopt;
        }
        return *d;
      }
      auto b = unitDimension(e.operands[1], diagnostics);
      if (!a || !b) return std::nullopt;
      return e.binaryOp == BinaryOp::multiply ? *a * *b : *a / *b;
    }
    case ast::Expr::Kind::boolean:
    case ast::Expr::Kind::call:
    case ast::Expr::Kind::unary:
    case ast::Expr::Kind::conditional:
      break;
  }
  diagnostics.error(e.location, "not a unit");
  return std::nullopt;
}

}  // namespace lsm::sema
